//! The engine's side of the wasm boundary: calls arrive as a number and JSON arguments, effects leave
//! as one JSON array of rows per batch (`[0,...]`, a `Tag` first), which the executor (`js/executor/`)
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
pub fn event<'a>(
    kind: u32,
    id: Id,
    a: f64,
    b: f64,
    text: Option<&'a str>,
    more: Option<&'a str>,
    octets: &[u8],
) -> Option<Event<'a>> {
    let random = <[u8; 64]>::try_from(octets).ok().map(alloc::boxed::Box::new);
    Some(match kind {
        0 => Event::Call { id, call: alloc::boxed::Box::new(call(a as u32, text.unwrap_or("{}"))?), random },
        1 => Event::Http {
            req: id,
            status: a as u16,
            body: text.unwrap_or(""),
            retry_after: Some(b).filter(|s| !s.is_nan()),
        },
        2 => Event::HttpFailed { req: id, timed_out: a != 0.0 },
        3 => Event::Message { origin: text.unwrap_or(""), window: Some(id).filter(|w| *w != 0), data: more },
        4 => Event::Timer { id },
        5 => Event::WindowClosed { window: id },
        6 => Event::Stored { req: id, value: text },
        7 => Event::StorageFailed { req: id, message: text.unwrap_or("") },
        8 => Event::Locked { req: id, waited: a != 0.0 },
        9 => Event::Broadcast { data: text.unwrap_or(""), random },
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

/// One batch of effects as JSON: an array of rows, each `[tag, fields...]` in the order below and
/// `js/executor/effects.ts` (a row is smaller than an object on both sides: no field names).
#[cfg(not(target_arch = "wasm32"))]
pub fn effects(effects: &[Effect]) -> String {
    let mut out = String::new();
    for e in effects {
        push(e, &mut out);
    }
    close(out)
}

/// Adds `e`'s row to the open batch `out` (empty: none yet).
pub fn push(e: &Effect, out: &mut String) {
    out.push(if out.is_empty() { '[' } else { ',' });
    let mut row = Row::open(out);
    effect(e, &mut row);
    row.close();
}

/// The batch's JSON, once every row is in.
pub fn close(mut out: String) -> String {
    out.push_str(if out.is_empty() { "[]" } else { "]" });
    out
}

/// A JSON array of numbers, texts and JSON values (an effect's row, or a list in one), written
/// straight into the text it belongs to (the batch): `start` is where its first value goes.
struct Row<'a> {
    out: &'a mut String,
    start: usize,
}

impl<'a> Row<'a> {
    fn open(out: &'a mut String) -> Self {
        out.push('[');
        let start = out.len();
        Row { out, start }
    }

    fn next(&mut self) -> &mut String {
        if self.out.len() > self.start {
            self.out.push(',');
        }
        self.out
    }

    fn tag(&mut self, t: Tag) -> &mut Self {
        self.int(t as u8 as f64)
    }

    fn id(&mut self, id: Id) -> &mut Self {
        self.int(id.into())
    }

    fn int(&mut self, n: f64) -> &mut Self {
        crate::core::json::push_number(n, self.next());
        self
    }

    fn text(&mut self, text: &str) -> &mut Self {
        crate::core::json::quote(text, self.next());
        self
    }

    /// `null` for `None`, so that the fields after it keep their places.
    fn optional(&mut self, text: Option<&str>) -> &mut Self {
        match text {
            Some(t) => self.text(t),
            None => self.raw("null"),
        }
    }

    /// A value that is JSON text already.
    fn raw(&mut self, json: &str) -> &mut Self {
        self.next().push_str(json);
        self
    }

    fn close(self) {
        self.out.push(']');
    }
}

/// Each effect's tag, a number in the order of the executor's `T` (`js/executor/effects.ts`).
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

fn area(a: Area) -> &'static str {
    match a {
        Area::Session => "session",
        Area::Local => "local",
        Area::Custom => "custom",
    }
}

