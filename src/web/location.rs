//! The page's address: read it, leave it (navigation), or rewrite it in place (no reload, no history entry).

use super::window;
use wasm_bindgen::JsValue;

pub fn href() -> String {
    window().location().href().unwrap_or_default()
}

pub fn assign(url: &str) {
    let _ = window().location().assign(url);
}

pub fn replace_in_place(url: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}
