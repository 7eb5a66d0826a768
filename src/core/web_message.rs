//! `response_mode=web_message`: the provider's page posts the authorization response to the popup's
//! opener or the iframe's parent. Only the genuine message counts; everything else is ignored.

use super::callback::Callback;
use super::json::Fields;

/// What the flow that waits for the message knows.
pub struct Expected<'a> {
    /// The provider's origin: `event.origin` must equal it.
    pub origin: &'a str,
    /// This flow's `state`.
    pub state: &'a str,
}

/// The callback carried by one `message` event, or `None` to ignore the event: another origin, another
/// window than this flow's popup or iframe (`from_flow_window`), another `type`, data that is not an
/// object, or another flow's `state`.
pub fn accept<F: Fields>(
    origin: &str,
    from_flow_window: bool,
    data: Option<F>,
    expected: &Expected,
) -> Option<Callback> {
    if origin != expected.origin || !from_flow_window {
        return None;
    }
    let data = data?;
    if data.string("type").as_deref() != Some("authorization_response") {
        return None;
    }
    Callback::from_fields(&data.child("response")?).filter(|cb| cb.state == expected.state)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::callback::Outcome;
    use crate::core::json::testing::{json, Json};

    const EXPECTED: Expected = Expected { origin: "https://x.authing.cn", state: "s1" };

    fn data(text: &str) -> Option<Json> {
        Some(json(text))
    }

    #[test]
    fn accepts_the_genuine_code_and_error() {
        let cb = accept(
            "https://x.authing.cn",
            true,
            data(r#"{"type":"authorization_response","response":{"code":"c","state":"s1","iss":"i"}}"#),
            &EXPECTED,
        )
        .unwrap();
        assert_eq!((cb.outcome, cb.iss.as_deref()), (Outcome::Code("c".into()), Some("i")));
        let cb = accept(
            "https://x.authing.cn",
            true,
            data(r#"{"type":"authorization_response","response":{"error":"login_required","state":"s1"}}"#),
            &EXPECTED,
        )
        .unwrap();
        assert_eq!(cb.outcome, Outcome::Error { error: "login_required".into(), description: None });
    }

    #[test]
    fn ignores_every_forgery() {
        let good = r#"{"type":"authorization_response","response":{"code":"c","state":"s1"}}"#;
        assert!(accept("https://evil.test", true, data(good), &EXPECTED).is_none(), "another origin");
        assert!(accept("https://x.authing.cn", false, data(good), &EXPECTED).is_none(), "another window");
        assert!(accept("https://x.authing.cn", true, None::<Json>, &EXPECTED).is_none(), "not an object");
        for forged in [
            r#"{"type":"authorization_response","response":{"code":"c","state":"s2"}}"#,
            r#"{"type":"other","response":{"code":"c","state":"s1"}}"#,
            r#"{"response":{"code":"c","state":"s1"}}"#,
            r#"{"type":"authorization_response","response":"code=c&state=s1"}"#,
            r#"{"type":"authorization_response","response":{"state":"s1"}}"#,
        ] {
            assert!(accept("https://x.authing.cn", true, data(forged), &EXPECTED).is_none(), "{forged}");
        }
    }
}
