//! Authing's `/api/v3` (and the rest of the Authentication API): one generic request path with the
//! app's headers, the session's bearer token, a JSON, form or multipart body, the envelope unwrapped,
//! and token sets stored like any sign-in.

use super::client::Client;
use super::exchange::store_token_set;
use super::login_state::get_access_token;
use crate::core::api_request::{flag, url};
use crate::core::envelope;
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::json::Fields;
use crate::web::http::{self, Abort, Request};
use crate::web::json::JsFields;
use crate::web::timers::Timer;
use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortSignal, Blob, FormData, UrlSearchParams};

/// How long one API request may take before it ends with `network_error`.
const TIMEOUT_MS: f64 = 30_000.0;

/// Why a call failed: worth another try later (network, 5xx, 408, 429), or for good.
pub enum Failure {
    Retry { retry_after_ms: Option<f64> },
    Fatal(Error),
}

impl Failure {
    /// For callers that do not retry.
    pub fn into_error(self) -> Error {
        match self {
            Failure::Fatal(e) => e,
            Failure::Retry { .. } => {
                Error::new(ErrorCode::NetworkError, "The Authing API is unreachable or overloaded: try again later.")
            }
        }
    }
}

/// An `/api/v3` call with an envelope (QR and push login).
pub async fn call(
    client: &Client,
    method: &str,
    path: &str,
    body: Option<&str>,
    signal: Option<&AbortSignal>,
) -> core::result::Result<Option<JsFields>, Failure> {
    let mut target = client.config.provider_origin();
    target.push_str(path);
    let body = body.map(JsValue::from_str);
    let flags = if body.is_some() { flag::JSON_BODY } else { 0 };
    let answer = send(client, method, &target, flags, None, body.as_ref(), signal).await?;
    let status = answer.status;
    let envelope = JsFields::object(answer.json().await.map_err(Failure::Fatal)?)
        .ok_or_else(|| Failure::Fatal(http::unexpected(status)))?;
    envelope::data(&envelope).map_err(Failure::Fatal)
}

