//! Sign-in by full-page redirect: leave with a transaction, come back with a code.

use super::client::Client;
use super::exchange::complete;
use crate::core::authorize::{authorize_url, LoginOptions, Mode};
use crate::core::callback::{strip, Callback};
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::token::Session;
use crate::web::{clock, crypto, location};

pub fn login_with_redirect(client: &Client, mut opts: LoginOptions) -> Result<()> {
    opts.check()?;
    let c = &client.config;
    let tx = opts.begin(c, &crypto::random()?, clock::now_ms());
    client.transactions.save(&tx)?;
    location::assign(&authorize_url(&c.endpoint("/auth"), &opts.params(c, &tx, Mode::Redirect)));
    Ok(())
}

/// A URL with a code or error and a `state` that one of this client's pending sign-ins issued.
pub fn is_redirect_callback(client: &Client, url: &str) -> bool {
    Callback::from_url(url).is_some_and(|cb| client.transactions.find(&cb.state).is_some())
}

/// Finishes the sign-in; resolves the session and the `appState` JSON text the login started with.
pub async fn handle_redirect_callback(client: &Client, url: &str) -> Result<(Session, Option<String>)> {
    let Some(callback) = Callback::from_url(url) else {
        return Err(Error::new(
            ErrorCode::InvalidCallback,
            "This URL is not a sign-in callback: it has no `state` with a `code` or an `error`.",
        ));
    };
    // The code leaves the address bar (and so history, bookmarks and referrers) before anything else.
    let here = location::href();
    if Callback::from_url(&here).is_some_and(|cb| cb.state == callback.state) {
        location::replace_in_place(&strip(&here));
    }
    let Some(tx) = client.transactions.find(&callback.state) else {
        return Err(Error::new(
            ErrorCode::StateMismatch,
            "No sign-in started in this browser matches this callback's state (it expired, or was never started here): sign in again.",
        ));
    };
    let session = complete(client, callback, &tx).await?;
    Ok((session, tx.app_state))
}
