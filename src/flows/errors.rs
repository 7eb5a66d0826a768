//! Errors as the JS side receives them: plain `{ code, message, error?, errorDescription? }` objects,
//! which the wrapper turns into `AuthingError`s.

use crate::core::error::Error;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

pub fn to_js(e: &Error) -> JsValue {
    let out = Object::new();
    let set = |k: &str, v: JsValue| drop(Reflect::set(&out, &k.into(), &v));
    set("code", e.code.as_str().into());
    set("message", e.message.as_str().into());
    if let Some(api) = &e.api {
        set("statusCode", api.status_code.into());
        if let Some(c) = api.api_code {
            set("apiCode", c.into());
        }
        if let Some(r) = &api.request_id {
            set("requestId", r.as_str().into());
        }
    }
    if let Some((error, description)) = &e.oauth {
        set("error", error.as_str().into());
        if let Some(d) = description {
            set("errorDescription", d.as_str().into());
        }
    }
    out.into()
}
