//! The protocol engine: synchronous and sans-IO, in the manner of quinn-proto and rustls. It is fed
//! events (an app call, an HTTP answer, a message, a timer, a storage value, a lock, a broadcast,
//! a signature check) with the current time, and answers with effects for the executor to perform
//! (send, navigate, open, store, lock, post, verify, emit, resolve). It owns every decision and
//! touches no browser API, so every flow is driven natively by scripted events in its tests.
//!
//! The flows, by name: `redirect`, `popup` and `silent` (windows.rs), `sign_in` (the code exchange
//! and the checked, stored session), `keys` (the provider's signing keys), `renewal` (the session
//! lifecycle behind getLoginState / getAccessToken / refreshToken), `sync` (the other tabs),
//! `store` (where the session lives), `logout`, `userinfo`.

use crate::prelude::*;
pub(crate) mod io;
mod keys;
mod logout;
mod redirect;
mod renewal;
mod sign_in;
mod store;
mod sync;
mod windows;
pub mod wire;

#[cfg(test)]
pub(crate) mod tests;

use crate::core::authorize::LoginOptions;
use crate::core::config::{Config, Options};
use crate::core::error::{Error, ErrorCode, Message, Result};
use crate::core::jws::WebCryptoParams;
use keys::Keys;
use renewal::Renewal;
use store::Store;
use windows::{PopupFlow, SilentFlow};

/// 64 octets from `crypto.getRandomValues`, boxed: events and the engine carry a pointer, not the octets.
pub type Random = alloc::boxed::Box<[u8; 64]>;

/// Names a call, a request, a timer or a window, shared by the engine and the executor.
pub type Id = u32;

/// What the app asked for (the public `AuthingClient` methods).
pub enum Call {
    LoginWithRedirect(LoginOptions),
    /// The executor opened `window` inside the click (or the app passed its own); `aborted`: the
    /// app's AbortSignal had fired already.
    LoginWithPopup {
        opts: LoginOptions,
        window: Id,
        aborted: bool,
    },
    IsRedirectCallback {
        url: String,
    },
    /// `here` is the address bar, which loses the callback's parameters before anything else.
    HandleRedirectCallback {
        url: String,
        here: String,
    },
    GetLoginState {
        ignore_cache: bool,
    },
    GetAccessToken {
        ignore_cache: bool,
    },
    RefreshToken,
    GetUserInfo,
    /// The client was created: the store is read once (a store that fails is found out now).
    Start,
    Logout {
        revoke: bool,
    },
    LogoutWithRedirect {
        redirect_uri: Option<String>,
        state: Option<String>,
    },
    /// A token set from an Authentication API sign-in or a QR/push login (the extras): checked and
    /// stored like any sign-in; resolves the `LoginState`.
    StoreTokenSet {
        set: crate::core::value::Value,
    },
    /// The access token for an Authentication API call, or `null` when the user is signed out.
    Bearer,
    /// QR-code or push login (the extras): resolves the issued code; the outcome goes to `start.result`.
    /// (The extras' calls are not in the login wasm, which never gets them.)
    #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
    StartPolling(crate::extras::polling::Start),
    /// `authing.api.<name>(input)`.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
    Api {
        op: crate::extras::api::Operation,
        input: crate::core::value::Value,
    },
}

