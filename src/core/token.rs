//! Token endpoint answers and the session they become, with expiry on an injected clock.

use super::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// The token endpoint's JSON, success or error in one shape (the HTTP status is not trusted alone).
#[derive(Deserialize, Default, Debug)]
pub struct TokenResponse {
    pub access_token: Option<String>,
    pub token_type: Option<String>,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub expires_in: Option<f64>,
    /// Authing's spelling in its spec and some `/api/v3` envelopes.
    pub expire_in: Option<f64>,
    pub scope: Option<String>,
    pub error: Option<String>,
    pub error_description: Option<String>,
}

/// Format version of a stored session; any other version is dropped.
pub const VERSION: u8 = 1;

/// A signed-in session: the public `LoginState` without its derived `idTokenClaims`.
#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    #[serde(default)]
    pub v: u8,
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub token_type: String,
    /// Milliseconds since the epoch, on the local clock at receipt.
    pub expires_at: f64,
    pub scope: Option<String>,
}

impl TokenResponse {
    /// `fallback_exp_ms` is used when the answer names no lifetime (e.g. the access token's own `exp`).
    pub fn into_session(self, now_ms: f64, fallback_exp_ms: impl FnOnce(&str) -> Option<f64>) -> Result<Session> {
        if let Some(error) = &self.error {
            return Err(Error::oauth(error, self.error_description.as_deref()));
        }
        let Some(access_token) = self.access_token.filter(|t| !t.is_empty()) else {
            return Err(Error::new(ErrorCode::OauthError, "The token endpoint answered without an access_token."));
        };
        let expires_at = match self.expires_in.or(self.expire_in) {
            Some(seconds) if seconds.is_finite() && seconds >= 0.0 => now_ms + seconds * 1000.0,
            _ => fallback_exp_ms(&access_token).unwrap_or(now_ms),
        };
        Ok(Session {
            v: VERSION,
            access_token,
            id_token: self.id_token,
            refresh_token: self.refresh_token,
            token_type: self.token_type.unwrap_or_else(|| "Bearer".into()),
            expires_at,
            scope: self.scope,
        })
    }
}

impl Session {
    /// Expired `leeway_ms` early, so a token is never sent in its last moments (or past a skewed clock).
    pub fn is_expired(&self, now_ms: f64, leeway_ms: f64) -> bool {
        now_ms + leeway_ms >= self.expires_at
    }

    pub fn is_current_format(&self) -> bool {
        self.v == VERSION
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> TokenResponse {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn expires_in_and_authings_expire_in() {
        let s =
            parse(r#"{"access_token":"a","expires_in":3600,"token_type":"Bearer","id_token":"i","scope":"openid"}"#)
                .into_session(1_000.0, |_| None)
                .unwrap();
        assert_eq!(s.expires_at, 3_601_000.0);
        assert_eq!(s.id_token.as_deref(), Some("i"));
        let s = parse(r#"{"access_token":"a","expire_in":60}"#).into_session(0.0, |_| None).unwrap();
        assert_eq!((s.expires_at, s.token_type.as_str()), (60_000.0, "Bearer"));
    }

    #[test]
    fn missing_lifetime_uses_fallback_or_now() {
        let s = parse(r#"{"access_token":"a"}"#).into_session(5.0, |t| (t == "a").then_some(99.0)).unwrap();
        assert_eq!(s.expires_at, 99.0);
        let s = parse(r#"{"access_token":"a","expires_in":-3}"#).into_session(5.0, |_| None).unwrap();
        assert_eq!(s.expires_at, 5.0);
    }

    #[test]
    fn error_answers_become_typed_errors() {
        let e = parse(r#"{"error":"invalid_grant","error_description":"grant request is invalid"}"#)
            .into_session(0.0, |_| None)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::OauthError);
        assert_eq!(e.oauth.unwrap().0, "invalid_grant");
        let e = parse(r#"{"token_type":"Bearer"}"#).into_session(0.0, |_| None).unwrap_err();
        assert!(e.message.contains("access_token"));
    }

    #[test]
    fn expiry_counts_the_leeway() {
        let s = parse(r#"{"access_token":"a","expires_in":100}"#).into_session(0.0, |_| None).unwrap();
        assert!(!s.is_expired(39_999.0, 60_000.0));
        assert!(s.is_expired(40_000.0, 60_000.0));
        assert!(s.is_expired(100_000.0, 0.0));
    }
}
