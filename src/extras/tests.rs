//! The extras driven natively by scripted events: QR/push polling and the Authentication API, and
//! their hand-offs to the login engine (a bearer token in, a token set out).

use super::*;
use crate::core::value::Value;
use crate::engine::tests::{
    finish_keys, frame_of, id_token, rejected, resolved, sent, with_options, Harness as Login, DOMAIN, T0,
};
use crate::engine::{Answer, Area, Effect, Event};

struct Harness {
    extras: Extras,
    now: f64,
    next_call: Id,
}

impl Harness {
    fn new(extra: &str) -> Harness {
        Harness { extras: with_options(extra, |o| Extras::new(o).unwrap()), now: T0, next_call: 1 }
    }

    fn feed(&mut self, event: Event) -> Vec<Effect> {
        self.extras.handle(self.now, event)
    }

    fn call(&mut self, call: Call) -> (Id, Vec<Effect>) {
        let id = self.next_call;
        self.next_call += 1;
        (id, self.feed(Event::Call { id, call: Box::new(call), random: Some(Box::new([9; 64])) }))
    }

    fn http(&mut self, req: Id, status: u16, body: &str) -> Vec<Effect> {
        self.feed(Event::Http { req, status, body, retry_after: None })
    }
}

fn op(method: &'static str, path: &str, flags: u32, query: &[&str], path_params: &[&str]) -> api::Operation {
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect();
    api::Operation { method, path: path.into(), flags, query: names(query), path_params: names(path_params) }
}

fn header<'a>(effects: &'a [Effect], name: &str) -> Option<&'a str> {
    effects.iter().find_map(|e| match e {
        Effect::Send { headers, .. } => headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str()),
        _ => None,
    })
}

