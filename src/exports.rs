//! The wasm's exports, shared by its two surfaces (`bindings.rs`, `extras_bindings.rs`): the page's
//! engines in a slab by handle (one per `AuthingClient`), and the plain C ABI that
//! `js/executor/wasm.ts` drives. No wasm-bindgen: its glue weighed more than the loader it replaces.
//!
//! Strings cross as UTF-8 bytes. Into the wasm: the executor asks `buffer` for room, writes every
//! input of one call into it, and the call takes it back. Out of it: a call answers a pointer to a
//! little-endian `u32` length and the text after it (0: no answer), valid until the next call.

use crate::engine::{io::Batch, wire, Event, Id};
use crate::prelude::*;
use core::cell::UnsafeCell;

/// What the page keeps between calls. The wasm runs on one thread and the executor never calls in
/// while a call is running (effects are performed after it returns), so one `&mut` exists at a time.
pub struct Slab<T>(UnsafeCell<(Vec<T>, Vec<u8>)>);

// SAFETY: wasm32 without threads; see above.
unsafe impl<T> Sync for Slab<T> {}

impl<T> Slab<T> {
    pub const fn new() -> Self {
        Slab(UnsafeCell::new((Vec::new(), Vec::new())))
    }

    #[allow(clippy::mut_from_ref)]
    fn state(&self) -> &mut (Vec<T>, Vec<u8>) {
        // SAFETY: single-threaded and never re-entered (see the type).
        unsafe { &mut *self.0.get() }
    }

    /// Keeps `engine`; its handle.
    pub fn add(&self, engine: T) -> Id {
        let engines = &mut self.state().0;
        engines.push(engine);
        engines.len() as Id - 1
    }

    /// `text` for the executor to read (see the module): a pointer to its length and bytes.
    pub fn answer(&self, text: Option<String>) -> *const u8 {
        let Some(text) = text else { return core::ptr::null() };
        let out = &mut self.state().1;
        out.clear();
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
        out.as_ptr()
    }

    /// Answers `{"engine":N,...}` with the handle of the engine made and `fields` (JSON members, each
    /// led by a comma), or `{"error":{...}}`.
    pub fn created(&self, made: Result<(Id, String), crate::core::error::Error>) -> *const u8 {
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
        self.answer(Some(out))
    }

    /// One event (see `wire::event`) for engine `handle`: its effects as JSON, or `None` for an
    /// unknown engine, kind or call.
    pub fn feed(
        &self,
        handle: Id,
        now: f64,
        event: (u32, Id, f64, f64, Input),
        run: impl FnOnce(&mut T, f64, Event) -> Batch,
    ) -> Option<String> {
        let (kind, id, a, b, input) = event;
        let event = wire::event(kind, id, a, b, input.text(0), input.text(1), input.octets())?;
        let engine = self.state().0.get_mut(handle as usize)?;
        Some(wire::close(run(engine, now, event)))
    }
}

/// The inputs of one call, as the executor wrote them into a `buffer`: two optional texts and the
/// octets after them.
pub struct Input {
    bytes: Vec<u8>,
    /// Where each text ends (`None`: absent), and so where the next part starts.
    ends: [Option<usize>; 2],
}

impl Input {
    /// Takes back the buffer at `ptr` of `len` bytes, the texts' lengths first (negative: absent).
    ///
    /// # Safety
    /// `ptr` and `len` are those of one `buffer(len)` call not taken back yet, or `len` is 0.
    pub unsafe fn take(ptr: *mut u8, len: usize, lengths: [i32; 2]) -> Self {
        let bytes = if len == 0 { Vec::new() } else { Vec::from_raw_parts(ptr, len, len) };
        // By hand: `[i32; 2]::map` builds the generic array machinery into the wasm.
        let end = |start: usize, n: i32| (n >= 0).then(|| (start + n as usize).min(len));
        let first = end(0, lengths[0]);
        let ends = [first, end(first.unwrap_or(0), lengths[1])];
        Input { bytes, ends }
    }

    fn start(&self, part: usize) -> usize {
        self.ends[..part].iter().flatten().last().copied().unwrap_or(0)
    }

    /// Text `part` (0 or 1), if present and UTF-8 (the executor's `TextEncoder` writes only UTF-8),
    /// borrowed: an event's texts are read in place.
    pub fn text(&self, part: usize) -> Option<&str> {
        let end = self.ends[part]?;
        crate::core::utf8::str(self.bytes.get(self.start(part)..end)?)
    }

    pub fn octets(&self) -> &[u8] {
        self.bytes.get(self.start(2)..).unwrap_or_default()
    }
}

/// The app's options, as JSON in the `buffer` at `ptr` of `len` bytes (`null` when they are not JSON):
/// `Options::read` borrows from it.
///
/// # Safety
/// As `Input::take`.
pub unsafe fn options(ptr: *mut u8, len: usize) -> crate::core::value::Value {
    let input = Input::take(ptr, len, [len as i32, -1]);
    input.text(0).and_then(crate::core::value::Value::parse).unwrap_or(crate::core::value::Value::Null)
}

/// Room for `len` bytes of input, which the next call takes back (`Input::take`).
#[no_mangle]
pub extern "C" fn buffer(len: usize) -> *mut u8 {
    let mut room = Vec::<u8>::with_capacity(len);
    let ptr = room.as_mut_ptr();
    // The next call owns it (`Vec::with_capacity` allocates exactly `len` bytes of u8).
    core::mem::forget(room);
    ptr
}

/// The `feed` export of a wasm surface over its slab `$engines`: one event for engine `engine` (the
/// kinds: `engine::wire::event`; `text_len` and `more_len` as `Input::take` reads them), its
/// effects as JSON.
macro_rules! feed_export {
    ($engines:ident) => {
        /// # Safety
        /// `input` and `len` come from `buffer(len)` (see `Input::take`).
        #[allow(clippy::too_many_arguments)]
        #[no_mangle]
        pub unsafe extern "C" fn feed(
            engine: u32,
            now: f64,
            kind: u32,
            id: u32,
            a: f64,
            b: f64,
            input: *mut u8,
            len: usize,
            text_len: i32,
            more_len: i32,
        ) -> *const u8 {
            let input = $crate::exports::Input::take(input, len, [text_len, more_len]);
            $engines.answer($engines.feed(engine, now, (kind, id, a, b, input), |e, now, event| e.handle(now, event)))
        }
    };
}
pub(crate) use feed_export;
