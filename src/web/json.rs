//! JSON through the browser's own parser: `Fields` over a JS object, so the core reads what
//! `JSON.parse` or `response.json()` produced without a Rust JSON library in the wasm.

use crate::core::json::Fields;
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

pub struct JsFields(pub JsValue);

impl JsFields {
    /// `None` for text that is not a JSON object.
    pub fn parse(text: &str) -> Option<Self> {
        Self::object(JSON::parse(text).ok()?)
    }

    /// `None` for anything but a plain object (arrays and `null` included).
    pub fn object(value: JsValue) -> Option<Self> {
        (value.is_object() && !Array::is_array(&value)).then_some(JsFields(value))
    }

    fn get(&self, key: &str) -> JsValue {
        Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }
}

impl Fields for JsFields {
    fn string(&self, key: &str) -> Option<String> {
        self.get(key).as_string()
    }

    fn number(&self, key: &str) -> Option<f64> {
        self.get(key).as_f64()
    }

    fn boolean(&self, key: &str) -> Option<bool> {
        self.get(key).as_bool()
    }

    fn strings(&self, key: &str) -> Option<Vec<String>> {
        let value = self.get(key);
        if let Some(s) = value.as_string() {
            return Some(vec![s]);
        }
        value.dyn_into::<Array>().ok()?.iter().map(|v| v.as_string()).collect()
    }

    fn entries(&self, key: &str) -> Vec<(String, String)> {
        let value = self.get(key);
        if !value.is_object() {
            return Vec::new();
        }
        let entries = Object::entries(value.unchecked_ref());
        entries
            .iter()
            .filter_map(|pair| {
                let pair: Array = pair.unchecked_into();
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect()
    }

    fn child(&self, key: &str) -> Option<Self> {
        Self::object(self.get(key))
    }
}

/// A JSON text as a JS value (e.g. an ID token's claims, handed to the app as they are).
pub fn parse_value(text: &str) -> JsValue {
    JSON::parse(text).unwrap_or(JsValue::UNDEFINED)
}