/// The rows, field by field (`?`: may be left out at the end; `|null`: `null` when absent):
///
/// | effect | row |
/// |---|---|
/// | Send | req, method, url, timeout ms, headers (object), body\|null, call?, multipart names? |
/// | Cancel, Unlock | req |
/// | Navigate, ReplaceUrl | url |
/// | NavigateWindow, OpenFrame | window, url |
/// | CloseWindow, WatchWindow, UnwatchWindow, RemoveFrame | window |
/// | SetTimer | id, ms |
/// | ClearTimer | id |
/// | Read, Remove | req, area, key |
/// | Write | req, area, key, value |
/// | Lock | req, name |
/// | Post | data |
/// | Digest | req, data |
/// | Verify | req, name, hash, jwk (object), signature, data, curve\|null, salt? |
/// | Emit | kind, detail? (a LoginState, or an error) |
/// | Resolve | id, value? |
/// | Reject | id, error |
/// | Bearer | id |
/// | TokenSet | id, set, data? |
/// | Status | id, detail |
/// | Cache | token\|null, until |
/// | Log | step, detail |
fn effect(e: &Effect, o: &mut Row) {
    match e {
        Effect::Send { req, method, url, headers, body, timeout_ms } => {
            o.tag(Tag::Send).id(*req).text(method).text(url).int(*timeout_ms);
            let mut h = Writer::new();
            for (k, v) in headers {
                h.str(k, v);
            }
            o.raw(&h.finish());
            match body {
                Some(Body::Form(text) | Body::Json(text)) => {
                    o.text(text);
                }
                #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
                Some(Body::Multipart { call, names }) => {
                    o.raw("null").id(*call);
                    let mut list = Row::open(o.next());
                    for n in names {
                        list.text(n);
                    }
                    list.close();
                }
                None => {}
            }
        }
        Effect::Cancel { req } => {
            o.tag(Tag::Cancel).id(*req);
        }
        Effect::Navigate { url } => {
            o.tag(Tag::Navigate).text(url);
        }
        Effect::ReplaceUrl { url } => {
            o.tag(Tag::ReplaceUrl).text(url);
        }
        Effect::NavigateWindow { window, url } => {
            o.tag(Tag::NavigateWindow).id(*window).text(url);
        }
        Effect::CloseWindow { window } => {
            o.tag(Tag::CloseWindow).id(*window);
        }
        Effect::WatchWindow { window } => {
            o.tag(Tag::WatchWindow).id(*window);
        }
        Effect::UnwatchWindow { window } => {
            o.tag(Tag::UnwatchWindow).id(*window);
        }
        Effect::OpenFrame { window, url } => {
            o.tag(Tag::OpenFrame).id(*window).text(url);
        }
        Effect::RemoveFrame { window } => {
            o.tag(Tag::RemoveFrame).id(*window);
        }
        Effect::SetTimer { id, ms } => {
            o.tag(Tag::SetTimer).id(*id).int(*ms);
        }
        Effect::ClearTimer { id } => {
            o.tag(Tag::ClearTimer).id(*id);
        }
        Effect::Read { req, area: a, key } => {
            o.tag(Tag::Read).id(*req).text(area(*a)).text(key);
        }
        Effect::Write { req, area: a, key, value } => {
            o.tag(Tag::Write).id(*req).text(area(*a)).text(key).text(value);
        }
        Effect::Remove { req, area: a, key } => {
            o.tag(Tag::Remove).id(*req).text(area(*a)).text(key);
        }
        Effect::Lock { req, name } => {
            o.tag(Tag::Lock).id(*req).text(name);
        }
        Effect::Unlock { req } => {
            o.tag(Tag::Unlock).id(*req);
        }
        Effect::Post { data } => {
            o.tag(Tag::Post).text(data);
        }
        Effect::Digest { req, data } => {
            o.tag(Tag::Digest).id(*req).text(data);
        }
        Effect::Verify { req, alg, jwk, signature, data } => {
            o.tag(Tag::Verify).id(*req).text(alg.name).text(alg.hash).raw(jwk);
            o.text(&base64url::encode(signature)).text(data).optional(alg.named_curve);
            if let Some(salt) = alg.salt_length {
                o.int(salt.into());
            }
        }
        Effect::Emit { kind, detail } => {
            o.tag(Tag::Emit).text(kind);
            match detail {
                Detail::None => {}
                Detail::LoginState(json) => {
                    o.raw(json);
                }
                Detail::Error(err) => {
                    o.raw(&error_json(err));
                }
            }
        }
        Effect::Resolve { id, answer } => {
            o.tag(Tag::Resolve).id(*id);
            match answer {
                Answer::Nothing => {}
                Answer::Bool(b) => {
                    o.raw(if *b { "true" } else { "false" });
                }
                Answer::Json(json) => {
                    o.raw(json);
                }
                Answer::Text(text) => {
                    o.text(text);
                }
            }
        }
        Effect::Reject { id, error: err } => {
            o.tag(Tag::Reject).id(*id).raw(&error_json(err));
        }
        #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
        Effect::Bearer { id } => {
            o.tag(Tag::Bearer).id(*id);
        }
        #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
        Effect::TokenSet { id, set, data } => {
            o.tag(Tag::TokenSet).id(*id).raw(set);
            if let Some(data) = data {
                o.raw(data);
            }
        }
        #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
        Effect::Status { id, detail } => {
            o.tag(Tag::Status).id(*id).raw(detail);
        }
        Effect::Cache { token, until_ms } => {
            o.tag(Tag::Cache).optional(token.as_deref()).int(*until_ms);
        }
        Effect::Log { step, detail } => {
            o.tag(Tag::Log).int(*step as u8 as f64).text(detail);
        }
    }
}

