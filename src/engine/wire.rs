//! The engine's side of the wasm boundary: calls arrive as a name and JSON arguments, effects leave
//! as one JSON array per batch (`{"t":"send",...}`), which the executor (`js/executor/`) performs.

use super::{Answer, Area, Body, Call, Detail, Effect, Event, Id};
use crate::core::authorize::LoginOptions;
use crate::core::base64url;
use crate::core::error::Error;
use crate::core::json::{push_integer, quote, Fields};
use crate::core::value::Value;
use crate::extras::api::Operation;
use crate::extras::polling::{Start, PUSH, QR};
use crate::prelude::*;

/// The app's options, as the wrapper passes them (JSON).
pub fn options(text: &str) -> crate::core::config::Options {
    crate::core::config::Options::read(&Value::parse(text).unwrap_or(Value::Null))
}

/// The event of a call from the executor: `random` must be 64 octets, or the call cannot start a
/// sign-in; `None` for a name or arguments the engines do not know.
pub fn call_event(id: Id, name: &str, args: &str, random: &[u8]) -> Option<Event> {
    Some(Event::Call { id, call: call(name, args)?, random: random.try_into().ok() })
}

/// An HTTP answer from the executor; `retry_after` is seconds, or NaN when the header is absent.
pub fn http_event(req: Id, status: u16, body: String, retry_after: f64) -> Event {
    Event::Http { req, status, body, retry_after: Some(retry_after).filter(|s| !s.is_nan()) }
}

/// A call by its `AuthingClient` name; `None` for a name or arguments the engine does not know.
pub fn call(name: &str, args: &str) -> Option<Call> {
    let a = Value::parse(args).unwrap_or(Value::Null);
    let flag = |k: &str| a.boolean(k).unwrap_or(false);
    let text = |k: &str| a.string(k).unwrap_or_default();
    let login = |v: &Value| LoginOptions::read(v);
    Some(match name {
        "loginWithRedirect" => Call::LoginWithRedirect(login(&a)),
        "loginWithPopup" => Call::LoginWithPopup {
            opts: login(&a.child("opts").unwrap_or(Value::Null)),
            window: a.number("window")? as u32,
            aborted: flag("aborted"),
        },
        "isRedirectCallback" => Call::IsRedirectCallback { url: text("url") },
        "handleRedirectCallback" => Call::HandleRedirectCallback { url: text("url"), here: text("here") },
        "getLoginState" => Call::GetLoginState { ignore_cache: flag("ignoreCache") },
        "getAccessToken" => Call::GetAccessToken { ignore_cache: flag("ignoreCache") },
        "refreshToken" => Call::RefreshToken,
        "start" => Call::Start,
        "bearer" => Call::Bearer,
        "storeTokenSet" => Call::StoreTokenSet { set: a.get("set").cloned().unwrap_or(Value::Null) },
        "getUserInfo" => Call::GetUserInfo,
        "logout" => Call::Logout { revoke: flag("revoke") },
        "logoutWithRedirect" => {
            Call::LogoutWithRedirect { redirect_uri: a.string("redirectUri"), state: a.string("state") }
        }
        "startPolling" => Call::StartPolling(Start {
            kind: if a.string("kind").as_deref() == Some("push") { &PUSH } else { &QR },
            body: text("body"),
            interval_ms: a.number("intervalMs")?,
            timeout_ms: a.number("timeoutMs")?,
            hidden: flag("hidden"),
            aborted: flag("aborted"),
            result: a.number("result")? as u32,
        }),
        "api" => {
            let op = a.get("op")?.items();
            let names = |i: usize| -> Vec<String> {
                op.get(i).map_or(&[][..], Value::items).iter().filter_map(|v| v.as_str().map(Into::into)).collect()
            };
            let method = if op.first()?.as_str()? == "POST" { "POST" } else { "GET" };
            let flags = op.get(2)?.as_number()? as u32;
            let op =
                Operation { method, path: op.get(1)?.as_str()?.into(), flags, query: names(3), path_params: names(4) };
            Call::Api { op, input: a.get("input").cloned().unwrap_or(Value::Null) }
        }
        _ => return None,
    })
}

