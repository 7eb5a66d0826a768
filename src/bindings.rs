//! The login wasm's surface, and nothing else: the page's engines behind two synchronous exports,
//! `create` and `feed` (every event, as `engine::wire::event` reads it), which take plain numbers
//! and UTF-8 text (`exports`) and give back each batch of effects as JSON (`engine::wire`). No
//! futures, no browser API: the executor (`js/executor/`) performs the effects and reports back.

use crate::core::config::Options;
use crate::core::json::{push_integer, quote};
use crate::engine;
use crate::exports::{feed_export, options, Slab};
use crate::prelude::*;

static ENGINES: Slab<engine::Engine> = Slab::new();

/// `json` (a `buffer` of `len` bytes): the app's options as JSON; `custom_store` (1): it passed its
/// own cache object. Answers `{"engine":N,"popup":[width,height],"channel":"..."}`, or
/// `{"error":{...}}` for wrong options.
///
/// # Safety
/// `json` and `len` come from `buffer(len)` (see `exports::Input::take`).
#[no_mangle]
pub unsafe extern "C" fn create(json: *mut u8, len: usize, custom_store: u32) -> *const u8 {
    let options = options(json, len);
    let made = engine::Engine::new(Options::read(&options), custom_store != 0).map(|engine| {
        let (width, height) = engine.popup_size();
        let mut fields = String::from(",\"popup\":[");
        push_integer(width as u64, &mut fields);
        fields.push(',');
        push_integer(height as u64, &mut fields);
        fields.push_str("],\"channel\":");
        quote(&engine.channel(), &mut fields);
        (ENGINES.add(engine), fields)
    });
    ENGINES.created(made)
}

feed_export!(ENGINES);
