//! Browser adapters: each file is the only place that touches its browser API.

pub mod clock;
pub mod crypto;
pub mod http;
pub mod json;
pub mod location;
pub mod storage;
