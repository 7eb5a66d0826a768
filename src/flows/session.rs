//! The cached session: read it (a corrupt or outdated entry is dropped, never fatal), write it, clear it.

use crate::core::error::Result;
use crate::core::token::Session;
use crate::web::{json::JsFields, storage::Store};

pub struct SessionCache {
    store: Store,
    key: String,
}

impl SessionCache {
    pub fn new(store: Store, client_prefix: &str) -> Self {
        let mut key = String::from(client_prefix);
        key.push_str("session");
        SessionCache { store, key }
    }

    pub fn load(&self) -> Option<Session> {
        let text = self.store.get(&self.key)?;
        let session = JsFields::parse(&text).and_then(|f| Session::read(&f));
        if session.is_none() {
            self.store.remove(&self.key);
        }
        session
    }

    pub fn save(&self, session: &Session) -> Result<()> {
        self.store.set(&self.key, &session.to_json())
    }

    pub fn clear(&self) {
        self.store.remove(&self.key);
    }
}
