//! The protocol engine under random event sequences. The input is the script: each byte picks the
//! next event among what a browser could deliver now (an app call, any pending answer, a genuine or a
//! forged message, a timer, a broadcast, a reload, time passing). A model of the executor performs
//! the effects (storage, locks, windows, timers), and on every step the engine must keep:
//! - a message that fails origin, source or state changes nothing (no effect but a debug line);
//! - the stored session is dropped only by logout, `invalid_grant`, a session the provider ended
//!   (`login_required` from the iframe), another tab's news, or a stored value that does not read;
//! - at most one refresh grant in flight, and no authorization code exchanged twice;
//! - each call answered once; in memory mode no token on the channel;
//!
//! and once the script ends and every pending thing has been answered or has run out, every timer,
//! window, iframe, lock and request a flow took is released and every call is answered.

use crate::Target;
use authing_wasm::core::authorize::LoginOptions;
use authing_wasm::core::base64url;
use authing_wasm::core::config::Options;
use authing_wasm::core::value::Value;
use authing_wasm::engine::{Area, Call, Effect, Engine, Event, Id, Random};
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub const TARGET: Target = Target { name: "engine", run };

const DOMAIN: &str = "https://x.authing.cn";
const ISSUER: &str = "https://x.authing.cn/oidc";
const REDIRECT: &str = "https://app.test/cb";
const T0: f64 = 1_700_000_000_000.0;

/// The script: the input's bytes, one per choice.
struct Script<'a>(&'a [u8]);

impl Script<'_> {
    fn next(&mut self) -> Option<u8> {
        let (first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(*first)
    }

    fn pick(&mut self, n: usize) -> usize {
        self.next().map_or(0, |b| b as usize % n.max(1))
    }
}

struct Flow {
    state: String,
    nonce: String,
}

#[derive(Default)]
struct Page {
    calls: BTreeSet<Id>,
    /// Logout calls: until one is answered, any step may finish it.
    logouts: BTreeSet<Id>,
    requests: BTreeMap<Id, (String, String)>,
    timers: BTreeSet<Id>,
    popups: BTreeMap<Id, Flow>,
    watched: BTreeSet<Id>,
    /// Popups the user closed: navigating one does nothing.
    closed: BTreeSet<Id>,
    frames: BTreeMap<Id, Flow>,
    lock_wanted: Vec<(Id, String)>,
    locks: BTreeMap<Id, String>,
    reads: Vec<(Id, Area, String)>,
    writes: Vec<Id>,
    digests: Vec<Id>,
    verifies: Vec<Id>,
    left_for: Option<String>,
}

struct World {
    engine: Engine,
    options: String,
    page: Page,
    now: f64,
    memory: bool,
    /// sessionStorage and localStorage, which outlive a reload.
    storage: HashMap<(u8, String), String>,
    next_id: Id,
    /// Codes minted by the model's provider, with their nonce; each may be exchanged once.
    codes: HashMap<String, String>,
    exchanged: BTreeSet<String>,
    tokens: u32,
}

fn area_tag(area: Area) -> u8 {
    match area {
        Area::Session => 0,
        Area::Local => 1,
        Area::Custom => 2,
    }
}

fn param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|p| p.strip_prefix(name)?.strip_prefix('=')).map(str::to_string)
}

fn b64(text: &str) -> String {
    base64url::encode(text.as_bytes())
}

impl World {
    fn new(options: String, memory: bool) -> Result<World, String> {
        let engine = Self::engine(&options)?;
        let mut w = World {
            engine,
            options,
            page: Page::default(),
            now: T0,
            memory,
            storage: HashMap::new(),
            next_id: 1,
            codes: HashMap::new(),
            exchanged: BTreeSet::new(),
            tokens: 0,
        };
        w.call(Call::Start)?;
        Ok(w)
    }

    fn engine(options: &str) -> Result<Engine, String> {
        let options = Value::object(options).ok_or("options")?;
        Engine::new(Options::read(&options), false).map_err(|e| format!("options refused: {}", e.text()))
    }

