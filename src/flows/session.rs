//! The token store: where the session lives (memory, sessionStorage, localStorage or the app's own
//! store). A corrupt or outdated entry is dropped, never fatal. Storage that fails (quota, disabled,
//! a throwing custom store) is replaced by memory for the rest of the page, with one `error` event.

use super::events::Events;
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::token::Session;
use crate::web::{custom_store::CustomStore, json::JsFields, storage::Store};
use std::cell::RefCell;
use std::rc::Rc;

/// Stored in place of a session after `logout`.
const SIGNED_OUT: &str = "signed-out";

enum Backend {
    Sync(Store),
    Custom(CustomStore),
}

pub struct SessionCache {
    backend: RefCell<Rc<Backend>>,
    key: String,
    shared_by_tabs: bool,
    events: Events,
}

impl SessionCache {
    /// `location`: `memory`, `sessionStorage`, `localStorage`, or a custom store object.
    pub fn new(location: &str, custom: Option<CustomStore>, client_prefix: &str, events: Events) -> Result<Self> {
        let mut key = String::from(client_prefix);
        key.push_str("session");
        let backend = match (custom, location) {
            (Some(store), _) => Backend::Custom(store),
            (None, "memory") => Backend::Sync(Store::memory()),
            (None, "sessionStorage") => Backend::Sync(Store::session_storage().unwrap_or_else(|e| fell_back(&events, e))),
            (None, "localStorage") => Backend::Sync(Store::local_storage().unwrap_or_else(|e| fell_back(&events, e))),
            _ => {
                return Err(Error::new(
                    ErrorCode::ConfigError,
                    "`cacheLocation` must be 'memory', 'sessionStorage', 'localStorage' or an object with get, set and remove.",
                ))
            }
        };
        let shared_by_tabs = location == "localStorage" && matches!(&backend, Backend::Sync(Store::Web(_)));
        Ok(SessionCache { backend: RefCell::new(Rc::new(backend)), key, shared_by_tabs, events })
    }

    /// Whether the other tabs read the same entry (localStorage): then they need not write it again.
    pub fn is_shared_by_tabs(&self) -> bool {
        self.shared_by_tabs
    }

    fn backend(&self) -> Rc<Backend> {
        self.backend.borrow().clone()
    }

    async fn read(&self) -> Option<String> {
        match &*self.backend() {
            Backend::Sync(store) => store.get(&self.key),
            Backend::Custom(store) => match store.get(&self.key).await {
                Ok(text) => text,
                Err(e) => {
                    self.fall_back(e, None);
                    None
                }
            },
        }
    }

    pub async fn load(&self) -> Option<Session> {
        let text = self.read().await.filter(|t| t != SIGNED_OUT)?;
        let session = JsFields::parse(&text).and_then(|f| Session::read(&f));
        if session.is_none() {
            self.clear().await;
        }
        session
    }

    /// Signed out in this app (`logout`): until the next sign-in, no tab renews silently.
    pub async fn is_signed_out(&self) -> bool {
        self.read().await.as_deref() == Some(SIGNED_OUT)
    }

    pub async fn sign_out(&self) {
        self.write(SIGNED_OUT).await;
    }

    pub async fn save(&self, session: &Session) {
        self.write(&session.to_json()).await;
    }

    async fn write(&self, text: &str) {
        let stored = match &*self.backend() {
            Backend::Sync(store) => store.set(&self.key, text),
            Backend::Custom(store) => store.set(&self.key, text).await,
        };
        if let Err(e) = stored {
            self.fall_back(e, Some(text));
        }
    }

    pub async fn clear(&self) {
        let removed = match &*self.backend() {
            Backend::Sync(store) => {
                store.remove(&self.key);
                Ok(())
            }
            Backend::Custom(store) => store.remove(&self.key).await,
        };
        if let Err(e) = removed {
            self.fall_back(e, None);
        }
    }

    /// Memory from now on (keeping `value`), and one `error` event.
    fn fall_back(&self, cause: Error, value: Option<&str>) {
        let memory = fell_back(&self.events, cause);
        if let Some(v) = value {
            let _ = memory.set(&self.key, v);
        }
        *self.backend.borrow_mut() = Rc::new(Backend::Sync(memory));
    }
}

/// Reports that the chosen storage failed and memory is used instead.
fn fell_back(events: &Events, cause: Error) -> Store {
    let mut message = cause.message;
    message.push_str(" The session is kept in memory for this page instead.");
    events.fire("error", &super::errors::to_js(&Error::new(ErrorCode::StorageError, &message)));
    Store::memory()
}
