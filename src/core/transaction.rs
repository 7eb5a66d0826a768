//! A sign-in in progress: what the callback needs to finish it, stored under its `state` so that a
//! reloaded callback or a second tab's login never reads another flow's data.

use super::json::{Fields, Writer};
use super::{base64url, pkce};
use crate::prelude::*;

/// Format version of the stored value; a value of another version is dropped.
pub const VERSION: u8 = 1;
/// How long a started sign-in may take before its transaction is thrown away (the user may sign up,
/// verify an email or pass MFA on the way).
pub const TTL_MS: f64 = 60.0 * 60.0 * 1000.0;

#[derive(Debug, PartialEq, Clone)]
pub struct Transaction {
    pub state: String,
    pub nonce: String,
    pub verifier: String,
    pub redirect_uri: String,
    pub scope: String,
    /// The app's own value (JSON text from the wrapper), handed back by the callback.
    pub app_state: Option<String>,
    /// `max_age` asked for, checked against the ID token's `auth_time`.
    pub max_age: Option<f64>,
    pub created_at: f64,
}

impl Transaction {
    /// `random` must come from a cryptographic source: 16 octets of state, 16 of nonce, 32 of verifier.
    pub fn new(random: &[u8; 64], redirect_uri: &str, scope: &str, app_state: Option<String>, now_ms: f64) -> Self {
        let mut verifier = [0; 32];
        verifier.copy_from_slice(&random[32..]);
        Transaction {
            state: base64url::encode(&random[..16]),
            nonce: base64url::encode(&random[16..32]),
            verifier: pkce::verifier(&verifier),
            redirect_uri: redirect_uri.into(),
            scope: scope.into(),
            app_state,
            max_age: None,
            created_at: now_ms,
        }
    }

    pub fn to_json(&self) -> String {
        Writer::new()
            .integer("v", VERSION.into())
            .string("state", Some(&self.state))
            .string("nonce", Some(&self.nonce))
            .string("verifier", Some(&self.verifier))
            .string("redirectUri", Some(&self.redirect_uri))
            .string("scope", Some(&self.scope))
            .string("appState", self.app_state.as_deref())
            .optional_integer("maxAge", self.max_age)
            .integer("createdAt", self.created_at)
            .finish()
    }

    /// `None` for a stored value of another format version or missing a field.
    pub fn read(f: &impl Fields) -> Option<Self> {
        if f.number("v") != Some(VERSION.into()) {
            return None;
        }
        Some(Transaction {
            state: f.string("state")?,
            nonce: f.string("nonce")?,
            verifier: f.string("verifier")?,
            redirect_uri: f.string("redirectUri")?,
            scope: f.string("scope")?,
            app_state: f.string("appState"),
            max_age: f.number("maxAge"),
            created_at: f.number("createdAt")?,
        })
    }

    /// Too old, or from the future (a clock set back far): not to be used.
    pub fn is_usable(&self, now_ms: f64) -> bool {
        now_ms - self.created_at < TTL_MS && self.created_at - now_ms < TTL_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::testing::json;

    fn random() -> [u8; 64] {
        core::array::from_fn(|i| i as u8)
    }

    #[test]
    fn splits_the_random_octets_and_derives_the_challenge() {
        let t = Transaction::new(&random(), "https://app/cb", "openid", Some("{\"to\":\"/x\"}".into()), 1000.0);
        assert_eq!(t.state, base64url::encode(&random()[..16]));
        assert_eq!(t.nonce, base64url::encode(&random()[16..32]));
        assert_eq!(t.verifier.len(), 43);
        assert_ne!(t.state, t.nonce);
    }

    #[test]
    fn expires_after_ttl_and_survives_a_round_trip() {
        let mut t = Transaction::new(&random(), "https://app/cb", "openid", None, 1000.0);
        t.max_age = Some(600.0);
        assert!(t.is_usable(1000.0 + TTL_MS - 1.0));
        assert!(!t.is_usable(1000.0 + TTL_MS));
        assert!(!t.is_usable(1000.0 - TTL_MS - 1.0));
        let text = t.to_json();
        assert!(text.contains("\"redirectUri\":\"https://app/cb\""));
        assert_eq!(Transaction::read(&json(&text)), Some(t));
        assert_eq!(Transaction::read(&json(&text.replace("\"v\":1", "\"v\":0"))), None);
        assert_eq!(Transaction::read(&json(&text.replace("\"nonce\"", "\"other\""))), None);
    }
}
