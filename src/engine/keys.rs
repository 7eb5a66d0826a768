//! The provider's signing keys: Authing publishes them at `/oidc/.well-known/jwks.json` (fetched
//! there directly, without a discovery round trip), kept for the page's life, fetched once more when
//! a token names a key they lack (the provider rotated its keys). A sign-in starts the fetch while
//! its code is exchanged, so the two requests overlap.

use super::sign_in::Check;
use super::{unexpected, Engine, Reply, Wait};
use crate::core::error::{Error, ErrorCode, Message, Result};
use crate::core::jws::select_key;
use crate::core::value::Value;
use crate::prelude::*;

#[derive(Default)]
pub struct Keys {
    /// The JWKS (its `keys`), once fetched.
    set: Option<Value>,
    fetching: bool,
    /// Signature checks waiting for the keys to arrive.
    waiting: Vec<Check>,
}

/// An answer's body as a JSON object, when it is a 200.
pub fn object(answer: Result<Reply>) -> Result<Value> {
    let r = answer?;
    Value::object(r.body).filter(|_| r.status == 200).ok_or_else(|| unexpected(r.status))
}

impl Engine {
    /// Starts fetching the keys unless they are known or on their way.
    pub(super) fn prefetch_keys(&mut self) {
        if self.keys.set.is_none() && !self.keys.fetching {
            self.keys.fetching = true;
            let url = self.config.endpoint("/.well-known/jwks.json");
            self.get(Wait::Jwks, url);
        }
    }

    /// Checks `check` with the key it names; fetches the keys first when they lack it (once).
    pub(super) fn with_key(&mut self, mut check: Check) {
        let key = self.keys.set.as_ref().map(|jwks| jwks.get("keys").map_or(&[][..], Value::items)).and_then(|keys| {
            select_key(keys, check.signed.kid.as_deref(), check.signed.alg.kty).and_then(|i| keys.get(i)).map(|key| {
                let mut jwk = String::new();
                key.write(&mut jwk);
                jwk
            })
        });
        match key {
            Some(jwk) => self.verify_signature(check, jwk),
            None if check.refetched => {
                self.sign_in_failed(check.purpose, Error::new(ErrorCode::IdTokenInvalid, Message::UnknownKid))
            }
            None => {
                check.refetched = true;
                self.keys.waiting.push(check);
                self.keys.set = None;
                self.prefetch_keys();
            }
        }
    }

    pub(super) fn jwks_answered(&mut self, answer: Result<Reply>) {
        match object(answer) {
            Ok(jwks) => {
                self.keys.fetching = false;
                self.keys.set = Some(jwks);
                for check in core::mem::take(&mut self.keys.waiting) {
                    self.with_key(check);
                }
            }
            Err(e) => self.keys_failed(e),
        }
    }

    fn keys_failed(&mut self, e: Error) {
        self.keys.fetching = false;
        for check in core::mem::take(&mut self.keys.waiting) {
            self.sign_in_failed(check.purpose, e.clone());
        }
    }
}
