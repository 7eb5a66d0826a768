//! The flows that wait on another window's `web_message` answer: sign-in in a popup, and silent
//! sign-in in a hidden iframe (`prompt=none`). Only the genuine answer counts (the provider's
//! origin, the flow's own window, its `state`); everything else is ignored while the flow goes on.
//!
//! A popup flow ends with the first of: the answer, the popup closed, its timeout, the app's
//! AbortSignal, or a newer `loginWithPopup` taking over the same window. Every timer and watch it
//! took is released when it ends, and the popup is closed unless a newer flow now owns it.

use super::sign_in::Purpose;
use super::{Effect, Engine, Id, Step, Timer};
use crate::core::authorize::{authorize_url, LoginOptions, Mode};
use crate::core::error::{Error, ErrorCode, Message};
use crate::core::transaction::Transaction;
use crate::core::value::Value;
use crate::core::web_message::{accept, Expected, Ignored};
use crate::prelude::*;

/// How long after the popup is first seen closed it counts as closed: an answer posted just before
/// the provider's page closed itself is handled first.
const CLOSED_GRACE_MS: f64 = 250.0;
/// A popup that closes this soon after reaching the provider was cut off, not closed by its user.
const SEVERED_WITHIN_MS: f64 = 2_000.0;

pub struct PopupFlow {
    id: Id,
    window: Id,
    tx: Transaction,
    /// Until the PKCE challenge is known and the popup navigated.
    opts: Option<LoginOptions>,
    started: f64,
    timeout: Id,
    closed: Option<Id>,
}

pub struct SilentFlow {
    frame: Id,
    tx: Transaction,
    timeout: Id,
    /// The iframe's page loaded: a page that loads without answering is an error page.
    loaded: bool,
}

/// A sign-in waiting for the SHA-256 of its PKCE verifier before it leaves for the provider. (The
/// redirect's options are the large variant; it is moved once.)
#[allow(clippy::large_enum_variant)]
pub enum Digesting {
    Redirect {
        id: Id,
        opts: LoginOptions,
        tx: Transaction,
    },
    Popup {
        id: Id,
    },
    /// The silent flow of this iframe (an older flow's late digest must not touch a newer one).
    Silent {
        frame: Id,
    },
}

enum End {
    Answer(crate::core::callback::Callback),
    Failed(Error),
    Closed,
    Timeout,
    Aborted,
    Superseded,
}

impl Engine {
    pub(super) fn login_with_popup(&mut self, id: Id, mut opts: LoginOptions, window: Id, aborted: bool) {
        if self.popup.is_some() {
            self.end_popup(End::Superseded);
        }
        let started =
            opts.check().and_then(|_| if aborted { Err(aborted_error(Message::AbortedBeforeStart)) } else { Ok(()) });
        let random = started.and_then(|_| self.take_random());
        let random = match random {
            Ok(r) => r,
            Err(e) => {
                self.io.emit(Effect::CloseWindow { window });
                return self.reject(id, e);
            }
        };
        let tx = opts.begin(&self.config, &random, self.now);
        self.io.emit(Effect::WatchWindow { window });
        let timeout = self.io.set_timer(Timer::PopupTimeout, self.config.popup.timeout_ms);
        let verifier = tx.verifier.clone();
        self.popup = Some(PopupFlow { id, window, tx, opts: Some(opts), started: self.now, timeout, closed: None });
        self.digest(verifier, Digesting::Popup { id });
    }

    pub(super) fn digest(&mut self, verifier: String, then: Digesting) {
        let req = self.io.wait(super::Wait::Digest(then));
        self.io.emit(Effect::Digest { req, data: verifier });
    }

    /// The PKCE challenge is known: the sign-in leaves for the provider.
    pub(super) fn digested(&mut self, then: Digesting, digest: &[u8]) {
        let challenge = match digest.len() {
            32 => crate::core::pkce::challenge(digest),
            _ => {
                let e = Error::new(ErrorCode::ConfigError, Message::NoWebCrypto);
                return match then {
                    Digesting::Redirect { id, .. } => self.reject(id, e),
                    Digesting::Popup { id } if self.popup.as_ref().is_some_and(|p| p.id == id) => {
                        self.end_popup(End::Failed(e))
                    }
                    Digesting::Silent { frame } if self.silent.as_ref().is_some_and(|s| s.frame == frame) => {
                        if let Some(s) = self.silent.take() {
                            self.io.clear_timer(s.timeout);
                        }
                        self.renewal_done(Err(e))
                    }
                    _ => {}
                };
            }
        };
        let auth = self.config.endpoint("/auth");
        match then {
            Digesting::Redirect { id, opts, tx } => {
                let url = authorize_url(&auth, &opts.params(&self.config, &tx, Mode::Redirect, challenge));
                self.store_transaction(id, &tx, url);
            }
            Digesting::Popup { id } => {
                let Some(p) = self.popup.as_mut().filter(|p| p.id == id) else { return };
                let Some(opts) = p.opts.take() else { return };
                let window = p.window;
                let url = authorize_url(&auth, &opts.params(&self.config, &p.tx, Mode::Popup, challenge));
                self.io.emit(Effect::NavigateWindow { window, url });
            }
            Digesting::Silent { frame } => {
                let Some(s) = self.silent.as_ref().filter(|s| s.frame == frame) else { return };
                let url =
                    authorize_url(&auth, &LoginOptions::default().params(&self.config, &s.tx, Mode::Silent, challenge));
                self.io.emit(Effect::OpenFrame { window: s.frame, url });
            }
        }
    }

