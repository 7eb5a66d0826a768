//! QR-code and push login: issue a code, poll its status on the `core::poll` engine, exchange the
//! authorization for a session. The browser side of the engine lives here: timers, the page's
//! visibility, the AbortSignal and `cancel()`, one abortable request at a time.

use super::api::{call, Failure};
use super::client::Client;
use super::exchange::store_token_set;
use super::first::Queue;
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::json::Fields;
use crate::core::poll::{Event, Poll, Step};
use crate::core::token::Session;
use crate::web::{clock, events::Listener, http::Abort, json::JsFields, timers::Timer, visibility};
use js_sys::{Function, Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

/// What differs between QR-code and push login.
pub struct Kind {
    pub issue_path: &'static str,
    /// The status URL's path and query up to the id.
    pub status_path: &'static str,
    pub id_field: &'static str,
    /// QR codes may answer with a `ticket` to exchange instead of a `tokenSet`.
    pub exchange_path: Option<&'static str>,
}

pub const QR: Kind = Kind {
    issue_path: "/api/v3/gene-qrcode",
    status_path: "/api/v3/check-qrcode-status?qrcodeId=",
    id_field: "qrcodeId",
    exchange_path: Some("/api/v3/exchange-tokenset-with-qrcode-ticket"),
};

pub const PUSH: Kind = Kind {
    issue_path: "/api/v3/signin-by-push",
    status_path: "/api/v3/check-pushcode-status?pushCodeId=",
    id_field: "pushCodeId",
    exchange_path: None,
};

pub struct Options {
    pub interval_ms: f64,
    pub timeout_ms: f64,
    pub on_status: Option<Function>,
    pub signal: Option<AbortSignal>,
}

enum Msg {
    Timer,
    Hidden(bool),
    Cancel,
    Polled(core::result::Result<Option<JsFields>, Failure>),
}

/// A started login: the issued code's data, the queue that `cancel()` writes to, and the loop.
pub struct Started {
    pub data: JsValue,
    pub cancel: Rc<dyn Fn()>,
    pub result: core::pin::Pin<Box<dyn core::future::Future<Output = Result<Session>>>>,
}

pub async fn start(client: Rc<Client>, kind: &'static Kind, body: String, opts: Options) -> Result<Started> {
    if opts.signal.as_ref().is_some_and(AbortSignal::aborted) {
        return Err(Error::new(ErrorCode::Aborted, "The login was aborted before it started."));
    }
    let data = call(&client, "POST", kind.issue_path, Some(&body), None).await.map_err(Failure::into_error)?;
    let data = data.ok_or_else(|| Error::new(ErrorCode::ApiError, "Authing issued no code."))?;
    let id = data
        .string(kind.id_field)
        .ok_or_else(|| Error::new(ErrorCode::ApiError, "Authing issued a code without its id."))?;
    let queue: Queue<Msg> = Queue::default();
    let cancel = {
        let queue = queue.clone();
        Rc::new(move || queue.send(Msg::Cancel)) as Rc<dyn Fn()>
    };
    let result = Box::pin(run(client, kind, id, queue, opts));
    Ok(Started { data: data.0, cancel, result })
}

async fn run(client: Rc<Client>, kind: &'static Kind, id: String, queue: Queue<Msg>, opts: Options) -> Result<Session> {
    let mut status_path = String::from(kind.status_path);
    status_path.push_str(&crate::core::url::encode(&id));
    let send = |msg: fn() -> Msg| {
        let q = queue.clone();
        move || q.send(msg())
    };
    let _visibility = visibility::on_change({
        let q = queue.clone();
        move |hidden| q.send(Msg::Hidden(hidden))
    });
    let _abort = opts.signal.as_ref().map(|s| {
        let q = queue.clone();
        Listener::new(s, "abort", move |_| q.send(Msg::Cancel))
    });
    let (mut poll, mut step) = Poll::start(opts.interval_ms, opts.timeout_ms, clock::now_ms(), visibility::is_hidden());
    let _deadline = Timer::once(poll.deadline_ms() - clock::now_ms(), send(|| Msg::Timer));
    let mut timer: Option<Timer> = None;
    let mut in_flight: Option<Abort> = None;
    let mut last: Option<JsFields> = None;
    loop {
        if let (Some(status), Some(f)) = (poll.take_report(), &opts.on_status) {
            report(f, status, last.as_ref());
        }
        match step {
            Step::Wait(ms) => drop(timer.replace(Timer::once(ms, send(|| Msg::Timer)))),
            Step::Request => in_flight = Some(request(&client, &status_path, &queue)),
            Step::Pause | Step::Continue => {}
            Step::Authorized => return authorized(&client, kind, last).await,
            Step::Failed(e) => {
                if let Some(request) = in_flight {
                    request.abort();
                }
                return Err(e);
            }
        }
        let msg = queue.recv().await;
        let now = clock::now_ms();
        step = match msg {
            Msg::Timer => poll.on(Event::Timer, now),
            Msg::Hidden(true) => poll.on(Event::Hidden, now),
            Msg::Hidden(false) => poll.on(Event::Visible, now),
            Msg::Cancel => poll.on(Event::Cancel, now),
            Msg::Polled(result) => {
                in_flight = None;
                match result {
                    Ok(Some(data)) => {
                        let status = data.string("status").unwrap_or_default();
                        last = Some(data);
                        poll.on(Event::Answer(&status), now)
                    }
                    Ok(None) => poll.on(
                        Event::Fatal(Error::new(ErrorCode::ApiError, "Authing answered the status poll without data.")),
                        now,
                    ),
                    Err(Failure::Retry { retry_after_ms }) => {
                        poll.on(Event::Retryable { retry_after_ms, jitter: js_sys::Math::random() }, now)
                    }
                    Err(Failure::Fatal(e)) => poll.on(Event::Fatal(e), now),
                }
            }
        };
        if !matches!(step, Step::Wait(_)) {
            drop(timer.take());
        }
    }
}

/// Sends one status poll; its outcome comes back through the queue.
fn request(client: &Rc<Client>, path: &str, queue: &Queue<Msg>) -> Abort {
    let abort = Abort::new().expect("AbortController");
    let (client, path, queue, signal) = (client.clone(), String::from(path), queue.clone(), abort.signal());
    wasm_bindgen_futures::spawn_local(async move {
        queue.send(Msg::Polled(call(&client, "GET", &path, None, Some(&signal)).await));
    });
    abort
}

/// `AUTHORIZED`: the answer's `tokenSet`, or its `ticket` exchanged for one, becomes the session.
async fn authorized(client: &Client, kind: &Kind, last: Option<JsFields>) -> Result<Session> {
    let last = last.ok_or_else(|| Error::new(ErrorCode::ApiError, "Authing authorized the code without data."))?;
    if let Some(token_set) = last.child("tokenSet") {
        return store_token_set(client, &token_set).await;
    }
    let (Some(path), Some(ticket)) = (kind.exchange_path, last.string("ticket")) else {
        return Err(Error::new(ErrorCode::ApiError, "Authing authorized the code without a tokenSet or ticket."));
    };
    let body = crate::core::json::Writer::new().string("ticket", Some(&ticket)).finish();
    let token_set = call(client, "POST", path, Some(&body), None).await.map_err(Failure::into_error)?;
    let token_set =
        token_set.ok_or_else(|| Error::new(ErrorCode::ApiError, "Authing exchanged the ticket for no tokens."))?;
    store_token_set(client, &token_set).await
}

/// `onStatus({ status, briefUserInfo? })`; an exception in the app's handler does not stop the login.
fn report(on_status: &Function, status: &str, data: Option<&JsFields>) {
    let out = Object::new();
    let _ = Reflect::set(&out, &"status".into(), &status.into());
    if let Some(info) =
        data.and_then(|d| Reflect::get(&d.0, &"briefUserInfo".into()).ok()).filter(|v| !v.is_undefined())
    {
        let _ = Reflect::set(&out, &"briefUserInfo".into(), &info);
    }
    let _ = on_status.call1(&JsValue::NULL, &out.into());
}
