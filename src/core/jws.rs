//! JWS signature algorithms of ID tokens: which are accepted, and the WebCrypto parameters of each.

use super::error::{Error, ErrorCode, Message, Result};
use super::json::Fields;
use crate::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    Rs(u16),
    Ps(u16),
    Es256,
    Es384,
    /// Signed with the app secret: a browser cannot verify it (it must never hold the secret).
    Hs256,
}

/// WebCrypto's names for one algorithm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebCryptoParams {
    pub name: &'static str,
    pub hash: &'static str,
    /// RSA-PSS salt length in bytes (the hash length, as JWS requires).
    pub salt_length: Option<u32>,
    /// ECDSA curve.
    pub named_curve: Option<&'static str>,
    /// The JWK key type the algorithm needs.
    pub kty: &'static str,
}

pub struct Header {
    pub alg: Alg,
    pub kid: Option<String>,
}

impl Header {
    /// `alg: none`, a missing or unknown algorithm: rejected, whatever the rest says.
    pub fn read(f: &impl Fields) -> Result<Self> {
        let alg = match f.string("alg").as_deref() {
            Some("RS256") => Alg::Rs(256),
            Some("RS384") => Alg::Rs(384),
            Some("RS512") => Alg::Rs(512),
            Some("PS256") => Alg::Ps(256),
            Some("PS384") => Alg::Ps(384),
            Some("PS512") => Alg::Ps(512),
            Some("ES256") => Alg::Es256,
            Some("ES384") => Alg::Es384,
            Some("HS256") => Alg::Hs256,
            _ => return Err(Error::new(ErrorCode::IdTokenInvalid, Message::Algorithm)),
        };
        Ok(Header { alg, kid: f.string("kid") })
    }
}

impl Alg {
    /// `None` for HS256, which has no public key to check against.
    pub fn web_crypto(self) -> Option<WebCryptoParams> {
        let hash = |bits| match bits {
            384 => "SHA-384",
            512 => "SHA-512",
            _ => "SHA-256",
        };
        let p = |name, bits, salt_length, named_curve, kty| {
            Some(WebCryptoParams { name, hash: hash(bits), salt_length, named_curve, kty })
        };
        match self {
            Alg::Rs(bits) => p("RSASSA-PKCS1-v1_5", bits, None, None, "RSA"),
            Alg::Ps(bits) => p("RSA-PSS", bits, Some(bits as u32 / 8), None, "RSA"),
            Alg::Es256 => p("ECDSA", 256, None, Some("P-256"), "EC"),
            Alg::Es384 => p("ECDSA", 384, None, Some("P-384"), "EC"),
            Alg::Hs256 => None,
        }
    }
}

/// The key of a JWKS that checks a token: by `kid` when the token names one, else the only key of
/// the right type. Encryption keys (`use: enc`) never sign.
pub fn select_key<F: Fields>(keys: &[F], kid: Option<&str>, kty: &str) -> Option<usize> {
    let mut found = None;
    for (i, k) in keys.iter().enumerate() {
        if k.text("kty") != Some(kty) || k.text("use") == Some("enc") {
            continue;
        }
        match kid {
            Some(kid) if k.text("kid") == Some(kid) => return Some(i),
            Some(_) => {}
            // Without a `kid`, only a lone candidate is the key.
            None if found.is_some() => return None,
            None => found = Some(i),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::testing::json;

    fn alg(text: &str) -> Result<Alg> {
        Header::read(&json(text)).map(|h| h.alg)
    }

    #[test]
    fn accepts_the_asymmetric_algorithms_with_their_webcrypto_names() {
        let h = Header::read(&json(r#"{"alg":"RS256","kid":"k1"}"#)).unwrap();
        assert_eq!((h.alg, h.kid.as_deref()), (Alg::Rs(256), Some("k1")));
        let ps = alg(r#"{"alg":"PS384"}"#).unwrap().web_crypto().unwrap();
        assert_eq!((ps.name, ps.hash, ps.salt_length, ps.kty), ("RSA-PSS", "SHA-384", Some(48), "RSA"));
        let es = alg(r#"{"alg":"ES384"}"#).unwrap().web_crypto().unwrap();
        assert_eq!((es.name, es.hash, es.named_curve, es.kty), ("ECDSA", "SHA-384", Some("P-384"), "EC"));
        assert_eq!(alg(r#"{"alg":"RS512"}"#).unwrap().web_crypto().unwrap().hash, "SHA-512");
        assert_eq!(alg(r#"{"alg":"HS256"}"#).unwrap().web_crypto(), None);
    }

    #[test]
    fn selects_the_signing_key_by_kid_and_type() {
        let keys = [
            json(r#"{"kty":"RSA","kid":"a","use":"sig"}"#),
            json(r#"{"kty":"EC","kid":"b"}"#),
            json(r#"{"kty":"RSA","kid":"c","use":"enc"}"#),
        ];
        assert_eq!(select_key(&keys, Some("a"), "RSA"), Some(0));
        assert_eq!(select_key(&keys, Some("b"), "EC"), Some(1));
        assert_eq!(select_key(&keys, Some("b"), "RSA"), None, "the kid exists, with another key type");
        assert_eq!(select_key(&keys, Some("c"), "RSA"), None, "an encryption key");
        assert_eq!(select_key(&keys, Some("zz"), "RSA"), None);
        assert_eq!(select_key(&keys, None, "EC"), Some(1), "no kid: the only EC key");
        assert_eq!(select_key(&keys[..1], None, "RSA"), Some(0));
        assert_eq!(select_key(&[json(r#"{"kty":"RSA"}"#), json(r#"{"kty":"RSA"}"#)], None, "RSA"), None, "ambiguous");
    }

    #[test]
    fn rejects_none_and_unknown_algorithms() {
        for header in [
            r#"{"alg":"none"}"#,
            r#"{"alg":"None"}"#,
            r#"{"alg":"HS512"}"#,
            r#"{"alg":"ES512"}"#,
            r#"{}"#,
            r#"{"alg":1}"#,
        ] {
            assert_eq!(alg(header).unwrap_err().code, ErrorCode::IdTokenInvalid, "{header}");
        }
    }
}