    pub(super) fn popup_aborted(&mut self, id: Id) {
        if self.popup.as_ref().is_some_and(|p| p.id == id) {
            self.end_popup(End::Aborted);
        }
    }

    pub(super) fn popup_timed_out(&mut self) {
        self.end_popup(End::Timeout);
    }

    pub(super) fn popup_closed(&mut self) {
        self.end_popup(End::Closed);
    }

    pub(super) fn window_closed(&mut self, window: Id) {
        let seen = self.popup.as_ref().is_some_and(|p| p.window == window && p.closed.is_none());
        if seen {
            let grace = self.io.set_timer(Timer::PopupClosed, CLOSED_GRACE_MS);
            if let Some(p) = self.popup.as_mut() {
                p.closed = Some(grace);
            }
        }
    }

    /// A `message` event: the answer of the popup or silent flow it genuinely comes from, or nothing.
    pub(super) fn message(&mut self, origin: &str, window: Option<Id>, data: Option<&str>) {
        let provider = self.config.provider_origin();
        let data = || data.and_then(Value::object);
        if let Some(p) = &self.popup {
            let expected = Expected { origin: &provider, state: &p.tx.state };
            match accept(origin, window == Some(p.window), data(), &expected) {
                Ok(callback) => return self.end_popup(End::Answer(callback)),
                Err(why) => self.ignored(why, origin),
            }
        }
        if let Some(s) = &self.silent {
            let expected = Expected { origin: &provider, state: &s.tx.state };
            match accept(origin, window == Some(s.frame), data(), &expected) {
                Ok(callback) => {
                    if let Some(s) = self.silent.take() {
                        self.io.clear_timer(s.timeout);
                        self.io.emit(Effect::RemoveFrame { window: s.frame });
                        self.complete(callback, s.tx, Purpose::Silent);
                    }
                }
                Err(why) => self.ignored(why, origin),
            }
        }
    }

    fn ignored(&mut self, why: Ignored, origin: &str) {
        let step = match why {
            Ignored::Origin => Step::IgnoredOrigin,
            Ignored::Window => Step::IgnoredWindow,
            Ignored::Shape => Step::IgnoredShape,
            Ignored::State => Step::IgnoredState,
        };
        self.log(step, origin);
    }

    fn end_popup(&mut self, end: End) {
        let Some(p) = self.popup.take() else { return };
        self.io.clear_timer(p.timeout);
        if let Some(grace) = p.closed {
            self.io.clear_timer(grace);
        }
        if matches!(end, End::Answer(_) | End::Timeout | End::Aborted | End::Failed(_)) {
            self.io.emit(Effect::CloseWindow { window: p.window });
        }
        self.io.emit(Effect::UnwatchWindow { window: p.window });
        let error = match end {
            End::Answer(callback) => return self.complete(callback, p.tx, Purpose::Popup { id: p.id }),
            End::Closed if self.now - p.started < SEVERED_WITHIN_MS => {
                Error::new(ErrorCode::PopupClosed, Message::PopupSevered)
            }
            End::Closed => Error::new(ErrorCode::PopupClosed, Message::PopupClosed),
            End::Timeout => Error::new(ErrorCode::Timeout, Message::PopupTimeout),
            End::Aborted => aborted_error(Message::Aborted),
            End::Superseded => aborted_error(Message::Superseded),
            End::Failed(e) => e,
        };
        self.reject(p.id, error);
    }

    /// The renewal's last resort: ask the provider in a hidden iframe.
    pub(super) fn silent_sign_in(&mut self) {
        let random = match self.take_random() {
            Ok(r) => r,
            Err(e) => return self.renewal_done(Err(e)),
        };
        let tx = LoginOptions::default().begin(&self.config, &random, self.now);
        let frame = self.io.id();
        let timeout = self.io.set_timer(Timer::SilentTimeout, self.config.silent_timeout_ms);
        let verifier = tx.verifier.clone();
        self.silent = Some(SilentFlow { frame, tx, timeout, loaded: false });
        self.digest(verifier, Digesting::Silent { frame });
        self.prefetch_keys();
    }

    pub(super) fn frame_loaded(&mut self, window: Id) {
        if let Some(s) = self.silent.as_mut().filter(|s| s.frame == window) {
            s.loaded = true;
        }
    }

    pub(super) fn silent_timed_out(&mut self) {
        let Some(s) = self.silent.take() else { return };
        self.io.emit(Effect::RemoveFrame { window: s.frame });
        self.renewal_done(Err(Error::new(
            ErrorCode::Timeout,
            if s.loaded { Message::SilentNoAnswerLoaded } else { Message::SilentNoAnswer },
        )));
    }
}

fn aborted_error(message: Message) -> Error {
    Error::new(ErrorCode::Aborted, message)
}