/// One batch of effects as JSON.
pub fn effects(effects: &[Effect]) -> String {
    let mut out = String::from("[");
    for (i, e) in effects.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        effect(e, &mut Obj::new(&mut out));
    }
    out.push(']');
    out
}

/// An object being written: `{"k":v,...}`, closed when dropped.
struct Obj<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> Obj<'a> {
    fn new(out: &'a mut String) -> Self {
        out.push('{');
        Obj { out, empty: true }
    }

    fn key(&mut self, k: &str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        quote(k, self.out);
        self.out.push(':');
        self.out
    }

    fn str(&mut self, k: &str, v: &str) -> &mut Self {
        quote(v, self.key(k));
        self
    }

    fn opt(&mut self, k: &str, v: Option<&str>) -> &mut Self {
        if let Some(v) = v {
            self.str(k, v);
        }
        self
    }

    fn num(&mut self, k: &str, v: f64) -> &mut Self {
        let out = self.key(k);
        if v < 0.0 {
            out.push('-');
        }
        push_integer(v.abs() as u64, out);
        self
    }

    fn flag(&mut self, k: &str, v: bool) -> &mut Self {
        self.key(k).push_str(if v { "true" } else { "false" });
        self
    }

    /// A value that is JSON text already.
    fn raw(&mut self, k: &str, json: &str) -> &mut Self {
        self.key(k).push_str(json);
        self
    }
}

impl Drop for Obj<'_> {
    fn drop(&mut self) {
        self.out.push('}');
    }
}

fn area(a: Area) -> &'static str {
    match a {
        Area::Session => "session",
        Area::Local => "local",
        Area::Custom => "custom",
    }
}

