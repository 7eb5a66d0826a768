//! The session lifecycle behind `getLoginState`, `getAccessToken`, `refreshToken` and
//! `getUserInfo`: the stored session while it is fresh; else the refresh-token grant; else silent
//! sign-in in a hidden iframe. A renewal runs once per tab (concurrent callers join it) and once
//! across tabs (a Web Lock); a tab that waited for the lock first looks for what the other tab got.

use super::store::{Stored, Then};
use super::sync::{login_state, Announced, Change};
use super::{unexpected, Answer, Effect, Engine, Id, Reply, Step, Timer, Wait};
use crate::core::error::{Error, ErrorCode, Message, Result};
use crate::core::token::Session;
use crate::core::value::Value;
use crate::prelude::*;

/// How long a tab that waited for another tab's renewal waits for that tab's answer to arrive: the
/// other tab posts its session before it lets go of the lock, but this tab's storage may lag.
const SETTLE_MS: f64 = 500.0;

/// What a caller wants from the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Want {
    /// `getLoginState`: the session, or null when the user must sign in.
    State,
    Token,
    UserInfo,
    /// `refreshToken`: the refresh grant only.
    Refreshed,
    /// An Authentication API call's bearer token: null when the user is signed out (the call goes
    /// without one).
    Bearer,
}

pub struct Renewal {
    callers: Vec<(Id, Want)>,
    /// The cache was bypassed: renew even a fresh session.
    forced: bool,
    refresh_only: bool,
    lock: Id,
    waited: bool,
    current: Option<Session>,
    settle: Option<Id>,
}

impl Engine {
    pub(super) fn session_for(&mut self, id: Id, want: Want, ignore_cache: bool) {
        if ignore_cache {
            self.join(id, want, true);
        } else {
            self.load(Then::Call { id, want });
        }
    }

    pub(super) fn refresh_token(&mut self, id: Id) {
        self.join(id, Want::Refreshed, true);
    }

    fn fresh(&self, session: Option<Session>) -> Option<Session> {
        session.filter(|s| !s.is_expired(self.now, self.config.leeway_ms))
    }

    /// The stored session as of the latest change in any tab.
    fn current(&self, stored: Stored) -> Stored {
        match self.last_announced() {
            Some(Announced::Session(s)) => Stored { session: Some(s.clone()), signed_out: false },
            Some(Announced::SignedOut) => Stored { session: None, signed_out: true },
            Some(Announced::Cleared) => Stored { session: None, signed_out: false },
            None => stored,
        }
    }

    pub(super) fn cached(&mut self, id: Id, want: Want, stored: Stored) {
        let stored = self.current(stored);
        if let Some(s) = self.fresh(stored.session) {
            self.log(Step::Fresh, "");
            self.tell_cache(Some(&s));
            return self.answer(id, want, Ok(s));
        }
        if stored.signed_out {
            let e = Error::new(ErrorCode::LoginRequired, Message::SignedOut);
            return self.answer(id, want, Err(e));
        }
        self.join(id, want, false);
    }

    /// Joins the renewal in progress, or starts one (a refresh-only one runs on its own).
    fn join(&mut self, id: Id, want: Want, forced: bool) {
        let refresh_only = want == Want::Refreshed;
        match &mut self.renewal {
            Some(r) if r.refresh_only == refresh_only => {
                r.callers.push((id, want));
                self.log(Step::Joined, "");
            }
            Some(_) => self.queued.push((id, want)),
            None => self.start_renewal(vec![(id, want)], forced, refresh_only),
        }
    }

    /// Another tab signed in without saying with what (its session stays in its memory): this tab
    /// gets its own session, unless it has a fresh one or is renewing already.
    pub(super) fn renew_unasked(&mut self) {
        if self.renewal.is_none() {
            self.start_renewal(Vec::new(), false, false);
        }
    }

    fn start_renewal(&mut self, callers: Vec<(Id, Want)>, forced: bool, refresh_only: bool) {
        self.log(Step::Renewing, "");
        let lock = self.io.wait(Wait::Lock);
        let mut name = self.config.storage_prefix();
        name.push_str("renew");
        self.io.emit(Effect::Lock { req: lock, name });
        self.renewal =
            Some(Renewal { callers, forced, refresh_only, lock, waited: false, current: None, settle: None });
    }

    pub(super) fn renewal_locked(&mut self, lock: Id, waited: bool) {
        if let Some(r) = self.renewal.as_mut().filter(|r| r.lock == lock) {
            r.waited = waited;
            self.load(Then::Renewal);
        }
    }

