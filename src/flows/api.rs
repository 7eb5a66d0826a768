//! One call to Authing's `/api/v3`: the app's headers, a JSON body, the envelope unwrapped.

use super::client::Client;
use crate::core::envelope;
use crate::core::error::{Error, ErrorCode};
use crate::web::http::{self, Request};
use crate::web::json::JsFields;
use web_sys::AbortSignal;

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

pub async fn call(
    client: &Client,
    method: &str,
    path: &str,
    body: Option<&str>,
    signal: Option<&AbortSignal>,
) -> Result<Option<JsFields>, Failure> {
    let c = &client.config;
    let mut url = c.provider_origin();
    url.push_str(path);
    let mut headers = vec![("x-authing-app-id", c.app_id.as_str())];
    if body.is_some() {
        headers.push(("content-type", "application/json"));
    }
    if let Some(pool) = c.user_pool_id.as_deref() {
        headers.push(("x-authing-userpool-id", pool));
    }
    if let Some(tenant) = c.tenant_id.as_deref() {
        headers.push(("x-authing-app-tenant-id", tenant));
    }
    let answer = http::send(Request { method, url: &url, headers: &headers, body, signal })
        .await
        .map_err(|_| Failure::Retry { retry_after_ms: None })?;
    let status = answer.status;
    if status == 429 {
        // Seconds (the HTTP-date form is rare for APIs and falls back to backoff); JS parses the
        // number, which keeps Rust's float parser and its tables out of the wasm.
        let seconds = answer.header("retry-after").map(|s| js_sys::Number::parse_float(&s));
        let retry_after_ms = seconds.filter(|s| s.is_finite() && *s >= 0.0).map(|s| s * 1000.0);
        return Err(Failure::Retry { retry_after_ms });
    }
    if status >= 500 || status == 408 {
        return Err(Failure::Retry { retry_after_ms: None });
    }
    let body = answer.json().await.map_err(Failure::Fatal)?;
    let envelope = JsFields::object(body).ok_or_else(|| Failure::Fatal(http::unexpected(status)))?;
    envelope::data(&envelope).map_err(Failure::Fatal)
}