/// Everything that can happen to the engine. (A call is boxed: every event is as small as the others.)
pub enum Event<'a> {
    /// `random`: 64 octets from `crypto.getRandomValues`, for a sign-in this call may start.
    Call {
        id: Id,
        call: alloc::boxed::Box<Call>,
        random: Option<Random>,
    },
    /// The call's `AbortSignal` fired (or, for a QR or push login, `cancel()` was called).
    Abort {
        id: Id,
    },
    /// The page was hidden or shown again.
    Visibility {
        hidden: bool,
    },
    /// `retry_after`: the `Retry-After` header, in seconds, when it is a number.
    Http {
        req: Id,
        status: u16,
        body: &'a str,
        retry_after: Option<f64>,
    },
    /// No answer: the network failed, or the request ran past its deadline.
    HttpFailed {
        req: Id,
        timed_out: bool,
    },
    /// A `message` event; `window` is the flow window it came from, if it came from one.
    Message {
        origin: &'a str,
        window: Option<Id>,
        data: Option<&'a str>,
    },
    Timer {
        id: Id,
    },
    WindowClosed {
        window: Id,
    },
    /// The iframe's page fired `load` (cross-origin, so that is all that is known of it).
    FrameLoaded {
        window: Id,
    },
    Stored {
        req: Id,
        value: Option<&'a str>,
    },
    StorageFailed {
        req: Id,
        message: &'a str,
    },
    Locked {
        req: Id,
        waited: bool,
    },
    Broadcast {
        data: &'a str,
        /// 64 octets from `crypto.getRandomValues`: a memory tab signs in when another tab did.
        random: Option<Random>,
    },
    Verified {
        req: Id,
        ok: bool,
    },
    /// The SHA-256 digest asked for (empty when WebCrypto is unavailable).
    Digested {
        req: Id,
        digest: Vec<u8>,
    },
    /// (extras) The access token asked for by `Effect::Bearer`; `None`: the user is signed out.
    Token {
        id: Id,
        token: Option<&'a str>,
    },
}

/// Where the executor keeps a key: the tab's sessionStorage, localStorage, or the app's own store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    Session,
    Local,
    Custom,
}

/// What a call resolves to (JSON as text: the executor parses it, it never reads it).
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Nothing,
    Bool(bool),
    /// JSON text: a `LoginState`, `{ loginState, appState }`, userinfo claims, or `null`.
    Json(String),
    Text(String),
}

/// Everything the engine asks the executor to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Answer with `Event::Http`, or `Event::HttpFailed` (also when `timeout_ms` passes first).
    Send {
        req: Id,
        method: &'static str,
        url: String,
        headers: Vec<(&'static str, String)>,
        body: Option<Body>,
        timeout_ms: f64,
    },
    /// Abort request `req`: its answer no longer matters.
    Cancel {
        req: Id,
    },
    Navigate {
        url: String,
    },
    ReplaceUrl {
        url: String,
    },
    NavigateWindow {
        window: Id,
        url: String,
    },
    CloseWindow {
        window: Id,
    },
    /// Report `Event::WindowClosed` once the window is seen closed, until `UnwatchWindow`.
    WatchWindow {
        window: Id,
    },
    UnwatchWindow {
        window: Id,
    },
    /// A hidden iframe at `url`; its messages come with `window: Some(window)`.
    OpenFrame {
        window: Id,
        url: String,
    },
    RemoveFrame {
        window: Id,
    },
    SetTimer {
        id: Id,
        ms: f64,
    },
    ClearTimer {
        id: Id,
    },
    Read {
        req: Id,
        area: Area,
        key: String,
    },
    Write {
        req: Id,
        area: Area,
        key: String,
        value: String,
    },
    Remove {
        req: Id,
        area: Area,
        key: String,
    },
    Lock {
        req: Id,
        name: String,
    },
    Unlock {
        req: Id,
    },
    Post {
        data: String,
    },
    /// WebCrypto's SHA-256 of `data` (a PKCE verifier); answer with `Event::Digested`.
    Digest {
        req: Id,
        data: String,
    },
    /// WebCrypto `verify` with this JWK (JSON text); answer with `Event::Verified`.
    Verify {
        req: Id,
        alg: WebCryptoParams,
        jwk: String,
        signature: Vec<u8>,
        data: String,
    },
    /// An app event (`login`, `logout`, `tokenRefreshed`, `sessionExpired`, `error`).
    Emit {
        kind: &'static str,
        detail: Detail,
    },
    Resolve {
        id: Id,
        answer: Answer,
    },
    Reject {
        id: Id,
        error: Error,
    },
    /// (extras) The login engine's access token for API call `id`: answer with `Event::Token`.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
    Bearer {
        id: Id,
    },
    /// (extras) A token set for the login engine to check and store; then call `id` resolves with
    /// `data` (JSON text) or, without it, the `LoginState`.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
    TokenSet {
        id: Id,
        set: String,
        data: Option<String>,
    },
    /// A QR or push login's new status: `detail` is `{ status, briefUserInfo? }` as JSON.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
    Status {
        id: Id,
        detail: String,
    },
    /// `getAccessToken()` may answer `token` by itself until `until_ms` (None: ask the engine).
    Cache {
        token: Option<String>,
        until_ms: f64,
    },
    /// With the `debug` option: a decision the engine took, and why; `detail` is never a token,
    /// code or secret. The wrapper words it (`js/debug.ts`).
    Log {
        step: Step,
        detail: String,
    },
}

