//! Every flow driven natively by scripted events: what the engine asks for, step by step.

use super::*;
use crate::core::base64url;
use crate::core::config::Options;
use crate::core::value::Value;

pub(crate) const DOMAIN: &str = "https://example.authing.cn";
const ISSUER: &str = "https://example.authing.cn/oidc";
pub(crate) const T0: f64 = 1_700_000_000_000.0;

pub(crate) struct Harness {
    pub engine: Engine,
    pub now: f64,
    next_call: Id,
    seed: u8,
}

/// What `make` builds of the options with `extra` (JSON members after the required ones, each led by
/// a comma).
pub(crate) fn with_options<T>(extra: &str, make: impl FnOnce(Options) -> T) -> T {
    let text = format!(r#"{{"domain":"{DOMAIN}","appId":"app1","redirectUri":"https://app.test/cb"{extra}}}"#);
    make(Options::read(&Value::object(&text).unwrap()))
}

fn engine(extra: &str, custom_store: bool) -> Engine {
    with_options(extra, |o| Engine::new(o, custom_store).unwrap())
}

impl Harness {
    pub fn new(extra: &str) -> Harness {
        Harness { engine: engine(extra, false), now: T0, next_call: 1, seed: 0 }
    }

    /// One event, and the SHA-256 digests it asks for answered as WebCrypto would.
    pub fn feed(&mut self, event: Event) -> Vec<Effect> {
        let mut effects = self.engine.handle(self.now, event);
        let mut at = 0;
        while at < effects.len() {
            if let Effect::Digest { req, data } = &effects[at] {
                let digest = crate::core::pkce::sha256(data);
                let more = self.engine.handle(self.now, Event::Digested { req: *req, digest });
                effects.extend(more);
            }
            at += 1;
        }
        effects
    }

    pub fn call(&mut self, call: Call) -> (Id, Vec<Effect>) {
        let id = self.next_call;
        self.next_call += 1;
        let random = Some(self.random());
        (id, self.feed(Event::Call { id, call: Box::new(call), random }))
    }

    /// Octets unlike the last ones, as `crypto.getRandomValues` gives.
    fn random(&mut self) -> Random {
        self.seed = self.seed.wrapping_add(1);
        Box::new(core::array::from_fn(|i| (i as u8).wrapping_mul(7).wrapping_add(self.seed)))
    }

    pub fn broadcast(&mut self, data: String) -> Vec<Effect> {
        let random = Some(self.random());
        self.feed(Event::Broadcast { data: &data, random })
    }

    pub fn http(&mut self, req: Id, status: u16, body: &str) -> Vec<Effect> {
        self.feed(Event::Http { req, status, body, retry_after: None })
    }
}

/// The request sent to a URL containing `part`.
pub(crate) fn sent(effects: &[Effect], part: &str) -> Option<(Id, String, Option<String>)> {
    effects.iter().find_map(|e| match e {
        Effect::Send { req, url, body, .. } if url.contains(part) => Some((
            *req,
            url.clone(),
            match body {
                Some(Body::Form(f) | Body::Json(f)) => Some(f.clone()),
                _ => None,
            },
        )),
        _ => None,
    })
}

pub(crate) fn count_sent(effects: &[Effect], part: &str) -> usize {
    effects.iter().filter(|e| matches!(e, Effect::Send { url, .. } if url.contains(part))).count()
}

pub(crate) fn resolved(effects: &[Effect], id: Id) -> Option<&Answer> {
    effects.iter().find_map(|e| match e {
        Effect::Resolve { id: i, answer } if *i == id => Some(answer),
        _ => None,
    })
}

pub(crate) fn rejected(effects: &[Effect], id: Id) -> Option<&Error> {
    effects.iter().find_map(|e| match e {
        Effect::Reject { id: i, error } if *i == id => Some(error),
        _ => None,
    })
}

fn param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
        .map(|v| v.replace("%2F", "/").replace("%3A", ":"))
}

fn b64(text: &str) -> String {
    base64url::encode(text.as_bytes())
}

