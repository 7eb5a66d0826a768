//! HTTP through `fetch`: form posts and bearer GETs, with every failure turned into a typed error.

use crate::core::error::{Error, ErrorCode, Result};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

pub struct Answer {
    pub status: u16,
    response: Response,
}

impl Answer {
    /// The body as JSON (OAuth endpoints send JSON for errors too); anything else is `network_error`.
    pub async fn json(self) -> Result<JsValue> {
        let status = self.status;
        let promise = self.response.json().map_err(|_| unexpected(status))?;
        JsFuture::from(promise).await.map_err(|_| unexpected(status))
    }
}

pub async fn post_form(url: &str, form: &str) -> Result<Answer> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(form));
    init.set_headers(&header("content-type", "application/x-www-form-urlencoded"));
    send(url, &init).await
}

pub async fn get(url: &str, bearer: Option<&str>) -> Result<Answer> {
    let init = RequestInit::new();
    if let Some(token) = bearer {
        let mut value = String::from("Bearer ");
        value.push_str(token);
        init.set_headers(&header("authorization", &value));
    }
    send(url, &init).await
}

fn header(name: &str, value: &str) -> JsValue {
    let h = Object::new();
    let _ = Reflect::set(&h, &JsValue::from_str(name), &JsValue::from_str(value));
    h.into()
}

async fn send(url: &str, init: &RequestInit) -> Result<Answer> {
    let window = web_sys::window().ok_or_else(|| failure("No browser window to send the request from."))?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await
        .map_err(|_| failure("Could not reach the Authing server: check the network and the `domain` option."))?
        .unchecked_into();
    Ok(Answer { status: response.status(), response })
}

/// An answer the SDK cannot use: a status or body the endpoint should never send.
pub fn unexpected(status: u16) -> Error {
    let mut message = String::from("The Authing server answered HTTP ");
    message.push_str(&String::from(js_sys::Number::from(status).to_string_with_radix(10).unwrap_or_default()));
    message.push_str(" with a body the SDK does not understand.");
    failure(&message)
}

fn failure(message: &str) -> Error {
    Error::new(ErrorCode::NetworkError, message)
}
