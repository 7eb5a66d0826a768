//! One configured client: its options, its session cache and its pending sign-ins.

use super::first::{First, Joined};
use super::session::SessionCache;
use super::web_message::End;
use crate::core::token::Session;
use std::cell::RefCell;
use super::transactions::Transactions;
use crate::core::config::{Config, Options};
use crate::core::error::{Error, ErrorCode, Result};
use crate::web::storage::Store;

pub struct Client {
    pub config: Config,
    pub sessions: SessionCache,
    pub transactions: Transactions,
    /// The popup sign-in in progress, so a newer one can take over its window.
    pub popup_flow: RefCell<Option<First<End>>>,
    /// The silent sign-in in progress, shared by concurrent callers.
    pub silent: Joined<Result<Session>>,
}

impl Client {
    pub fn new(options: Options) -> Result<Self> {
        let config = Config::new(options)?;
        let store = match config.cache_location.as_deref().unwrap_or("memory") {
            "memory" => Store::memory(),
            "sessionStorage" => Store::session_storage()?,
            "localStorage" => Store::local_storage()?,
            _ => {
                return Err(Error::new(
                    ErrorCode::ConfigError,
                    "`cacheLocation` must be 'memory', 'sessionStorage', 'localStorage' or an object with get, set and remove.",
                ))
            }
        };
        let prefix = config.storage_prefix();
        Ok(Client {
            sessions: SessionCache::new(store, &prefix),
            transactions: Transactions::new(&prefix),
            popup_flow: RefCell::new(None),
            silent: Joined::new(),
            config,
        })
    }
}