/// A decision worth a line of `debug` logging (numbered for the wrapper's table, `js/debug.ts`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// A `message` not from the provider's origin (`detail`: its origin).
    IgnoredOrigin = 1,
    /// From the provider's origin, but not from the flow's popup or iframe.
    IgnoredWindow = 2,
    /// From the flow's window, but not an authorization response.
    IgnoredShape = 3,
    /// An authorization response of another sign-in (its `state`).
    IgnoredState = 4,
    /// The flow's answer (`detail`: `code`, or the provider's error such as `login_required`).
    Answered = 5,
    /// The stored session is fresh: no request.
    Fresh = 6,
    /// A renewal is under way in this tab: this call waits for it.
    Joined = 7,
    /// A renewal starts, under the cross-tab lock.
    Renewing = 8,
    /// The lock was held by another tab: this one waits for what that tab got.
    Settling = 9,
    /// Renewal by the refresh token.
    ByRefresh = 10,
    /// Renewal by silent sign-in in a hidden iframe (no refresh token).
    BySilent = 11,
    /// The renewal ended (`detail`: an error code, or nothing).
    Renewed = 12,
    /// The ID token's claims were checked (`detail`: its algorithm; HS256 has no signature to check).
    IdToken = 13,
    /// The stored session did not read and was dropped.
    Dropped = 14,
    /// Another tab's news (`detail`: what), or `detail` empty: a message on the channel that is none.
    Heard = 15,
}

/// A request body. `Multipart`: the app's input fields of these names, as `FormData` (files stay
/// files); the others are sent as they are, with their content type.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    Form(String),
    Json(String),
    /// The input fields of Authentication API call `call` with these names.
    #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
    Multipart {
        call: Id,
        names: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    None,
    LoginState(String),
    Error(Error),
}

/// How long every request may take before it ends with `timeout` (as the API path's default).
pub const REQUEST_TIMEOUT_MS: f64 = 30_000.0;

/// An answer the engine is waiting for, and what it does with it.
#[allow(clippy::large_enum_variant)]
enum Wait {
    Transaction(redirect::Pending),
    Digest(windows::Digesting),
    TransactionWritten {
        id: Id,
        url: String,
    },
    Token(sign_in::Grant),
    Jwks,
    Verify(sign_in::Check),
    Load(store::Then),
    Write,
    /// A session's write, after which it is handed over.
    Kept(sign_in::Purpose, crate::core::token::Session),
    Lock,
    UserInfo(Id),
    /// A part of `logout` call N: its store write or a revocation.
    Revoked(Id),
    /// The signed-out mark's write, after which the page leaves for `url`.
    Leave {
        id: Id,
        url: String,
    },
}

/// An HTTP answer.
pub struct Reply<'a> {
    pub status: u16,
    pub body: &'a str,
    pub retry_after: Option<f64>,
}

enum Timer {
    PopupTimeout,
    PopupClosed,
    SilentTimeout,
    Settle,
}

pub struct Engine {
    config: Config,
    now: f64,
    random: Option<Random>,
    io: io::Io<Wait, Timer>,
    /// Store reads the engine answers itself (a session in its memory): each `(req, value)` is handled
    /// as a `Stored` event, in order, before `handle` returns.
    inbox: Vec<(Id, Option<String>)>,
    store: Store,
    keys: Keys,
    popup: Option<PopupFlow>,
    silent: Option<SilentFlow>,
    renewal: Option<Renewal>,
    /// Calls that wait for the running renewal to end before theirs starts.
    queued: Vec<(Id, renewal::Want)>,
    sync: sync::Sync,
}

