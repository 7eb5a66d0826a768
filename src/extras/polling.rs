//! QR-code and push login: issue a code, poll its status on the `core::poll` state machine (one
//! request at a time, backoff, Retry-After, no polls while the page is hidden, a deadline), report
//! each status once, and exchange the authorization for a session stored like any sign-in.

use super::{Extras, Timer, Wait};
use crate::core::envelope;
use crate::core::error::{Error, ErrorCode, Message, Result};
use crate::core::json::{Fields, Writer};
use crate::core::poll::{Event as PollEvent, Poll, Step as PollStep};
use crate::core::value::Value;
use crate::engine::{unexpected, Answer, Body, Effect, Id, Reply};
use crate::prelude::*;

/// What differs between QR-code and push login.
pub struct Kind {
    issue_path: &'static str,
    /// The status URL's path and query up to the id.
    status_path: &'static str,
    id_field: &'static str,
    /// QR codes may answer with a `ticket` to exchange instead of a `tokenSet`.
    exchange_path: Option<&'static str>,
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

/// The options of `startQrLogin` / `startPushLogin`. `result` is the id under which the login's
/// outcome is resolved (the call itself resolves with the issued code).
pub struct Start {
    pub kind: &'static Kind,
    pub body: String,
    pub interval_ms: f64,
    pub timeout_ms: f64,
    pub hidden: bool,
    pub aborted: bool,
    pub result: Id,
}

/// Which answer a login waits for.
pub enum Step {
    Issued { id: Id, start: Start },
    Status(Id),
    Exchanged(Id),
}

pub struct PollFlow {
    result: Id,
    kind: &'static Kind,
    status_url: String,
    poll: Poll,
    timer: Option<Id>,
    deadline: Id,
    in_flight: Option<Id>,
    last: Option<Value>,
    /// For the retry jitter (xorshift, seeded by the call's random octets).
    seed: u64,
}

/// What happened to a login.
pub enum Input {
    Timer,
    Hidden(bool),
    Cancel,
}

impl Extras {
    pub(super) fn start_polling(&mut self, id: Id, start: Start) {
        if start.aborted {
            return self.reject(id, Error::new(ErrorCode::Aborted, Message::LoginAbortedBeforeStart));
        }
        let mut url = self.config.provider_origin();
        url.push_str(start.kind.issue_path);
        let body = Body::Json(start.body.clone());
        let headers = self.api_headers(Some(&body));
        self.io.send(Wait::Poll(Step::Issued { id, start }), "POST", url, headers, Some(body));
    }

    pub(super) fn poll_answered(&mut self, step: Step, answer: Result<Reply>) {
        match step {
            Step::Issued { id, start } => match data(answer) {
                Ok(Some(data)) => self.issued(id, start, data),
                Ok(None) => self.reject(id, Error::new(ErrorCode::ApiError, Message::NoCode)),
                Err(e) => self.reject(id, e.into_error()),
            },
            Step::Status(result) => self.polled(result, answer),
            Step::Exchanged(result) => match data(answer) {
                Ok(Some(set)) => self.hand_token_set(result, &set),
                Ok(None) => self.reject(result, Error::new(ErrorCode::ApiError, Message::NoTokens)),
                Err(e) => self.reject(result, e.into_error()),
            },
        }
    }

    fn issued(&mut self, id: Id, start: Start, data: Value) {
        let Some(code) = data.string(start.kind.id_field) else {
            return self.reject(id, Error::new(ErrorCode::ApiError, Message::NoCodeId));
        };
        let mut text = String::new();
        data.write(&mut text);
        self.resolve(id, Answer::Json(text));
        let mut status_url = self.config.provider_origin();
        status_url.push_str(start.kind.status_path);
        status_url.push_str(&crate::core::url::encode(&code));
        let (poll, step) = Poll::start(start.interval_ms, start.timeout_ms, self.now, start.hidden);
        let deadline = self.io.set_timer(Timer::PollDeadline(start.result), poll.deadline_ms() - self.now);
        let seed =
            self.random.as_ref().map_or(0x9E37_79B9_7F4A_7C15, |r| u64::from_le_bytes(core::array::from_fn(|i| r[i])))
                | 1;
        let flow = PollFlow {
            result: start.result,
            kind: start.kind,
            status_url,
            poll,
            timer: None,
            deadline,
            in_flight: None,
            last: None,
            seed,
        };
        self.polls.push(flow);
        self.poll_step(start.result, step);
    }

    fn flow(&mut self, result: Id) -> Option<&mut PollFlow> {
        self.polls.iter_mut().find(|p| p.result == result)
    }

    pub(super) fn poll_event(&mut self, result: Id, input: Input) {
        let now = self.now;
        let Some(flow) = self.flow(result) else { return };
        let event = match input {
            Input::Timer => PollEvent::Timer,
            Input::Hidden(true) => PollEvent::Hidden,
            Input::Hidden(false) => PollEvent::Visible,
            Input::Cancel => PollEvent::Cancel,
        };
        let step = flow.poll.on(event, now);
        self.poll_step(result, step);
    }

    /// The page was hidden or shown: every login hears it.
    pub(super) fn visibility(&mut self, hidden: bool) {
        let results: Vec<Id> = self.polls.iter().map(|p| p.result).collect();
        for result in results {
            self.poll_event(result, Input::Hidden(hidden));
        }
    }

