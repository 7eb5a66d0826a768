//! Token endpoint answers and the session they become, with expiry on an injected clock.

use super::error::{Error, ErrorCode, Message, Result};
use super::json::{Fields, Writer};
use crate::prelude::*;

/// An access token's lifetime when the answer names none that can be trusted.
pub const DEFAULT_LIFETIME_MS: f64 = 3_600_000.0;
/// The longest an access token is used before it is renewed, whatever the answer says (no token is
/// immortal; a renewal a day is cheap).
pub const MAX_LIFETIME_MS: f64 = 86_400_000.0;

/// Format version of a stored session; any other version is dropped.
pub const VERSION: u8 = 1;

/// A signed-in session: the public `LoginState` without its derived `idTokenClaims`.
#[derive(Debug, PartialEq, Clone)]
pub struct Session {
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub token_type: String,
    /// Milliseconds since the epoch, on the local clock at receipt.
    pub expires_at: f64,
    pub scope: Option<String>,
}

impl Session {
    /// A token endpoint's answer as a session: success or error in one shape (the HTTP status is not
    /// trusted alone); its lifetime may be named `expire_in` (Authing's `/api/v3` spelling). Read
    /// borrowed: only what the session keeps is copied. `fallback_exp_ms` is used when the answer names
    /// no lifetime (e.g. the access token's own `exp`).
    pub fn from_answer(
        f: &impl Fields,
        now_ms: f64,
        fallback_exp_ms: impl FnOnce(&str) -> Option<f64>,
    ) -> Result<Session> {
        if let Some(error) = f.text("error") {
            return Err(Error::oauth(error, f.text("error_description")));
        }
        let Some(access_token) = f.text("access_token").filter(|t| !t.is_empty()) else {
            return Err(Error::new(ErrorCode::OauthError, Message::NoAccessToken));
        };
        // A lifetime that is not a number of seconds, at least one (a string, 0, negative), is not trusted:
        // the access token's own `exp` when it is a JWT, else the default. Capped either way.
        let lifetime_ms = match f.number("expires_in").or_else(|| f.number("expire_in")) {
            // Under a second is no lifetime to keep a token for (and 1e-308 would be none at all).
            Some(seconds) if seconds >= 1.0 => seconds * 1000.0,
            _ => fallback_exp_ms(access_token).map_or(DEFAULT_LIFETIME_MS, |exp| exp - now_ms),
        };
        Ok(Session {
            access_token: access_token.into(),
            id_token: f.string("id_token"),
            refresh_token: f.string("refresh_token"),
            token_type: f.string("token_type").unwrap_or_else(|| "Bearer".into()),
            expires_at: now_ms + lifetime_ms.clamp(0.0, MAX_LIFETIME_MS),
            scope: f.string("scope"),
        })
    }

    /// Expired `leeway_ms` early, so a token is never sent in its last moments (or past a skewed clock).
    pub fn is_expired(&self, now_ms: f64, leeway_ms: f64) -> bool {
        now_ms + leeway_ms >= self.expires_at
    }

    /// The stored form, which is also the public `LoginState` (without its derived claims).
    pub fn to_json(&self) -> String {
        Writer::new()
            .integer("v", VERSION.into())
            .string("accessToken", Some(&self.access_token))
            .string("idToken", self.id_token.as_deref())
            .string("refreshToken", self.refresh_token.as_deref())
            .string("tokenType", Some(&self.token_type))
            .integer("expiresAt", self.expires_at)
            .string("scope", self.scope.as_deref())
            .finish()
    }

