//! Browser adapters: each file is the only place that touches its browser API.

pub mod broadcast;
pub mod clock;
pub mod crypto;
pub mod custom_store;
pub mod events;
pub mod http;
pub mod iframe;
pub mod json;
pub mod location;
pub mod locks;
pub mod popup;
pub mod storage;
pub mod timers;
pub mod visibility;
pub mod webcrypto;

/// The page's window; the SDK is browser-only, and `AuthingClient.create` refuses to run elsewhere.
pub fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}
