//! The polling engine of QR-code and push login, as a state machine fed events and the time.
//!
//! Rules (API.md): one request at a time, the next one `interval` after the previous answer; a
//! status is reported once per change; network errors, 5xx and 408 are retried with capped
//! exponential backoff and jitter, 429 after its `Retry-After`, up to `MAX_RETRIES` in a row; no
//! request while the page is hidden, one at once when it shows again; a client-side deadline ends a
//! code the server forgot to expire; cancel stops everything.

use super::error::{Error, ErrorCode, Message};
use crate::prelude::*;

/// Failed polls in a row before giving up with `network_error` (delays: 1, 2, 4, 8, 16 intervals,
/// capped at `MAX_BACKOFF_MS`, each between half and all of that).
pub const MAX_RETRIES: u32 = 5;
pub const MAX_BACKOFF_MS: f64 = 30_000.0;
pub const MIN_INTERVAL_MS: f64 = 250.0;

pub enum Event<'a> {
    /// The scheduled time for the next poll has come.
    Timer,
    /// A status answer (`data.status` of a 200 envelope).
    Answer(&'a str),
    /// A poll failed in a way worth retrying; `jitter` is a random number in [0, 1).
    Retryable {
        retry_after_ms: Option<f64>,
        jitter: f64,
    },
    /// A poll failed for good (an error envelope, a malformed answer).
    Fatal(Error),
    Hidden,
    Visible,
    Cancel,
}

#[derive(Debug, PartialEq)]
pub enum Step {
    /// Send the next poll after this many ms (a `Timer` event).
    Wait(f64),
    /// Send one poll now; its answer comes back as an event.
    Request,
    /// Nothing until the page is visible again.
    Pause,
    /// Nothing new to do (e.g. hidden while a request is in flight).
    Continue,
    /// The status is `AUTHORIZED`: exchange it for a session.
    Authorized,
    Failed(Error),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Waiting,
    InFlight,
    Paused,
    Done,
}

pub struct Poll {
    interval_ms: f64,
    deadline_ms: f64,
    phase: Phase,
    hidden: bool,
    failures: u32,
    last_status: Option<String>,
    unreported: bool,
}

impl Poll {
    /// Starts when the code is issued: the first poll is due one interval later (or, on a hidden
    /// page, as soon as it shows).
    pub fn start(interval_ms: f64, timeout_ms: f64, now_ms: f64, hidden: bool) -> (Self, Step) {
        let interval_ms = interval_ms.max(MIN_INTERVAL_MS);
        let mut poll = Poll {
            interval_ms,
            deadline_ms: now_ms + timeout_ms,
            phase: Phase::Waiting,
            hidden,
            failures: 0,
            last_status: None,
            unreported: false,
        };
        let step = poll.wait(interval_ms);
        (poll, step)
    }

    /// When the client-side deadline passes (the driver wakes up then and calls `on`).
    pub fn deadline_ms(&self) -> f64 {
        self.deadline_ms
    }

    /// The status to report to `onStatus`, once, after an answer changed it.
    pub fn take_report(&mut self) -> Option<&str> {
        core::mem::take(&mut self.unreported).then_some(self.last_status.as_deref()).flatten()
    }

    pub fn on(&mut self, event: Event, now_ms: f64) -> Step {
        if self.phase == Phase::Done {
            return Step::Continue;
        }
        if let Event::Cancel = event {
            return self.finish(Step::Failed(Error::new(ErrorCode::Aborted, Message::LoginCancelled)));
        }
        if now_ms >= self.deadline_ms {
            return self.finish(Step::Failed(Error::new(ErrorCode::QrExpired, Message::CodeExpired)));
        }
        match event {
            Event::Hidden => {
                self.hidden = true;
                if self.phase == Phase::Waiting {
                    self.phase = Phase::Paused;
                    return Step::Pause;
                }
                Step::Continue
            }
            Event::Visible => {
                self.hidden = false;
                if self.phase == Phase::Paused {
                    return self.request();
                }
                Step::Continue
            }
            Event::Timer if self.phase == Phase::Waiting => self.request(),
            Event::Timer => Step::Continue,
            Event::Answer(status) => {
                self.failures = 0;
                if self.last_status.as_deref() != Some(status) {
                    self.last_status = Some(status.into());
                    self.unreported = true;
                }
                match status {
                    "AUTHORIZED" => self.finish(Step::Authorized),
                    "CANCELLED" => self.fail(ErrorCode::QrCancelled, Message::CancelledOnPhone),
                    "EXPIRED" => self.fail(ErrorCode::QrExpired, Message::CodeExpired),
                    "ERROR" => self.fail(ErrorCode::ApiError, Message::CodeError),
                    _ => self.wait(self.interval_ms),
                }
            }
            Event::Retryable { retry_after_ms, jitter } => {
                self.failures += 1;
                if self.failures > MAX_RETRIES {
                    return self.fail(ErrorCode::NetworkError, Message::PollingFailed);
                }
                let backoff = (self.interval_ms * (1u32 << (self.failures - 1)) as f64).min(MAX_BACKOFF_MS);
                self.wait(retry_after_ms.unwrap_or(backoff * (0.5 + jitter / 2.0)))
            }
            Event::Fatal(e) => self.finish(Step::Failed(e)),
            Event::Cancel => unreachable!("handled above"),
        }
    }

