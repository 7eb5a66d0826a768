//! authing-wasm: the Authing browser SDK. `core` is the protocol without a browser; `web` holds one
//! adapter per browser API; `flows` joins them into the sign-in flows; `bindings` is the wasm surface.

pub mod core;
pub mod engine;

#[cfg(target_arch = "wasm32")]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod heap;

/// dlmalloc, std's allocator for wasm, is several kilobytes; ours is a few hundred bytes.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: heap::Heap = heap::Heap::new();
#[cfg(target_arch = "wasm32")]
pub mod flows;
#[cfg(target_arch = "wasm32")]
pub mod web;
