//! The `/oidc/session/end` request (RP-initiated logout).

use super::url::Form;
use crate::prelude::*;

pub struct LogoutParams<'a> {
    pub client_id: &'a str,
    pub id_token_hint: Option<&'a str>,
    pub post_logout_redirect_uri: Option<&'a str>,
    pub state: Option<&'a str>,
}

pub fn end_session_url(endpoint: &str, p: &LogoutParams) -> String {
    let mut form = Form::new();
    form.push("client_id", p.client_id)
        .push_opt("id_token_hint", p.id_token_hint)
        .push_opt("post_logout_redirect_uri", p.post_logout_redirect_uri)
        .push_opt("state", p.state);
    form.append_to(endpoint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carries_hint_redirect_and_state_when_known() {
        let p = LogoutParams {
            client_id: "app1",
            id_token_hint: Some("t.t.t"),
            post_logout_redirect_uri: Some("https://app/"),
            state: Some("s"),
        };
        assert_eq!(
            end_session_url("https://x/oidc/session/end", &p),
            "https://x/oidc/session/end?client_id=app1&id_token_hint=t.t.t&post_logout_redirect_uri=https%3A%2F%2Fapp%2F&state=s"
        );
        let p = LogoutParams { client_id: "app1", id_token_hint: None, post_logout_redirect_uri: None, state: None };
        assert_eq!(end_session_url("https://x/e", &p), "https://x/e?client_id=app1");
    }
}