#[test]
fn api_requests_carry_the_apps_headers_go_without_a_bearer_when_signed_out_and_unwrap_the_envelope() {
    use crate::core::api_request::flag;
    let mut h = Harness::new(r#","userPoolId":"pool1""#);
    let input = Value::object(r#"{"credentialID":"a/b","page":2,"keep":{"x":1.5},"gone":null}"#).unwrap();
    let get = op(
        "POST",
        "/api/v3/x/{credentialID}",
        flag::JSON_BODY | flag::BEARER | flag::ENVELOPE,
        &["page"],
        &["credentialID"],
    );
    let (id, effects) = h.call(Call::Api { op: get, input });
    // The bearer comes from the login engine: signed out, there is none and the call goes without.
    assert_eq!(effects, [Effect::Bearer { id }]);
    let effects = h.feed(Event::Token { id, token: None });
    let (req, url, body) = sent(&effects, "/api/v3/x/").unwrap();
    assert_eq!(url, "https://example.authing.cn/api/v3/x/a%2Fb?page=2");
    assert_eq!(body.as_deref(), Some(r#"{"keep":{"x":1.5},"gone":null}"#));
    assert_eq!(header(&effects, "x-authing-app-id"), Some("app1"));
    assert_eq!(header(&effects, "x-authing-userpool-id"), Some("pool1"));
    assert_eq!(header(&effects, "authorization"), None, "signed out: no bearer, no sign-in");
    let effects = h.http(req, 200, r#"{"statusCode":200,"message":"ok","data":{"n":1.25,"s":"x"}}"#);
    assert_eq!(resolved(&effects, id), Some(&Answer::Json(r#"{"n":1.25,"s":"x"}"#.into())));

    let (id, effects) = h.call(Call::Api { op: op("GET", "/api/v3/y", flag::ENVELOPE, &[], &[]), input: Value::Null });
    let (req, ..) = sent(&effects, "/api/v3/y").unwrap();
    let effects = h.http(req, 200, r#"{"statusCode":400,"apiCode":1234,"message":"wrong","requestId":"r1"}"#);
    let e = rejected(&effects, id).unwrap();
    assert_eq!((e.code, e.api.as_ref().map(|a| a.api_code)), (ErrorCode::ApiError, Some(Some(1234.0))));

    let nav = op("GET", "/oidc/auth", flag::NAVIGATE, &["client_id"], &[]);
    let (id, _) = h.call(Call::Api { op: nav, input: Value::object(r#"{"client_id":"app1"}"#).unwrap() });
    let (_, effects) = h.call(Call::Api { op: op("GET", "/a/{id}", 0, &[], &["id"]), input: Value::Null });
    assert_eq!(rejected(&effects, id + 1).map(|e| e.code), Some(ErrorCode::ConfigError));
    let _ = id;
}

#[test]
fn an_api_sign_in_hands_its_token_set_to_the_login_engine_which_checks_and_stores_it() {
    use crate::core::api_request::flag;
    let mut h = Harness::new("");
    let signin = op("POST", "/api/v3/signin", flag::JSON_BODY | flag::ENVELOPE | flag::TOKENS, &[], &[]);
    let (id, effects) = h.call(Call::Api { op: signin, input: Value::object(r#"{"connection":"PASSWORD"}"#).unwrap() });
    let (req, ..) = sent(&effects, "/api/v3/signin").unwrap();
    let token = id_token(h.now, None, "RS256", "u1");
    let body = format!(r#"{{"statusCode":200,"data":{{"access_token":"at","id_token":"{token}","expire_in":7200}}}}"#);
    let effects = h.http(req, 200, &body);
    let [Effect::TokenSet { id: handed, set, data: Some(data) }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(*handed, id);
    assert!(data.contains("\"access_token\":\"at\""));

    let mut login = Login::new("");
    let (stored, effects) = login.call(Call::StoreTokenSet { set: Value::object(set).unwrap() });
    let effects = finish_keys(&mut login, effects, true);
    assert!(matches!(resolved(&effects, stored), Some(Answer::Json(s)) if s.contains("\"accessToken\":\"at\"")));
    assert!(effects.iter().any(|e| matches!(e, Effect::Emit { kind: "login", .. })));
    let (bearer, effects) = login.call(Call::Bearer);
    assert_eq!(resolved(&effects, bearer), Some(&Answer::Text("at".into())));
    let (again, effects) = login.call(Call::GetAccessToken { ignore_cache: false });
    assert_eq!(resolved(&effects, again), Some(&Answer::Text("at".into())));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Write { area: Area::Session, .. })));
}

#[test]
fn a_token_set_whose_id_token_fails_is_not_stored_and_a_signed_out_bearer_is_null() {
    let mut login = Login::new("");
    let (bearer, effects) = login.call(Call::Bearer);
    let effects = match effects.iter().find_map(|e| match e {
        Effect::Lock { req, .. } => Some(*req),
        _ => None,
    }) {
        // Not signed in anywhere: the iframe says login_required, the bearer is null.
        Some(lock) => {
            let effects = login.feed(Event::Locked { req: lock, waited: false });
            let (frame, url) = frame_of(&effects);
            let state = url.split("state=").nth(1).unwrap().split('&').next().unwrap().to_string();
            let data = format!(
                r#"{{"type":"authorization_response","response":{{"error":"login_required","state":"{state}"}}}}"#
            );
            login.feed(Event::Message { origin: DOMAIN, window: Some(frame), data: Some(&data) })
        }
        None => effects,
    };
    assert_eq!(resolved(&effects, bearer), Some(&Answer::Json("null".into())));

    let token = id_token(login.now - 7_200_000.0, None, "RS256", "u1"); // expired
    let set = format!(r#"{{"access_token":"at","id_token":"{token}"}}"#);
    let (stored, effects) = login.call(Call::StoreTokenSet { set: Value::object(&set).unwrap() });
    assert_eq!(rejected(&effects, stored).map(|e| e.code), Some(ErrorCode::IdTokenInvalid));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Emit { kind: "login", .. })));
}

fn qr(h: &mut Harness, result: Id, hidden: bool) -> (Id, Vec<Effect>) {
    let start = polling::Start {
        kind: &polling::QR,
        body: r#"{"type":"MOBILE_APP"}"#.into(),
        interval_ms: 1000.0,
        timeout_ms: 60_000.0,
        hidden,
        aborted: false,
        result,
    };
    let (id, effects) = h.call(Call::StartPolling(start));
    let (req, _, body) = sent(&effects, "/api/v3/gene-qrcode").unwrap();
    assert_eq!(body.as_deref(), Some(r#"{"type":"MOBILE_APP"}"#));
    let effects = h.http(req, 200, r#"{"statusCode":200,"data":{"qrcodeId":"q 1","url":"https://x/q"}}"#);
    assert!(matches!(resolved(&effects, id), Some(Answer::Json(d)) if d.contains("\"qrcodeId\":\"q 1\"")));
    (id, effects)
}

fn poll_timer(effects: &[Effect]) -> (Id, f64) {
    effects
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::SetTimer { id, ms } if *ms < 50_000.0 => Some((*id, *ms)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no poll timer in {effects:?}"))
}

#[test]
fn qr_login_polls_one_at_a_time_reports_each_status_once_backs_off_and_exchanges_the_ticket() {
    let mut h = Harness::new("");
    let (_, effects) = qr(&mut h, 100, false);
    let (timer, ms) = poll_timer(&effects);
    assert_eq!(ms, 1000.0);
    let mut statuses = Vec::new();
    let mut next = timer;
    for (status, body) in [
        (200, r#"{"statusCode":200,"data":{"status":"PENDING"}}"#),
        (200, r#"{"statusCode":200,"data":{"status":"PENDING"}}"#),
        (429, "busy"),
        (200, r#"{"statusCode":200,"data":{"status":"SCANNED","briefUserInfo":{"nickname":"Ada"}}}"#),
    ] {
        h.now += 1000.0;
        let effects = h.feed(Event::Timer { id: next });
        let (req, url, _) = sent(&effects, "check-qrcode-status").unwrap();
        assert!(url.ends_with("qrcodeId=q%201"));
        let retry = (status == 429).then_some(7.0);
        let effects = h.feed(Event::Http { req, status, body, retry_after: retry });
        statuses.extend(effects.iter().filter_map(|e| match e {
            Effect::Status { id: 100, detail } => Some(detail.clone()),
            _ => None,
        }));
        let (t, ms) = poll_timer(&effects);
        if status == 429 {
            assert_eq!(ms, 7000.0, "Retry-After is honoured");
        }
        next = t;
    }
    assert_eq!(statuses, [r#"{"status":"PENDING"}"#, r#"{"status":"SCANNED","briefUserInfo":{"nickname":"Ada"}}"#]);
    h.now += 1000.0;
    let effects = h.feed(Event::Timer { id: next });
    let (req, ..) = sent(&effects, "check-qrcode-status").unwrap();
    let effects = h.http(req, 200, r#"{"statusCode":200,"data":{"status":"AUTHORIZED","ticket":"t1"}}"#);
    let (req, _, body) = sent(&effects, "exchange-tokenset-with-qrcode-ticket").unwrap();
    assert_eq!(body.as_deref(), Some(r#"{"ticket":"t1"}"#));
    assert!(effects.iter().any(|e| matches!(e, Effect::ClearTimer { .. })), "the deadline is released");
    let effects = h.http(req, 200, r#"{"statusCode":200,"data":{"access_token":"qr-at","expires_in":60}}"#);
    let [Effect::TokenSet { id: 100, set, data: None }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!(set, r#"{"access_token":"qr-at","expires_in":60}"#);
}

#[test]
fn qr_login_waits_while_hidden_polls_at_once_when_shown_and_cancel_releases_everything() {
    let mut h = Harness::new("");
    let (_, effects) = qr(&mut h, 200, true);
    assert!(!effects.iter().any(|e| matches!(e, Effect::SetTimer { ms, .. } if *ms < 50_000.0)), "paused while hidden");
    let effects = h.feed(Event::Visibility { hidden: false });
    let (req, ..) = sent(&effects, "check-qrcode-status").unwrap();
    let effects = h.feed(Event::Abort { id: 200 });
    assert_eq!(rejected(&effects, 200).map(|e| e.code), Some(ErrorCode::Aborted));
    assert!(effects.contains(&Effect::Cancel { req }));
    assert!(effects.iter().any(|e| matches!(e, Effect::ClearTimer { .. })));
    // The cancelled request's late answer changes nothing.
    assert!(h.http(req, 200, r#"{"statusCode":200,"data":{"status":"AUTHORIZED"}}"#).is_empty());
}
