//! ID tokens: cutting the JWT apart and checking its claims (OIDC Core §3.1.3.7). The signature is
//! checked by the caller against the provider's keys; parsing the JSON is the caller's too, so that
//! the browser's own JSON parser does it in the wasm build.

use super::base64url;
use super::error::{Error, ErrorCode, Message, Result};
use super::json::Fields;
use crate::prelude::*;

/// The three parts of a compact JWS, decoded.
pub struct Jwt<'a> {
    pub header: String,
    pub payload: String,
    pub signing_input: &'a str,
    pub signature: Vec<u8>,
}

impl<'a> Jwt<'a> {
    pub fn split(token: &'a str) -> Result<Self> {
        let mut parts = super::ascii::split(token, b'.');
        let (Some(h), Some(p), Some(s), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            return Err(invalid(Message::NotJwt));
        };
        let text = |part: &str| base64url::decode(part).and_then(super::utf8::string);
        let (Some(header), Some(payload), Some(signature)) = (text(h), text(p), base64url::decode(s)) else {
            return Err(invalid(Message::NotBase64url));
        };
        let signing_input = token.get(..h.len() + 1 + p.len()).unwrap_or_default();
        Ok(Jwt { header, payload, signing_input, signature })
    }
}

/// Borrowed from the parsed payload: checking them allocates nothing (and drops nothing on the way out).
#[derive(Debug, Default)]
pub struct Claims<'a> {
    pub iss: Option<&'a str>,
    pub sub: Option<&'a str>,
    pub aud: Vec<&'a str>,
    pub azp: Option<&'a str>,
    pub exp: Option<f64>,
    pub iat: Option<f64>,
    pub nbf: Option<f64>,
    pub nonce: Option<&'a str>,
    pub auth_time: Option<f64>,
}

impl<'a> Claims<'a> {
    pub fn read(f: &'a impl Fields) -> Self {
        Claims {
            iss: f.text("iss"),
            sub: f.text("sub"),
            aud: f.texts("aud").unwrap_or_default(),
            azp: f.text("azp"),
            exp: f.number("exp"),
            iat: f.number("iat"),
            nbf: f.number("nbf"),
            nonce: f.text("nonce"),
            auth_time: f.number("auth_time"),
        }
    }
}

/// What the ID token must match, and the clock to judge it by.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: Option<&'a str>,
    pub max_age_s: Option<f64>,
    pub now_ms: f64,
    pub leeway_ms: f64,
    /// How far the device clock may be off the provider's (`clockSkewSeconds`), on top of the leeway.
    pub skew_ms: f64,
}

pub fn check_claims(c: &Claims, e: &Expected) -> Result<()> {
    let secs = |t: f64| t * 1000.0;
    let slack = e.leeway_ms + e.skew_ms;
    if c.iss != Some(e.issuer) {
        return Err(invalid(Message::TokenIssuer));
    }
    if c.sub.is_none_or(str::is_empty) {
        return Err(invalid(Message::NoSubject));
    }
    if !c.aud.contains(&e.client_id) {
        return Err(invalid(Message::Audience));
    }
    // With several audiences, azp must name us; when present it must name us anyway.
    if (c.aud.len() > 1 || c.azp.is_some()) && c.azp != Some(e.client_id) {
        return Err(invalid(Message::AuthorizedParty));
    }
    match c.exp {
        Some(exp) if secs(exp) + slack > e.now_ms => {}
        _ => return Err(invalid(Message::Expired)),
    }
    match c.iat {
        Some(iat) if secs(iat) - slack <= e.now_ms => {}
        _ => return Err(invalid(Message::IssuedInFuture)),
    }
    if c.nbf.is_some_and(|nbf| secs(nbf) - slack > e.now_ms) {
        return Err(invalid(Message::NotYetValid));
    }
    if e.nonce.is_some() && c.nonce != e.nonce {
        return Err(invalid(Message::Nonce));
    }
    if let Some(max_age) = e.max_age_s {
        match c.auth_time {
            Some(t) if secs(t + max_age) + slack >= e.now_ms => {}
            _ => return Err(invalid(Message::MaxAge)),
        }
    }
    Ok(())
}

