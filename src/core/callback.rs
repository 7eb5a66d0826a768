//! What comes back from `/oidc/auth`: a code or an error, tied to a `state`. Read from a redirect URL
//! (query or fragment) here; the web_message flows hand over the same pairs.

use super::ascii;
use super::url::{decode, parse_pairs, split};
use crate::prelude::*;

#[derive(Debug, PartialEq)]
pub enum Outcome {
    Code(String),
    Error { error: String, description: Option<String> },
}

#[derive(Debug, PartialEq)]
pub struct Callback {
    pub state: String,
    /// RFC 9207 `iss`: when present it must be our issuer (guards against mix-up attacks).
    pub iss: Option<String>,
    pub outcome: Outcome,
}

/// Parameters the callback consumes; they are removed from the address bar afterwards.
const CALLBACK_KEYS: [&str; 7] = ["code", "state", "session_state", "iss", "error", "error_description", "error_uri"];

impl Callback {
    /// `None` when the pairs hold no `state`, or neither `code` nor `error`: not a callback.
    /// (A web_message's `response` is read as its string members.)
    pub fn from_pairs(pairs: &[(String, String)]) -> Option<Self> {
        let get = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let outcome = match (get("code"), get("error")) {
            (_, Some(error)) => Outcome::Error { error, description: get("error_description") },
            (Some(code), None) => Outcome::Code(code),
            (None, None) => return None,
        };
        Some(Callback { state: get("state")?, iss: get("iss"), outcome })
    }

    /// The query is read first, then the fragment (`response_mode=fragment`).
    pub fn from_url(url: &str) -> Option<Self> {
        let (_, query, fragment) = split(url);
        Self::from_pairs(&parse_pairs(query)).or_else(|| Self::from_pairs(&parse_pairs(fragment)))
    }
}

/// The URL without the callback parameters, every other part kept as written.
pub fn strip(url: &str) -> String {
    let (base, query, fragment) = split(url);
    let mut out = String::from(base);
    for (sep, part) in [('?', query), ('#', fragment)] {
        let mut first = true;
        // Names are compared decoded, as `from_url` read them: `co%64e` is `code` too.
        for p in ascii::split(part, b'&') {
            if p.is_empty() || CALLBACK_KEYS.contains(&decode(ascii::until(p, b"=")).as_str()) {
                continue;
            }
            out.push(if first { sep } else { '&' });
            out.push_str(p);
            first = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoded_names_are_read_and_stripped_alike() {
        let url = "https://app/cb?co%64e=c1&%73tate=s1&keep=%63ode&x=1";
        let cb = Callback::from_url(url).unwrap();
        assert_eq!((cb.state.as_str(), cb.outcome), ("s1", Outcome::Code("c1".into())));
        assert_eq!(strip(url), "https://app/cb?keep=%63ode&x=1");
    }

    #[test]
    fn reads_a_code_from_the_query() {
        let c =
            Callback::from_url("https://app/cb?code=abc&state=s%201&iss=http%3A%2F%2Flocalhost%3A4000%2Foidc").unwrap();
        assert_eq!(
            c,
            Callback {
                state: "s 1".into(),
                iss: Some("http://localhost:4000/oidc".into()),
                outcome: Outcome::Code("abc".into())
            }
        );
    }

    #[test]
    fn reads_an_error_from_the_fragment() {
        let c = Callback::from_url("https://app/cb#error=login_required&error_description=End-User%20auth&state=s")
            .unwrap();
        assert_eq!(
            c.outcome,
            Outcome::Error { error: "login_required".into(), description: Some("End-User auth".into()) }
        );
        assert_eq!(c.state, "s");
    }

    #[test]
    fn an_error_wins_over_a_code_and_state_is_required() {
        let c = Callback::from_url("https://app/cb?code=x&error=access_denied&state=s").unwrap();
        assert!(matches!(c.outcome, Outcome::Error { .. }));
        assert_eq!(Callback::from_url("https://app/cb?code=x"), None);
        assert_eq!(Callback::from_url("https://app/cb?state=s"), None);
        assert_eq!(Callback::from_url("https://app/page?tab=2#top"), None);
    }

    #[test]
    fn strip_removes_only_callback_parameters() {
        assert_eq!(strip("https://app/cb?code=a&state=b&tab=2#x=1&state=c"), "https://app/cb?tab=2#x=1");
        assert_eq!(strip("https://app/cb?code=a&state=b&iss=i&session_state=z"), "https://app/cb");
        assert_eq!(strip("https://app/cb#error=e&error_description=d&state=s"), "https://app/cb");
    }
}