fn effect(e: &Effect, o: &mut Obj) {
    match e {
        Effect::Send { req, method, url, headers, body, timeout_ms } => {
            o.str("t", "send")
                .num("req", (*req).into())
                .str("method", method)
                .str("url", url)
                .num("timeout", *timeout_ms);
            // The headers object closes (is dropped) before the body goes on.
            {
                let mut h = Obj::new(o.key("headers"));
                for (k, v) in headers {
                    h.str(k, v);
                }
            }
            match body {
                Some(Body::Form(text) | Body::Json(text)) => {
                    o.str("body", text);
                }
                Some(Body::Multipart { call, names }) => {
                    o.num("call", (*call).into());
                    let out = o.key("multipart");
                    out.push('[');
                    for (i, n) in names.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        quote(n, out);
                    }
                    out.push(']');
                }
                None => {}
            }
        }
        Effect::Cancel { req } => {
            o.str("t", "cancel").num("req", (*req).into());
        }
        Effect::Navigate { url } => {
            o.str("t", "navigate").str("url", url);
        }
        Effect::ReplaceUrl { url } => {
            o.str("t", "replaceUrl").str("url", url);
        }
        Effect::NavigateWindow { window, url } => {
            o.str("t", "navigateWindow").num("window", (*window).into()).str("url", url);
        }
        Effect::CloseWindow { window } => {
            o.str("t", "closeWindow").num("window", (*window).into());
        }
        Effect::WatchWindow { window } => {
            o.str("t", "watchWindow").num("window", (*window).into());
        }
        Effect::UnwatchWindow { window } => {
            o.str("t", "unwatchWindow").num("window", (*window).into());
        }
        Effect::OpenFrame { window, url } => {
            o.str("t", "openFrame").num("window", (*window).into()).str("url", url);
        }
        Effect::RemoveFrame { window } => {
            o.str("t", "removeFrame").num("window", (*window).into());
        }
        Effect::SetTimer { id, ms } => {
            o.str("t", "setTimer").num("id", (*id).into()).num("ms", *ms);
        }
        Effect::ClearTimer { id } => {
            o.str("t", "clearTimer").num("id", (*id).into());
        }
        Effect::Read { req, area: a, key } => {
            o.str("t", "read").num("req", (*req).into()).str("area", area(*a)).str("key", key);
        }
        Effect::Write { req, area: a, key, value } => {
            o.str("t", "write").num("req", (*req).into()).str("area", area(*a)).str("key", key).str("value", value);
        }
        Effect::Remove { req, area: a, key } => {
            o.str("t", "remove").num("req", (*req).into()).str("area", area(*a)).str("key", key);
        }
        Effect::Lock { req, name } => {
            o.str("t", "lock").num("req", (*req).into()).str("name", name);
        }
        Effect::Unlock { req } => {
            o.str("t", "unlock").num("req", (*req).into());
        }
        Effect::Post { data } => {
            o.str("t", "post").str("data", data);
        }
        Effect::Digest { req, data } => {
            o.str("t", "digest").num("req", (*req).into()).str("data", data);
        }
        Effect::Verify { req, alg, jwk, signature, data } => {
            o.str("t", "verify").num("req", (*req).into()).str("name", alg.name).str("hash", alg.hash);
            o.opt("curve", alg.named_curve)
                .raw("jwk", jwk)
                .str("signature", &base64url::encode(signature))
                .str("data", data);
            if let Some(salt) = alg.salt_length {
                o.num("salt", salt.into());
            }
        }
        Effect::Emit { kind, detail } => {
            o.str("t", "emit").str("kind", kind);
            match detail {
                Detail::None => {}
                Detail::LoginState(json) => {
                    o.raw("detail", json);
                }
                Detail::Error(err) => error(err, &mut Obj::new(o.key("error"))),
            }
        }
        Effect::Resolve { id, answer } => {
            o.str("t", "resolve").num("id", (*id).into());
            match answer {
                Answer::Nothing => {}
                Answer::Bool(b) => {
                    o.flag("value", *b);
                }
                Answer::Json(json) => {
                    o.raw("value", json);
                }
                Answer::Text(text) => {
                    o.str("value", text);
                }
            }
        }
        Effect::Reject { id, error: err } => {
            o.str("t", "reject").num("id", (*id).into());
            error(err, &mut Obj::new(o.key("error")));
        }
        Effect::Bearer { id } => {
            o.str("t", "bearer").num("id", (*id).into());
        }
        Effect::TokenSet { id, set, data } => {
            o.str("t", "tokenSet").num("id", (*id).into()).raw("set", set);
            if let Some(data) = data {
                o.raw("data", data);
            }
        }
        Effect::Status { id, detail } => {
            o.str("t", "status").num("id", (*id).into()).raw("detail", detail);
        }
        Effect::Cache { token, until_ms } => {
            o.str("t", "cache").opt("token", token.as_deref()).num("until", *until_ms);
        }
    }
}

/// `{ code, message, error?, errorDescription?, statusCode?, apiCode?, requestId? }`, which the
/// wrapper turns into an `AuthingError`.
fn error(e: &Error, o: &mut Obj) {
    o.str("code", e.code.as_str()).str("message", &e.message);
    if let Some((error, description)) = &e.oauth {
        o.str("error", error).opt("errorDescription", description.as_deref());
    }
    if let Some(api) = &e.api {
        o.num("statusCode", api.status_code).opt("requestId", api.request_id.as_deref());
        if let Some(code) = api.api_code {
            o.num("apiCode", code);
        }
    }
}

