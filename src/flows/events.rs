//! Events to the app (`on('login' | 'logout' | 'tokenRefreshed' | 'sessionExpired' | 'error')`): the
//! wrapper hands over one function that dispatches them to its handlers.

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone)]
pub struct Events(Option<Function>);

impl Events {
    pub fn new(emit: JsValue) -> Self {
        Events(emit.dyn_into().ok())
    }

    pub fn fire(&self, kind: &str, detail: &JsValue) {
        if let Some(emit) = &self.0 {
            let _ = emit.call2(&JsValue::NULL, &kind.into(), detail);
        }
    }
}
