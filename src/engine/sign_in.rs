//! The end of every sign-in: a callback's code (or a refresh token) exchanged at the token endpoint,
//! the ID token checked (claims against this sign-in, signature against the provider's keys), the
//! session stored and announced, and the caller answered.

use super::sync::{login_state, Change};
use super::{unexpected, Answer, Effect, Engine, Id, Reply, Step, Wait};
use crate::core::callback::{Callback, Outcome};
use crate::core::error::{Error, ErrorCode, Message, Result};
use crate::core::id_token::{check_claims, Claims, Expected, Jwt};
use crate::core::json::Fields;
use crate::core::jws::{Header, WebCryptoParams};
use crate::core::token::Session;
use crate::core::transaction::Transaction;
use crate::core::url::Form;
use crate::core::value::Value;
use crate::prelude::*;

/// Whom a sign-in answers.
pub enum Purpose {
    Redirect {
        id: Id,
        app_state: Option<String>,
    },
    Popup {
        id: Id,
    },
    /// The renewal's silent sign-in.
    Silent,
    /// The renewal's refresh-token grant; `old` is the session it renews.
    Refresh {
        old: Session,
    },
    /// A token set from the extras (an API sign-in, a QR or push login).
    Stored {
        id: Id,
    },
}

/// A token request in flight.
pub struct Grant {
    purpose: Purpose,
    nonce: Option<String>,
    max_age: Option<f64>,
}

/// A session whose ID token waits for its signature check.
pub struct Check {
    pub purpose: Purpose,
    pub session: Session,
    pub signed: Signed,
    /// The keys were fetched for this check already: an unknown `kid` is final.
    pub refetched: bool,
}

/// What a signature check needs from the token.
pub struct Signed {
    pub kid: Option<String>,
    pub alg: WebCryptoParams,
    signature: Vec<u8>,
    input: String,
}

impl Engine {
    /// Finishes a sign-in from its callback: the issuer must be ours, an error becomes a typed error,
    /// a code is exchanged (while the provider's keys are fetched, if they are not known yet).
    pub(super) fn complete(&mut self, callback: Callback, tx: Transaction, purpose: Purpose) {
        if callback.iss.as_deref().is_some_and(|iss| iss != self.config.issuer) {
            let e = Error::new(ErrorCode::InvalidCallback, Message::CallbackIssuer);
            return self.sign_in_failed(purpose, e);
        }
        let code = match callback.outcome {
            Outcome::Error { error, description } => {
                self.log(Step::Answered, &error);
                return self.sign_in_failed(purpose, Error::oauth(&error, description.as_deref()));
            }
            Outcome::Code(code) => code,
        };
        self.log(Step::Answered, "code");
        let mut form = Form::new();
        form.push("grant_type", "authorization_code")
            .push("code", &code)
            .push("redirect_uri", &tx.redirect_uri)
            .push("client_id", &self.config.app_id)
            .push("code_verifier", &tx.verifier);
        let grant = Grant { purpose, nonce: Some(tx.nonce), max_age: tx.max_age };
        self.token_request(grant, form);
        self.prefetch_keys();
    }

    /// A token set from Authing's `/api/v3` (QR, push, sign-in APIs): checked like any ID token (when
    /// it has one), stored and announced like any sign-in. Its lifetime may be named `expire_in`.
    pub(super) fn store_token_set(&mut self, set: &Value, purpose: Purpose) {
        let session = Session::from_answer(set, self.now, jwt_exp_ms);
        match session {
            Ok(s) if s.id_token.is_some() => self.check_id_token(Grant { purpose, nonce: None, max_age: None }, s),
            Ok(s) => self.accepted(purpose, s),
            Err(e) => self.sign_in_failed(purpose, e),
        }
    }

    /// The refresh-token grant; rotation: the answer's refresh token replaces the old one.
    pub(super) fn refresh(&mut self, old: Session) {
        let Some(refresh_token) = old.refresh_token.clone() else {
            let e = Error::new(ErrorCode::LoginRequired, Message::NoRefreshToken);
            return self.sign_in_failed(Purpose::Refresh { old }, e);
        };
        let mut form = Form::new();
        form.push("grant_type", "refresh_token")
            .push("refresh_token", &refresh_token)
            .push("client_id", &self.config.app_id);
        self.token_request(Grant { purpose: Purpose::Refresh { old }, nonce: None, max_age: None }, form);
    }

    fn token_request(&mut self, grant: Grant, form: Form) {
        let url = self.config.endpoint("/token");
        self.post_form(Wait::Token(grant), url, &form);
    }

    pub(super) fn token_answered(&mut self, grant: Grant, answer: Result<Reply>) {
        match self.session_from(answer) {
            Ok(session) => self.check_id_token(grant, session),
            Err(e) => self.sign_in_failed(grant.purpose, e),
        }
    }

    fn session_from(&self, answer: Result<Reply>) -> Result<Session> {
        let Reply { status, body, .. } = answer?;
        let body = Value::object(body).ok_or_else(|| unexpected(status))?;
        if status != 200 && body.text("error").is_none() {
            return Err(unexpected(status));
        }
        Session::from_answer(&body, self.now, jwt_exp_ms)
    }