    fn polled(&mut self, result: Id, answer: Result<Reply>) {
        let now = self.now;
        let Some(flow) = self.flow(result) else { return };
        flow.in_flight = None;
        let step = match data(answer) {
            Ok(Some(data)) => {
                let status = data.string("status").unwrap_or_default();
                flow.last = Some(data);
                flow.poll.on(PollEvent::Answer(&status), now)
            }
            Ok(None) => flow.poll.on(PollEvent::Fatal(Error::new(ErrorCode::ApiError, Message::PollWithoutData)), now),
            Err(Failure::Retry { retry_after_ms }) => {
                flow.seed ^= flow.seed << 13;
                flow.seed ^= flow.seed >> 7;
                flow.seed ^= flow.seed << 17;
                let jitter = (flow.seed >> 11) as f64 / (1u64 << 53) as f64;
                flow.poll.on(PollEvent::Retryable { retry_after_ms, jitter }, now)
            }
            Err(Failure::Fatal(e)) => flow.poll.on(PollEvent::Fatal(e), now),
        };
        self.poll_step(result, step);
    }

    fn poll_step(&mut self, result: Id, step: PollStep) {
        let Some(flow) = self.flow(result) else { return };
        let report = flow.poll.take_report().map(String::from);
        let info = flow.last.as_ref().and_then(|d| d.get("briefUserInfo")).map(|v| {
            let mut text = String::new();
            v.write(&mut text);
            text
        });
        let stale_timer = if matches!(step, PollStep::Wait(_)) { None } else { flow.timer.take() };
        if let Some(status) = report {
            let mut detail = Writer::new();
            detail.str("status", &status);
            if let Some(info) = info {
                detail.raw("briefUserInfo", &info);
            }
            self.io.emit(Effect::Status { id: result, detail: detail.finish() });
        }
        if let Some(timer) = stale_timer {
            self.io.clear_timer(timer);
        }
        match step {
            PollStep::Wait(ms) => {
                let timer = self.io.set_timer(Timer::Poll(result), ms);
                if let Some(old) = self.flow(result).and_then(|f| f.timer.replace(timer)) {
                    self.io.clear_timer(old);
                }
            }
            PollStep::Request => {
                let url = self.flow(result).map(|f| f.status_url.clone()).unwrap_or_default();
                let headers = self.api_headers(None);
                let req = self.io.send(Wait::Poll(Step::Status(result)), "GET", url, headers, None);
                if let Some(flow) = self.flow(result) {
                    flow.in_flight = Some(req);
                }
            }
            PollStep::Pause | PollStep::Continue => {}
            PollStep::Authorized => self.authorized(result),
            PollStep::Failed(e) => {
                self.end_poll(result);
                self.reject(result, e);
            }
        }
    }

    /// Releases everything the login took: its timers and its request in flight.
    fn end_poll(&mut self, result: Id) {
        let Some(at) = self.polls.iter().position(|p| p.result == result) else { return };
        let flow = self.polls.swap_remove(at);
        for timer in flow.timer.into_iter().chain([flow.deadline]) {
            self.io.clear_timer(timer);
        }
        if let Some(req) = flow.in_flight {
            self.io.take_wait(req);
            self.io.emit(Effect::Cancel { req });
        }
    }

    /// The login engine stores the token set; the login resolves with the `LoginState`.
    fn hand_token_set(&mut self, result: Id, set: &Value) {
        let mut json = String::new();
        set.write(&mut json);
        self.io.emit(Effect::TokenSet { id: result, set: json, data: None });
    }

    /// `AUTHORIZED`: the answer's `tokenSet`, or its `ticket` exchanged for one, becomes the session.
    fn authorized(&mut self, result: Id) {
        let Some(flow) = self.flow(result) else { return };
        let (kind, last) = (flow.kind, flow.last.take());
        self.end_poll(result);
        let Some(last) = last else {
            return self.reject(result, Error::new(ErrorCode::ApiError, Message::AuthorizedWithoutData));
        };
        if let Some(set) = last.child("tokenSet") {
            return self.hand_token_set(result, set);
        }
        let (Some(path), Some(ticket)) = (kind.exchange_path, last.string("ticket")) else {
            let e = Error::new(ErrorCode::ApiError, Message::NoTokenSetOrTicket);
            return self.reject(result, e);
        };
        let mut url = self.config.provider_origin();
        url.push_str(path);
        let body = Body::Json(Writer::new().str("ticket", &ticket).finish());
        let headers = self.api_headers(Some(&body));
        self.io.send(Wait::Poll(Step::Exchanged(result)), "POST", url, headers, Some(body));
    }
}

/// Why a call failed: worth another try later (network, 5xx, 408, 429), or for good.
enum Failure {
    Retry { retry_after_ms: Option<f64> },
    Fatal(Error),
}

impl Failure {
    fn into_error(self) -> Error {
        match self {
            Failure::Fatal(e) => e,
            Failure::Retry { .. } => Error::new(ErrorCode::NetworkError, Message::ApiUnreachable),
        }
    }
}

/// An `/api/v3` answer's `data`.
fn data(answer: Result<Reply>) -> core::result::Result<Option<Value>, Failure> {
    let reply = answer.map_err(|_| Failure::Retry { retry_after_ms: None })?;
    match reply.status {
        429 => {
            let after = reply.retry_after.filter(|s| s.is_finite() && *s >= 0.0).map(|s| s * 1000.0);
            Err(Failure::Retry { retry_after_ms: after })
        }
        408 | 500..=599 => Err(Failure::Retry { retry_after_ms: None }),
        status => {
            let envelope = Value::object(reply.body).ok_or_else(|| Failure::Fatal(unexpected(status)))?;
            envelope::data(&envelope).map(|data| data.cloned()).map_err(Failure::Fatal)
        }
    }
}
