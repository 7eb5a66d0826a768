//! The token store: where the session lives (the engine's memory, sessionStorage, localStorage or
//! the app's own store). A corrupt or outdated entry is dropped, never fatal. A store that fails
//! (quota, disabled, a throwing custom store) is replaced by memory for the rest of the page, with
//! one `error` event. Every storage effect is answered once: `Stored` or `StorageFailed`.

use super::renewal::Want;
use super::sign_in::Purpose;
use super::{Area, Detail, Effect, Engine, Id, Wait};
use crate::core::config::Config;
use crate::core::error::{Error, ErrorCode, Message, Result};
use crate::core::token::Session;
use crate::core::value::Value;
use crate::prelude::*;

/// Stored in place of a session after `logout`: until the next sign-in, no tab renews silently.
pub const SIGNED_OUT: &str = "signed-out";

pub struct Store {
    /// `None`: the session lives in `memory`, in the engine.
    area: Option<Area>,
    key: String,
    memory: Option<String>,
    /// localStorage: the other tabs read this very entry.
    shared: bool,
    tx_prefix: String,
}

/// What a read of the stored session is for.
pub enum Then {
    Start { id: Id },
    Call { id: Id, want: Want },
    Renewal,
    Logout { id: Id, revoke: bool },
    LogoutWithRedirect { id: Id, redirect_uri: Option<String>, state: Option<String> },
}

/// A stored value, read: the session, or whether the app is signed out.
pub struct Stored {
    pub session: Option<Session>,
    pub signed_out: bool,
}

impl Store {
    pub fn new(config: &Config, custom: bool) -> Result<Store> {
        let area = match (custom, config.cache_location.as_deref().unwrap_or("memory")) {
            (true, _) => Some(Area::Custom),
            (false, "memory") => None,
            (false, "sessionStorage") => Some(Area::Session),
            (false, "localStorage") => Some(Area::Local),
            _ => return Err(Error::new(ErrorCode::ConfigError, Message::CacheLocation)),
        };
        let prefix = config.storage_prefix();
        let mut key = prefix.clone();
        key.push_str("session");
        let mut tx_prefix = prefix;
        tx_prefix.push_str("tx:");
        Ok(Store { shared: area == Some(Area::Local), area, key, memory: None, tx_prefix })
    }

    pub fn in_memory(&self) -> bool {
        self.area.is_none()
    }

    pub fn is_shared_by_tabs(&self) -> bool {
        self.shared
    }

    pub fn tx_key(&self, state: &str) -> String {
        let mut key = self.tx_prefix.clone();
        key.push_str(state);
        key
    }
}

/// A stored text read as a session; a text that does not read is reported for removal.
pub fn read(value: Option<&str>) -> (Stored, bool) {
    match value {
        None => (Stored { session: None, signed_out: false }, false),
        Some(SIGNED_OUT) => (Stored { session: None, signed_out: true }, false),
        Some(text) => {
            let session = Value::object(text).and_then(|v| Session::read(&v));
            let corrupt = session.is_none();
            (Stored { session, signed_out: false }, corrupt)
        }
    }
}

impl Engine {
    /// Reads the stored session, then continues with `then` (see `loaded`).
    pub(super) fn load(&mut self, then: Then) {
        let req = self.io.wait(Wait::Load(then));
        match self.store.area {
            Some(area) => {
                let key = self.store.key.clone();
                self.io.emit(Effect::Read { req, area, key });
            }
            None => {
                let value = self.store.memory.clone();
                self.inbox.push((req, value));
            }
        }
    }

    pub(super) fn loaded(&mut self, then: Then, value: Option<&str>) {
        let (stored, corrupt) = read(value);
        if corrupt {
            self.log(super::Step::Dropped, "");
            self.clear_stored();
        }
        match then {
            Then::Start { id } => self.resolve(id, super::Answer::Nothing),
            Then::Call { id, want } => self.cached(id, want, stored),
            Then::Renewal => self.renewal_loaded(stored),
            Then::Logout { id, revoke } => self.signed_out(id, stored.session, revoke),
            Then::LogoutWithRedirect { id, redirect_uri, state } => {
                self.signed_out_then_leave(id, stored.session, redirect_uri, state)
            }
        }
    }

    pub(super) fn save_session(&mut self, session: &Session) -> Option<Id> {
        self.write_stored(session.to_json())
    }

    pub(super) fn save_signed_out(&mut self) -> Option<Id> {
        self.write_stored(SIGNED_OUT.into())
    }

    /// Write `req` is now waited for as `wait` (what follows once the store has it).
    pub(super) fn retag_write(&mut self, req: Id, wait: Wait) {
        if let Some(entry) = self.io.waits.iter_mut().find(|(id, _)| *id == req) {
            entry.1 = wait;
        }
    }

    /// The write to wait for, unless the session lives in the engine's memory.
    fn write_stored(&mut self, text: String) -> Option<Id> {
        match self.store.area {
            Some(area) => {
                self.store.memory = Some(text.clone());
                let req = self.io.wait(Wait::Write);
                let key = self.store.key.clone();
                self.io.emit(Effect::Write { req, area, key, value: text });
                Some(req)
            }
            None => {
                self.store.memory = Some(text);
                None
            }
        }
    }

    /// `purpose` gets `session` once write `req` is done (or failed over to memory).
    pub(super) fn then_after_write(&mut self, req: Id, purpose: Purpose, session: Session) {
        self.retag_write(req, Wait::Kept(purpose, session));
    }

    pub(super) fn clear_stored(&mut self) {
        self.store.memory = None;
        if let Some(area) = self.store.area {
            let req = self.io.wait(Wait::Write);
            let key = self.store.key.clone();
            self.io.emit(Effect::Remove { req, area, key });
        }
    }

    /// The value of the write that failed, kept in memory by the fallback.
    pub(super) fn pending_write(&self) -> Option<String> {
        self.store.memory.clone()
    }

    /// Memory from now on, keeping `value`, and one `error` event.
    pub(super) fn fall_back(&mut self, cause: &str, value: Option<String>) {
        if self.store.area.is_none() {
            return;
        }
        self.store.area = None;
        self.store.shared = false;
        self.store.memory = value;
        let error = Error::new(ErrorCode::StorageError, Message::KeptInMemory).and(cause);
        self.io.emit(Effect::Emit { kind: "error", detail: Detail::Error(error) });
    }
}
