//! authing-wasm: the Authing browser SDK. `core` is the protocol's pure parts; `engine` is the
//! synchronous, sans-IO protocol engine built on them (fed events, answering effects); `bindings` is
//! its wasm surface, which the TypeScript executor (`js/executor/`) drives.

#![cfg_attr(target_arch = "wasm32", no_std)]

extern crate alloc;

pub mod core;
pub mod engine;
// The login wasm (wasm32 without `extras`) is built without the extras and everything only they use
// (their calls, effects and error details): that cfg is spelled out where it applies.
#[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
pub mod extras;

/// What `std`'s prelude gives, from `alloc`: the wasm build is `no_std`, so that no panic formatting
/// (`core::fmt`) reaches it.
mod prelude {
    // Only the extras box anything (an API error's details).
    #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
    pub use alloc::boxed::Box;
    pub use alloc::string::String;
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

/// A panic cannot be reached; if one were, the wasm traps (an `unreachable` the executor reports as
/// a failed call) instead of carrying the formatting machinery a panic message needs.
#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}

// One crate, two wasm files: the login engine's, and (built with `--features extras`) the extras'.
#[cfg(all(target_arch = "wasm32", not(feature = "extras")))]
mod bindings;
#[cfg(target_arch = "wasm32")]
mod exports;
#[cfg(all(target_arch = "wasm32", feature = "extras"))]
mod extras_bindings;
#[cfg(target_arch = "wasm32")]
mod heap;

/// dlmalloc, std's allocator for wasm, is several kilobytes; ours is a few hundred bytes.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: heap::Heap = heap::Heap::new();
