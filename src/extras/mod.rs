//! The extras engine: QR-code and push login (`polling`) and the Authentication API (`api`), in a
//! wasm of their own that an app downloads only when it first uses them. Synchronous and sans-IO
//! like the login engine, with the same events and effects; what it needs from the session goes
//! through the executor to the login engine: an access token (`Effect::Bearer`, answered with
//! `Event::Token`) and the storing of a token set (`Effect::TokenSet`).

pub mod api;
pub mod polling;

#[cfg(test)]
mod tests;

use crate::core::config::{Config, Options};
use crate::core::error::{Error, ErrorCode, Message, Result};
use crate::engine::io::Io;
use crate::engine::{http_failure, Answer, Body, Call, Effect, Event, Id, Reply};
use crate::prelude::*;

enum Wait {
    Api(Id, u32),
    Poll(polling::Step),
}

enum Timer {
    /// The next status poll of the login whose result is this call.
    Poll(Id),
    PollDeadline(Id),
}

pub struct Extras {
    config: Config,
    now: f64,
    random: Option<crate::engine::Random>,
    io: Io<Wait, Timer>,
    api_pending: Vec<api::Pending>,
    polls: Vec<polling::PollFlow>,
}

impl Extras {
    pub fn new(options: Options) -> Result<Extras> {
        let config = Config::new(options)?;
        Ok(Extras { config, now: 0.0, random: None, io: Io::default(), api_pending: Vec::new(), polls: Vec::new() })
    }

    /// Feeds one event at `now_ms`; returns what to do, in order.
    pub fn handle(&mut self, now_ms: f64, event: Event) -> crate::engine::io::Batch {
        self.now = now_ms;
        match event {
            Event::Call { id, call, random } => {
                self.random = random;
                match *call {
                    Call::StartPolling(start) => self.start_polling(id, start),
                    Call::Api { op, input } => self.api(id, op, input),
                    _ => self.reject(id, Error::new(ErrorCode::ConfigError, Message::NotExtrasCall)),
                }
            }
            Event::Http { req, status, body, retry_after } => {
                self.answered(req, Ok(Reply { status, body, retry_after }))
            }
            Event::HttpFailed { req, timed_out } => self.answered(req, Err(http_failure(timed_out))),
            Event::Timer { id } => match self.io.fired(id) {
                Some(Timer::Poll(result) | Timer::PollDeadline(result)) => {
                    self.poll_event(result, polling::Input::Timer)
                }
                None => {}
            },
            Event::Abort { id } => {
                self.api_pending.retain(|p| !p.is(id));
                self.poll_event(id, polling::Input::Cancel);
            }
            Event::Visibility { hidden } => self.visibility(hidden),
            Event::Token { id, token } => self.api_send(id, token),
            _ => {}
        }
        core::mem::take(&mut self.io.out)
    }

    fn answered(&mut self, req: Id, answer: Result<Reply>) {
        match self.io.take_wait(req) {
            Some(Wait::Api(id, flags)) => self.api_answered(id, flags, answer),
            Some(Wait::Poll(step)) => self.poll_answered(step, answer),
            None => {}
        }
    }

    fn resolve(&mut self, id: Id, answer: Answer) {
        self.io.emit(Effect::Resolve { id, answer });
    }

    fn reject(&mut self, id: Id, error: Error) {
        self.io.emit(Effect::Reject { id, error });
    }

    /// The headers of every Authentication API request.
    fn api_headers(&self, body: Option<&Body>) -> Vec<(&'static str, String)> {
        let c = &self.config;
        let mut headers = vec![("x-authing-app-id", c.app_id.clone())];
        match body {
            Some(Body::Json(_)) => headers.push(("content-type", "application/json".into())),
            Some(Body::Form(_)) => headers.push(("content-type", "application/x-www-form-urlencoded".into())),
            _ => {}
        }
        if let Some(pool) = &c.user_pool_id {
            headers.push(("x-authing-userpool-id", pool.clone()));
        }
        if let Some(tenant) = &c.tenant_id {
            headers.push(("x-authing-app-tenant-id", tenant.clone()));
        }
        headers
    }
}
