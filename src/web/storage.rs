//! Key-value storage: `sessionStorage`, `localStorage`, or memory. Writes that the browser refuses
//! (quota, disabled storage) are reported, never thrown through.

use crate::core::error::{Error, ErrorCode, Result};
use std::cell::RefCell;

pub enum Store {
    Memory(RefCell<Vec<(String, String)>>),
    Web(web_sys::Storage),
}

impl Store {
    pub fn memory() -> Self {
        Store::Memory(RefCell::default())
    }

    pub fn session_storage() -> Result<Self> {
        web_sys::window().and_then(|w| w.session_storage().ok().flatten()).map(Store::Web).ok_or_else(unavailable)
    }

    pub fn local_storage() -> Result<Self> {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()).map(Store::Web).ok_or_else(unavailable)
    }

    pub fn get(&self, key: &str) -> Option<String> {
        match self {
            Store::Memory(m) => m.borrow().iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
            Store::Web(s) => s.get_item(key).ok().flatten(),
        }
    }

    pub fn set(&self, key: &str, value: &str) -> Result<()> {
        match self {
            Store::Memory(m) => {
                self.remove(key);
                m.borrow_mut().push((key.into(), value.into()));
                Ok(())
            }
            Store::Web(s) => s.set_item(key, value).map_err(|_| {
                Error::new(
                    ErrorCode::StorageError,
                    "The browser refused to store the value (storage full or disabled).",
                )
            }),
        }
    }

    pub fn remove(&self, key: &str) {
        match self {
            Store::Memory(m) => m.borrow_mut().retain(|(k, _)| k != key),
            Store::Web(s) => {
                let _ = s.remove_item(key);
            }
        }
    }

    pub fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        match self {
            Store::Memory(m) => m.borrow().iter().map(|(k, _)| k.clone()).filter(|k| k.starts_with(prefix)).collect(),
            Store::Web(s) => {
                let len = s.length().unwrap_or(0);
                (0..len).filter_map(|i| s.key(i).ok().flatten()).filter(|k| k.starts_with(prefix)).collect()
            }
        }
    }
}

fn unavailable() -> Error {
    Error::new(ErrorCode::StorageError, "Web storage is not available in this browser context (blocked or disabled).")
}
