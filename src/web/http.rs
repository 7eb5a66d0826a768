//! HTTP through `fetch`, with every failure turned into a typed error.

use crate::core::error::{Error, ErrorCode, Result};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, RequestInit, Response};

pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    /// A string, `URLSearchParams` or `FormData` (whose boundary the browser writes).
    pub body: Option<&'a JsValue>,
    /// Aborting it cancels the request in flight.
    pub signal: Option<&'a AbortSignal>,
}

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

    /// A response header the server exposes to this origin.
    pub fn header(&self, name: &str) -> Option<String> {
        self.response.headers().get(name).ok().flatten()
    }
}

pub async fn send(request: Request<'_>) -> Result<Answer> {
    let init = RequestInit::new();
    init.set_method(request.method);
    let headers = Object::new();
    for (k, v) in request.headers {
        let _ = Reflect::set(&headers, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    init.set_headers(&headers);
    if let Some(body) = request.body {
        init.set_body(body);
    }
    if let Some(signal) = request.signal {
        init.set_signal(Some(signal));
    }
    let response: Response = JsFuture::from(super::window().fetch_with_str_and_init(request.url, &init))
        .await
        .map_err(|_| failure("Could not reach the Authing server: check the network and the `domain` option."))?
        .unchecked_into();
    Ok(Answer { status: response.status(), response })
}

pub async fn post_form(url: &str, form: &str) -> Result<Answer> {
    let headers = [("content-type", "application/x-www-form-urlencoded")];
    send(Request { method: "POST", url, headers: &headers, body: Some(&form.into()), signal: None }).await
}

pub async fn get(url: &str, bearer: Option<&str>) -> Result<Answer> {
    let mut value = String::from("Bearer ");
    value.push_str(bearer.unwrap_or_default());
    let headers = [("authorization", value.as_str())];
    let headers: &[(&str, &str)] = if bearer.is_some() { &headers } else { &[] };
    send(Request { method: "GET", url, headers, body: None, signal: None }).await
}

/// An `AbortController` for one request.
pub struct Abort(AbortController);

impl Abort {
    pub fn new() -> Option<Self> {
        AbortController::new().ok().map(Abort)
    }

    pub fn signal(&self) -> AbortSignal {
        self.0.signal()
    }

    pub fn abort(&self) {
        self.0.abort();
    }
}

/// An answer the SDK cannot use: a status or body the endpoint should never send.
pub fn unexpected(status: u16) -> Error {
    let mut message = String::from("The Authing server answered HTTP ");
    crate::core::json::push_integer(status.into(), &mut message);
    message.push_str(" with a body the SDK does not understand.");
    failure(&message)
}

fn failure(message: &str) -> Error {
    Error::new(ErrorCode::NetworkError, message)
}
