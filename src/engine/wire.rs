//! The engine's side of the wasm boundary: calls arrive as a number and JSON arguments, effects leave
//! as one JSON array per batch (`{"t":0,...}`, `t` a `Tag`), which the executor (`js/executor/`)
//! performs.

use super::{Answer, Area, Body, Call, Detail, Effect, Event, Id};
use crate::core::authorize::LoginOptions;
use crate::core::base64url;
use crate::core::error::Error;
use crate::core::json::{Fields, Writer};
use crate::core::value::Value;
#[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
use crate::extras::{
    api::Operation,
    polling::{Start, PUSH, QR},
};
use crate::prelude::*;

/// An event from the executor, as one export takes them all (`js/executor/driver.ts`, `Kind`):
/// its kind, then an id, two numbers, two texts and octets, each meaning what the kind says:
///
/// | kind | event | id | a, b | text, more | octets |
/// |---|---|---|---|---|---|
/// | 0 | call | call | which (`calls`) | JSON arguments | 64 random |
/// | 1 | HTTP answer | request | status, `Retry-After` s (NaN: none) | body | |
/// | 2 | HTTP failure | request | timed out (1) | | |
/// | 3 | message | flow window (0: none) | | origin, data as JSON | |
/// | 4 | timer | timer | | | |
/// | 5 | window closed | window | | | |
/// | 6 | storage value | request | | value | |
/// | 7 | storage failure | request | | message | |
/// | 8 | lock granted | request | waited (1) | | |
/// | 9 | broadcast | | | data | 64 random |
/// | 10 | signature checked | request | valid (1) | | |
/// | 11 | digest | request | | | SHA-256 (empty: none) |
/// | 12 | abort | call | | | |
/// | 13 | visibility | | hidden (1) | | |
/// | 14 | access token | call | | token (none: signed out) | |
/// | 15 | iframe loaded | window | | | |
///
/// `None` for a kind, call name or arguments the engines do not know.
pub fn event(
    kind: u32,
    id: Id,
    a: f64,
    b: f64,
    text: Option<String>,
    more: Option<String>,
    octets: &[u8],
) -> Option<Event> {
    let random = octets.try_into().ok();
    Some(match kind {
        0 => Event::Call { id, call: call(a as u32, text.as_deref().unwrap_or("{}"))?, random },
        1 => Event::Http {
            req: id,
            status: a as u16,
            body: text.unwrap_or_default(),
            retry_after: Some(b).filter(|s| !s.is_nan()),
        },
        2 => Event::HttpFailed { req: id, timed_out: a != 0.0 },
        3 => Event::Message { origin: text.unwrap_or_default(), window: Some(id).filter(|w| *w != 0), data: more },
        4 => Event::Timer { id },
        5 => Event::WindowClosed { window: id },
        6 => Event::Stored { req: id, value: text },
        7 => Event::StorageFailed { req: id, message: text.unwrap_or_default() },
        8 => Event::Locked { req: id, waited: a != 0.0 },
        9 => Event::Broadcast { data: text.unwrap_or_default(), random },
        10 => Event::Verified { req: id, ok: a != 0.0 },
        11 => Event::Digested { req: id, digest: octets.into() },
        12 => Event::Abort { id },
        13 => Event::Visibility { hidden: a != 0.0 },
        14 => Event::Token { id, token: text },
        15 => Event::FrameLoaded { window: id },
        _ => return None,
    })
}

/// The app's calls by number, in the order of the executor's `Call` (`js/executor/calls.ts`): numbers
/// cost the wasm less than the names they stand for.
pub mod calls {
    pub const LOGIN_WITH_REDIRECT: u32 = 0;
    pub const LOGIN_WITH_POPUP: u32 = 1;
    pub const IS_REDIRECT_CALLBACK: u32 = 2;
    pub const HANDLE_REDIRECT_CALLBACK: u32 = 3;
    pub const GET_LOGIN_STATE: u32 = 4;
    pub const GET_ACCESS_TOKEN: u32 = 5;
    pub const REFRESH_TOKEN: u32 = 6;
    pub const START: u32 = 7;
    pub const BEARER: u32 = 8;
    pub const STORE_TOKEN_SET: u32 = 9;
    pub const GET_USER_INFO: u32 = 10;
    pub const LOGOUT: u32 = 11;
    pub const LOGOUT_WITH_REDIRECT: u32 = 12;
    pub const START_POLLING: u32 = 13;
    pub const API: u32 = 14;
}

