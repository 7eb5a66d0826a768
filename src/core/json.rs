//! JSON without a JSON crate: the core reads objects through `Fields` (the browser's `JSON.parse`
//! result in the wasm build, `serde_json` in native tests) and writes its few stored records with
//! `Writer`. This keeps serde and float formatting, most of a naive wasm's size, out of the package.

use crate::prelude::*;
/// Read access to one JSON object. A field of the wrong type reads as absent.
pub trait Fields {
    /// A string field, borrowed.
    fn text(&self, key: &str) -> Option<&str>;
    fn string(&self, key: &str) -> Option<String> {
        self.text(key).map(Into::into)
    }
    fn number(&self, key: &str) -> Option<f64>;
    fn boolean(&self, key: &str) -> Option<bool>;
    /// An array of strings; a lone string counts as an array of one (`aud`).
    fn texts(&self, key: &str) -> Option<Vec<&str>>;
    /// An object's entries whose values are strings (`extraParams`).
    fn entries(&self, key: &str) -> Vec<(String, String)>;
    /// A nested object (`response` of a web_message), borrowed.
    fn child(&self, key: &str) -> Option<&Self>;
    /// Any value but `null` (an API envelope's `data`: an object, an array, a string...), borrowed.
    fn member(&self, key: &str) -> Option<&Self>;
    /// This value as JSON text.
    fn to_json(&self) -> String;
}

/// Builds one JSON object: strings, whole numbers, booleans, and values that are JSON text already
/// (a nested object is written by a `Writer` of its own). The engine's stored records and every
/// effect it hands the executor are written by it.
pub struct Writer(String);

impl Writer {
    pub fn new() -> Self {
        Writer(String::from("{"))
    }

    fn key(&mut self, key: &str) -> &mut String {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        quote(key, &mut self.0);
        self.0.push(':');
        &mut self.0
    }

    /// Nothing when `value` is `None`.
    pub fn string(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        if let Some(v) = value {
            quote(v, self.key(key));
        }
        self
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.string(key, Some(value))
    }

    /// Whole numbers only (times in ms, versions, ids); a fraction is dropped.
    pub fn integer(&mut self, key: &str, value: f64) -> &mut Self {
        push_number(value, self.key(key));
        self
    }

    pub fn optional_integer(&mut self, key: &str, value: Option<f64>) -> &mut Self {
        if let Some(v) = value {
            self.integer(key, v);
        }
        self
    }

    pub fn flag(&mut self, key: &str, value: bool) -> &mut Self {
        self.key(key).push_str(if value { "true" } else { "false" });
        self
    }

    /// A value that is JSON text already.
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key).push_str(json);
        self
    }

    /// The object's text; the writer is left empty.
    pub fn finish(&mut self) -> String {
        self.0.push('}');
        core::mem::take(&mut self.0)
    }
}

impl Default for Writer {
    fn default() -> Self {
        Self::new()
    }
}

/// A whole number's digits, its sign first; a fraction is dropped.
pub fn push_number(value: f64, out: &mut String) {
    if value < 0.0 {
        out.push('-');
    }
    push_integer(value.abs() as u64, out);
}

/// Decimal digits of `n` (no `format!`: its machinery would cost more than this whole file).
pub fn push_integer(n: u64, out: &mut String) {
    if n >= 10 {
        push_integer(n / 10, out);
    }
    out.push((b'0' + (n % 10) as u8) as char);
}

pub fn quote(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    // SAFETY: the octets of a `str` are copied whole, and only ASCII ones are replaced, by ASCII
    // escapes: the text stays UTF-8. (By octet: no character decoding in the wasm.)
    let out = unsafe { out.as_mut_vec() };
    out.push(b'"');
    for &b in text.as_bytes() {
        match b {
            b'"' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            0..0x20 => {
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 15)]])
            }
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
pub mod testing {
    //! `Fields` over `serde_json`, so that native tests read exactly what the browser would hand over.
    use super::Fields;
    use serde_json::Value;

    /// Transparent, so that a nested `Value` can be lent as a `Json` (`child`).
    #[derive(Debug)]
    #[repr(transparent)]
    pub struct Json(pub Value);

    pub fn json(text: &str) -> Json {
        Json(serde_json::from_str(text).expect("test JSON"))
    }

    impl Fields for Json {
        fn text(&self, key: &str) -> Option<&str> {
            self.0.get(key)?.as_str()
        }
        fn number(&self, key: &str) -> Option<f64> {
            self.0.get(key)?.as_f64()
        }
        fn boolean(&self, key: &str) -> Option<bool> {
            self.0.get(key)?.as_bool()
        }
        fn texts(&self, key: &str) -> Option<Vec<&str>> {
            match self.0.get(key)? {
                Value::String(s) => Some(vec![s]),
                Value::Array(a) => a.iter().map(Value::as_str).collect(),
                _ => None,
            }
        }
        fn entries(&self, key: &str) -> Vec<(String, String)> {
            let Some(Value::Object(o)) = self.0.get(key) else { return Vec::new() };
            o.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect()
        }
        fn child(&self, key: &str) -> Option<&Self> {
            self.member(key).filter(|v| v.0.is_object())
        }
        fn to_json(&self) -> String {
            self.0.to_string()
        }
        fn member(&self, key: &str) -> Option<&Self> {
            let v = self.0.get(key).filter(|v| !v.is_null())?;
            // SAFETY: `Json` is `#[repr(transparent)]` over `Value`.
            Some(unsafe { &*(v as *const Value as *const Json) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_valid_json_with_escapes_and_integers() {
        let text = Writer::new()
            .string("a", Some("q\"b\\s\n\u{1}测"))
            .string("skip", None)
            .integer("t", 1_700_000_000_123.9)
            .integer("n", -5.0)
            .integer("z", 0.0)
            .finish();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["a"], "q\"b\\s\n\u{1}测");
        assert_eq!(v["t"], 1_700_000_000_123u64);
        assert_eq!((v["n"].as_i64(), v["z"].as_i64()), (Some(-5), Some(0)));
        assert!(v.get("skip").is_none());
        assert_eq!(Writer::new().finish(), "{}");
    }
}
