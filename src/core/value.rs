//! A JSON value parsed from text, for the engine, which is handed HTTP bodies, messages and stored
//! values as text. Small on purpose: no serde; a number keeps its text (so that it is written back
//! exactly) and is read by plain arithmetic when asked for (exact for integers up to 2^53, which is
//! every number the protocol carries: times, lifetimes, codes).

use super::json::Fields;
use crate::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// As written in the text.
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// How deep arrays and objects may nest: hostile input must not exhaust the stack.
const MAX_DEPTH: u32 = 64;

impl Value {
    /// `None` for text that is not exactly one JSON value.
    pub fn parse(text: &str) -> Option<Value> {
        let mut p = Parser { s: text.as_bytes(), at: 0 };
        let v = p.value(0)?;
        p.space();
        (p.at == p.s.len()).then_some(v)
    }

    /// The text, when it is a JSON object.
    pub fn object(text: &str) -> Option<Value> {
        Self::parse(text).filter(|v| matches!(v, Value::Object(_)))
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Moves member `key` out of an object (`null` when there is none): no copy of a large value.
    pub fn take(&mut self, key: &str) -> Value {
        match self {
            Value::Object(entries) => entries
                .iter_mut()
                .find(|(k, _)| k == key)
                .map_or(Value::Null, |(_, v)| core::mem::replace(v, Value::Null)),
            _ => Value::Null,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Parser { s: n.as_bytes(), at: 0 }.number(),
            _ => None,
        }
    }

    pub fn items(&self) -> &[Value] {
        match self {
            Value::Array(items) => items,
            _ => &[],
        }
    }
}

impl Value {
    /// JSON text again (a JWK for WebCrypto, an API answer's `data`).
    pub fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => super::json::quote(s, out),
            Value::Array(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write(out);
                }
                out.push(']');
            }
            Value::Object(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    super::json::quote(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl Fields for Value {
    fn text(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }
    fn number(&self, key: &str) -> Option<f64> {
        self.get(key)?.as_number()
    }
    fn boolean(&self, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    fn texts(&self, key: &str) -> Option<Vec<&str>> {
        match self.get(key)? {
            Value::String(s) => Some(vec![s]),
            Value::Array(items) => {
                let mut texts = Vec::new();
                for item in items {
                    texts.push(item.as_str()?);
                }
                Some(texts)
            }
            _ => None,
        }
    }
    fn entries(&self, key: &str) -> Vec<(String, String)> {
        match self.get(key) {
            Some(Value::Object(o)) => {
                let mut entries = Vec::new();
                for (k, v) in o {
                    if let Value::String(v) = v {
                        entries.push((k.clone(), v.clone()));
                    }
                }
                entries
            }
            _ => Vec::new(),
        }
    }
    fn child(&self, key: &str) -> Option<&Self> {
        self.get(key).filter(|v| matches!(v, Value::Object(_)))
    }
    fn member(&self, key: &str) -> Option<&Self> {
        self.get(key).filter(|v| !matches!(v, Value::Null))
    }
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }
}

struct Parser<'a> {
    s: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn word(&mut self, w: &[u8], v: Value) -> Option<Value> {
        let end = self.at.checked_add(w.len())?;
        (self.s.get(self.at..end)? == w).then(|| {
            self.at = end;
            v
        })
    }

    fn value(&mut self, depth: u32) -> Option<Value> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.space();
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.string().map(Value::String),
            b't' => self.word(b"true", Value::Bool(true)),
            b'f' => self.word(b"false", Value::Bool(false)),
            b'n' => self.word(b"null", Value::Null),
            _ => {
                let start = self.at;
                self.number()?;
                // ASCII by `number`: the strict conversion, which the strings share, is enough.
                super::utf8::string(self.s.get(start..self.at)?.to_vec()).map(Value::Number)
            }
        }
    }