/// An RS256-shaped ID token for `nonce` (the signature is judged by the scripted `Verified`).
pub(crate) fn id_token(now: f64, nonce: Option<&str>, alg: &str, sub: &str) -> String {
    let iat = (now / 1000.0) as u64;
    let nonce = nonce.map_or(String::new(), |n| format!(r#","nonce":"{n}""#));
    let claims = format!(
        r#"{{"iss":"{ISSUER}","aud":"app1","sub":"{sub}","iat":{iat},"exp":{}{nonce},"name":"Ada"}}"#,
        iat + 3600
    );
    format!("{}.{}.{}", b64(&format!(r#"{{"alg":"{alg}","kid":"k1"}}"#)), b64(&claims), b64("sig"))
}

pub(crate) fn token_body(id_token: &str, refresh: Option<&str>) -> String {
    let refresh = refresh.map_or(String::new(), |r| format!(r#","refresh_token":"{r}""#));
    format!(
        r#"{{"access_token":"at-{}","token_type":"Bearer","expires_in":3600,"id_token":"{id_token}"{refresh}}}"#,
        id_token.len()
    )
}

const JWKS: &str = r#"{"keys":[{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB"}]}"#;

/// Answers discovery and JWKS if asked, then every signature check with `ok`.
pub(crate) fn finish_keys(h: &mut Harness, mut effects: Vec<Effect>, ok: bool) -> Vec<Effect> {
    let mut all = Vec::new();
    loop {
        let mut next = Vec::new();
        for e in &effects {
            match e {
                Effect::Send { req, url, .. } if url.ends_with("jwks.json") => next.extend(h.http(*req, 200, JWKS)),
                Effect::Verify { req, jwk, .. } => {
                    assert!(jwk.contains("\"kid\":\"k1\""), "{jwk}");
                    next.extend(h.feed(Event::Verified { req: *req, ok }));
                }
                _ => {}
            }
        }
        all.append(&mut effects);
        if next.is_empty() {
            return all;
        }
        effects = next;
    }
}

#[test]
fn redirect_sign_in_stores_the_transaction_before_leaving_and_exchanges_the_code_once() {
    let mut h = Harness::new("");
    let opts = LoginOptions { app_state: Some(r#"{"to":"/orders"}"#.into()), ..Default::default() };
    let (id, effects) = h.call(Call::LoginWithRedirect(opts));
    let [Effect::Digest { data: verifier, .. }, Effect::Write { req, area: Area::Session, key, value }] =
        effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    let challenge = crate::core::pkce::challenge(&crate::core::pkce::sha256(verifier));
    assert!(key.starts_with("authing-wasm:app1:tx:") || key.contains(":tx:"), "{key}");
    let tx_text = value.clone();
    // Not before the transaction is stored.
    let effects = h.feed(Event::Stored { req: *req, value: None });
    let Some(Effect::Navigate { url }) = effects.first() else { panic!("{effects:?}") };
    assert!(url.starts_with("https://example.authing.cn/oidc/auth?"));
    assert_eq!(param(url, "code_challenge_method").as_deref(), Some("S256"));
    assert_eq!(param(url, "code_challenge"), Some(challenge));
    assert_eq!(resolved(&effects, id), Some(&Answer::Nothing));
    let state = param(url, "state").unwrap();
    let nonce = Value::object(&tx_text).unwrap().string("nonce").unwrap();

    let here = format!("https://app.test/cb?code=c1&state={state}&keep=1");
    let (id, effects) = h.call(Call::HandleRedirectCallback { url: here.clone(), here });
    assert_eq!(effects[0], Effect::ReplaceUrl { url: "https://app.test/cb?keep=1".into() });
    let Some(Effect::Read { req, area: Area::Session, .. }) = effects.get(1) else { panic!("{effects:?}") };
    // The keys are fetched while the transaction is read and the code exchanged.
    assert!(sent(&effects, "/oidc/.well-known/jwks.json").is_some());
    let early = effects.clone();
    let effects = h.feed(Event::Stored { req: *req, value: Some(&tx_text) });
    let (token_req, _, form) = sent(&effects, "/oidc/token").unwrap();
    let form = form.unwrap();
    assert!(
        form.contains("grant_type=authorization_code") && form.contains("code=c1") && form.contains("code_verifier=")
    );
    let effects = h.http(token_req, 200, &token_body(&id_token(h.now, Some(&nonce), "RS256", "u1"), None));
    let effects = finish_keys(&mut h, [early, effects].concat(), true);
    let Some(Answer::Json(result)) = resolved(&effects, id) else { panic!("{effects:?}") };
    let result = Value::object(result).unwrap();
    assert_eq!(
        result.child("loginState").and_then(|s| s.child("idTokenClaims")).and_then(|c| c.string("name")).as_deref(),
        Some("Ada")
    );
    assert_eq!(result.child("appState").and_then(|a| a.string("to")).as_deref(), Some("/orders"));
    assert!(effects.iter().any(|e| matches!(e, Effect::Emit { kind: "login", .. })));
    assert!(effects.iter().any(|e| matches!(e, Effect::Post { data } if data.contains("\"type\":\"login\""))));
    assert!(effects.iter().any(|e| matches!(e, Effect::Cache { token: Some(_), .. })));
}

#[test]
fn a_callback_without_its_transaction_is_a_state_mismatch_and_a_forged_signature_fails() {
    let mut h = Harness::new("");
    let url = "https://app.test/cb?code=c&state=nope".to_string();
    let (id, effects) = h.call(Call::HandleRedirectCallback { url: url.clone(), here: url });
    let Some(Effect::Read { req, .. }) = effects.get(1) else { panic!() };
    let effects = h.feed(Event::Stored { req: *req, value: None });
    assert_eq!(rejected(&effects, id).map(|e| e.code), Some(ErrorCode::StateMismatch));
    assert_eq!(count_sent(&effects, "/token"), 0);

    let (id, effects) = h.call(Call::IsRedirectCallback { url: "https://app.test/cb?x=1".into() });
    assert_eq!(resolved(&effects, id), Some(&Answer::Bool(false)));
}

/// A popup login up to the provider's page; returns (call id, state, nonce).
fn popup(h: &mut Harness, window: Id) -> (Id, String, String, Vec<Effect>) {
    let (id, effects) = h.call(Call::LoginWithPopup { opts: LoginOptions::default(), window, aborted: false });
    let url = effects.iter().find_map(|e| match e {
        Effect::NavigateWindow { window: w, url } if *w == window => Some(url.clone()),
        _ => None,
    });
    let url = url.unwrap_or_else(|| panic!("{effects:?}"));
    assert_eq!(param(&url, "response_mode").as_deref(), Some("web_message"));
    assert!(effects.contains(&Effect::WatchWindow { window }));
    (id, param(&url, "state").unwrap(), param(&url, "nonce").unwrap(), effects)
}

fn answer(state: &str) -> String {
    format!(r#"{{"type":"authorization_response","response":{{"code":"c9","state":"{state}"}}}}"#)
}

/// The hidden iframe a silent sign-in opened: its window and its URL.
pub(crate) fn frame_of(effects: &[Effect]) -> (Id, String) {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::OpenFrame { window, url } => Some((*window, url.clone())),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no iframe in {effects:?}"))
}

/// Flow window `window` answers `state` genuinely, then the token endpoint answers with an RS256 ID
/// token for `nonce`: the effects of both.
fn answer_with_tokens(h: &mut Harness, window: Id, state: &str, nonce: &str) -> Vec<Effect> {
    let effects = h.feed(Event::Message { origin: DOMAIN, window: Some(window), data: Some(&answer(state)) });
    let (req, _, _) = sent(&effects, "/oidc/token").unwrap();
    let tokens = h.http(req, 200, &token_body(&id_token(h.now, Some(nonce), "RS256", "u1"), None));
    [effects, tokens].concat()
}

#[test]
fn popup_ignores_every_forged_message_and_completes_with_the_genuine_one() {
    let mut h = Harness::new("");
    let (id, state, nonce, _) = popup(&mut h, 7);
    let forged = [
        ("https://evil.test", Some(7), answer(&state)),
        (DOMAIN, Some(8), answer(&state)),
        (DOMAIN, None, answer(&state)),
        (DOMAIN, Some(7), answer("other-state")),
        (DOMAIN, Some(7), r#"{"type":"other","response":{"code":"c","state":"x"}}"#.to_string()),
        (DOMAIN, Some(7), "[1,2]".to_string()),
        (DOMAIN, Some(7), "\"text\"".to_string()),
    ];
    for (origin, window, data) in forged {
        let effects = h.feed(Event::Message { origin, window, data: Some(&data) });
        assert!(effects.is_empty(), "{effects:?}");
    }
    let effects = answer_with_tokens(&mut h, 7, &state, &nonce);
    assert!(effects.contains(&Effect::CloseWindow { window: 7 }));
    assert!(effects.contains(&Effect::UnwatchWindow { window: 7 }));
    assert!(effects.iter().any(|e| matches!(e, Effect::ClearTimer { .. })));
    let effects = finish_keys(&mut h, effects, true);
    assert!(matches!(resolved(&effects, id), Some(Answer::Json(s)) if s.contains("\"accessToken\"")));
    // A second genuine answer after the end changes nothing.
    assert!(h.feed(Event::Message { origin: DOMAIN, window: Some(7), data: Some(&answer(&state)) }).is_empty());
}

#[test]
fn popup_closed_soon_names_coop_later_plainly_and_timeout_abort_superseded_are_typed() {
    let timer_of = |effects: &[Effect]| {
        effects.iter().rev().find_map(|e| match e {
            Effect::SetTimer { id, .. } => Some(*id),
            _ => None,
        })
    };
    let mut h = Harness::new("");
    let (id, ..) = popup(&mut h, 1);
    let effects = h.feed(Event::WindowClosed { window: 1 });
    let grace = timer_of(&effects).unwrap();
    h.now += 250.0;
    let effects = h.feed(Event::Timer { id: grace });
    let e = rejected(&effects, id).unwrap();
    assert_eq!(e.code, ErrorCode::PopupClosed);
    assert!(e.text().contains("Cross-Origin-Opener-Policy"));

    let (id, ..) = popup(&mut h, 2);
    h.now += 5_000.0;
    let effects = h.feed(Event::WindowClosed { window: 2 });
    let effects = h.feed(Event::Timer { id: timer_of(&effects).unwrap() });
    let e = rejected(&effects, id).unwrap();
    assert!(e.text().contains("closed before the sign-in finished"));
    assert!(!effects.contains(&Effect::CloseWindow { window: 2 }));

    let (id, _, _, effects) = popup(&mut h, 3);
    let timeout = timer_of(&effects).unwrap();
    let effects = h.feed(Event::Timer { id: timeout });
    assert_eq!(rejected(&effects, id).map(|e| e.code), Some(ErrorCode::Timeout));
    assert!(effects.contains(&Effect::CloseWindow { window: 3 }));

    let (id, ..) = popup(&mut h, 4);
    let effects = h.feed(Event::Abort { id });
    assert_eq!(rejected(&effects, id).map(|e| e.code), Some(ErrorCode::Aborted));

    let (first, ..) = popup(&mut h, 5);
    let (_, _, _, effects) = popup(&mut h, 5);
    let e = rejected(&effects, first).unwrap();
    assert!(e.text().contains("newer loginWithPopup"));
    assert!(!effects.contains(&Effect::CloseWindow { window: 5 }), "the newer flow keeps the window");

    let (id, effects) = h.call(Call::LoginWithPopup { opts: LoginOptions::default(), window: 6, aborted: true });
    assert_eq!(rejected(&effects, id).map(|e| e.code), Some(ErrorCode::Aborted));
    assert!(!effects.iter().any(|e| matches!(e, Effect::NavigateWindow { .. })), "no request once aborted");
}

/// Drives a silent sign-in from its iframe to a stored session; returns the effects.
fn silent_answer(h: &mut Harness, start: &[Effect], sub: &str) -> Vec<Effect> {
    let (frame, url) = frame_of(start);
    assert_eq!(param(&url, "prompt").as_deref(), Some("none"));
    let state = param(&url, "state").unwrap();
    let nonce = param(&url, "nonce").unwrap();
    let effects = h.feed(Event::Message { origin: DOMAIN, window: Some(frame), data: Some(&answer(&state)) });
    assert!(effects.contains(&Effect::RemoveFrame { window: frame }));
    let (req, _, _) = sent(&effects, "/oidc/token").unwrap();
    let effects = h.http(req, 200, &token_body(&id_token(h.now, Some(&nonce), "RS256", sub), Some("rt-1")));
    // The keys were asked for when the iframe opened.
    finish_keys(h, [start.to_vec(), effects].concat(), true)
}

fn lock_of(effects: &[Effect]) -> Id {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Lock { req, .. } => Some(*req),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no lock in {effects:?}"))
}

#[test]
fn concurrent_calls_share_one_renewal_under_the_lock_and_then_read_the_cache() {
    let mut h = Harness::new("");
    let (a, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    let lock = lock_of(&effects);
    let (b, effects) = h.call(Call::GetLoginState { ignore_cache: false });
    assert!(!effects.iter().any(|e| matches!(e, Effect::Lock { .. })), "joins: {effects:?}");
    let (c, _) = h.call(Call::GetAccessToken { ignore_cache: false });
    let effects = h.feed(Event::Locked { req: lock, waited: false });
    let effects = silent_answer(&mut h, &effects, "u1");
    assert!(matches!(resolved(&effects, a), Some(Answer::Text(t)) if t.starts_with("at-")), "{effects:#?}");
    assert!(matches!(resolved(&effects, b), Some(Answer::Json(s)) if s.contains("idTokenClaims")));
    assert!(resolved(&effects, c).is_some());
    assert!(effects.contains(&Effect::Unlock { req: lock }));
    // Fresh now: answered from memory at once, no request, no lock.
    let (d, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    assert!(matches!(resolved(&effects, d), Some(Answer::Text(_))));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Send { .. } | Effect::Lock { .. })));
}

#[test]
fn renewal_refreshes_with_rotation_and_a_spent_grant_falls_back_to_the_iframe() {
    let mut h = Harness::new("");
    let (_, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: false });
    silent_answer(&mut h, &effects, "u1");
    h.now += 3_600_000.0; // expired
    let (id, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: false });
    let (req, _, form) = sent(&effects, "/oidc/token").unwrap();
    assert!(form.unwrap().contains("refresh_token=rt-1"));
    let body = token_body(&id_token(h.now, None, "RS256", "u1"), None);
    let effects = h.http(req, 200, &body);
    let effects = finish_keys(&mut h, effects, true);
    assert!(effects.iter().any(|e| matches!(e, Effect::Emit { kind: "tokenRefreshed", .. })));
    assert!(resolved(&effects, id).is_some());
    // The old refresh token is kept when the answer has none.
    let (id, effects) = h.call(Call::GetLoginState { ignore_cache: false });
    assert!(
        matches!(resolved(&effects, id), Some(Answer::Json(s)) if s.contains("\"refreshToken\":\"rt-1\"")),
        "{effects:?}"
    );

    h.now += 3_600_000.0;
    let (id, effects) = h.call(Call::GetLoginState { ignore_cache: false });
    let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: false });
    let (req, _, _) = sent(&effects, "/oidc/token").unwrap();
    let effects = h.http(req, 400, r#"{"error":"invalid_grant"}"#);
    assert!(effects.iter().any(|e| matches!(e, Effect::Emit { kind: "sessionExpired", .. })));
    let effects = silent_answer(&mut h, &effects, "u1");
    assert!(matches!(resolved(&effects, id), Some(Answer::Json(_))));
}

#[test]
fn a_failed_refresh_keeps_the_session_and_a_hung_request_times_out_typed() {
    let mut h = Harness::new("");
    let (_, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: false });
    silent_answer(&mut h, &effects, "u1");
    let (id, effects) = h.call(Call::RefreshToken);
    let lock = lock_of(&effects);
    let effects = h.feed(Event::Locked { req: lock, waited: false });
    let (req, _, _) = sent(&effects, "/oidc/token").unwrap();
    assert!(effects.iter().any(|e| matches!(e, Effect::Send { timeout_ms, .. } if *timeout_ms == REQUEST_TIMEOUT_MS)));
    let effects = h.feed(Event::HttpFailed { req, timed_out: true });
    assert_eq!(rejected(&effects, id).map(|e| e.code), Some(ErrorCode::Timeout));
    assert!(effects.contains(&Effect::Unlock { req: lock }));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Emit { kind: "sessionExpired", .. })));
    let (id, effects) = h.call(Call::GetLoginState { ignore_cache: false });
    assert!(matches!(resolved(&effects, id), Some(Answer::Json(s)) if s.contains("accessToken")), "kept");
}

#[test]
fn a_tab_that_waited_for_the_lock_takes_the_session_another_tab_announced() {
    let mut h = Harness::new(r#","cacheLocation":"localStorage""#);
    let (id, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    let Some(Effect::Read { req, area: Area::Local, .. }) = effects.first() else { panic!("{effects:?}") };
    let effects = h.feed(Event::Stored { req: *req, value: None });
    let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: true });
    let Some(Effect::Read { req, .. }) = effects.first() else { panic!("{effects:?}") };
    let effects = h.feed(Event::Stored { req: *req, value: None });
    assert!(effects.iter().any(|e| matches!(e, Effect::SetTimer { ms, .. } if *ms == 500.0)), "settles: {effects:?}");
    let session = r#"{"v":1,"accessToken":"from-b","tokenType":"Bearer","expiresAt":1700003600000}"#;
    let data = Writer::new().string("type", Some("tokenRefreshed")).string("session", Some(session)).finish();
    let effects = h.broadcast(data);
    assert_eq!(resolved(&effects, id), Some(&Answer::Text("from-b".into())));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Send { .. } | Effect::OpenFrame { .. })));
}

