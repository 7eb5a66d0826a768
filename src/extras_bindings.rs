//! The extras' wasm surface (built with `--features extras`): the same two exports as the login
//! engine's (`bindings.rs`), for the events the extras hear.

use crate::core::config::Options;
use crate::exports::{feed_export, options, Slab};
use crate::extras;
use crate::prelude::*;

static ENGINES: Slab<extras::Extras> = Slab::new();

/// `json` (a `buffer` of `len` bytes): the app's options as JSON. Answers `{"engine":N}`, or
/// `{"error":{...}}`.
///
/// # Safety
/// `json` and `len` come from `buffer(len)` (see `exports::Input::take`).
#[no_mangle]
pub unsafe extern "C" fn create(json: *mut u8, len: usize) -> *const u8 {
    let options = options(json, len);
    let made = extras::Extras::new(Options::read(&options)).map(|e| (ENGINES.add(e), String::new()));
    ENGINES.created(made)
}

feed_export!(ENGINES);
