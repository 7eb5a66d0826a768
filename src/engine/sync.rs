//! What one tab does reaches every tab of the app: each change of session is emitted as an event here
//! and posted on the BroadcastChannel; the other tabs apply it to their own store (sessionStorage is
//! per tab) and emit the same event. A tab that shares localStorage trusts the last announced change
//! over its own read, which can lag behind another tab's write. A tab that keeps its session in
//! memory posts no token and adopts none (any same-origin page can read the channel and post on it):
//! it hears that someone signed in and renews on its own, under the lock, or that they signed out.

use super::{Detail, Effect, Engine};
use crate::core::id_token::Jwt;
use crate::core::json::{Fields, Writer};
use crate::core::token::Session;
use crate::core::value::Value;
use crate::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Change {
    Login,
    TokenRefreshed,
    Logout,
    SessionExpired,
}

const CHANGES: [Change; 4] = [Change::Login, Change::TokenRefreshed, Change::Logout, Change::SessionExpired];

impl Change {
    pub fn name(self) -> &'static str {
        match self {
            Change::Login => "login",
            Change::TokenRefreshed => "tokenRefreshed",
            Change::Logout => "logout",
            Change::SessionExpired => "sessionExpired",
        }
    }
}

/// A change of session announced by another tab.
#[derive(Clone)]
pub enum Announced {
    Session(Session),
    SignedOut,
    Cleared,
}

#[derive(Default)]
pub struct Sync {
    /// What another tab announced last, until this tab writes the store itself.
    last: Option<Announced>,
}

impl Engine {
    /// Stores a new session (a sign-in or a refresh) and announces it to every tab.
    /// Returns the write to wait for, unless the session lives in the engine's memory.
    pub(super) fn keep(&mut self, change: Change, session: &Session) -> Option<super::Id> {
        let write = self.save_session(session);
        self.announce(change, Some(session));
        write
    }

    /// Emits `change` in this tab and posts it to the others. Call it once the store holds `session`.
    pub(super) fn announce(&mut self, change: Change, session: Option<&Session>) {
        self.sync.last = None;
        self.fire(change, session);
        let mut message = Writer::new();
        message.str("type", change.name());
        if let Some(s) = session.filter(|_| !self.store.in_memory()) {
            message.str("session", &s.to_json());
        }
        self.io.emit(Effect::Post { data: message.finish() });
    }

    /// A message on the BroadcastChannel.
    pub(super) fn broadcast(&mut self, data: &str) {
        let message = Value::object(data);
        let change =
            message.as_ref().and_then(|m| m.string("type")).and_then(|t| CHANGES.into_iter().find(|c| c.name() == t));
        self.log(super::Step::Heard, change.map_or("", Change::name));
        let (Some(message), Some(change)) = (message, change) else { return };
        let session = match message.get("session") {
            None => None,
            Some(_) if self.store.in_memory() => None,
            // A session that does not read (malformed, or a newer SDK's format) changes nothing here.
            Some(text) => match text.as_str().and_then(Value::object).and_then(|v| Session::read(&v)) {
                Some(s) => Some(s),
                None => return,
            },
        };
        let own = !self.store.is_shared_by_tabs();
        let announced = match (session, change) {
            (Some(s), _) => {
                if own {
                    self.save_session(&s);
                }
                Announced::Session(s)
            }
            (None, Change::Logout) => {
                if own {
                    self.save_signed_out();
                }
                Announced::SignedOut
            }
            // A memory tab's session is its own: another tab's spent grant says nothing about it.
            (None, Change::SessionExpired) if !self.store.in_memory() => {
                if own {
                    self.clear_stored();
                }
                Announced::Cleared
            }
            (None, Change::Login) => return self.renew_unasked(),
            (None, _) => return,
        };
        let session = match &announced {
            Announced::Session(s) => Some(s.clone()),
            _ => None,
        };
        self.sync.last = Some(announced);
        self.fire(change, session.as_ref());
        self.settled(session);
    }

    /// For a store the tabs share: what another tab announced since this tab last wrote it.
    pub(super) fn last_announced(&self) -> Option<&Announced> {
        self.sync.last.as_ref().filter(|_| self.store.is_shared_by_tabs())
    }

    fn fire(&mut self, change: Change, session: Option<&Session>) {
        let detail = session.map_or(Detail::None, |s| Detail::LoginState(login_state(s)));
        self.io.emit(Effect::Emit { kind: change.name(), detail });
        self.tell_cache(session);
    }

    /// The wrapper answers `getAccessToken()` by itself while this session is fresh. Only for the
    /// engine's own memory: any other store may be written behind its back, so it is read each time.
    pub(super) fn tell_cache(&mut self, session: Option<&Session>) {
        if !self.store.in_memory() {
            return;
        }
        let effect = match session {
            Some(s) => {
                Effect::Cache { token: Some(s.access_token.clone()), until_ms: s.expires_at - self.config.leeway_ms }
            }
            None => Effect::Cache { token: None, until_ms: 0.0 },
        };
        self.io.emit(effect);
    }
}

/// The public `LoginState` as JSON text: the stored session plus its ID token's claims.
pub fn login_state(session: &Session) -> String {
    let stored = session.to_json();
    // The stored form starts with its format version, which is not part of the public shape.
    let mut out = String::from("{");
    out.push_str(crate::core::ascii::split_once(&stored, b',').map_or("}", |(_, rest)| rest));
    let claims = session.id_token.as_deref().and_then(|t| Jwt::split(t).ok()).map(|jwt| jwt.payload);
    if let Some(claims) = claims.filter(|c| Value::object(c).is_some()) {
        out.pop();
        out.push_str(",\"idTokenClaims\":");
        out.push_str(&claims);
        out.push('}');
    }
    out
}
