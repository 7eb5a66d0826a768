//! Silent sign-in: `prompt=none` in a hidden iframe, answered by web_message. Concurrent callers in
//! a tab share one iframe; the iframe is removed after every outcome.

use super::client::Client;
use super::exchange::complete;
use super::first::First;
use super::web_message::{deadline, listen, End};
use crate::core::authorize::{authorize_url, LoginOptions, Mode};
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::token::Session;
use crate::web::{clock, crypto, iframe::HiddenFrame};

pub async fn sign_in(client: &Client) -> Result<Session> {
    client.silent.run(|| once(client)).await
}

async fn once(client: &Client) -> Result<Session> {
    let c = &client.config;
    let mut opts = LoginOptions::default();
    let tx = opts.begin(c, &crypto::random()?, clock::now_ms());
    let frame = HiddenFrame::open(&authorize_url(&c.endpoint("/auth"), &opts.params(c, &tx, Mode::Silent)))?;
    let end = First::new();
    let flow_window =
        frame.window().ok_or_else(|| Error::new(ErrorCode::ConfigError, "The silent sign-in iframe has no window."))?;
    let _message = listen(client, &tx.state, flow_window, &end);
    let _deadline = deadline(c.silent_timeout_ms, &end);
    let outcome = end.await;
    drop(frame);
    match outcome {
        End::Answer(callback) => complete(client, callback, &tx).await,
        _ => Err(Error::new(
            ErrorCode::Timeout,
            "Silent sign-in got no answer within silentTimeoutMs: the provider may be unreachable or slow.",
        )),
    }
}