/// An error alone, as JSON (a constructor's refusal).
pub fn error_json(e: &Error) -> String {
    let mut out = String::new();
    error(e, &mut Obj::new(&mut out));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::error::ErrorCode;
    use crate::core::jws::Alg;

    #[test]
    fn every_effect_is_one_json_object_with_its_fields() {
        let mut error = Error::oauth("invalid_grant", Some("spent \"grant\""));
        error.api = Some(Box::new(crate::core::error::ApiDetails {
            status_code: 400.0,
            api_code: Some(2001.0),
            request_id: Some("r".into()),
        }));
        let alg = Alg::Rs(256).web_crypto().unwrap();
        let all = [
            Effect::Send {
                req: 1,
                method: "POST",
                url: "https://x/t".into(),
                headers: vec![("content-type", "a/b".into())],
                body: Some(Body::Form("a=1&b=%22".into())),
                timeout_ms: 30_000.0,
            },
            Effect::Send {
                req: 2,
                method: "POST",
                url: "u".into(),
                headers: vec![],
                body: Some(Body::Multipart { call: 7, names: vec!["file".into(), "x\"y".into()] }),
                timeout_ms: 1.0,
            },
            Effect::Cancel { req: 1 },
            Effect::Navigate { url: "https://x/?a=\u{1}".into() },
            Effect::OpenFrame { window: 3, url: "u".into() },
            Effect::Write { req: 4, area: Area::Local, key: "k".into(), value: "{\"v\":1}".into() },
            Effect::Verify {
                req: 5,
                alg,
                jwk: r#"{"kty":"RSA"}"#.into(),
                signature: vec![1, 2, 255],
                data: "h.p".into(),
            },
            Effect::Digest { req: 6, data: "verifier".into() },
            Effect::Emit { kind: "error", detail: Detail::Error(error.clone()) },
            Effect::Emit { kind: "login", detail: Detail::LoginState(r#"{"accessToken":"a"}"#.into()) },
            Effect::Resolve { id: 8, answer: Answer::Bool(true) },
            Effect::Resolve { id: 9, answer: Answer::Text("t\"ok".into()) },
            Effect::Resolve { id: 10, answer: Answer::Nothing },
            Effect::Reject { id: 11, error },
            Effect::TokenSet { id: 12, set: r#"{"access_token":"a"}"#.into(), data: None },
            Effect::Cache { token: None, until_ms: 0.0 },
        ];
        let parsed = Value::parse(&effects(&all)).expect("valid JSON");
        let items = parsed.items();
        assert_eq!(items.len(), all.len());
        let kinds: Vec<String> = items.iter().filter_map(|e| e.string("t")).collect();
        assert_eq!(kinds.len(), all.len());
        assert_eq!(items[0].child("headers").and_then(|h| h.string("content-type")).as_deref(), Some("a/b"));
        assert_eq!(items[0].string("body").as_deref(), Some("a=1&b=%22"));
        assert_eq!(items[1].get("multipart").map(|m| m.items().len()), Some(2));
        assert_eq!(items[6].string("signature").as_deref(), Some("AQL_"));
        assert_eq!(items[6].child("jwk").and_then(|j| j.string("kty")).as_deref(), Some("RSA"));
        let e = items[8].child("error").unwrap();
        assert_eq!(
            (e.string("code").as_deref(), e.number("apiCode"), e.string("errorDescription").as_deref()),
            (Some("oauth_error"), Some(2001.0), Some("spent \"grant\""))
        );
        assert_eq!(items[11].string("value").as_deref(), Some("t\"ok"));
        assert!(items[12].get("value").is_none());
        assert_eq!(items[13].child("error").and_then(|e| e.string("error")).as_deref(), Some("invalid_grant"));
        assert_eq!(items[14].child("set").and_then(|s| s.string("access_token")).as_deref(), Some("a"));
        assert_eq!(ErrorCode::OauthError.as_str(), "oauth_error");
    }

    #[test]
    fn calls_are_read_by_name_and_unknown_ones_refused() {
        assert!(matches!(
            call("getAccessToken", r#"{"ignoreCache":true}"#),
            Some(Call::GetAccessToken { ignore_cache: true })
        ));
        assert!(matches!(
            call("loginWithPopup", r#"{"window":3,"aborted":false}"#),
            Some(Call::LoginWithPopup { window: 3, aborted: false, .. })
        ));
        assert!(call("loginWithPopup", "{}").is_none(), "a popup call names its window");
        assert!(
            matches!(call("api", r#"{"op":["POST","/a/{id}",9,["q"],["id"]],"input":{"id":"x"}}"#), Some(Call::Api { op, .. }) if op.flags == 9 && op.path_params == ["id"])
        );
        assert!(call("api", r#"{"op":[]}"#).is_none());
        assert!(call("eval", "{}").is_none());
    }
}
