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

/// Why a `message` event is not the answer of the flow that waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ignored {
    Origin,
    /// Not from the flow's popup or iframe.
    Window,
    /// Not an `authorization_response` with a code or an error.
    Shape,
    /// Another flow's `state`.
    State,
}

/// The callback carried by one `message` event, or why the event is ignored: another origin, another
/// window than this flow's popup or iframe (`from_flow_window`), another `type`, data that is not an
/// object, or another flow's `state`.
pub fn accept<F: Fields>(
    origin: &str,
    from_flow_window: bool,
    data: Option<F>,
    expected: &Expected,
) -> Result<Callback, Ignored> {
    if origin != expected.origin {
        return Err(Ignored::Origin);
    }
    if !from_flow_window {
        return Err(Ignored::Window);
    }
    let response = data.filter(|d| d.string("type").as_deref() == Some("authorization_response"));
    // No `response` object reads as no pairs: not a callback.
    let callback = response.and_then(|d| Callback::from_pairs(&d.entries("response"))).ok_or(Ignored::Shape)?;
    if callback.state != expected.state {
        return Err(Ignored::State);
    }
    Ok(callback)
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
        let ignored = |origin, window, d| accept(origin, window, d, &EXPECTED).err();
        assert_eq!(ignored("https://evil.test", true, data(good)), Some(Ignored::Origin));
        assert_eq!(ignored("https://x.authing.cn", false, data(good)), Some(Ignored::Window));
        assert_eq!(ignored("https://x.authing.cn", true, None::<Json>), Some(Ignored::Shape), "not an object");
        let state = r#"{"type":"authorization_response","response":{"code":"c","state":"s2"}}"#;
        assert_eq!(ignored("https://x.authing.cn", true, data(state)), Some(Ignored::State));
        for forged in [
            r#"{"type":"other","response":{"code":"c","state":"s1"}}"#,
            r#"{"response":{"code":"c","state":"s1"}}"#,
            r#"{"type":"authorization_response","response":"code=c&state=s1"}"#,
            r#"{"type":"authorization_response","response":{"state":"s1"}}"#,
        ] {
            assert_eq!(ignored("https://x.authing.cn", true, data(forged)), Some(Ignored::Shape), "{forged}");
        }
    }
}
