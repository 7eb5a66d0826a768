//! Authing's Authentication API (107 operations): one generic request from the operation's entry in
//! the generated table and the app's input, with the app's headers, the session's bearer token, a
//! JSON, form or multipart body, the `/api/v3` envelope unwrapped, and token sets stored like any
//! sign-in.

use super::{Extras, Wait};
use crate::core::api_request::{flag, url};
use crate::core::envelope;
use crate::core::error::{ApiDetails, Error, ErrorCode, Message, Result};
use crate::core::json::Fields;
use crate::core::url::Form;
use crate::core::value::Value;
use crate::engine::{unexpected, Answer, Body, Effect, Id, Reply};
use crate::prelude::*;

/// An operation of the table (`js/api/operations.ts`).
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub method: &'static str,
    pub path: String,
    pub flags: u32,
    pub query: Vec<String>,
    pub path_params: Vec<String>,
}

/// A request waiting for its bearer token.
pub struct Pending {
    id: Id,
    op: Operation,
    input: Value,
    url: String,
}

impl Pending {
    pub fn is(&self, id: Id) -> bool {
        self.id == id
    }
}

impl Extras {
    /// `authing.api.<name>(input)`; `input` is the app's input as JSON (files as `{}`: multipart
    /// bodies are assembled by the executor from the app's own values).
    pub(super) fn api(&mut self, id: Id, op: Operation, input: Value) {
        let text_of = |name: &str| input.get(name).filter(|v| !matches!(v, Value::Null)).map(text);
        let path_values: Vec<(&str, Option<String>)> =
            op.path_params.iter().map(|n| (n.as_str(), text_of(n))).collect();
        let query: Vec<(&str, String)> = op.query.iter().filter_map(|n| Some((n.as_str(), text_of(n)?))).collect();
        let url = match url(&self.config.provider_origin(), &op.path, &path_values, &query) {
            Ok(url) => url,
            Err(missing) => {
                return self.reject(id, Error::new(ErrorCode::ConfigError, Message::PathParameter).and(missing));
            }
        };
        if op.flags & flag::NAVIGATE != 0 {
            return self.resolve(id, Answer::Text(url));
        }
        let bearer_wanted = op.flags & flag::BEARER != 0;
        self.api_pending.push(Pending { id, op, input, url });
        if bearer_wanted {
            self.io.emit(Effect::Bearer { id });
        } else {
            self.api_send(id, None);
        }
    }

    /// With the session's token when there is one; signed out, the request goes without (some
    /// operations the spec marks as bearer, like /api/v3/system, are needed before signing in).
    pub(super) fn api_send(&mut self, id: Id, token: Option<&str>) {
        let Some(at) = self.api_pending.iter().position(|p| p.id == id) else { return };
        let Pending { op, input, url, .. } = self.api_pending.swap_remove(at);
        let body = body(id, &op, &input);
        let mut headers = self.api_headers(body.as_ref());
        if let Some(token) = token {
            let mut value = String::from("Bearer ");
            value.push_str(token);
            headers.push(("authorization", value));
        }
        self.io.send(Wait::Api(id, op.flags), op.method, url, headers, body);
    }

    pub(super) fn api_answered(&mut self, id: Id, flags: u32, answer: Result<Reply>) {
        let reply = match answer {
            Ok(r) => r,
            Err(e) => return self.reject(id, e),
        };
        let json = Value::parse(reply.body);
        let ok = (200..300).contains(&reply.status);
        if flags & flag::ENVELOPE == 0 {
            return match json {
                Some(_) if ok => self.resolve(id, Answer::Json(reply.body.into())),
                None if ok => self.resolve(id, Answer::Nothing),
                Some(body) => self.reject(id, oauth_or_http_error(&body, reply.status)),
                None => self.reject(id, unexpected(reply.status)),
            };
        }
        let envelope = match json.filter(|v| matches!(v, Value::Object(_))) {
            Some(e) => e,
            None => return self.reject(id, unexpected(reply.status)),
        };
        if reply.status >= 400 && envelope.number("statusCode").is_none() {
            return self.reject(id, http_refusal(&envelope, reply.status));
        }
        let data = match envelope::data(&envelope) {
            Ok(Some(data)) => data,
            Ok(None) => return self.resolve(id, Answer::Nothing),
            Err(e) => return self.reject(id, e),
        };
        let mut text = String::new();
        data.write(&mut text);
        if flags & flag::TOKENS != 0 {
            // The token set is the data itself (sign-in APIs) or its `tokenSet` (passkeys, QR, push).
            let has_tokens = |v: &Value| v.string("access_token").is_some();
            let set = if has_tokens(data) { Some(data) } else { data.child("tokenSet").filter(|v| has_tokens(v)) };
            if let Some(set) = set {
                let mut json = String::new();
                set.write(&mut json);
                return self.io.emit(Effect::TokenSet { id, set: json, data: Some(text) });
            }
        }
        self.resolve(id, Answer::Json(text));
    }
}

/// A value as it goes in a URL or a form: strings as they are, anything else as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => {
            let mut out = String::new();
            other.write(&mut out);
            out
        }
    }
}

/// The input minus its path and query fields, as the operation's body type.
fn body(call: Id, op: &Operation, input: &Value) -> Option<Body> {
    if op.flags & (flag::JSON_BODY | flag::FORM_BODY | flag::MULTIPART_BODY) == 0 {
        return None;
    }
    let fields: Vec<&(String, Value)> = match input {
        Value::Object(entries) => {
            entries.iter().filter(|(k, _)| !op.query.contains(k) && !op.path_params.contains(k)).collect()
        }
        _ => Vec::new(),
    };
    if op.flags & flag::MULTIPART_BODY != 0 {
        return Some(Body::Multipart { call, names: fields.iter().map(|(k, _)| k.clone()).collect() });
    }
    if op.flags & flag::FORM_BODY != 0 {
        let mut form = Form::new();
        for (k, v) in fields {
            form.push(k, &text(v));
        }
        return Some(Body::Form(form.as_str().into()));
    }
    let rest = Value::Object(fields.into_iter().cloned().collect());
    let mut json = String::new();
    rest.write(&mut json);
    Some(Body::Json(json))
}

/// An HTTP error without an envelope (a gateway, or a validator such as Prism's 422 problem+json):
/// an `api_error` whose `statusCode` is the HTTP status.
fn http_refusal(body: &Value, status: u16) -> Error {
    let detail = body.string("detail").or_else(|| body.string("message")).or_else(|| body.string("title"));
    let mut e = match detail {
        Some(detail) => {
            Error::new(ErrorCode::ApiError, Message::ApiRefusedHttpDetail).and_integer(status.into()).and(&detail)
        }
        None => Error::new(ErrorCode::ApiError, Message::ApiRefusedHttp).and_integer(status.into()),
    };
    e.api = Some(Box::new(ApiDetails { status_code: status.into(), api_code: None, request_id: None, data: None }));
    e
}

/// A non-envelope endpoint's failure (`/oidc/*`): its OAuth error when it sent one.
fn oauth_or_http_error(body: &Value, status: u16) -> Error {
    match body.string("error") {
        Some(e) => Error::oauth(&e, body.string("error_description").as_deref()),
        None => unexpected(status),
    }
}
