//! One configured client: its options, its session cache and its pending sign-ins.

use super::session::SessionCache;
use super::transactions::Transactions;
use crate::core::config::{Config, Options};
use crate::core::error::{Error, ErrorCode, Result};
use crate::web::storage::Store;

pub struct Client {
    pub config: Config,
    pub sessions: SessionCache,
    pub transactions: Transactions,
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
        Ok(Client { sessions: SessionCache::new(store, &prefix), transactions: Transactions::new(&prefix), config })
    }
}