use crate::core::json::{Fields, Writer};

#[test]
fn logout_marks_every_tab_signed_out_revokes_and_no_silent_sign_in_follows() {
    let mut h = Harness::new("");
    let (_, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: false });
    silent_answer(&mut h, &effects, "u1");
    let (id, effects) = h.call(Call::Logout { revoke: true });
    assert_eq!(count_sent(&effects, "/token/revocation"), 2);
    assert_eq!(resolved(&effects, id), None, "resolved once the provider answered");
    let reqs: Vec<Id> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { req, url, .. } if url.contains("revocation") => Some(*req),
            _ => None,
        })
        .collect();
    assert!(h.http(reqs[0], 200, "").is_empty());
    assert_eq!(resolved(&h.feed(Event::HttpFailed { req: reqs[1], timed_out: false }), id), Some(&Answer::Nothing));
    assert!(effects.iter().any(|e| matches!(e, Effect::Post { data } if data == r#"{"type":"logout"}"#)));
    assert!(effects.contains(&Effect::Cache { token: None, until_ms: 0.0 }));
    let (id, effects) = h.call(Call::GetLoginState { ignore_cache: false });
    assert_eq!(resolved(&effects, id), Some(&Answer::Json("null".into())));
    assert!(!effects.iter().any(|e| matches!(e, Effect::OpenFrame { .. } | Effect::Lock { .. })));

    let (id, effects) =
        h.call(Call::LogoutWithRedirect { redirect_uri: Some("https://app.test/".into()), state: None });
    let Some(Effect::Navigate { url }) = effects.iter().find(|e| matches!(e, Effect::Navigate { .. })) else {
        panic!()
    };
    assert!(url.starts_with("https://example.authing.cn/oidc/session/end?client_id=app1"));
    assert!(resolved(&effects, id).is_some());
}

#[test]
fn a_failing_store_falls_back_to_memory_with_one_error_event_and_keeps_the_session() {
    let mut h = Harness::new(r#","cacheLocation":"sessionStorage""#);
    let (id, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    let Some(Effect::Read { req, .. }) = effects.first() else { panic!() };
    let effects = h.feed(Event::StorageFailed { req: *req, message: "SecurityError" });
    assert_eq!(effects.iter().filter(|e| matches!(e, Effect::Emit { kind: "error", .. })).count(), 1);
    let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: false });
    let effects = silent_answer(&mut h, &effects, "u1");
    assert!(resolved(&effects, id).is_some());
    assert!(!effects.iter().any(|e| matches!(e, Effect::Write { .. })), "memory from now on");
    let (id, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    assert!(matches!(resolved(&effects, id), Some(Answer::Text(_))));
}

#[test]
fn a_silent_sign_in_that_gets_no_answer_times_out_removes_its_iframe_and_names_the_likely_cause() {
    // An iframe whose page never loads: the network; one that loads and never answers: an error page.
    for (loads, cause) in [(false, "unreachable or slow"), (true, "redirectUri is not a login callback URL")] {
        let mut h = Harness::new(r#","silentTimeoutMs":1000"#);
        let (id, effects) = h.call(Call::GetLoginState { ignore_cache: true });
        let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: false });
        let (frame, _) = frame_of(&effects);
        let timer = effects.iter().find_map(|e| match e {
            Effect::SetTimer { id, ms } if *ms == 1000.0 => Some(*id),
            _ => None,
        });
        if loads {
            assert_eq!(h.feed(Event::FrameLoaded { window: frame + 1 }), [], "another window's load");
            assert_eq!(h.feed(Event::FrameLoaded { window: frame }), []);
        }
        let effects = h.feed(Event::Timer { id: timer.unwrap() });
        assert!(effects.contains(&Effect::RemoveFrame { window: frame }));
        let error = rejected(&effects, id).unwrap();
        assert_eq!(error.code, ErrorCode::Timeout);
        assert!(error.text().contains(cause), "{}", error.text());
    }
}

#[test]
fn hs256_is_accepted_on_its_claims_unless_signed_tokens_are_required_and_a_bad_signature_fails() {
    let strict = r#","requireSignedIdTokens":true"#;
    for (extra, right_nonce, accepted) in [("", true, true), ("", false, false), (strict, true, false)] {
        let mut h = Harness::new(extra);
        let (id, effects) = h.call(Call::GetLoginState { ignore_cache: true });
        let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: false });
        let (frame, url) = frame_of(&effects);
        let (state, nonce) = (param(&url, "state").unwrap(), param(&url, "nonce").unwrap());
        let data = Some(answer(&state));
        let effects = h.feed(Event::Message { origin: DOMAIN, window: Some(1_000), data: data.as_deref() });
        assert!(effects.is_empty(), "another window");
        let effects = h.feed(Event::Message { origin: DOMAIN, window: Some(frame), data: data.as_deref() });
        let (req, _, _) = sent(&effects, "/oidc/token").unwrap();
        // A wrong nonce is refused whatever the algorithm: the claims are always checked.
        let token = id_token(h.now, Some(if right_nonce { &nonce } else { "x" }), "HS256", "u1");
        let effects = h.http(req, 200, &token_body(&token, None));
        assert!(!effects.iter().any(|e| matches!(e, Effect::Verify { .. })));
        if accepted {
            assert!(
                matches!(resolved(&effects, id), Some(Answer::Json(s)) if s.contains("accessToken")),
                "{effects:?}"
            );
        } else {
            assert_eq!(rejected(&effects, id).map(|e| e.code), Some(ErrorCode::IdTokenInvalid));
        }
    }
    let mut h = Harness::new(r#","requireSignedIdTokens":true"#);
    let (id, effects) = h.call(Call::GetLoginState { ignore_cache: true });
    let effects = h.feed(Event::Locked { req: lock_of(&effects), waited: false });
    let (frame, url) = frame_of(&effects);
    let (state, nonce) = (param(&url, "state").unwrap(), param(&url, "nonce").unwrap());
    let effects = h.feed(Event::Message { origin: DOMAIN, window: Some(frame), data: Some(&answer(&state)) });
    let (req, _, _) = sent(&effects, "/oidc/token").unwrap();
    let effects = h.http(req, 200, &token_body(&id_token(h.now, Some(&nonce), "HS256", "u1"), None));
    let e = rejected(&effects, id).unwrap();
    assert_eq!(e.code, ErrorCode::IdTokenInvalid);
    assert!(e.text().contains("HS256"));

    let mut h = Harness::new("");
    let (id, state, nonce, _) = popup(&mut h, 1);
    let effects = answer_with_tokens(&mut h, 1, &state, &nonce);
    let effects = finish_keys(&mut h, effects, false);
    let e = rejected(&effects, id).unwrap();
    assert!(e.text().contains("signature"), "{e:?}");
    assert!(!effects.iter().any(|e| matches!(e, Effect::Emit { kind: "login", .. })), "nothing stored");
}

#[test]
fn without_webcrypto_a_sign_in_is_a_config_error_and_its_popup_closes() {
    let mut h = Harness::new("");
    let mut start = |call: Call| {
        let effects =
            h.engine.handle(h.now, Event::Call { id: 50, call: Box::new(call), random: Some(Box::new([7; 64])) });
        let req = effects.iter().find_map(|e| match e {
            Effect::Digest { req, .. } => Some(*req),
            _ => None,
        });
        h.engine.handle(h.now, Event::Digested { req: req.unwrap(), digest: vec![1, 2, 3] })
    };
    let effects = start(Call::LoginWithRedirect(LoginOptions::default()));
    let e = rejected(&effects, 50).unwrap();
    assert_eq!(e.code, ErrorCode::ConfigError);
    assert!(e.text().contains("https or from localhost"));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Navigate { .. } | Effect::Write { .. })));

    let effects = start(Call::LoginWithPopup { opts: LoginOptions::default(), window: 9, aborted: false });
    assert!(effects.contains(&Effect::CloseWindow { window: 9 }));
    assert_eq!(rejected(&effects, 50).map(|e| e.code), Some(ErrorCode::ConfigError));
    assert!(!effects.iter().any(|e| matches!(e, Effect::NavigateWindow { .. })));
}