    fn id(&mut self) -> Id {
        self.next_id += 1;
        self.next_id
    }

    fn random(&mut self) -> Random {
        let seed = self.id();
        Box::new(core::array::from_fn(|i| (i as u32).wrapping_mul(131).wrapping_add(seed.wrapping_mul(7919)) as u8))
    }

    /// The session as stored, if the store is one the model can see and holds one.
    fn stored_session(&self) -> Option<String> {
        self.storage.iter().find(|((_, k), v)| k.ends_with(":session") && v.starts_with('{')).map(|(_, v)| v.clone())
    }

    fn feed(&mut self, event: Event) -> Result<Vec<Effect>, String> {
        let label = tracing().then(|| describe(&event));
        let effects = self.engine.handle(self.now, event);
        if let Some(label) = label {
            eprintln!("{label}\n    -> {effects:?}");
        }
        for e in &effects {
            self.apply(e)?;
        }
        Ok(effects)
    }

    fn call(&mut self, call: Call) -> Result<Vec<Effect>, String> {
        let id = self.id();
        self.page.calls.insert(id);
        let random = Some(self.random());
        self.feed(Event::Call { id, call: Box::new(call), random })
    }

    fn apply(&mut self, e: &Effect) -> Result<(), String> {
        let p = &mut self.page;
        match e {
            Effect::Send { req, url, body, .. } => {
                let body = match body {
                    Some(authing_wasm::engine::Body::Form(f) | authing_wasm::engine::Body::Json(f)) => f.clone(),
                    _ => String::new(),
                };
                if url.ends_with("/oidc/token") {
                    if body.contains("grant_type=refresh_token")
                        && p.requests.values().any(|(u, b)| u == url && b.contains("grant_type=refresh_token"))
                    {
                        return Err("two refresh grants in flight".into());
                    }
                    if let Some(code) = param(&format!("?{body}"), "code") {
                        if !self.exchanged.insert(code) {
                            return Err("an authorization code exchanged twice".into());
                        }
                    }
                }
                p.requests.insert(*req, (url.clone(), body));
            }
            Effect::Cancel { req } => drop(p.requests.remove(req)),
            Effect::Navigate { url } => p.left_for = Some(url.clone()),
            Effect::ReplaceUrl { .. } | Effect::Emit { .. } | Effect::Cache { .. } => {}
            Effect::Log { detail, .. } => {
                if ["at-", "rt-", "eyJ"].iter().any(|secret| detail.contains(secret)) || self.codes.contains_key(detail)
                {
                    return Err(format!("a debug line carries a secret: {detail}"));
                }
            }
            Effect::NavigateWindow { window, url } => {
                let flow = Flow {
                    state: param(url, "state").unwrap_or_default(),
                    nonce: param(url, "nonce").unwrap_or_default(),
                };
                if !p.closed.contains(window) {
                    p.popups.insert(*window, flow);
                }
            }
            Effect::CloseWindow { window } => drop(p.popups.remove(window)),
            Effect::WatchWindow { window } => drop(p.watched.insert(*window)),
            Effect::UnwatchWindow { window } => drop(p.watched.remove(window)),
            Effect::OpenFrame { window, url } => {
                let flow = Flow {
                    state: param(url, "state").unwrap_or_default(),
                    nonce: param(url, "nonce").unwrap_or_default(),
                };
                p.frames.insert(*window, flow);
            }
            Effect::RemoveFrame { window } => drop(p.frames.remove(window)),
            Effect::SetTimer { id, .. } => drop(p.timers.insert(*id)),
            Effect::ClearTimer { id } => drop(p.timers.remove(id)),
            Effect::Read { req, area, key } => p.reads.push((*req, *area, key.clone())),
            Effect::Write { req, area, key, value } => {
                self.storage.insert((area_tag(*area), key.clone()), value.clone());
                p.writes.push(*req);
            }
            Effect::Remove { req, area, key } => {
                self.storage.remove(&(area_tag(*area), key.clone()));
                p.writes.push(*req);
            }
            Effect::Lock { req, name } => p.lock_wanted.push((*req, name.clone())),
            Effect::Unlock { req } => {
                p.lock_wanted.retain(|(r, _)| r != req);
                p.locks.remove(req);
            }
            Effect::Post { data } => {
                if self.memory && (data.contains("\"session\"") || data.contains("at-") || data.contains("rt-")) {
                    return Err(format!("a memory tab posted a token: {data}"));
                }
            }
            Effect::Digest { req, .. } => p.digests.push(*req),
            Effect::Verify { req, .. } => p.verifies.push(*req),
            Effect::Resolve { id, .. } | Effect::Reject { id, .. } => {
                if !p.calls.remove(id) {
                    return Err(format!("call {id} answered twice, or never made"));
                }
            }
            Effect::Bearer { .. } | Effect::TokenSet { .. } | Effect::Status { .. } => {
                return Err("an extras effect from the login engine".into())
            }
        }
        Ok(())
    }

