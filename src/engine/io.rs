//! What every engine (the login engine, and the extras of QR/push login and the Authentication API)
//! keeps to talk to its executor: ids, the effects of the current batch, the answers it waits for
//! and the timers it set, each with what it is for.

use super::{Body, Effect, Id, REQUEST_TIMEOUT_MS};
use crate::prelude::*;

/// One batch of effects, as `handle` returns it. The wasm writes each effect as its row the moment it
/// is made (`wire::push`): no effect outlives its call, and none is stored in between. Native builds
/// keep them typed, for the tests and for a Rust executor.
#[cfg(target_arch = "wasm32")]
pub type Batch = String;
#[cfg(not(target_arch = "wasm32"))]
pub type Batch = Vec<Effect>;

pub struct Io<W, T> {
    next: Id,
    pub out: Batch,
    pub waits: Vec<(Id, W)>,
    timers: Vec<(Id, T)>,
}

impl<W, T> Default for Io<W, T> {
    fn default() -> Self {
        Io { next: 1, out: Batch::new(), waits: Vec::new(), timers: Vec::new() }
    }
}

/// Removes the entry of `id`; the index check keeps `swap_remove`'s panic out of reach.
fn take<V>(list: &mut Vec<(Id, V)>, id: Id) -> Option<V> {
    let at = list.iter().position(|(i, _)| *i == id)?;
    (at < list.len()).then(|| list.swap_remove(at).1)
}

impl<W, T> Io<W, T> {
    pub fn id(&mut self) -> Id {
        let id = self.next;
        self.next = self.next.wrapping_add(1).max(1);
        id
    }

    pub fn emit(&mut self, effect: Effect) {
        #[cfg(target_arch = "wasm32")]
        super::wire::push(&effect, &mut self.out);
        #[cfg(not(target_arch = "wasm32"))]
        self.out.push(effect);
    }

    pub fn wait(&mut self, wait: W) -> Id {
        let req = self.id();
        self.waits.push((req, wait));
        req
    }

    pub fn take_wait(&mut self, req: Id) -> Option<W> {
        take(&mut self.waits, req)
    }

    pub fn send(
        &mut self,
        wait: W,
        method: &'static str,
        url: String,
        headers: Vec<(&'static str, String)>,
        body: Option<Body>,
    ) -> Id {
        let req = self.wait(wait);
        self.emit(Effect::Send { req, method, url, headers, body, timeout_ms: REQUEST_TIMEOUT_MS });
        req
    }

    pub fn set_timer(&mut self, timer: T, ms: f64) -> Id {
        let id = self.id();
        self.timers.push((id, timer));
        self.emit(Effect::SetTimer { id, ms });
        id
    }

    pub fn clear_timer(&mut self, id: Id) {
        if take(&mut self.timers, id).is_some() {
            self.emit(Effect::ClearTimer { id });
        }
    }

    /// The timer that fired, once.
    pub fn fired(&mut self, id: Id) -> Option<T> {
        take(&mut self.timers, id)
    }
}
