//! The little URL handling the protocol needs: form/query encoding, pair parsing, and splitting a URL
//! into its parts. (The browser's `URL` would do it too, but the core must run without a browser.)

use super::ascii;
use crate::prelude::*;
/// `application/x-www-form-urlencoded` pairs, percent-encoded (space as `%20`, valid in both places).
#[derive(Default)]
pub struct Form(String);

impl Form {
    pub fn new() -> Self {
        Form(String::new())
    }

    pub fn push(&mut self, key: &str, value: &str) -> &mut Self {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        encode_into(key, &mut self.0);
        self.0.push('=');
        encode_into(value, &mut self.0);
        self
    }

    pub fn push_opt(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            self.push(key, v);
        }
        self
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `base?pairs`, or `base&pairs` when the base already has a query.
    pub fn append_to(&self, base: &str) -> String {
        let mut url = String::from(base);
        url.push(if ascii::has(base, b'?') { '&' } else { '?' });
        url.push_str(&self.0);
        url
    }
}

/// `text` percent-encoded for a query value.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    encode_into(text, &mut out);
    out
}

fn encode_into(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

/// Decodes `a=1&b=x%20y` (also `+` as space). A malformed escape is kept as written.
pub fn parse_pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for p in ascii::split(text, b'&') {
        if p.is_empty() {
            continue;
        }
        let (k, v) = ascii::split_once(p, b'=').unwrap_or((p, ""));
        pairs.push((decode(k), decode(v)));
    }
    pairs
}

pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |j: usize| bytes.get(j).and_then(|c| (*c as char).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b'+', ..) => {
                out.push(b' ');
                i += 1;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    // Octets that are no UTF-8 cannot be what the SDK wrote: the value stays as it came.
    super::utf8::string(out).unwrap_or_else(|| text.into())
}

/// A URL cut at `?` and `#`: `(before, query, fragment)`.
pub fn split(url: &str) -> (&str, &str, &str) {
    let (rest, fragment) = ascii::split_once(url, b'#').unwrap_or((url, ""));
    let (base, query) = ascii::split_once(rest, b'?').unwrap_or((rest, ""));
    (base, query, fragment)
}

/// `scheme://host[:port]` of an absolute http(s) URL, lower-cased; `None` for anything else.
pub fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = ascii::split_once(url, b':')?;
    let authority = ascii::until(rest.strip_prefix("//")?, b"/?#");
    let mut origin = String::from(scheme);
    origin.push_str("://");
    origin.push_str(authority);
    origin.make_ascii_lowercase();
    let http = origin.starts_with("https://") || origin.starts_with("http://");
    (http && !authority.is_empty() && !ascii::has(authority, b'@')).then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encodes_reserved_characters() {
        let mut f = Form::new();
        f.push("redirect_uri", "http://a.test/cb?x=1&y=2").push("scope", "openid profile").push_opt("n", None);
        assert_eq!(f.as_str(), "redirect_uri=http%3A%2F%2Fa.test%2Fcb%3Fx%3D1%26y%3D2&scope=openid%20profile");
        assert_eq!(
            f.append_to("https://x/auth"),
            "https://x/auth?redirect_uri=http%3A%2F%2Fa.test%2Fcb%3Fx%3D1%26y%3D2&scope=openid%20profile"
        );
        assert!(f.append_to("https://x/auth?a=b").starts_with("https://x/auth?a=b&redirect_uri="));
    }

    #[test]
    fn pairs_round_trip_unicode_and_plus() {
        let mut f = Form::new();
        f.push("name", "测试 user+1");
        assert_eq!(parse_pairs(f.as_str()), vec![("name".into(), "测试 user+1".into())]);
        assert_eq!(
            parse_pairs("a=x+y&&b&c=%zz"),
            vec![("a".into(), "x y".into()), ("b".into(), "".into()), ("c".into(), "%zz".into())]
        );
    }

    #[test]
    fn split_and_origin() {
        assert_eq!(split("https://a/b?c=1#d=2"), ("https://a/b", "c=1", "d=2"));
        assert_eq!(split("https://a/b#x?y"), ("https://a/b", "", "x?y"));
        assert_eq!(origin("HTTPS://Example.COM:8443/x?y").as_deref(), Some("https://example.com:8443"));
        assert_eq!(origin("http://localhost:4000"), Some("http://localhost:4000".into()));
        assert_eq!(origin("javascript:alert(1)"), None);
        assert_eq!(origin("https://user@evil.test/"), None);
        assert_eq!(origin("ftp://x/"), None);
    }
}