    fn id_token(&self, nonce: Option<&str>, sub: &str) -> String {
        let iat = (self.now / 1000.0) as u64;
        let nonce = nonce.map_or(String::new(), |n| format!(r#","nonce":"{n}""#));
        let claims =
            format!(r#"{{"iss":"{ISSUER}","aud":"app1","sub":"{sub}","iat":{iat},"exp":{}{nonce}}}"#, iat + 3600);
        format!("{}.{}.{}", b64(r#"{"alg":"RS256","kid":"k1"}"#), b64(&claims), b64("sig"))
    }

    fn tokens(&mut self, nonce: Option<&str>, expires_in: &str) -> String {
        self.tokens += 1;
        let n = self.tokens;
        let id_token = self.id_token(nonce, "u1");
        format!(
            r#"{{"access_token":"at-{n}","token_type":"Bearer","expires_in":{expires_in},"id_token":"{id_token}","refresh_token":"rt-{n}"}}"#
        )
    }

    /// An answer for request `req`, as the provider (or a broken network) might give it.
    fn answer_request(&mut self, req: Id, s: &mut Script) -> Result<Vec<Effect>, String> {
        let Some((url, body)) = self.page.requests.remove(&req) else { return Ok(vec![]) };
        let fault = s.pick(8);
        let (status, text) = if fault == 7 {
            let bodies = ["<html>", r#"{"access_token":"#, "", "null", "[]", r#"{"error":"server_error"}"#];
            ([200, 500, 502, 503, 429][s.pick(5)], bodies[s.pick(bodies.len())].to_string())
        } else if url.ends_with("/oidc/token") {
            if fault == 6 {
                (400, r#"{"error":"invalid_grant","error_description":"spent"}"#.to_string())
            } else {
                let code = param(&format!("?{body}"), "code");
                let nonce = code.and_then(|c| self.codes.get(&c).cloned());
                let expires_in =
                    ["3600", "\"3600\"", "0", "-5", "1e308", "60"][s.pick(6).min(5) * usize::from(fault == 5)];
                (200, self.tokens(nonce.as_deref(), expires_in))
            }
        } else if url.ends_with("jwks.json") {
            (200, r#"{"keys":[{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB","alg":"RS256"}]}"#.to_string())
        } else if url.ends_with("/oidc/me") {
            if fault == 6 {
                (401, String::new())
            } else {
                (200, r#"{"sub":"u1"}"#.to_string())
            }
        } else {
            (200, String::new())
        };
        let retry_after = (status == 429).then_some(2.0);
        self.feed(Event::Http { req, status, body: &text, retry_after })
    }

    /// The provider's page answers flow `window` (a popup or an iframe) genuinely.
    fn genuine(&mut self, window: Id, popup: bool, s: &mut Script) -> Result<Vec<Effect>, String> {
        let flows = if popup { &self.page.popups } else { &self.page.frames };
        let Some(flow) = flows.get(&window) else { return Ok(vec![]) };
        let (state, nonce) = (flow.state.clone(), flow.nonce.clone());
        let response = if s.pick(4) == 0 {
            format!(r#"{{"error":"login_required","state":"{state}"}}"#)
        } else {
            let code = format!("c{}", self.id());
            self.codes.insert(code.clone(), nonce);
            format!(r#"{{"code":"{code}","state":"{state}"}}"#)
        };
        let data = format!(r#"{{"type":"authorization_response","response":{response}}}"#);
        self.feed(Event::Message { origin: DOMAIN, window: Some(window), data: Some(&data) })
    }

    /// A message that must change nothing: another origin, another window, another state, junk.
    fn forged(&mut self, s: &mut Script) -> Result<(), String> {
        let flows: Vec<(Id, String)> =
            self.page.popups.iter().chain(&self.page.frames).map(|(w, f)| (*w, f.state.clone())).collect();
        let (window, state) = flows.get(s.pick(flows.len().max(1))).cloned().unwrap_or((999, "s".into()));
        let genuine = format!(r#"{{"type":"authorization_response","response":{{"code":"c","state":"{state}"}}}}"#);
        let (origin, from, data) = match s.pick(8) {
            0 => ("https://evil.test".to_string(), Some(window), Some(genuine)),
            1 => (DOMAIN.to_string(), Some(window + 1000), Some(genuine)),
            2 => (DOMAIN.to_string(), None, Some(genuine)),
            3 => (DOMAIN.to_string(), Some(window), Some(genuine.replace(&state, "forged-state"))),
            4 => (DOMAIN.to_string(), Some(window), Some(genuine.replace("authorization_response", "x"))),
            5 => (format!("{DOMAIN}."), Some(window), Some(genuine)),
            6 => (DOMAIN.to_string(), Some(window), Some("x".repeat(10_000))),
            _ => (DOMAIN.to_string(), Some(window), [None, Some("[]".into()), Some("\"s\"".into())][s.pick(3)].clone()),
        };
        let effects = self.feed(Event::Message { origin: &origin, window: from, data: data.as_deref() })?;
        // A debug line saying why it was ignored is all it may cause.
        if effects.iter().all(|e| matches!(e, Effect::Log { .. })) {
            Ok(())
        } else {
            Err(format!("a forged message changed something: {effects:?}"))
        }
    }

    fn broadcast(&mut self, s: &mut Script) -> Result<Vec<Effect>, String> {
        let session = format!(
            r#"{{"v":1,"accessToken":"at-other","tokenType":"Bearer","expiresAt":{},"refreshToken":"rt-other"}}"#,
            self.now + 3_600_000.0
        );
        let mut quoted = String::new();
        authing_wasm::core::json::quote(&session, &mut quoted);
        let data = match s.pick(6) {
            0 => format!(r#"{{"type":"login","session":{quoted}}}"#),
            1 => r#"{"type":"login"}"#.to_string(),
            2 => r#"{"type":"logout"}"#.to_string(),
            3 => r#"{"type":"sessionExpired"}"#.to_string(),
            4 => r#"{"type":"tokenRefreshed","session":"{\"v\":9}"}"#.to_string(),
            _ => ["", "[]", "{\"type\":7}", "nonsense"][s.pick(4)].to_string(),
        };
        let random = Some(self.random());
        self.feed(Event::Broadcast { data: &data, random })
    }

    /// A random app call; whether it was a logout (the one call that may drop the session).
    fn new_call(&mut self, s: &mut Script) -> Result<bool, String> {
        let flag = |s: &mut Script| s.pick(3) == 0;
        let call = match s.pick(10) {
            0 | 1 => {
                // The executor opens every sign-in in the one named popup: a new sign-in takes it over.
                self.page.popups.clear();
                let window = self.id();
                Call::LoginWithPopup { opts: LoginOptions::default(), window, aborted: s.pick(8) == 0 }
            }
            2 => Call::GetLoginState { ignore_cache: flag(s) },
            3 | 4 => Call::GetAccessToken { ignore_cache: flag(s) },
            5 => Call::RefreshToken,
            6 => Call::GetUserInfo,
            7 => Call::Logout { revoke: flag(s) },
            8 => Call::LoginWithRedirect(LoginOptions::default()),
            _ => {
                let url = format!("{REDIRECT}?code=c&state=s{}", s.pick(3));
                Call::HandleRedirectCallback { url: url.clone(), here: url }
            }
        };
        let logout = matches!(call, Call::Logout { .. });
        if logout {
            self.page.logouts.insert(self.next_id + 1);
        }
        self.call(call)?;
        Ok(logout)
    }

    /// A new page of the same tab: storage stays, everything else is gone.
    fn reload(&mut self) -> Result<(), String> {
        let left_for = self.page.left_for.take();
        self.engine = Self::engine(&self.options)?;
        self.page = Page::default();
        self.call(Call::Start)?;
        // Back from the provider: the callback with a code for the nonce it was sent with.
        if let Some(url) = left_for.filter(|u| u.contains("/oidc/auth?")) {
            let (state, nonce) = (param(&url, "state").unwrap_or_default(), param(&url, "nonce").unwrap_or_default());
            let code = format!("c{}", self.id());
            self.codes.insert(code.clone(), nonce);
            let here = format!("{REDIRECT}?code={code}&state={state}");
            self.call(Call::HandleRedirectCallback { url: here.clone(), here })?;
        }
        Ok(())
    }

    fn step(&mut self, s: &mut Script) -> Result<(), String> {
        let before = self.stored_session();
        // Among what can happen now: pending answers weigh more than new calls, so flows get deep.
        let p = &self.page;
        let mut menu: Vec<u8> = vec![0, 0, 14, 16, 18, 19];
        let pending = [
            (!p.reads.is_empty(), 3, 3),
            (!p.writes.is_empty(), 4, 3),
            (!p.digests.is_empty(), 5, 3),
            (!p.verifies.is_empty(), 6, 3),
            (!p.lock_wanted.is_empty(), 7, 2),
            (!p.requests.is_empty(), 8, 4),
            (!p.requests.is_empty(), 10, 1),
            (!p.timers.is_empty(), 11, 1),
            (!(p.popups.is_empty() && p.frames.is_empty()), 12, 4),
            (!p.watched.is_empty(), 15, 1),
            (!p.calls.is_empty(), 17, 1),
        ];
        for (present, choice, weight) in pending {
            if present {
                menu.extend(std::iter::repeat_n(choice, weight));
            }
        }
        let choice = menu[s.pick(menu.len())];
        // Whether this step may drop the stored session.
        let mut may_drop = false;
        self.now += f64::from(s.next().unwrap_or(0)) * 20.0;
        match choice {
            0 => may_drop = self.new_call(s)?,
            3 if !self.page.reads.is_empty() => {
                let (req, area, key) = self.page.reads.remove(s.pick(self.page.reads.len()));
                let stored = self.storage.get(&(area_tag(area), key.clone())).cloned();
                let value = match s.pick(6) {
                    0 => Some("{garbage".to_string()),
                    1 => Some(r#"{"v":7,"accessToken":"x"}"#.to_string()),
                    _ => stored,
                };
                may_drop = value.as_deref().is_some_and(|v| !v.starts_with("{\"v\":1") && v != "signed-out");
                if s.pick(10) == 0 {
                    self.feed(Event::StorageFailed { req, message: "quota" })?;
                } else {
                    self.feed(Event::Stored { req, value: value.as_deref() })?;
                }
            }
            4 if !self.page.writes.is_empty() => {
                let req = self.page.writes.remove(s.pick(self.page.writes.len()));
                self.feed(Event::Stored { req, value: None })?;
            }
            5 if !self.page.digests.is_empty() => {
                let req = self.page.digests.remove(s.pick(self.page.digests.len()));
                let digest = if s.pick(20) == 0 { vec![] } else { vec![7; 32] };
                self.feed(Event::Digested { req, digest })?;
            }
            6 if !self.page.verifies.is_empty() => {
                let req = self.page.verifies.remove(s.pick(self.page.verifies.len()));
                let ok = s.pick(6) != 0;
                self.feed(Event::Verified { req, ok })?;
            }
            7 if !self.page.lock_wanted.is_empty() => self.grant_lock(s.pick(2) == 0)?,
            8 | 9 if !self.page.requests.is_empty() => {
                let req = *self.page.requests.keys().nth(s.pick(self.page.requests.len())).unwrap();
                let is_token = self.page.requests[&req].0.ends_with("/oidc/token");
                may_drop = is_token;
                self.answer_request(req, s)?;
            }
            10 if !self.page.requests.is_empty() => {
                let req = *self.page.requests.keys().nth(s.pick(self.page.requests.len())).unwrap();
                self.page.requests.remove(&req);
                self.feed(Event::HttpFailed { req, timed_out: s.pick(2) == 0 })?;
            }
            11 if !self.page.timers.is_empty() => {
                let id = *self.page.timers.iter().nth(s.pick(self.page.timers.len())).unwrap();
                self.page.timers.remove(&id);
                self.feed(Event::Timer { id })?;
            }
            12 => {
                let popups = self.page.popups.keys().map(|w| (*w, true));
                let windows: Vec<(Id, bool)> = popups.chain(self.page.frames.keys().map(|w| (*w, false))).collect();
                if let Some((window, popup)) = windows.get(s.pick(windows.len().max(1))).copied() {
                    // A silent sign-in the provider answers login_required ends the session.
                    may_drop = true;
                    self.genuine(window, popup, s)?;
                }
            }
            14 => self.forged(s)?,
            15 if !self.page.watched.is_empty() => {
                let window = *self.page.watched.iter().nth(s.pick(self.page.watched.len())).unwrap();
                self.page.popups.remove(&window); // the user closed it
                self.page.closed.insert(window);
                self.feed(Event::WindowClosed { window })?;
            }
            16 => {
                may_drop = true; // another tab's logout or spent grant
                self.broadcast(s)?;
            }
            17 if !self.page.calls.is_empty() => {
                let id = *self.page.calls.iter().nth(s.pick(self.page.calls.len())).unwrap();
                self.feed(Event::Abort { id })?;
            }
            18 => self.now += [60_000.0, 3_600_000.0, 400_000.0][s.pick(3)],
            19 if s.pick(3) == 0 || self.page.left_for.is_some() => self.reload()?,
            _ => {}
        }
        if self.page.left_for.is_some() && choice != 19 {
            self.reload()?;
        }
        let logging_out = self.page.logouts.iter().any(|id| self.page.calls.contains(id));
        if before.is_some() && self.stored_session().is_none() && !may_drop && !logging_out {
            return Err(format!("the stored session was dropped by step {choice}"));
        }
        Ok(())
    }

    fn grant_lock(&mut self, waited: bool) -> Result<(), String> {
        let held: BTreeSet<String> = self.page.locks.values().cloned().collect();
        let Some(at) = self.page.lock_wanted.iter().position(|(_, name)| !held.contains(name)) else { return Ok(()) };
        let (req, name) = self.page.lock_wanted.remove(at);
        self.page.locks.insert(req, name);
        self.feed(Event::Locked { req, waited })?;
        Ok(())
    }

    /// Answers everything still pending (requests fail, timers run out) until nothing is left.
    fn drain(&mut self) -> Result<(), String> {
        for _ in 0..200 {
            if self.page.left_for.is_some() {
                return Ok(()); // the page is gone, and all it held with it
            }
            let p = &mut self.page;
            if let Some((req, area, key)) = p.reads.pop() {
                let value = self.storage.get(&(area_tag(area), key)).cloned();
                self.feed(Event::Stored { req, value: value.as_deref() })?;
            } else if let Some(req) = p.writes.pop() {
                self.feed(Event::Stored { req, value: None })?;
            } else if let Some(req) = p.digests.pop() {
                self.feed(Event::Digested { req, digest: vec![7; 32] })?;
            } else if let Some(req) = p.verifies.pop() {
                self.feed(Event::Verified { req, ok: true })?;
            } else if let Some(req) = p.requests.keys().next().copied() {
                p.requests.remove(&req);
                self.feed(Event::HttpFailed { req, timed_out: true })?;
            } else if !p.lock_wanted.is_empty() && p.locks.is_empty() {
                self.grant_lock(false)?;
            } else if let Some(id) = p.timers.pop_first() {
                self.now += 600_000.0;
                self.feed(Event::Timer { id })?;
            } else {
                break;
            }
        }
        let p = &self.page;
        if p.left_for.is_some() {
            return Ok(());
        }
        let held = [
            ("calls", p.calls.len()),
            ("requests", p.requests.len()),
            ("timers", p.timers.len()),
            ("popups", p.popups.len()),
            ("watched windows", p.watched.len()),
            ("iframes", p.frames.len()),
            ("locks", p.locks.len() + p.lock_wanted.len()),
        ];
        match held.iter().filter(|(_, n)| *n > 0).collect::<Vec<_>>() {
            left if left.is_empty() => Ok(()),
            left => Err(format!("left unreleased at the end: {left:?}")),
        }
    }
}

/// `FUZZ_TRACE=1`: every event and its effects on stderr (to read one failing input).
fn tracing() -> bool {
    static TRACE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *TRACE.get_or_init(|| std::env::var_os("FUZZ_TRACE").is_some())
}

fn describe(event: &Event) -> String {
    match event {
        Event::Call { id, call, .. } => format!(
            "call {id} {}",
            match &**call {
                Call::LoginWithPopup { window, aborted, .. } => format!("popup window {window} aborted {aborted}"),
                Call::GetLoginState { ignore_cache } => format!("getLoginState {ignore_cache}"),
                Call::GetAccessToken { ignore_cache } => format!("getAccessToken {ignore_cache}"),
                Call::HandleRedirectCallback { url, .. } => format!("callback {url}"),
                Call::Logout { revoke } => format!("logout {revoke}"),
                Call::LoginWithRedirect(_) => "loginWithRedirect".into(),
                Call::RefreshToken => "refreshToken".into(),
                Call::GetUserInfo => "getUserInfo".into(),
                Call::Start => "start".into(),
                _ => "other".into(),
            }
        ),
        Event::Http { req, status, body, .. } => format!("http {req} {status} {body}"),
        Event::HttpFailed { req, timed_out } => format!("failed {req} timed out {timed_out}"),
        Event::Message { origin, window, data } => format!("message {origin} {window:?} {data:?}"),
        Event::Timer { id } => format!("timer {id}"),
        Event::WindowClosed { window } => format!("closed {window}"),
        Event::Stored { req, value } => format!("stored {req} {value:?}"),
        Event::StorageFailed { req, .. } => format!("storage failed {req}"),
        Event::Locked { req, waited } => format!("locked {req} waited {waited}"),
        Event::Broadcast { data, .. } => format!("broadcast {data}"),
        Event::Verified { req, ok } => format!("verified {req} {ok}"),
        Event::Digested { req, .. } => format!("digested {req}"),
        Event::Abort { id } => format!("abort {id}"),
        _ => "other".into(),
    }
}

fn run(data: &[u8]) -> Result<(), String> {
    let mut s = Script(data);
    let location = ["memory", "sessionStorage", "localStorage"][s.pick(3)];
    let scope = ["openid profile", "openid profile offline_access"][s.pick(2)];
    let debug = s.pick(2) == 0;
    let options = format!(
        r#"{{"domain":"{DOMAIN}","appId":"app1","redirectUri":"{REDIRECT}","cacheLocation":"{location}","scope":"{scope}","debug":{debug}}}"#
    );
    let mut world = World::new(options, location == "memory")?;
    while !s.0.is_empty() {
        world.step(&mut s)?;
    }
    world.drain()
}