/// `authing.api.<name>(input)`: `op` is the operation's entry in the generated table,
/// `[method, path, flags, query names?, path parameter names?]`.
pub async fn request(client: &Client, op: &JsValue, input: &JsValue) -> Result<JsValue> {
    let part = |i: u32| Reflect::get(op, &i.into()).unwrap_or(JsValue::UNDEFINED);
    let names = |i: u32| -> Vec<String> {
        part(i).dyn_into::<Array>().map(|a| a.iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default()
    };
    let (method, path, flags) = (
        part(0).as_string().unwrap_or_default(),
        part(1).as_string().unwrap_or_default(),
        part(2).as_f64().unwrap_or(0.0) as u32,
    );
    let (query_names, path_names) = (names(3), names(4));
    let field = |name: &str| Reflect::get(input, &name.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());

    let path_values: Vec<(&str, Option<String>)> =
        path_names.iter().map(|n| (n.as_str(), field(n).and_then(|v| text(&v)))).collect();
    let query: Vec<(&str, String)> = query_names.iter().filter_map(|n| Some((n.as_str(), text(&field(n)?)?))).collect();
    let target = url(&client.config.provider_origin(), &path, &path_values, &query).map_err(|missing| {
        let mut message = String::from("The operation needs the path parameter `");
        message.push_str(missing);
        message.push_str("` in its input.");
        Error::new(ErrorCode::ConfigError, &message)
    })?;
    let body = body(flags, input, &query_names, &path_names);
    // The session's token when there is one; signed out, the request goes without (some operations
    // the spec marks as bearer, like /api/v3/system, are needed before signing in).
    let token = match flags & flag::BEARER {
        0 => None,
        _ => match get_access_token(client, false).await {
            Ok(token) => Some(token),
            Err(e) if e.code.needs_user() => None,
            Err(e) => return Err(e),
        },
    };
    if flags & flag::NAVIGATE != 0 {
        return Ok(target.into());
    }
    let abort = Abort::new();
    let signal = abort.as_ref().map(Abort::signal);
    let _timeout = abort.map(|a| Timer::once(TIMEOUT_MS, move || a.abort()));
    let answer = send(client, &method, &target, flags, token.as_deref(), body.as_ref(), signal.as_ref())
        .await
        .map_err(Failure::into_error)?;
    let status = answer.status;
    let json = answer.json().await;
    if flags & flag::ENVELOPE == 0 {
        return match json {
            Ok(value) if (200..300).contains(&status) => Ok(value),
            Ok(value) => Err(oauth_or_http_error(&value, status)),
            Err(_) if (200..300).contains(&status) => Ok(JsValue::UNDEFINED),
            Err(e) => Err(e),
        };
    }
    let envelope = JsFields::object(json?).ok_or_else(|| http::unexpected(status))?;
    if status >= 400 && envelope.number("statusCode").is_none() {
        return Err(http_refusal(&envelope, status));
    }
    let data = envelope::data(&envelope)?;
    let Some(data) = data else { return Ok(JsValue::UNDEFINED) };
    if flags & flag::TOKENS != 0 {
        // The token set is the data itself (sign-in APIs) or its `tokenSet` (passkeys, QR, push).
        let has_tokens = |f: &JsFields| f.string("access_token").is_some();
        if has_tokens(&data) {
            store_token_set(client, &data).await?;
        } else if let Some(set) = data.child("tokenSet").filter(has_tokens) {
            store_token_set(client, &set).await?;
        }
    }
    Ok(data.0)
}

/// One request with the headers the operation needs.
async fn send(
    client: &Client,
    method: &str,
    target: &str,
    flags: u32,
    bearer: Option<&str>,
    body: Option<&JsValue>,
    signal: Option<&AbortSignal>,
) -> core::result::Result<http::Answer, Failure> {
    let c = &client.config;
    let mut headers = vec![("x-authing-app-id", c.app_id.as_str())];
    if flags & flag::JSON_BODY != 0 {
        headers.push(("content-type", "application/json"));
    }
    let mut authorization = String::from("Bearer ");
    if let Some(token) = bearer {
        authorization.push_str(token);
        headers.push(("authorization", &authorization));
    }
    if let Some(pool) = c.user_pool_id.as_deref() {
        headers.push(("x-authing-userpool-id", pool));
    }
    if let Some(tenant) = c.tenant_id.as_deref() {
        headers.push(("x-authing-app-tenant-id", tenant));
    }
    let answer = http::send(Request { method, url: target, headers: &headers, body, signal })
        .await
        .map_err(|_| Failure::Retry { retry_after_ms: None })?;
    match answer.status {
        429 => {
            // Seconds; JS parses the number, which keeps Rust's float parser out of the wasm.
            let seconds = answer.header("retry-after").map(|s| js_sys::Number::parse_float(&s));
            Err(Failure::Retry { retry_after_ms: seconds.filter(|s| s.is_finite() && *s >= 0.0).map(|s| s * 1000.0) })
        }
        408 | 500..=599 => Err(Failure::Retry { retry_after_ms: None }),
        _ => Ok(answer),
    }
}

/// The input minus its path and query fields, as the operation's body type.
fn body(flags: u32, input: &JsValue, query: &[String], path: &[String]) -> Option<JsValue> {
    if flags & (flag::JSON_BODY | flag::FORM_BODY | flag::MULTIPART_BODY) == 0 {
        return None;
    }
    let rest = Object::new();
    if input.is_object() {
        for entry in Object::entries(input.unchecked_ref()).iter() {
            let entry: Array = entry.unchecked_into();
            let key = entry.get(0).as_string().unwrap_or_default();
            if !query.contains(&key) && !path.contains(&key) && !entry.get(1).is_undefined() {
                let _ = Reflect::set(&rest, &key.into(), &entry.get(1));
            }
        }
    }
    let entries = || -> Vec<Array> { Object::entries(&rest).iter().map(|e| e.unchecked_into()).collect() };
    if flags & flag::MULTIPART_BODY != 0 {
        let form = FormData::new().ok()?;
        for e in entries() {
            let (key, value) = (e.get(0).as_string().unwrap_or_default(), e.get(1));
            let _ = match value.dyn_ref::<Blob>() {
                Some(blob) => form.append_with_blob(&key, blob),
                None => form.append_with_str(&key, &text(&value).unwrap_or_default()),
            };
        }
        return Some(form.into());
    }
    if flags & flag::FORM_BODY != 0 {
        let form = UrlSearchParams::new().ok()?;
        for e in entries() {
            form.append(&e.get(0).as_string().unwrap_or_default(), &text(&e.get(1)).unwrap_or_default());
        }
        return Some(form.into());
    }
    JSON::stringify(&rest).ok().map(Into::into)
}

/// A value as it goes in a URL or a form: strings as they are, anything else as JSON.
fn text(value: &JsValue) -> Option<String> {
    value.as_string().or_else(|| JSON::stringify(value).ok().map(String::from))
}

/// An HTTP error without an envelope (a gateway, or a validator such as Prism's 422 problem+json):
/// an `api_error` whose `statusCode` is the HTTP status.
fn http_refusal(body: &JsFields, status: u16) -> Error {
    let mut message = String::from("The Authing API refused the request with HTTP ");
    crate::core::json::push_integer(status.into(), &mut message);
    if let Some(detail) = body.string("detail").or_else(|| body.string("message")).or_else(|| body.string("title")) {
        message.push_str(": ");
        message.push_str(&detail);
    }
    let mut e = Error::new(ErrorCode::ApiError, &message);
    e.api =
        Some(Box::new(crate::core::error::ApiDetails { status_code: status.into(), api_code: None, request_id: None }));
    e
}

/// A non-envelope endpoint's failure (`/oidc/*`): its OAuth error when it sent one.
fn oauth_or_http_error(body: &JsValue, status: u16) -> Error {
    let error = Reflect::get(body, &"error".into()).ok().and_then(|e| e.as_string());
    match error {
        Some(e) => Error::oauth(
            &e,
            Reflect::get(body, &"error_description".into()).ok().and_then(|d| d.as_string()).as_deref(),
        ),
        None => http::unexpected(status),
    }
}
