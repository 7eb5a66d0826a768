//! authing-wasm: the Authing browser SDK. `core` is the protocol without a browser; `web` holds one
//! adapter per browser API; `flows` joins them into the sign-in flows; `bindings` is the wasm surface.

pub mod core;

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
pub mod flows;
#[cfg(target_arch = "wasm32")]
pub mod web;