    pub(super) fn renewal_loaded(&mut self, stored: Stored) {
        let current = self.current(stored).session;
        let Some(r) = self.renewal.as_ref() else { return };
        // Only a store other tabs announce into can receive what the lock's last holder got.
        let settle = r.waited && !r.forced && !self.store.in_memory() && self.fresh(current.clone()).is_none();
        if let Some(r) = self.renewal.as_mut() {
            r.current = current;
        }
        if settle {
            self.log(Step::Settling, "");
            let timer = self.io.set_timer(Timer::Settle, SETTLE_MS);
            if let Some(r) = self.renewal.as_mut() {
                r.settle = Some(timer);
            }
        } else {
            self.decide();
        }
    }

    /// Another tab announced a session (or the wait for one ran out).
    pub(super) fn settled(&mut self, announced: Option<Session>) {
        let Some(timer) = self.renewal.as_mut().and_then(|r| r.settle.take()) else { return };
        self.io.clear_timer(timer);
        if let Some(r) = self.renewal.as_mut() {
            r.current = newest(r.current.take(), announced);
        }
        self.decide();
    }

    fn decide(&mut self) {
        let Some(r) = self.renewal.as_ref() else { return };
        let (current, forced, refresh_only) = (r.current.clone(), r.forced, r.refresh_only);
        if refresh_only {
            return match current {
                Some(s) => self.refresh(s),
                None => self.renewal_done(Err(Error::new(ErrorCode::LoginRequired, Message::NoSession))),
            };
        }
        if !forced {
            if let Some(s) = self.fresh(current.clone()) {
                return self.renewal_done(Ok(s));
            }
        }
        match current.filter(|s| s.refresh_token.is_some()) {
            Some(s) => {
                self.log(Step::ByRefresh, "");
                self.refresh(s)
            }
            None => {
                self.log(Step::BySilent, "");
                self.silent_sign_in()
            }
        }
    }

    /// A grant the provider no longer honours clears the session (`sessionExpired`) and the renewal
    /// goes on in the iframe; any other failure (network) leaves the stored session alone.
    pub(super) fn refresh_failed(&mut self, e: Error) {
        if !e.is_grant_gone() {
            return self.renewal_done(Err(e));
        }
        self.clear_stored();
        self.announce(Change::SessionExpired, None);
        if self.renewal.as_ref().is_some_and(|r| r.refresh_only) {
            self.renewal_done(Err(e));
        } else {
            self.silent_sign_in();
        }
    }

    pub(super) fn renewal_done(&mut self, result: Result<Session>) {
        let Some(r) = self.renewal.take() else { return };
        self.log(Step::Renewed, result.as_ref().err().map_or("", |e| e.code.as_str()));
        self.io.emit(Effect::Unlock { req: r.lock });
        // By reference: a loop that consumes a Vec builds its own iterator's drop into the wasm.
        for &(id, want) in &r.callers {
            self.answer(id, want, result.clone());
        }
        let queued = core::mem::take(&mut self.queued);
        for &(id, want) in &queued {
            self.join(id, want, true);
        }
    }

    fn answer(&mut self, id: Id, want: Want, result: Result<Session>) {
        match (want, result) {
            (Want::Bearer, Err(e)) if e.code.needs_user() => self.resolve(id, Answer::Json("null".into())),
            (Want::Bearer, Ok(s)) => self.resolve(id, Answer::Text(s.access_token)),
            (Want::State, Err(e)) if e.code.needs_user() => self.resolve(id, Answer::Json("null".into())),
            (_, Err(e)) => self.reject(id, e),
            (Want::State | Want::Refreshed, Ok(s)) => self.resolve(id, Answer::Json(login_state(&s))),
            (Want::Token, Ok(s)) => self.resolve(id, Answer::Text(s.access_token)),
            (Want::UserInfo, Ok(s)) => {
                let url = self.config.endpoint("/me");
                self.io.send(Wait::UserInfo(id), "GET", url, vec![("authorization", bearer(&s.access_token))], None);
            }
        }
    }

    /// The signed-in user's claims from `/oidc/me`.
    pub(super) fn userinfo_answered(&mut self, id: Id, answer: Result<Reply>) {
        let claims = match answer {
            Ok(r) if r.status == 401 => {
                Err(Error::oauth("invalid_token", Some("/oidc/me rejected the access token; sign in again")))
            }
            Ok(r) => {
                Value::object(r.body).filter(|_| r.status == 200).map(|_| r.body).ok_or_else(|| unexpected(r.status))
            }
            Err(e) => Err(e),
        };
        match claims {
            Ok(body) => self.resolve(id, Answer::Json(body.into())),
            Err(e) => self.reject(id, e),
        }
    }
}

pub fn bearer(token: &str) -> String {
    let mut value = String::from("Bearer ");
    value.push_str(token);
    value
}

/// The later-expiring of two sessions.
fn newest(a: Option<Session>, b: Option<Session>) -> Option<Session> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.expires_at > a.expires_at { b } else { a }),
        (a, b) => a.or(b),
    }
}