/// Call `which` (`calls`); `None` for a call or arguments the engine does not know.
pub fn call(which: u32, args: &str) -> Option<Call> {
    use calls::*;
    let mut a = Value::parse(args).unwrap_or(Value::Null);
    let flag = |k: &str| a.boolean(k).unwrap_or(false);
    let text = |k: &str| a.string(k).unwrap_or_default();
    let login = |v: &Value| LoginOptions::read(v);
    Some(match which {
        LOGIN_WITH_REDIRECT => Call::LoginWithRedirect(login(&a)),
        LOGIN_WITH_POPUP => Call::LoginWithPopup {
            opts: login(a.child("opts").unwrap_or(&Value::Null)),
            window: a.number("window")? as u32,
            aborted: flag("aborted"),
        },
        IS_REDIRECT_CALLBACK => Call::IsRedirectCallback { url: text("url") },
        HANDLE_REDIRECT_CALLBACK => Call::HandleRedirectCallback { url: text("url"), here: text("here") },
        GET_LOGIN_STATE => Call::GetLoginState { ignore_cache: flag("ignoreCache") },
        GET_ACCESS_TOKEN => Call::GetAccessToken { ignore_cache: flag("ignoreCache") },
        REFRESH_TOKEN => Call::RefreshToken,
        START => Call::Start,
        BEARER => Call::Bearer,
        STORE_TOKEN_SET => Call::StoreTokenSet { set: a.take("set") },
        GET_USER_INFO => Call::GetUserInfo,
        LOGOUT => Call::Logout { revoke: flag("revoke") },
        LOGOUT_WITH_REDIRECT => {
            Call::LogoutWithRedirect { redirect_uri: a.string("redirectUri"), state: a.string("state") }
        }
        // The extras' calls: not read by the login wasm, which never gets them (they go to the extras').
        #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
        START_POLLING => Call::StartPolling(Start {
            kind: if a.string("kind").as_deref() == Some("push") { &PUSH } else { &QR },
            body: text("body"),
            interval_ms: a.number("intervalMs")?,
            timeout_ms: a.number("timeoutMs")?,
            hidden: flag("hidden"),
            aborted: flag("aborted"),
            result: a.number("result")? as u32,
        }),
        #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
        API => {
            let op = a.get("op")?.items();
            let names = |i: usize| -> Vec<String> {
                op.get(i).map_or(&[][..], Value::items).iter().filter_map(|v| v.as_str().map(Into::into)).collect()
            };
            let method = if op.first()?.as_str()? == "POST" { "POST" } else { "GET" };
            let flags = op.get(2)?.as_number()? as u32;
            let op =
                Operation { method, path: op.get(1)?.as_str()?.into(), flags, query: names(3), path_params: names(4) };
            Call::Api { op, input: a.take("input") }
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
        let mut o = Writer::new();
        effect(e, &mut o);
        out.push_str(&o.finish());
    }
    out.push(']');
    out
}

/// Each effect's `t`, a number in the order of the executor's `T` (`js/executor/effects.ts`).
/// The login wasm never makes the extras' effects, but keeps their tags so that the numbers agree.
#[cfg_attr(all(target_arch = "wasm32", not(feature = "extras")), allow(dead_code))]
#[derive(Clone, Copy)]
enum Tag {
    Send,
    Cancel,
    Navigate,
    ReplaceUrl,
    NavigateWindow,
    CloseWindow,
    WatchWindow,
    UnwatchWindow,
    OpenFrame,
    RemoveFrame,
    SetTimer,
    ClearTimer,
    Read,
    Write,
    Remove,
    Lock,
    Unlock,
    Post,
    Digest,
    Verify,
    Emit,
    Resolve,
    Reject,
    Bearer,
    TokenSet,
    Status,
    Cache,
    Log,
}

fn tag(t: Tag) -> f64 {
    t as u8 as f64
}

fn area(a: Area) -> &'static str {
    match a {
        Area::Session => "session",
        Area::Local => "local",
        Area::Custom => "custom",
    }
}

fn effect(e: &Effect, o: &mut Writer) {
    match e {
        Effect::Send { req, method, url, headers, body, timeout_ms } => {
            o.integer("t", tag(Tag::Send))
                .integer("req", (*req).into())
                .str("method", method)
                .str("url", url)
                .integer("timeout", *timeout_ms);
            let mut h = Writer::new();
            for (k, v) in headers {
                h.str(k, v);
            }
            o.raw("headers", &h.finish());
            match body {
                Some(Body::Form(text) | Body::Json(text)) => {
                    o.str("body", text);
                }
                #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
                Some(Body::Multipart { call, names }) => {
                    let mut list = String::from("[");
                    for (i, n) in names.iter().enumerate() {
                        if i > 0 {
                            list.push(',');
                        }
                        crate::core::json::quote(n, &mut list);
                    }
                    list.push(']');
                    o.integer("call", (*call).into()).raw("multipart", &list);
                }
                _ => {}
            }
        }
        Effect::Cancel { req } => {
            o.integer("t", tag(Tag::Cancel)).integer("req", (*req).into());
        }
        Effect::Navigate { url } => {
            o.integer("t", tag(Tag::Navigate)).str("url", url);
        }
        Effect::ReplaceUrl { url } => {
            o.integer("t", tag(Tag::ReplaceUrl)).str("url", url);
        }
        Effect::NavigateWindow { window, url } => {
            o.integer("t", tag(Tag::NavigateWindow)).integer("window", (*window).into()).str("url", url);
        }
        Effect::CloseWindow { window } => {
            o.integer("t", tag(Tag::CloseWindow)).integer("window", (*window).into());
        }
        Effect::WatchWindow { window } => {
            o.integer("t", tag(Tag::WatchWindow)).integer("window", (*window).into());
        }
        Effect::UnwatchWindow { window } => {
            o.integer("t", tag(Tag::UnwatchWindow)).integer("window", (*window).into());
        }
        Effect::OpenFrame { window, url } => {
            o.integer("t", tag(Tag::OpenFrame)).integer("window", (*window).into()).str("url", url);
        }
        Effect::RemoveFrame { window } => {
            o.integer("t", tag(Tag::RemoveFrame)).integer("window", (*window).into());
        }
        Effect::SetTimer { id, ms } => {
            o.integer("t", tag(Tag::SetTimer)).integer("id", (*id).into()).integer("ms", *ms);
        }
        Effect::ClearTimer { id } => {
            o.integer("t", tag(Tag::ClearTimer)).integer("id", (*id).into());
        }
        Effect::Read { req, area: a, key } => {
            o.integer("t", tag(Tag::Read)).integer("req", (*req).into()).str("area", area(*a)).str("key", key);
        }
        Effect::Write { req, area: a, key, value } => {
            o.integer("t", tag(Tag::Write))
                .integer("req", (*req).into())
                .str("area", area(*a))
                .str("key", key)
                .str("value", value);
        }
        Effect::Remove { req, area: a, key } => {
            o.integer("t", tag(Tag::Remove)).integer("req", (*req).into()).str("area", area(*a)).str("key", key);
        }
        Effect::Lock { req, name } => {
            o.integer("t", tag(Tag::Lock)).integer("req", (*req).into()).str("name", name);
        }
        Effect::Unlock { req } => {
            o.integer("t", tag(Tag::Unlock)).integer("req", (*req).into());
        }
        Effect::Post { data } => {
            o.integer("t", tag(Tag::Post)).str("data", data);
        }
        Effect::Digest { req, data } => {
            o.integer("t", tag(Tag::Digest)).integer("req", (*req).into()).str("data", data);
        }
        Effect::Verify { req, alg, jwk, signature, data } => {
            o.integer("t", tag(Tag::Verify)).integer("req", (*req).into()).str("name", alg.name).str("hash", alg.hash);
            o.string("curve", alg.named_curve)
                .raw("jwk", jwk)
                .str("signature", &base64url::encode(signature))
                .str("data", data);
            if let Some(salt) = alg.salt_length {
                o.integer("salt", salt.into());
            }
        }
        Effect::Emit { kind, detail } => {
            o.integer("t", tag(Tag::Emit)).str("kind", kind);
            match detail {
                Detail::None => {}
                Detail::LoginState(json) => {
                    o.raw("detail", json);
                }
                Detail::Error(err) => {
                    o.raw("error", &error_json(err));
                }
            }
        }
        Effect::Resolve { id, answer } => {
            o.integer("t", tag(Tag::Resolve)).integer("id", (*id).into());
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
            o.integer("t", tag(Tag::Reject)).integer("id", (*id).into()).raw("error", &error_json(err));
        }
        #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
        Effect::Bearer { id } => {
            o.integer("t", tag(Tag::Bearer)).integer("id", (*id).into());
        }
        #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
        Effect::TokenSet { id, set, data } => {
            o.integer("t", tag(Tag::TokenSet)).integer("id", (*id).into()).raw("set", set);
            if let Some(data) = data {
                o.raw("data", data);
            }
        }
        #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
        Effect::Status { id, detail } => {
            o.integer("t", tag(Tag::Status)).integer("id", (*id).into()).raw("detail", detail);
        }
        Effect::Cache { token, until_ms } => {
            o.integer("t", tag(Tag::Cache)).string("token", token.as_deref()).integer("until", *until_ms);
        }
        Effect::Log { step, detail } => {
            o.integer("t", tag(Tag::Log)).integer("step", *step as u8 as f64).str("detail", detail);
        }
    }
}

/// `{ code, message, error?, errorDescription?, statusCode?, apiCode?, requestId?, data? }`, which the
/// wrapper turns into an `AuthingError`.
fn error(e: &Error, o: &mut Writer) {
    o.str("code", e.code.as_str()).str("message", &e.message);
    if let Some((error, description)) = &e.oauth {
        o.str("error", error).string("errorDescription", description.as_deref());
    }
    #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
    if let Some(api) = &e.api {
        o.integer("statusCode", api.status_code).string("requestId", api.request_id.as_deref());
        if let Some(code) = api.api_code {
            o.integer("apiCode", code);
        }
        if let Some(data) = &api.data {
            o.raw("data", data);
        }
    }
}

/// An error alone, as JSON (a constructor's refusal).
pub fn error_json(e: &Error) -> String {
    let mut o = Writer::new();
    error(e, &mut o);
    o.finish()
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
            data: Some(r#"{"mfaToken":"m"}"#.into()),
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
        let kinds: Vec<f64> = items.iter().filter_map(|e| e.number("t")).collect();
        assert_eq!(kinds.len(), all.len());
        assert_eq!((kinds[0], kinds[2], kinds[15]), (0.0, 1.0, 26.0), "send, cancel, cache: the executor's T");
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
    fn every_kind_of_event_is_read_from_the_one_export() {
        let ev = |kind, a, text: Option<&str>, more: Option<&str>, octets: &[u8]| {
            event(kind, 7, a, f64::NAN, text.map(Into::into), more.map(Into::into), octets)
        };
        let random = [9u8; 64];
        assert!(matches!(
            ev(0, calls::REFRESH_TOKEN.into(), None, None, &random),
            Some(Event::Call { id: 7, call: Call::RefreshToken, random: Some(_) })
        ));
        assert!(ev(0, 99.0, None, None, &random).is_none());
        assert!(matches!(
            ev(1, 200.0, Some("{}"), None, &[]),
            Some(Event::Http { req: 7, status: 200, retry_after: None, .. })
        ));
        assert!(matches!(ev(2, 1.0, None, None, &[]), Some(Event::HttpFailed { req: 7, timed_out: true })));
        assert!(matches!(
            ev(3, 0.0, Some("https://o"), Some("{}"), &[]),
            Some(Event::Message { window: Some(7), data: Some(_), .. })
        ));
        assert!(matches!(
            event(3, 0, 0.0, 0.0, None, None, &[]),
            Some(Event::Message { window: None, data: None, .. })
        ));
        assert!(matches!(ev(4, 0.0, None, None, &[]), Some(Event::Timer { id: 7 })));
        assert!(matches!(ev(5, 0.0, None, None, &[]), Some(Event::WindowClosed { window: 7 })));
        assert!(matches!(ev(6, 0.0, None, None, &[]), Some(Event::Stored { req: 7, value: None })));
        assert!(matches!(ev(7, 0.0, Some("quota"), None, &[]), Some(Event::StorageFailed { req: 7, .. })));
        assert!(matches!(ev(8, 0.0, None, None, &[]), Some(Event::Locked { req: 7, waited: false })));
        assert!(matches!(ev(9, 0.0, Some("{}"), None, &random), Some(Event::Broadcast { random: Some(_), .. })));
        assert!(matches!(ev(10, 1.0, None, None, &[]), Some(Event::Verified { req: 7, ok: true })));
        assert!(
            matches!(ev(11, 0.0, None, None, &[1, 2]), Some(Event::Digested { req: 7, digest }) if digest == [1, 2])
        );
        assert!(matches!(ev(12, 0.0, None, None, &[]), Some(Event::Abort { id: 7 })));
        assert!(matches!(ev(13, 1.0, None, None, &[]), Some(Event::Visibility { hidden: true })));
        assert!(matches!(ev(14, 0.0, Some("at"), None, &[]), Some(Event::Token { id: 7, token: Some(_) })));
        assert!(matches!(ev(15, 0.0, None, None, &[]), Some(Event::FrameLoaded { window: 7 })));
        assert!(ev(16, 0.0, None, None, &[]).is_none());
        assert!(matches!(event(1, 1, 429.0, 2.0, None, None, &[]), Some(Event::Http { retry_after: Some(2.0), .. })));
    }

    #[test]
    fn calls_are_read_by_number_and_unknown_ones_refused() {
        use calls::*;
        assert!(matches!(
            call(GET_ACCESS_TOKEN, r#"{"ignoreCache":true}"#),
            Some(Call::GetAccessToken { ignore_cache: true })
        ));
        assert!(matches!(
            call(LOGIN_WITH_POPUP, r#"{"window":3,"aborted":false}"#),
            Some(Call::LoginWithPopup { window: 3, aborted: false, .. })
        ));
        assert!(call(LOGIN_WITH_POPUP, "{}").is_none(), "a popup call names its window");
        assert!(
            matches!(call(API, r#"{"op":["POST","/a/{id}",9,["q"],["id"]],"input":{"id":"x"}}"#), Some(Call::Api { op, .. }) if op.flags == 9 && op.path_params == ["id"])
        );
        assert!(call(API, r#"{"op":[]}"#).is_none());
        assert!(call(99, "{}").is_none());
    }
}