    fn object(&mut self, depth: u32) -> Option<Value> {
        self.at += 1;
        let mut entries = Vec::new();
        self.space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Some(Value::Object(entries));
        }
        loop {
            self.space();
            if self.peek() != Some(b'"') {
                return None;
            }
            let key = self.string()?;
            self.space();
            if self.bump()? != b':' {
                return None;
            }
            entries.push((key, self.value(depth + 1)?));
            self.space();
            match self.bump()? {
                b',' => {}
                b'}' => return Some(Value::Object(entries)),
                _ => return None,
            }
        }
    }

    fn array(&mut self, depth: u32) -> Option<Value> {
        self.at += 1;
        let mut items = Vec::new();
        self.space();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Some(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.space();
            match self.bump()? {
                b',' => {}
                b']' => return Some(Value::Array(items)),
                _ => return None,
            }
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            n = n * 16 + (self.bump()? as char).to_digit(16)?;
        }
        Some(n)
    }

    fn string(&mut self) -> Option<String> {
        self.at += 1;
        let mut out = Vec::new();
        loop {
            match self.bump()? {
                b'"' => return super::utf8::string(out),
                b'\\' => {
                    let c = match self.bump()? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.escaped_char()?,
                        _ => return None,
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                c if c < 0x20 => return None,
                c => out.push(c),
            }
        }
    }

    /// `\uXXXX`, a surrogate pair taken whole; a lone surrogate becomes U+FFFD.
    fn escaped_char(&mut self) -> Option<char> {
        let hi = self.hex4()?;
        if (0xD800..0xDC00).contains(&hi) && self.s.get(self.at..self.at + 2) == Some(b"\\u") {
            let back = self.at;
            self.at += 2;
            let lo = self.hex4()?;
            if (0xDC00..0xE000).contains(&lo) {
                return char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
            }
            self.at = back;
        }
        Some(char::from_u32(hi).unwrap_or('\u{FFFD}'))
    }

    fn digits(&mut self, mut n: f64) -> Option<(f64, u32)> {
        let mut count = 0;
        while let Some(d @ b'0'..=b'9') = self.peek() {
            n = n * 10.0 + f64::from(d - b'0');
            count += 1;
            self.at += 1;
        }
        (count > 0).then_some((n, count))
    }

    fn number(&mut self) -> Option<f64> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.at += 1;
        }
        let (mut n, _) = self.digits(0.0)?;
        let mut scale: i32 = 0;
        if self.peek() == Some(b'.') {
            self.at += 1;
            let (m, count) = self.digits(n)?;
            n = m;
            scale -= count as i32;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            let sign = match self.peek() {
                Some(b'-') => {
                    self.at += 1;
                    -1
                }
                Some(b'+') => {
                    self.at += 1;
                    1
                }
                _ => 1,
            };
            let (e, _) = self.digits(0.0)?;
            scale = scale.saturating_add(sign * e.min(10_000.0) as i32);
        }
        // Powers of ten by multiplication (`powi` is not in `core`); past 10^±400 it is inf or 0 anyway.
        let mut power = 1.0;
        for _ in 0..scale.unsigned_abs().min(400) {
            power *= 10.0;
        }
        let magnitude = if scale >= 0 { n * power } else { n / power };
        Some(if negative { -magnitude } else { magnitude })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a":"x\"y\\z\n\u00e9\ud83d\ude00","n":-12.5e1,"t":1700000000123,"b":true,"z":null,"l":[1,[2],{"k":"v"}]}"#,
            r#"  [ ]  "#,
            r#""\u0041\/""#,
            "0.001",
        ] {
            let ours = Value::parse(text).unwrap();
            let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
            assert_eq!(to_serde(&ours), theirs, "{text}");
        }
    }

    fn to_serde(v: &Value) -> serde_json::Value {
        match v {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Number(n) => serde_json::from_str(n).unwrap(),
            Value::String(s) => s.clone().into(),
            Value::Array(a) => a.iter().map(to_serde).collect(),
            Value::Object(o) => {
                o.iter().map(|(k, v)| (k.clone(), to_serde(v))).collect::<serde_json::Map<_, _>>().into()
            }
        }
    }

    #[test]
    fn writes_a_jwk_back() {
        let text = r#"{"kty":"RSA","n":"q\"x","e":"AQAB","key_ops":["verify"],"ext":true,"x":null,"v":-3}"#;
        let mut again = String::new();
        Value::parse(text).unwrap().write(&mut again);
        assert_eq!(again, text);
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            "{",
            "{\"a\"}",
            "[1,]",
            "{\"a\":1,}",
            "tru",
            "\"\u{1}\"",
            "01x",
            "1 2",
            "\"\\x\"",
            "-",
            "1.",
            "{\"a\":1}}",
        ] {
            assert_eq!(Value::parse(text), None, "{text:?}");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(Value::parse(&deep), None);
        assert!(Value::object("[]").is_none());
    }

    #[test]
    fn fields_of_an_object() {
        let v =
            Value::object(r#"{"s":"x","n":3,"b":false,"aud":"a","auds":["a","b"],"e":{"k":"v","n":1},"o":{"x":1}}"#)
                .unwrap();
        assert_eq!((v.string("s"), v.number("n"), v.boolean("b")), (Some("x".into()), Some(3.0), Some(false)));
        let n = Value::object(r#"{"a":-12.5e1,"b":1700000000123,"c":0.25}"#).unwrap();
        assert_eq!(
            (n.number("a"), n.number("b"), n.number("c")),
            (Some(-125.0), Some(1_700_000_000_123.0), Some(0.25))
        );
        assert_eq!((v.texts("aud"), v.texts("auds")), (Some(vec!["a"]), Some(vec!["a", "b"])));
        assert_eq!(v.entries("e"), vec![("k".to_string(), "v".to_string())]);
        assert_eq!(v.child("o").and_then(|o| o.number("x")), Some(1.0));
        assert_eq!((v.string("n"), v.child("s")), (None, None));
    }
}
