//! `setTimeout` and `setInterval` handles that clear themselves when dropped.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub struct Timer {
    id: i32,
    repeat: bool,
    _callback: Closure<dyn FnMut()>,
}

impl Timer {
    /// Calls `f` once after `ms`.
    pub fn once(ms: f64, f: impl FnMut() + 'static) -> Self {
        Self::start(ms, false, f)
    }

    /// Calls `f` every `ms` until dropped.
    pub fn every(ms: f64, f: impl FnMut() + 'static) -> Self {
        Self::start(ms, true, f)
    }

    fn start(ms: f64, repeat: bool, f: impl FnMut() + 'static) -> Self {
        let callback = Closure::<dyn FnMut()>::new(f);
        let window = super::window();
        let handler = callback.as_ref().unchecked_ref();
        let ms = ms.clamp(0.0, i32::MAX as f64) as i32;
        let id = if repeat {
            window.set_interval_with_callback_and_timeout_and_arguments_0(handler, ms)
        } else {
            window.set_timeout_with_callback_and_timeout_and_arguments_0(handler, ms)
        };
        Timer { id: id.unwrap_or(0), repeat, _callback: callback }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        let window = super::window();
        if self.repeat {
            window.clear_interval_with_handle(self.id);
        } else {
            window.clear_timeout_with_handle(self.id);
        }
    }
}