    /// `None` for a stored value of another format version or missing a required field.
    pub fn read(f: &impl Fields) -> Option<Self> {
        if f.number("v") != Some(VERSION.into()) {
            return None;
        }
        Some(Session {
            // An empty token would be sent as `Bearer ` and renewed never: not a session.
            access_token: f.string("accessToken").filter(|t| !t.is_empty())?,
            id_token: f.string("idToken"),
            refresh_token: f.string("refreshToken"),
            token_type: f.string("tokenType")?,
            expires_at: f.number("expiresAt")?,
            scope: f.string("scope"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::core::json::testing::json;

    /// `text` as a token endpoint's answer at `now`.
    fn answer(text: &str, now: f64, fallback: impl FnOnce(&str) -> Option<f64>) -> Result<Session> {
        Session::from_answer(&json(text), now, fallback)
    }

    #[test]
    fn stored_sessions_round_trip_and_bad_ones_are_refused() {
        let s = answer(
            r#"{"access_token":"a\"b","expires_in":100,"refresh_token":"r","id_token":"i"}"#,
            1_700_000_000_000.0,
            |_| None,
        )
        .unwrap();
        assert_eq!(Session::read(&json(&s.to_json())), Some(s.clone()));
        let other_version = s.to_json().replace("\"v\":1", "\"v\":2");
        assert_eq!(Session::read(&json(&other_version)), None);
        assert_eq!(Session::read(&json(r#"{"v":1,"tokenType":"Bearer","expiresAt":1}"#)), None);
        assert_eq!(Session::read(&json("[]")), None);
    }

    #[test]
    fn expires_in_and_authings_expire_in() {
        let s = answer(
            r#"{"access_token":"a","expires_in":3600,"token_type":"Bearer","id_token":"i","scope":"openid"}"#,
            1_000.0,
            |_| None,
        )
        .unwrap();
        assert_eq!(s.expires_at, 3_601_000.0);
        assert_eq!(s.id_token.as_deref(), Some("i"));
        let s = answer(r#"{"access_token":"a","expire_in":60}"#, 0.0, |_| None).unwrap();
        assert_eq!((s.expires_at, s.token_type.as_str()), (60_000.0, "Bearer"));
    }

    #[test]
    fn an_untrusted_lifetime_uses_the_jwt_exp_or_the_default_and_every_lifetime_is_capped() {
        let s = answer(r#"{"access_token":"a"}"#, 5.0, |t| (t == "a").then_some(99_005.0)).unwrap();
        assert_eq!(s.expires_at, 99_005.0);
        for odd in [r#""3600""#, "0", "-3", "null", r#""soon""#] {
            let text = format!(r#"{{"access_token":"a","expires_in":{odd}}}"#);
            let s = answer(&text, 5.0, |_| None).unwrap();
            assert_eq!(s.expires_at, 5.0 + DEFAULT_LIFETIME_MS, "{odd}");
            assert!(!s.is_expired(5.0, 60_000.0), "{odd}: not expired on arrival");
        }
        for huge in ["1e308", "31536000"] {
            let text = format!(r#"{{"access_token":"a","expires_in":{huge}}}"#);
            let s = answer(&text, 5.0, |_| None).unwrap();
            assert_eq!(s.expires_at, 5.0 + MAX_LIFETIME_MS, "{huge}");
        }
        let s = answer(r#"{"access_token":"a"}"#, 5.0, |_| Some(1e300)).unwrap();
        assert_eq!(s.expires_at, 5.0 + MAX_LIFETIME_MS);
    }

    #[test]
    fn error_answers_become_typed_errors() {
        let e = answer(r#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#, 0.0, |_| None)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::OauthError);
        assert_eq!(e.oauth.unwrap().0, "invalid_grant");
        let e = answer(r#"{"token_type":"Bearer"}"#, 0.0, |_| None).unwrap_err();
        assert!(e.text().contains("access_token"));
    }

    #[test]
    fn expiry_counts_the_leeway() {
        let s = answer(r#"{"access_token":"a","expires_in":100}"#, 0.0, |_| None).unwrap();
        assert!(!s.is_expired(39_999.0, 60_000.0));
        assert!(s.is_expired(40_000.0, 60_000.0));
        assert!(s.is_expired(100_000.0, 0.0));
    }
}