    /// The claims now; the signature next, with the provider's key (HS256 has none a browser may hold).
    fn check_id_token(&mut self, grant: Grant, mut session: Session) {
        let sub = match &grant.purpose {
            Purpose::Refresh { old } => {
                if session.refresh_token.is_none() {
                    session.refresh_token = old.refresh_token.clone();
                }
                if session.id_token.is_none() {
                    // No new ID token: the old one still tells who signed in.
                    session.id_token = old.id_token.clone();
                    return self.accepted(grant.purpose, session);
                }
                old.id_token.as_deref().and_then(payload).and_then(|c| c.string("sub"))
            }
            _ => None,
        };
        let Some(token) = session.id_token.clone() else {
            let e = Error::new(ErrorCode::IdTokenInvalid, Message::NoIdToken);
            return self.sign_in_failed(grant.purpose, e);
        };
        match self.read_id_token(&token, &grant, sub.as_deref()) {
            Err(e) => self.sign_in_failed(grant.purpose, e),
            Ok(None) => {
                self.log(Step::IdToken, "HS256");
                self.accepted(grant.purpose, session)
            }
            Ok(Some(signed)) => {
                self.log(Step::IdToken, signed.alg.name);
                self.with_key(Check { purpose: grant.purpose, session, signed, refetched: false })
            }
        }
    }

    /// The claims checked; `Ok(None)`: accepted on them alone (HS256), else the signature to check
    /// (a `Check` whose purpose and session the caller fills in).
    fn read_id_token(&self, token: &str, grant: &Grant, sub: Option<&str>) -> Result<Option<Signed>> {
        let jwt = Jwt::split(token)?;
        let header = Header::read(&Value::object(&jwt.header).ok_or_else(|| invalid(Message::HeaderNotJson))?)?;
        let payload = Value::object(&jwt.payload).ok_or_else(|| invalid(Message::ClaimsNotJson))?;
        let claims = Claims::read(&payload);
        let c = &self.config;
        let expected = Expected {
            issuer: &c.issuer,
            client_id: &c.app_id,
            nonce: grant.nonce.as_deref(),
            max_age_s: grant.max_age,
            now_ms: self.now,
            leeway_ms: c.leeway_ms,
            skew_ms: c.clock_skew_ms,
        };
        check_claims(&claims, &expected)?;
        if sub.is_some() && claims.sub != sub {
            return Err(invalid(Message::OtherUser));
        }
        if let Some(alg) = header.alg.web_crypto() {
            let (signature, input) = (jwt.signature, jwt.signing_input.into());
            return Ok(Some(Signed { kid: header.kid, alg, signature, input }));
        }
        // HS256 is signed with the app secret, which a browser must never hold. The token comes straight
        // from the provider over TLS, which OpenID Connect Core 3.1.3.7 (6) lets a client rely on
        // instead: every claim was checked above.
        if c.require_signed_id_tokens {
            return Err(invalid(Message::UnsignedRefused));
        }
        Ok(None)
    }

    pub(super) fn verify_signature(&mut self, check: Check, jwk: String) {
        let s = &check.signed;
        let (alg, signature, data) = (s.alg.clone(), s.signature.clone(), s.input.clone());
        let req = self.io.wait(Wait::Verify(check));
        self.io.emit(Effect::Verify { req, alg, jwk, signature, data });
    }

    pub(super) fn signature_checked(&mut self, check: Check, ok: bool) {
        if ok {
            self.accepted(check.purpose, check.session);
        } else {
            let e = invalid(Message::BadSignature);
            self.sign_in_failed(check.purpose, e);
        }
    }

    /// A checked session: stored and announced; whoever asked gets it once the store has it.
    fn accepted(&mut self, purpose: Purpose, session: Session) {
        let change = if matches!(purpose, Purpose::Refresh { .. }) { Change::TokenRefreshed } else { Change::Login };
        match self.keep(change, &session) {
            Some(write) => self.then_after_write(write, purpose, session),
            None => self.hand_over(purpose, session),
        }
    }

    pub(super) fn hand_over(&mut self, purpose: Purpose, session: Session) {
        match purpose {
            Purpose::Refresh { .. } | Purpose::Silent => self.renewal_done(Ok(session)),
            Purpose::Popup { id } | Purpose::Stored { id } => self.resolve(id, Answer::Json(login_state(&session))),
            Purpose::Redirect { id, app_state } => {
                let mut out = String::from("{\"loginState\":");
                out.push_str(&login_state(&session));
                // The app's own JSON, as the wrapper wrote it when the sign-in began.
                if let Some(app_state) = app_state.filter(|s| Value::parse(s).is_some()) {
                    out.push_str(",\"appState\":");
                    out.push_str(&app_state);
                }
                out.push('}');
                self.resolve(id, Answer::Json(out));
            }
        }
    }

    pub(super) fn sign_in_failed(&mut self, purpose: Purpose, e: Error) {
        match purpose {
            Purpose::Redirect { id, .. } | Purpose::Popup { id } | Purpose::Stored { id } => self.reject(id, e),
            Purpose::Silent => self.renewal_done(Err(e)),
            Purpose::Refresh { .. } => self.refresh_failed(e),
        }
    }
}

fn invalid(message: Message) -> Error {
    Error::new(ErrorCode::IdTokenInvalid, message)
}

/// A JWT access token's own `exp`, for answers that name no lifetime.
fn jwt_exp_ms(token: &str) -> Option<f64> {
    Some(payload(token)?.number("exp")? * 1000.0)
}

/// The claims of a JWT, unchecked (for what the SDK already trusts: its own stored tokens).
fn payload(token: &str) -> Option<Value> {
    Value::object(&Jwt::split(token).ok()?.payload)
}
