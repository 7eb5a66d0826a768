//! An app's own cache: any object with `get(key)`, `set(key, value)` and `remove(key)`, each
//! returning a value or a Promise of one. Throws and rejections come back as `storage_error`.

use crate::core::error::{Error, ErrorCode, Result};
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub struct CustomStore(JsValue);

impl CustomStore {
    /// `None` unless `value` has the three methods.
    pub fn new(value: JsValue) -> Option<Self> {
        let has = |name: &str| Reflect::get(&value, &name.into()).is_ok_and(|f| f.is_function());
        (value.is_object() && has("get") && has("set") && has("remove")).then_some(CustomStore(value))
    }

    async fn call(&self, method: &str, args: &[&str]) -> Result<JsValue> {
        let f: Function = Reflect::get(&self.0, &method.into()).map_err(|_| failed())?.unchecked_into();
        let args: Array = args.iter().map(|a| JsValue::from_str(a)).collect();
        let out = f.apply(&self.0, &args).map_err(|_| failed())?;
        JsFuture::from(Promise::resolve(&out)).await.map_err(|_| failed())
    }

    pub async fn get(&self, key: &str) -> Result<Option<String>> {
        Ok(self.call("get", &[key]).await?.as_string())
    }

    pub async fn set(&self, key: &str, value: &str) -> Result<()> {
        self.call("set", &[key, value]).await.map(drop)
    }

    pub async fn remove(&self, key: &str) -> Result<()> {
        self.call("remove", &[key]).await.map(drop)
    }
}

fn failed() -> Error {
    Error::new(ErrorCode::StorageError, "The custom cache store threw or rejected.")
}