#[test]
fn a_sign_in_into_a_custom_store_resolves_once_the_store_has_the_session() {
    let mut h = Harness { engine: engine("", true), now: T0, next_call: 1, seed: 0 };
    let (id, state, nonce, _) = popup(&mut h, 3);
    let effects = answer_with_tokens(&mut h, 3, &state, &nonce);
    let effects = finish_keys(&mut h, effects, true);
    let write = effects.iter().find_map(|e| match e {
        Effect::Write { req, area: Area::Custom, .. } => Some(*req),
        _ => None,
    });
    assert_eq!(resolved(&effects, id), None, "not before the store has it");
    let effects = h.feed(Event::Stored { req: write.unwrap(), value: None });
    assert!(matches!(resolved(&effects, id), Some(Answer::Json(_))));
}

#[test]
fn a_broadcast_whose_session_does_not_read_is_ignored() {
    for location in [r#","cacheLocation":"sessionStorage""#, r#","cacheLocation":"localStorage""#] {
        let mut h = Harness::new(location);
        let good = r#"{"v":1,"accessToken":"mine","tokenType":"Bearer","expiresAt":1700003600000}"#;
        let data = Writer::new().string("type", Some("login")).string("session", Some(good)).finish();
        h.broadcast(data);
        for bad in [r#"{"v":2,"accessToken":"newer-format"}"#, "not json", r#"{"v":1}"#] {
            let data = Writer::new().string("type", Some("tokenRefreshed")).string("session", Some(bad)).finish();
            let effects = h.broadcast(data);
            assert!(effects.is_empty(), "{location} {bad}: {effects:?}");
        }
        let (id, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
        let effects = match effects.first() {
            Some(Effect::Read { req, .. }) => h.feed(Event::Stored { req: *req, value: Some(good) }),
            _ => effects,
        };
        assert_eq!(resolved(&effects, id), Some(&Answer::Text("mine".into())), "{location}");
    }
}

#[test]
fn logout_into_a_custom_store_resolves_once_the_store_has_the_mark_and_the_page_leaves_after_it() {
    let mut h = Harness { engine: engine("", true), now: T0, next_call: 1, seed: 0 };
    let (id, effects) = h.call(Call::Logout { revoke: false });
    let Some(Effect::Read { req, .. }) = effects.first() else { panic!("{effects:?}") };
    let effects = h.feed(Event::Stored { req: *req, value: None });
    let write = effects.iter().find_map(|e| match e {
        Effect::Write { req, value, .. } if value == "signed-out" => Some(*req),
        _ => None,
    });
    assert_eq!(resolved(&effects, id), None, "not before the store has it");
    assert_eq!(resolved(&h.feed(Event::Stored { req: write.unwrap(), value: None }), id), Some(&Answer::Nothing));

    let (id, effects) = h.call(Call::LogoutWithRedirect { redirect_uri: None, state: None });
    let Some(Effect::Read { req, .. }) = effects.first() else { panic!("{effects:?}") };
    let effects = h.feed(Event::Stored { req: *req, value: None });
    assert!(!effects.iter().any(|e| matches!(e, Effect::Navigate { .. })), "not before the store has it");
    let write = effects.iter().find_map(|e| match e {
        Effect::Write { req, .. } => Some(*req),
        _ => None,
    });
    let effects = h.feed(Event::StorageFailed { req: write.unwrap(), message: "quota" });
    assert!(effects.iter().any(|e| matches!(e, Effect::Navigate { .. })), "a failed write still leaves");
    assert!(resolved(&effects, id).is_some());
}

#[test]
fn a_memory_tab_posts_no_token_adopts_none_and_renews_on_its_own_when_another_tab_signs_in() {
    let mut h = Harness::new("");
    let (id, state, nonce, _) = popup(&mut h, 3);
    let effects = answer_with_tokens(&mut h, 3, &state, &nonce);
    let effects = finish_keys(&mut h, effects, true);
    assert!(resolved(&effects, id).is_some());
    let posts: Vec<&String> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Post { data } => Some(data),
            _ => None,
        })
        .collect();
    assert_eq!(posts, [&r#"{"type":"login"}"#.to_string()], "a login is announced, with no session");

    // A planted session is not adopted: the tab asks for its own, under the lock.
    let mut h = Harness::new("");
    let planted = r#"{"v":1,"accessToken":"planted","tokenType":"Bearer","expiresAt":1700003600000}"#;
    let data = Writer::new().string("type", Some("login")).string("session", Some(planted)).finish();
    let effects = h.broadcast(data);
    let [Effect::Lock { req: lock, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let effects = h.feed(Event::Locked { req: *lock, waited: false });
    let effects = silent_answer(&mut h, &effects, "u1");
    assert!(effects.iter().any(|e| matches!(e, Effect::Emit { kind: "login", .. })), "{effects:?}");
    assert!(effects.iter().any(|e| matches!(e, Effect::Unlock { .. })));
    let (id, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    assert!(matches!(resolved(&effects, id), Some(Answer::Text(t)) if t.starts_with("at-")), "{effects:?}");

    // Signed in already: another login, refresh or spent grant elsewhere costs nothing but the lock.
    for kind in ["tokenRefreshed", "sessionExpired"] {
        let data = Writer::new().string("type", Some(kind)).string("session", Some(planted)).finish();
        assert_eq!(h.broadcast(data), [], "{kind}");
    }
    let effects = h.broadcast(r#"{"type":"login"}"#.into());
    let [Effect::Lock { req: lock, .. }] = effects.as_slice() else { panic!("{effects:?}") };
    let effects = h.feed(Event::Locked { req: *lock, waited: true });
    assert!(matches!(effects.as_slice(), [Effect::Unlock { .. }]), "fresh: no request, no settle wait: {effects:?}");

    // A logout anywhere signs this tab out.
    let effects = h.broadcast(r#"{"type":"logout"}"#.into());
    assert!(effects.iter().any(|e| matches!(e, Effect::Emit { kind: "logout", .. })));
    let (id, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
    assert_eq!(rejected(&effects, id).map(|e| e.code), Some(ErrorCode::LoginRequired));
}

#[test]
fn with_debug_each_decision_is_logged_without_a_secret_and_without_it_nothing_is() {
    let logs = |effects: &[Effect]| -> Vec<(Step, String)> {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Log { step, detail } => Some((*step, detail.clone())),
                _ => None,
            })
            .collect()
    };
    for debug in [false, true] {
        let mut h = Harness::new(if debug { r#","debug":true"# } else { "" });
        let (_, state, nonce, _) = popup(&mut h, 3);
        let mut seen = Vec::new();
        for (origin, window, data) in [
            ("https://evil.test", Some(3), answer(&state)),
            (DOMAIN, Some(4), answer(&state)),
            (DOMAIN, Some(3), "[1]".to_string()),
            (DOMAIN, Some(3), answer("another")),
        ] {
            seen.extend(logs(&h.feed(Event::Message { origin, window, data: Some(&data) })));
        }
        let effects = answer_with_tokens(&mut h, 3, &state, &nonce);
        seen.extend(logs(&finish_keys(&mut h, effects, true)));
        let (_, effects) = h.call(Call::GetAccessToken { ignore_cache: false });
        seen.extend(logs(&effects));
        if !debug {
            assert_eq!(seen, []);
            continue;
        }
        let steps: Vec<Step> = seen.iter().map(|(s, _)| *s).collect();
        assert_eq!(
            steps,
            [
                Step::IgnoredOrigin,
                Step::IgnoredWindow,
                Step::IgnoredShape,
                Step::IgnoredState,
                Step::Answered,
                Step::IdToken,
                Step::Fresh
            ]
        );
        assert_eq!(seen[0].1, "https://evil.test");
        assert_eq!(seen[4].1, "code", "the code itself is never logged");
        assert!(seen.iter().all(|(_, d)| !d.contains("at-") && !d.contains(&state)), "{seen:?}");
    }
}

#[test]
fn a_late_digest_of_an_ended_silent_flow_leaves_the_next_one_alone() {
    // Digests are held back here (the harness would answer them at once).
    let start = |h: &mut Harness| {
        let (id, effects) = h.call(Call::GetLoginState { ignore_cache: true });
        let effects = h.engine.handle(h.now, Event::Locked { req: lock_of(&effects), waited: false });
        let digest = effects.iter().find_map(|e| match e {
            Effect::Digest { req, .. } => Some(*req),
            _ => None,
        });
        let timer = effects.iter().find_map(|e| match e {
            Effect::SetTimer { id, ms } if *ms == 1000.0 => Some(*id),
            _ => None,
        });
        (id, digest.unwrap(), timer.unwrap())
    };
    // No WebCrypto (an empty digest), or a digest of the old verifier.
    for late in [vec![], vec![1; 32]] {
        let mut h = Harness::new(r#","silentTimeoutMs":1000"#);
        let (first, stale, timer) = start(&mut h);
        assert!(rejected(&h.feed(Event::Timer { id: timer }), first).is_some(), "the first flow timed out");
        let (second, digest, _) = start(&mut h);
        let effects = h.engine.handle(h.now, Event::Digested { req: stale, digest: late });
        assert_eq!(effects, [], "the ended flow's digest changes nothing");
        let effects = h.engine.handle(h.now, Event::Digested { req: digest, digest: vec![7; 32] });
        assert_eq!(effects.iter().filter(|e| matches!(e, Effect::OpenFrame { .. })).count(), 1);
        assert_eq!(rejected(&effects, second), None);
    }
}