impl Engine {
    /// `options`: the app's options; `custom_store`: the app passed its own `cacheLocation` object.
    pub fn new(options: Options, custom_store: bool) -> Result<Engine> {
        let config = Config::new(options)?;
        let store = Store::new(&config, custom_store)?;
        Ok(Engine {
            store,
            keys: Keys::default(),
            sync: sync::Sync::default(),
            config,
            now: 0.0,
            random: None,
            io: io::Io::default(),
            inbox: Vec::new(),
            popup: None,
            silent: None,
            renewal: None,
            queued: Vec::new(),
        })
    }

    /// The popup's width and height (the executor opens it inside the click).
    pub fn popup_size(&self) -> (f64, f64) {
        (self.config.popup.width, self.config.popup.height)
    }

    /// The name of the app's BroadcastChannel (the same in every tab of the app).
    pub fn channel(&self) -> String {
        self.config.storage_prefix()
    }

    /// Feeds one event at `now_ms` (milliseconds since the epoch); returns what to do, in order.
    pub fn handle(&mut self, now_ms: f64, event: Event) -> io::Batch {
        self.now = now_ms;
        self.dispatch(event);
        // In arrival order: what handling one batch gives itself forms the next batch.
        while !self.inbox.is_empty() {
            for (req, value) in core::mem::take(&mut self.inbox) {
                self.stored(req, value.as_deref());
            }
        }
        core::mem::take(&mut self.io.out)
    }

    fn dispatch(&mut self, event: Event) {
        match event {
            Event::Call { id, call, random } => {
                self.random = random;
                self.call(id, *call);
            }
            Event::Abort { id } => {
                self.popup_aborted(id);
            }
            Event::Visibility { .. } | Event::Token { .. } => {}
            Event::Http { req, status, body, retry_after } => {
                self.answered(req, Ok(Reply { status, body, retry_after }))
            }
            Event::HttpFailed { req, timed_out } => self.answered(req, Err(http_failure(timed_out))),
            Event::Message { origin, window, data } => self.message(origin, window, data),
            Event::Timer { id } => self.timer(id),
            Event::WindowClosed { window } => self.window_closed(window),
            Event::FrameLoaded { window } => self.frame_loaded(window),
            Event::Stored { req, value } => self.stored(req, value),
            Event::StorageFailed { req, message } => self.storage_failed(req, message),
            Event::Locked { req, waited } => self.locked(req, waited),
            Event::Broadcast { data, random } => {
                self.random = random;
                self.broadcast(data);
            }
            Event::Verified { req, ok } => self.verified(req, ok),
            Event::Digested { req, digest } => {
                if let Some(Wait::Digest(then)) = self.io.take_wait(req) {
                    self.digested(then, &digest);
                }
            }
        }
    }

    fn call(&mut self, id: Id, call: Call) {
        match call {
            Call::LoginWithRedirect(opts) => self.login_with_redirect(id, opts),
            Call::LoginWithPopup { opts, window, aborted } => self.login_with_popup(id, opts, window, aborted),
            Call::IsRedirectCallback { url } => self.is_redirect_callback(id, &url),
            Call::HandleRedirectCallback { url, here } => self.handle_redirect_callback(id, &url, &here),
            Call::GetLoginState { ignore_cache } => self.session_for(id, renewal::Want::State, ignore_cache),
            Call::GetAccessToken { ignore_cache } => self.session_for(id, renewal::Want::Token, ignore_cache),
            Call::RefreshToken => self.refresh_token(id),
            Call::Start => self.load(store::Then::Start { id }),
            Call::GetUserInfo => self.session_for(id, renewal::Want::UserInfo, false),
            Call::Logout { revoke } => self.logout(id, revoke),
            Call::LogoutWithRedirect { redirect_uri, state } => self.logout_with_redirect(id, redirect_uri, state),
            Call::StoreTokenSet { set } => self.store_token_set(&set, sign_in::Purpose::Stored { id }),
            Call::Bearer => self.session_for(id, renewal::Want::Bearer, false),
            #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
            Call::StartPolling(_) | Call::Api { .. } => {
                self.reject(id, Error::new(ErrorCode::ConfigError, Message::NotLoginCall))
            }
        }
    }

    /// Consumes the random octets of the current call: each sign-in gets octets of its own.
    fn take_random(&mut self) -> Result<Random> {
        self.random.take().ok_or_else(|| Error::new(ErrorCode::ConfigError, Message::NoRandom))
    }