fn invalid(message: Message) -> Error {
    Error::new(ErrorCode::IdTokenInvalid, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_700_000_000_000.0;

    fn good() -> String {
        r#"{"iss":"https://x/oidc","sub":"u1","aud":"app1","exp":1700000600,"iat":1700000000,"nonce":"n1","auth_time":1699999000}"#.into()
    }

    fn expected() -> Expected<'static> {
        Expected {
            issuer: "https://x/oidc",
            client_id: "app1",
            nonce: Some("n1"),
            max_age_s: None,
            now_ms: NOW,
            leeway_ms: 60_000.0,
            skew_ms: 0.0,
        }
    }

    fn check(json: &str, e: &Expected) -> core::result::Result<(), String> {
        check_claims(&Claims::read(&crate::core::json::testing::json(json)), e).map_err(|err| {
            assert_eq!(err.code, ErrorCode::IdTokenInvalid);
            err.text()
        })
    }

    fn with(field: &str, value: &str) -> String {
        let mut v: serde_json::Value = serde_json::from_str(&good()).unwrap();
        v[field] = serde_json::from_str(value).unwrap();
        v.to_string()
    }

    #[test]
    fn accepts_a_good_token() {
        assert_eq!(check(&good(), &expected()), Ok(()));
        assert_eq!(check(&with("aud", r#"["app1","api"]"#).replace("}", r#","azp":"app1"}"#), &expected()), Ok(()));
    }

    #[test]
    fn rejects_each_bad_claim() {
        let e = expected();
        assert!(check(&with("iss", r#""https://evil/oidc""#), &e).unwrap_err().contains("issuer"));
        assert!(check(&with("sub", r#""""#), &e).unwrap_err().contains("subject"));
        assert!(check(&with("aud", r#""other""#), &e).unwrap_err().contains("aud"));
        assert!(check(&with("aud", r#"["other","app1"]"#), &e).unwrap_err().contains("azp"));
        assert!(check(&with("azp", r#""other""#), &e).unwrap_err().contains("azp"));
        assert!(check(&with("nonce", r#""n2""#), &e).unwrap_err().contains("nonce"));
        assert!(check(&with("exp", "1699999900"), &e).unwrap_err().contains("expired"));
        assert!(check(&with("iat", "1700000100"), &e).unwrap_err().contains("future"));
        assert!(check(&with("nbf", "1700000100"), &e).unwrap_err().contains("not valid yet"));
        assert!(check(r#"{"iss":"https://x/oidc","sub":"u","aud":"app1","iat":1700000000}"#, &e)
            .unwrap_err()
            .contains("expired"));
    }

    #[test]
    fn leeway_absorbs_small_skew_only() {
        let e = expected();
        assert_eq!(check(&with("exp", "1699999950"), &e), Ok(()));
        assert_eq!(check(&with("iat", "1700000050"), &e), Ok(()));
        assert!(check(&with("iat", "1700000061"), &e).is_err());
        let strict = Expected { leeway_ms: 0.0, ..expected() };
        assert!(check(&with("exp", "1699999950"), &strict).is_err());
    }

    #[test]
    fn a_device_clock_five_minutes_off_still_signs_in_and_seven_does_not() {
        // A fresh token: iat = provider's now, exp one hour later; the device clock is off by `off`.
        let token = |exp_in: i64| with("exp", &(1_700_000_000 + exp_in).to_string());
        let at = |off_min: f64| Expected { now_ms: NOW + off_min * 60_000.0, skew_ms: 300_000.0, ..expected() };
        for off in [-5.0, 5.0] {
            assert_eq!(check(&token(3600), &at(off)), Ok(()), "clock off by {off} min");
        }
        assert!(check(&token(3600), &at(-7.0)).unwrap_err().contains("future"), "clock 7 min behind");
        // A short-lived token (60 s) on a clock 5 min ahead is still accepted; 7 min ahead is expired.
        assert_eq!(check(&token(60), &at(5.0)), Ok(()));
        assert!(check(&token(60), &at(7.0)).unwrap_err().contains("expired"));
    }

    #[test]
    fn max_age_needs_a_recent_auth_time() {
        let e = Expected { max_age_s: Some(900.0), ..expected() };
        assert!(check(&good(), &e).unwrap_err().contains("max_age"));
        let e = Expected { max_age_s: Some(1000.0), ..expected() };
        assert_eq!(check(&good(), &e), Ok(()));
    }

    #[test]
    fn splits_a_jwt() {
        let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9.AQID";
        let jwt = Jwt::split(token).unwrap();
        assert_eq!(jwt.header, r#"{"alg":"RS256"}"#);
        assert_eq!(jwt.payload, r#"{"sub":"u1"}"#);
        assert_eq!(jwt.signing_input, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1MSJ9");
        assert_eq!(jwt.signature, [1, 2, 3]);
        for bad in ["a.b", "a.b.c.d", "!!.e30.AQ", ""] {
            assert_eq!(Jwt::split(bad).err().unwrap().code, ErrorCode::IdTokenInvalid);
        }
    }
}
