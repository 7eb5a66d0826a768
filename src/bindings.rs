//! The wasm-bindgen surface, and nothing else: the page's engines behind two synchronous exports,
//! `create` and `feed` (every event, as `engine::wire::event` reads it), which take plain numbers
//! and strings and give back each batch of effects as JSON (`engine::wire`). No futures, no browser
//! API: the executor (`js/executor/`) performs the effects and reports what happened.

use crate::core::json::{push_integer, quote};
use crate::engine;
use crate::exports::{created, feed_export, Slab};
use crate::prelude::*;
use wasm_bindgen::prelude::*;

static ENGINES: Slab<engine::Engine> = Slab::new();

/// `options`: the app's options as JSON; `custom_store`: it passed its own cache object. Answers
/// `{"engine":N,"popup":[width,height],"channel":"..."}`, or `{"error":{...}}` for wrong options.
#[wasm_bindgen]
pub fn create(options: &str, custom_store: bool) -> String {
    created(engine::Engine::new(engine::wire::options(options), custom_store).map(|engine| {
        let (width, height) = engine.popup_size();
        let mut fields = String::from(",\"popup\":[");
        push_integer(width as u64, &mut fields);
        fields.push(',');
        push_integer(height as u64, &mut fields);
        fields.push_str("],\"channel\":");
        quote(&engine.channel(), &mut fields);
        (ENGINES.add(engine), fields)
    }))
}

feed_export!(ENGINES);
