//! The extras' wasm-bindgen surface (built with `--features extras`): the same shape as the login
//! engine's (`bindings.rs`), for the events the extras hear.

use crate::engine::{wire, Event};
use crate::extras;
use crate::prelude::*;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Extras(extras::Extras);

#[wasm_bindgen]
impl Extras {
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<Extras, String> {
        let options = wire::options(options);
        extras::Extras::new(options).map(Extras).map_err(|e| wire::error_json(&e))
    }

    pub fn call(&mut self, now: f64, id: u32, name: &str, args: &str, random: &[u8]) -> Option<String> {
        Some(self.run(now, wire::call_event(id, name, args, random)?))
    }

    pub fn http(&mut self, now: f64, req: u32, status: u16, body: String, retry_after: f64) -> String {
        self.run(now, wire::http_event(req, status, body, retry_after))
    }

    pub fn failed(&mut self, now: f64, req: u32, timed_out: bool) -> String {
        self.run(now, Event::HttpFailed { req, timed_out })
    }

    pub fn timer(&mut self, now: f64, id: u32) -> String {
        self.run(now, Event::Timer { id })
    }

    pub fn abort(&mut self, now: f64, id: u32) -> String {
        self.run(now, Event::Abort { id })
    }

    pub fn visibility(&mut self, now: f64, hidden: bool) -> String {
        self.run(now, Event::Visibility { hidden })
    }

    /// The login engine's access token for API call `id`, or none (signed out).
    pub fn token(&mut self, now: f64, id: u32, token: Option<String>) -> String {
        self.run(now, Event::Token { id, token })
    }
}

impl Extras {
    fn run(&mut self, now: f64, event: Event) -> String {
        wire::effects(&self.0.handle(now, event))
    }
}