    fn get(&mut self, wait: Wait, url: String) {
        self.io.send(wait, "GET", url, Vec::new(), None);
    }

    /// A form POST to an OAuth endpoint.
    fn post_form(&mut self, wait: Wait, url: String, form: &crate::core::url::Form) {
        let headers = vec![("content-type", "application/x-www-form-urlencoded".into())];
        self.io.send(wait, "POST", url, headers, Some(Body::Form(form.as_str().into())));
    }

    fn timer(&mut self, id: Id) {
        match self.io.fired(id) {
            Some(Timer::PopupTimeout) => self.popup_timed_out(),
            Some(Timer::PopupClosed) => self.popup_closed(),
            Some(Timer::SilentTimeout) => self.silent_timed_out(),
            Some(Timer::Settle) => self.settled(None),
            None => {}
        }
    }

    fn resolve(&mut self, id: Id, answer: Answer) {
        self.io.emit(Effect::Resolve { id, answer });
    }

    fn reject(&mut self, id: Id, error: Error) {
        self.io.emit(Effect::Reject { id, error });
    }

    /// A decision, for `debug` logging only.
    fn log(&mut self, step: Step, detail: &str) {
        if self.config.debug {
            self.io.emit(Effect::Log { step, detail: detail.into() });
        }
    }

    fn answered(&mut self, req: Id, answer: Result<Reply>) {
        match self.io.take_wait(req) {
            Some(Wait::Token(grant)) => self.token_answered(grant, answer),
            Some(Wait::Jwks) => self.jwks_answered(answer),
            Some(Wait::UserInfo(call)) => self.userinfo_answered(call, answer),
            Some(Wait::Revoked(call)) => self.revoked(call),
            _ => {}
        }
    }

    fn stored(&mut self, req: Id, value: Option<&str>) {
        match self.io.take_wait(req) {
            Some(Wait::Transaction(pending)) => self.transaction_read(pending, value),
            Some(Wait::Load(then)) => self.loaded(then, value),
            Some(Wait::Kept(purpose, session)) => self.hand_over(purpose, session),
            Some(Wait::TransactionWritten { id, url }) => self.leave_for_sign_in(id, url),
            Some(Wait::Revoked(call)) => self.revoked(call),
            Some(Wait::Leave { id, url }) => self.leave(id, url),
            _ => {}
        }
    }

    fn storage_failed(&mut self, req: Id, message: &str) {
        let wait = self.io.take_wait(req);
        match wait {
            Some(Wait::Transaction(pending)) => self.transaction_read(pending, None),
            Some(Wait::Load(then)) => {
                self.fall_back(message, None);
                self.loaded(then, None);
            }
            Some(Wait::Write) => {
                let value = self.pending_write();
                self.fall_back(message, value);
            }
            Some(Wait::Kept(purpose, session)) => {
                let value = self.pending_write();
                self.fall_back(message, value);
                self.hand_over(purpose, session);
            }
            Some(Wait::Revoked(call)) => {
                let value = self.pending_write();
                self.fall_back(message, value);
                self.revoked(call);
            }
            Some(Wait::Leave { id, url }) => {
                let value = self.pending_write();
                self.fall_back(message, value);
                self.leave(id, url);
            }
            Some(Wait::TransactionWritten { id, .. }) => self.reject(id, redirect::no_transactions(message)),
            _ => {}
        }
    }

    fn verified(&mut self, req: Id, ok: bool) {
        if let Some(Wait::Verify(check)) = self.io.take_wait(req) {
            self.signature_checked(check, ok);
        }
    }

    fn locked(&mut self, req: Id, waited: bool) {
        if let Some(Wait::Lock) = self.io.take_wait(req) {
            self.renewal_locked(req, waited);
        }
    }
}

pub fn http_failure(timed_out: bool) -> Error {
    if timed_out {
        Error::new(ErrorCode::Timeout, Message::Timeout)
    } else {
        Error::new(ErrorCode::NetworkError, Message::Unreachable)
    }
}

/// An answer the SDK cannot use: a status or body the endpoint should never send.
pub fn unexpected(status: u16) -> Error {
    Error::new(ErrorCode::NetworkError, Message::Unexpected).and_integer(status.into())
}
