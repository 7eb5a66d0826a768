//! Sign-in in a popup with `response_mode=web_message`.
//!
//! The window is opened by the caller, synchronously inside the user's click (see `bindings`), then
//! navigated here. The flow ends with the first of: the genuine answer, the popup closed, the timeout,
//! the AbortSignal, or a newer `loginWithPopup` taking over the same named window. Every listener and
//! timer is dropped when it ends, and the popup is closed unless a newer flow now owns it.

use super::client::Client;
use super::exchange::complete;
use super::first::First;
use super::web_message::{deadline, listen, End};
use crate::core::authorize::{authorize_url, LoginOptions, Mode};
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::token::Session;
use crate::web::{clock, crypto, events::Listener, popup, timers::Timer};
use std::cell::Cell;
use web_sys::{AbortSignal, Window};

/// How often the popup is checked for being closed.
const CLOSED_POLL_MS: f64 = 250.0;
/// A popup that closes this soon after reaching the provider was cut off, not closed by its user.
const SEVERED_WITHIN_MS: f64 = 2_000.0;

pub async fn login_with_popup(
    client: &Client,
    opts: LoginOptions,
    win: Window,
    signal: Option<AbortSignal>,
) -> Result<Session> {
    let end = First::new();
    if let Some(previous) = client.popup_flow.replace(Some(end.clone())) {
        previous.send(End::Superseded);
    }
    let result = run(client, opts, &win, signal, &end).await;
    let newer = client.popup_flow.take().filter(|current| !current.is(&end));
    client.popup_flow.replace(newer);
    result
}

async fn run(
    client: &Client,
    mut opts: LoginOptions,
    win: &Window,
    signal: Option<AbortSignal>,
    end: &First<End>,
) -> Result<Session> {
    if signal.as_ref().is_some_and(AbortSignal::aborted) || opts.check().is_err() {
        popup::close(win);
        opts.check()?;
        return Err(aborted("The sign-in was aborted before it started."));
    }
    let c = &client.config;
    let tx = opts.begin(c, &crypto::random()?, clock::now_ms());
    let started = clock::now_ms();
    popup::navigate(win, &authorize_url(&c.endpoint("/auth"), &opts.params(c, &tx, Mode::Popup)));

    let _message = listen(client, &tx.state, win.clone(), end);
    let _deadline = deadline(c.popup.timeout_ms, end);
    let _closed = watch_closed(win, end);
    let _abort = signal.map(|s| {
        let end = end.clone();
        Listener::new(&s, "abort", move |_| end.send(End::Aborted))
    });

    match end.clone().await {
        End::Answer(callback) => {
            popup::close(win);
            complete(client, callback, &tx).await
        }
        End::Closed if clock::now_ms() - started < SEVERED_WITHIN_MS => Err(Error::new(
            ErrorCode::PopupClosed,
            "The login popup lost its link to this page right after opening: the login page probably sends a Cross-Origin-Opener-Policy header, which popups cannot work with. Use loginWithRedirect.",
        )),
        End::Closed => Err(Error::new(ErrorCode::PopupClosed, "The login popup was closed before the sign-in finished.")),
        End::Timeout => {
            popup::close(win);
            Err(Error::new(ErrorCode::Timeout, "The sign-in in the popup took longer than popup.timeoutMs."))
        }
        End::Aborted => {
            popup::close(win);
            Err(aborted("The sign-in was aborted."))
        }
        End::Superseded => Err(aborted("A newer loginWithPopup call took over this sign-in's popup.")),
    }
}

/// Reports `Closed` one poll after the popup is first seen closed, so that an answer posted just
/// before the provider's page closed itself is handled first.
fn watch_closed(win: &Window, end: &First<End>) -> Timer {
    let (win, end, seen) = (win.clone(), end.clone(), Cell::new(false));
    Timer::every(CLOSED_POLL_MS, move || {
        if seen.get() {
            end.send(End::Closed);
        }
        seen.set(popup::is_closed(&win));
    })
}

fn aborted(message: &str) -> Error {
    Error::new(ErrorCode::Aborted, message)
}
