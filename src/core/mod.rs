//! The protocol, with no browser in it: pure functions and small state machines, fed the time and
//! random octets by the caller, tested natively.

#[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
pub mod api_request;
pub mod ascii;
pub mod authorize;
pub mod base64url;
pub mod callback;
pub mod config;
#[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
pub mod envelope;
pub mod error;
pub mod id_token;
pub mod json;
pub mod jws;
pub mod logout;
pub mod pkce;
#[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
pub mod poll;
pub mod token;
pub mod transaction;
pub mod url;
pub mod utf8;
pub mod value;
pub mod web_message;
