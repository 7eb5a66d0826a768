//! Sign-in by full-page redirect: leave with a transaction (in sessionStorage, one entry per
//! `state`, kept until it expires so that a reloaded callback gets the provider's real answer),
//! come back with a code.

use super::sign_in::Purpose;
use super::windows::Digesting;
use super::{Answer, Area, Effect, Engine, Id, Wait};
use crate::core::authorize::LoginOptions;
use crate::core::callback::{strip, Callback};
use crate::core::error::{Error, ErrorCode, Message};
use crate::core::transaction::Transaction;
use crate::core::value::Value;
use crate::prelude::*;

/// What a transaction is read for.
pub enum Pending {
    IsCallback { id: Id },
    Callback { id: Id, callback: Callback },
}

impl Engine {
    pub(super) fn login_with_redirect(&mut self, id: Id, mut opts: LoginOptions) {
        let random = match opts.check().and_then(|_| self.take_random()) {
            Ok(r) => r,
            Err(e) => return self.reject(id, e),
        };
        let tx = opts.begin(&self.config, &random, self.now);
        let verifier = tx.verifier.clone();
        self.digest(verifier, Digesting::Redirect { id, opts, tx });
    }

    /// The transaction goes to sessionStorage before the page may leave for `url`.
    pub(super) fn store_transaction(&mut self, id: Id, tx: &Transaction, url: String) {
        let key = self.store.tx_key(&tx.state);
        let req = self.io.wait(Wait::TransactionWritten { id, url });
        self.io.emit(Effect::Write { req, area: Area::Session, key, value: tx.to_json() });
    }

    /// The transaction is stored: now the page may leave.
    pub(super) fn leave_for_sign_in(&mut self, id: Id, url: String) {
        self.io.emit(Effect::Navigate { url });
        self.resolve(id, Answer::Nothing);
    }

    pub(super) fn is_redirect_callback(&mut self, id: Id, url: &str) {
        match Callback::from_url(url) {
            Some(callback) => self.read_transaction(&callback.state, Pending::IsCallback { id }),
            None => self.resolve(id, Answer::Bool(false)),
        }
    }

    pub(super) fn handle_redirect_callback(&mut self, id: Id, url: &str, here: &str) {
        let Some(callback) = Callback::from_url(url) else {
            let e = Error::new(ErrorCode::InvalidCallback, Message::NotACallback);
            return self.reject(id, e);
        };
        // The code leaves the address bar (and so history, bookmarks and referrers) before anything else.
        if Callback::from_url(here).is_some_and(|cb| cb.state == callback.state) {
            self.io.emit(Effect::ReplaceUrl { url: strip(here) });
        }
        let state = callback.state.clone();
        self.read_transaction(&state, Pending::Callback { id, callback });
        self.prefetch_keys();
    }

    fn read_transaction(&mut self, state: &str, pending: Pending) {
        let key = self.store.tx_key(state);
        let req = self.io.wait(Wait::Transaction(pending));
        self.io.emit(Effect::Read { req, area: Area::Session, key });
    }

    pub(super) fn transaction_read(&mut self, pending: Pending, value: Option<&str>) {
        let state = match &pending {
            Pending::IsCallback { .. } => None,
            Pending::Callback { callback, .. } => Some(callback.state.clone()),
        };
        let tx = value.and_then(Value::object).and_then(|v| Transaction::read(&v));
        let usable = tx.filter(|t| t.is_usable(self.now) && state.as_ref().is_none_or(|s| *s == t.state));
        match pending {
            Pending::IsCallback { id } => self.resolve(id, Answer::Bool(usable.is_some())),
            Pending::Callback { id, callback } => match usable {
                Some(tx) => {
                    let app_state = tx.app_state.clone();
                    self.complete(callback, tx, Purpose::Redirect { id, app_state });
                }
                None => self.reject(id, Error::new(ErrorCode::StateMismatch, Message::NoMatchingSignIn)),
            },
        }
    }
}

pub fn no_transactions(cause: &str) -> Error {
    Error::new(ErrorCode::StorageError, Message::NoTransactions).and(cause)
}
