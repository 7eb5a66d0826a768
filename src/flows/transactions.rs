//! Pending sign-ins in `sessionStorage`, one entry per `state`: they survive the redirect, stay apart
//! from other tabs' sign-ins, and expire on their own.

use crate::core::error::{Error, ErrorCode, Result};
use crate::core::transaction::Transaction;
use crate::web::{clock, json::JsFields, storage::Store};

pub struct Transactions {
    store: Option<Store>,
    prefix: String,
}

impl Transactions {
    pub fn new(client_prefix: &str) -> Self {
        let mut prefix = String::from(client_prefix);
        prefix.push_str("tx:");
        Transactions { store: Store::session_storage().ok(), prefix }
    }

    fn key(&self, state: &str) -> String {
        let mut key = self.prefix.clone();
        key.push_str(state);
        key
    }

    fn store(&self) -> Result<&Store> {
        self.store.as_ref().ok_or_else(|| {
            Error::new(
                ErrorCode::StorageError,
                "sessionStorage is unavailable, so a redirect sign-in cannot be resumed: enable storage for this site.",
            )
        })
    }

    /// Stores `tx`, first dropping transactions that are stale or unreadable.
    pub fn save(&self, tx: &Transaction) -> Result<()> {
        let store = self.store()?;
        let now = clock::now_ms();
        for key in store.keys_with_prefix(&self.prefix) {
            if self.read(store, &key).is_none_or(|t| !t.is_usable(now)) {
                store.remove(&key);
            }
        }
        store.set(&self.key(&tx.state), &tx.to_json())
    }

    /// The usable transaction for `state`. It is kept (until it expires), so that a reloaded callback
    /// reaches the provider and gets its real answer instead of a false "invalid state".
    pub fn find(&self, state: &str) -> Option<Transaction> {
        let store = self.store.as_ref()?;
        let key = self.key(state);
        let tx = self.read(store, &key).filter(|t| t.is_usable(clock::now_ms()) && t.state == state);
        if tx.is_none() {
            store.remove(&key);
        }
        tx
    }

    fn read(&self, store: &Store, key: &str) -> Option<Transaction> {
        Transaction::read(&JsFields::parse(&store.get(key)?)?)
    }
}
