//! What the two wasm surfaces (`bindings.rs`, `extras_bindings.rs`) share: their engines, kept in a
//! slab by handle (one per `AuthingClient`), and the one export every event goes through, so that
//! the wasm has two exported functions rather than one per event, each with its own glue.

use crate::engine::{wire, Effect, Event, Id};
use crate::prelude::*;
use core::cell::UnsafeCell;

/// The engines of the page. The wasm runs on one thread and the executor never calls in while a
/// call is running (effects are performed after it returns), so one `&mut` exists at a time.
pub struct Slab<T>(UnsafeCell<Vec<T>>);

// SAFETY: wasm32 without threads; see above.
unsafe impl<T> Sync for Slab<T> {}

impl<T> Slab<T> {
    pub const fn new() -> Self {
        Slab(UnsafeCell::new(Vec::new()))
    }

    #[allow(clippy::mut_from_ref)]
    fn engines(&self) -> &mut Vec<T> {
        // SAFETY: single-threaded and never re-entered (see the type).
        unsafe { &mut *self.0.get() }
    }

    /// Keeps `engine`; its handle.
    pub fn add(&self, engine: T) -> Id {
        let engines = self.engines();
        engines.push(engine);
        engines.len() as Id - 1
    }

    /// One event (see `wire::event`) for engine `handle`: its effects as JSON, or `None` for an
    /// unknown engine, kind or call.
    pub fn feed(
        &self,
        handle: Id,
        now: f64,
        event: (u32, Id, f64, f64, Option<String>, Option<String>, &[u8]),
        run: impl FnOnce(&mut T, f64, Event) -> Vec<Effect>,
    ) -> Option<String> {
        let (kind, id, a, b, text, more, octets) = event;
        let event = wire::event(kind, id, a, b, text, more, octets)?;
        let engine = self.engines().get_mut(handle as usize)?;
        Some(wire::effects(&run(engine, now, event)))
    }
}

/// `{"engine":N,...}` with the handle of the engine made and `fields` (JSON members, each led by a
/// comma), or `{"error":{...}}`.
pub fn created(made: Result<(Id, String), crate::core::error::Error>) -> String {
    let mut out = String::from("{");
    match made {
        Ok((handle, fields)) => {
            out.push_str("\"engine\":");
            crate::core::json::push_integer(handle.into(), &mut out);
            out.push_str(&fields);
        }
        Err(e) => {
            out.push_str("\"error\":");
            out.push_str(&wire::error_json(&e));
        }
    }
    out.push('}');
    out
}

/// The `feed` export of a wasm surface over its slab `$engines`: one event for engine `engine` (the
/// kinds: `engine::wire::event`), its effects as JSON.
macro_rules! feed_export {
    ($engines:ident) => {
        #[allow(clippy::too_many_arguments)]
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn feed(
            engine: u32,
            now: f64,
            kind: u32,
            id: u32,
            a: f64,
            b: f64,
            text: Option<String>,
            more: Option<String>,
            octets: &[u8],
        ) -> Option<String> {
            $engines.feed(engine, now, (kind, id, a, b, text, more, octets), |e, now, event| e.handle(now, event))
        }
    };
}
pub(crate) use feed_export;