    fn request(&mut self) -> Step {
        self.phase = Phase::InFlight;
        Step::Request
    }

    fn wait(&mut self, ms: f64) -> Step {
        if self.hidden {
            self.phase = Phase::Paused;
            return Step::Pause;
        }
        self.phase = Phase::Waiting;
        Step::Wait(ms)
    }

    fn fail(&mut self, code: ErrorCode, message: Message) -> Step {
        self.finish(Step::Failed(Error::new(code, message)))
    }

    fn finish(&mut self, step: Step) -> Step {
        self.phase = Phase::Done;
        step
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Drives a machine and records what it asked for.
    struct Drive {
        poll: Poll,
        now: f64,
        reported: Vec<String>,
    }

    impl Drive {
        fn new(interval: f64) -> (Self, Step) {
            let (poll, step) = Poll::start(interval, 60_000.0, 0.0, false);
            (Drive { poll, now: 0.0, reported: Vec::new() }, step)
        }

        fn at(&mut self, now: f64, event: Event) -> Step {
            self.now = now;
            let step = self.poll.on(event, now);
            if let Some(status) = self.poll.take_report() {
                self.reported.push(status.into());
            }
            assert_eq!(self.poll.take_report(), None, "reported once");
            step
        }
    }

    fn code(step: Step) -> ErrorCode {
        match step {
            Step::Failed(e) => e.code,
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn first_poll_one_interval_after_issue_then_one_after_each_answer() {
        let (mut d, first) = Drive::new(1500.0);
        assert_eq!(first, Step::Wait(1500.0));
        assert_eq!(d.at(1500.0, Event::Timer), Step::Request);
        assert_eq!(d.at(1600.0, Event::Timer), Step::Continue, "never two requests in flight");
        assert_eq!(d.at(1700.0, Event::Answer("PENDING")), Step::Wait(1500.0));
        assert_eq!(d.at(3200.0, Event::Timer), Step::Request);
        assert_eq!(d.at(3300.0, Event::Answer("SCANNED")), Step::Wait(1500.0));
        assert_eq!(d.at(4800.0, Event::Timer), Step::Request);
        assert_eq!(d.at(4900.0, Event::Answer("SCANNED")), Step::Wait(1500.0));
        assert_eq!(d.at(6400.0, Event::Timer), Step::Request);
        assert_eq!(d.at(6500.0, Event::Answer("AUTHORIZED")), Step::Authorized);
        assert_eq!(d.reported, ["PENDING", "SCANNED", "AUTHORIZED"], "one report per change");
        assert_eq!(d.at(7000.0, Event::Timer), Step::Continue, "nothing after the end");
    }

    #[test]
    fn interval_has_a_floor() {
        assert_eq!(Drive::new(10.0).1, Step::Wait(MIN_INTERVAL_MS));
    }

    #[test]
    fn final_statuses_end_with_their_codes() {
        for (status, expected) in
            [("CANCELLED", ErrorCode::QrCancelled), ("EXPIRED", ErrorCode::QrExpired), ("ERROR", ErrorCode::ApiError)]
        {
            let (mut d, _) = Drive::new(1000.0);
            d.at(1000.0, Event::Timer);
            assert_eq!(code(d.at(1100.0, Event::Answer(status))), expected);
            assert_eq!(d.reported, [status]);
        }
        let (mut d, _) = Drive::new(1000.0);
        d.at(1000.0, Event::Timer);
        let fatal = Error::new(ErrorCode::ApiError, Message::NoCode);
        assert_eq!(code(d.at(1100.0, Event::Fatal(fatal))), ErrorCode::ApiError);
    }

    #[test]
    fn backoff_doubles_with_jitter_caps_and_gives_up() {
        let (mut d, _) = Drive::new(1000.0);
        d.at(1000.0, Event::Timer);
        let mut delays = Vec::new();
        for i in 0..MAX_RETRIES {
            match d.at(2000.0 * i as f64, Event::Retryable { retry_after_ms: None, jitter: 1.0 }) {
                Step::Wait(ms) => delays.push(ms),
                other => panic!("{other:?}"),
            }
            d.at(2000.0 * i as f64 + 1.0, Event::Timer);
        }
        assert_eq!(delays, [1000.0, 2000.0, 4000.0, 8000.0, 16000.0]);
        assert_eq!(
            code(d.at(20_000.0, Event::Retryable { retry_after_ms: None, jitter: 0.0 })),
            ErrorCode::NetworkError
        );
    }

    #[test]
    fn jitter_spreads_between_half_and_all_and_the_cap_holds() {
        let (mut d, _) = Drive::new(20_000.0);
        d.at(20_000.0, Event::Timer);
        assert_eq!(d.at(20_001.0, Event::Retryable { retry_after_ms: None, jitter: 0.0 }), Step::Wait(10_000.0));
        d.at(30_001.0, Event::Timer);
        assert_eq!(d.at(30_002.0, Event::Retryable { retry_after_ms: None, jitter: 1.0 }), Step::Wait(MAX_BACKOFF_MS));
    }

    #[test]
    fn a_success_resets_the_retry_budget_and_429_waits_for_retry_after() {
        let (mut d, _) = Drive::new(1000.0);
        d.at(1000.0, Event::Timer);
        for _ in 0..3 {
            d.at(1001.0, Event::Retryable { retry_after_ms: None, jitter: 0.5 });
            d.at(1002.0, Event::Timer);
        }
        assert_eq!(d.at(1003.0, Event::Answer("PENDING")), Step::Wait(1000.0));
        d.at(2003.0, Event::Timer);
        assert_eq!(d.at(2004.0, Event::Retryable { retry_after_ms: Some(7000.0), jitter: 0.5 }), Step::Wait(7000.0));
        for _ in 0..MAX_RETRIES - 1 {
            d.at(2005.0, Event::Timer);
            assert!(matches!(d.at(2006.0, Event::Retryable { retry_after_ms: None, jitter: 0.5 }), Step::Wait(_)));
        }
    }

    #[test]
    fn hidden_pauses_and_visible_polls_at_once() {
        let (mut d, _) = Drive::new(1000.0);
        assert_eq!(d.at(500.0, Event::Hidden), Step::Pause);
        assert_eq!(d.at(1000.0, Event::Timer), Step::Continue, "a stale timer does not poll while hidden");
        assert_eq!(d.at(9000.0, Event::Visible), Step::Request);
        // Hidden while a request is in flight: the answer does not schedule another poll.
        assert_eq!(d.at(9001.0, Event::Hidden), Step::Continue);
        assert_eq!(d.at(9100.0, Event::Answer("PENDING")), Step::Pause);
        assert_eq!(d.at(9200.0, Event::Visible), Step::Request);
        // Hidden from the start: no poll until the page shows.
        let (mut hidden, step) = Poll::start(1000.0, 60_000.0, 0.0, true);
        assert_eq!(step, Step::Pause);
        assert_eq!(hidden.on(Event::Timer, 1000.0), Step::Continue);
        assert_eq!(hidden.on(Event::Visible, 5000.0), Step::Request);
    }

    #[test]
    fn cancel_ends_every_state_and_the_deadline_expires_the_code() {
        for setup in 0..4 {
            let (mut d, _) = Drive::new(1000.0);
            match setup {
                1 => drop(d.at(1000.0, Event::Timer)),
                2 => drop(d.at(500.0, Event::Hidden)),
                3 => {
                    d.at(1000.0, Event::Timer);
                    d.at(1100.0, Event::Retryable { retry_after_ms: None, jitter: 0.0 });
                }
                _ => {}
            }
            assert_eq!(code(d.at(1200.0, Event::Cancel)), ErrorCode::Aborted, "setup {setup}");
            assert_eq!(d.at(1300.0, Event::Answer("AUTHORIZED")), Step::Continue, "nothing after cancel");
        }
        let (mut d, _) = Drive::new(1000.0);
        assert_eq!(code(d.at(60_000.0, Event::Timer)), ErrorCode::QrExpired);
    }
}
