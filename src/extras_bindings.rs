//! The extras' wasm-bindgen surface (built with `--features extras`): the same two exports as the
//! login engine's (`bindings.rs`), for the events the extras hear.

use crate::exports::{created, feed_export, Slab};
use crate::extras;
use crate::prelude::*;
use wasm_bindgen::prelude::*;

static ENGINES: Slab<extras::Extras> = Slab::new();

/// `options`: the app's options as JSON. Answers `{"engine":N}`, or `{"error":{...}}`.
#[wasm_bindgen]
pub fn create(options: &str) -> String {
    created(extras::Extras::new(crate::engine::wire::options(options)).map(|e| (ENGINES.add(e), String::new())))
}

feed_export!(ENGINES);
