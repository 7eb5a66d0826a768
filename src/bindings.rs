//! The wasm-bindgen surface, and nothing else: the engine behind synchronous exports that take plain
//! numbers and strings and give back each batch of effects as JSON (`engine::wire`). No futures, no
//! browser API: the executor (`js/executor/`) performs the effects and reports what happened.

use crate::engine::{self, wire, Event};
use crate::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Engine(engine::Engine);

#[wasm_bindgen]
impl Engine {
    /// `options`: the app's options as JSON; `custom_store`: it passed its own cache object.
    /// Throws the error (as JSON) when the options are wrong.
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str, custom_store: bool) -> Result<Engine, String> {
        let options = wire::options(options);
        engine::Engine::new(options, custom_store).map(Engine).map_err(|e| wire::error_json(&e))
    }

    /// `[width, height]` of the login popup.
    #[wasm_bindgen(js_name = popupSize)]
    pub fn popup_size(&self) -> Vec<f64> {
        let (w, h) = self.0.popup_size();
        vec![w, h]
    }

    pub fn channel(&self) -> String {
        self.0.channel()
    }

    /// An app call; `None` when the name is not one (the executor never sends such a call).
    pub fn call(&mut self, now: f64, id: u32, name: &str, args: &str, random: &[u8]) -> Option<String> {
        Some(self.run(now, wire::call_event(id, name, args, random)?))
    }

    /// `retry_after`: seconds, or NaN.
    pub fn http(&mut self, now: f64, req: u32, status: u16, body: String, retry_after: f64) -> String {
        self.run(now, wire::http_event(req, status, body, retry_after))
    }

    pub fn failed(&mut self, now: f64, req: u32, timed_out: bool) -> String {
        self.run(now, Event::HttpFailed { req, timed_out })
    }

    /// `window`: the flow window the message came from, or 0.
    pub fn message(&mut self, now: f64, origin: String, window: u32, data: Option<String>) -> String {
        self.run(now, Event::Message { origin, window: Some(window).filter(|w| *w != 0), data })
    }

    pub fn timer(&mut self, now: f64, id: u32) -> String {
        self.run(now, Event::Timer { id })
    }

    pub fn closed(&mut self, now: f64, window: u32) -> String {
        self.run(now, Event::WindowClosed { window })
    }

    pub fn stored(&mut self, now: f64, req: u32, value: Option<String>) -> String {
        self.run(now, Event::Stored { req, value })
    }

    #[wasm_bindgen(js_name = storageFailed)]
    pub fn storage_failed(&mut self, now: f64, req: u32, message: String) -> String {
        self.run(now, Event::StorageFailed { req, message })
    }

    pub fn locked(&mut self, now: f64, req: u32, waited: bool) -> String {
        self.run(now, Event::Locked { req, waited })
    }

    pub fn broadcast(&mut self, now: f64, data: String, random: &[u8]) -> String {
        self.run(now, Event::Broadcast { data, random: random.try_into().ok() })
    }

    pub fn verified(&mut self, now: f64, req: u32, ok: bool) -> String {
        self.run(now, Event::Verified { req, ok })
    }

    /// `digest`: the SHA-256 asked for, empty when WebCrypto is unavailable.
    pub fn digested(&mut self, now: f64, req: u32, digest: Vec<u8>) -> String {
        self.run(now, Event::Digested { req, digest })
    }

    pub fn abort(&mut self, now: f64, id: u32) -> String {
        self.run(now, Event::Abort { id })
    }
}

impl Engine {
    fn run(&mut self, now: f64, event: Event) -> String {
        wire::effects(&self.0.handle(now, event))
    }
}