/// `{ code, message, details, error?, errorDescription?, statusCode?, apiCode?, requestId?, data? }`,
/// which the wrapper turns into an `AuthingError`: `message` is the line of `messages.txt` that it
/// words with `details`.
fn error(e: &Error, o: &mut Writer) {
    let mut details = String::new();
    let mut list = Row::open(&mut details);
    for d in &e.details {
        list.text(d);
    }
    list.close();
    o.str("code", e.code.as_str()).integer("message", e.message as u8 as f64).raw("details", &details);
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
    fn every_effect_is_one_row_with_its_fields_in_place() {
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
        assert_eq!(effects(&[]), "[]");
        let parsed = Value::parse(&effects(&all)).expect("valid JSON");
        let rows: Vec<&[Value]> = parsed.items().iter().map(Value::items).collect();
        assert_eq!(rows.len(), all.len());
        let kinds: Vec<f64> = rows.iter().filter_map(|r| r.first()?.as_number()).collect();
        assert_eq!(kinds.len(), all.len());
        assert_eq!((kinds[0], kinds[2], kinds[15]), (0.0, 1.0, 26.0), "send, cancel, cache: the executor's T");
        let text = |row: usize, at: usize| rows[row].get(at).and_then(Value::as_str);
        assert_eq!(
            (text(0, 2), text(0, 3), rows[0][4].as_number()),
            (Some("POST"), Some("https://x/t"), Some(30_000.0))
        );
        assert_eq!(rows[0][5].string("content-type").as_deref(), Some("a/b"));
        assert_eq!((text(0, 6), rows[0].len()), (Some("a=1&b=%22"), 7));
        assert!(matches!(rows[1][6], Value::Null), "a multipart body keeps the body's place");
        assert_eq!((rows[1][7].as_number(), rows[1][8].items().len()), (Some(7.0), 2));
        assert_eq!((text(5, 2), text(5, 3), text(5, 4)), (Some("local"), Some("k"), Some("{\"v\":1}")));
        assert_eq!(rows[6][4].string("kty").as_deref(), Some("RSA"));
        assert_eq!((text(6, 5), text(6, 6), &rows[6][7], rows[6].len()), (Some("AQL_"), Some("h.p"), &Value::Null, 8));
        let e = &rows[8][2];
        assert_eq!(
            (e.string("code").as_deref(), e.number("apiCode"), e.string("errorDescription").as_deref()),
            (Some("oauth_error"), Some(2001.0), Some("spent \"grant\""))
        );
        let details: Vec<&str> =
            e.get("details").map_or(&[][..], Value::items).iter().filter_map(Value::as_str).collect();
        assert_eq!(
            (e.number("message"), details),
            (Some(crate::core::error::Message::Refused as u8 as f64), vec!["invalid_grant: spent \"grant\""]),
            "the message's line and what fills it"
        );
        assert_eq!(rows[9][2].string("accessToken").as_deref(), Some("a"));
        assert_eq!((&rows[10][2], text(11, 2), rows[12].len()), (&Value::Bool(true), Some("t\"ok"), 2));
        assert_eq!(rows[13][2].string("error").as_deref(), Some("invalid_grant"));
        assert_eq!((rows[14][2].string("access_token").as_deref(), rows[14].len()), (Some("a"), 3));
        assert_eq!((&rows[15][1], rows[15][2].as_number()), (&Value::Null, Some(0.0)));
        assert_eq!(ErrorCode::OauthError.as_str(), "oauth_error");
    }

    #[test]
    fn every_kind_of_event_is_read_from_the_one_export() {
        fn ev<'a>(kind: u32, a: f64, text: Option<&'a str>, more: Option<&'a str>, octets: &[u8]) -> Option<Event<'a>> {
            event(kind, 7, a, f64::NAN, text, more, octets)
        }
        let random = [9u8; 64];
        assert!(matches!(
            ev(0, calls::REFRESH_TOKEN.into(), None, None, &random),
            Some(Event::Call { id: 7, call, random: Some(_) }) if matches!(*call, Call::RefreshToken)
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
