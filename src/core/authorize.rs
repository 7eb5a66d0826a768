//! The `/oidc/auth` request: every parameter Authing's spec lists, plus PKCE and the app's extras.

use super::error::{Error, ErrorCode, Result};
use super::url::Form;

/// Per-call choices; the flow fills in the protocol values (state, nonce, challenge) itself.
#[derive(Default, Debug)]
pub struct AuthorizeParams {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub state: String,
    pub nonce: String,
    pub code_challenge: String,
    pub prompt: Option<String>,
    pub response_mode: Option<String>,
    pub tenant_id: Option<String>,
    pub login_page_context: Option<String>,
    pub ext_idp_conn_id: Option<String>,
    pub device_id: Option<String>,
    pub extra: Vec<(String, String)>,
}

/// Parameters the SDK owns: an app that sets them through `extraParams` would break the security of
/// the flow, so it is told instead.
const RESERVED: [&str; 7] =
    ["client_id", "response_type", "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method"];

pub fn check_extra(extra: &[(String, String)]) -> Result<()> {
    match extra.iter().find(|(k, _)| RESERVED.contains(&k.as_str())) {
        Some(_) => Err(Error::new(
            ErrorCode::ConfigError,
            "`extraParams` cannot set client_id, response_type, redirect_uri, state, nonce or code_challenge: the SDK sets them.",
        )),
        None => Ok(()),
    }
}

pub fn authorize_url(endpoint: &str, p: &AuthorizeParams) -> String {
    let mut form = Form::new();
    form.push("client_id", &p.client_id)
        .push("response_type", "code")
        .push("redirect_uri", &p.redirect_uri)
        .push("scope", &p.scope)
        .push("state", &p.state)
        .push("nonce", &p.nonce)
        .push("code_challenge", &p.code_challenge)
        .push("code_challenge_method", "S256")
        .push_opt("prompt", p.prompt.as_deref())
        .push_opt("response_mode", p.response_mode.as_deref())
        .push_opt("tenant_id", p.tenant_id.as_deref())
        .push_opt("login_page_context", p.login_page_context.as_deref())
        .push_opt("ext_idp_conn_id", p.ext_idp_conn_id.as_deref())
        .push_opt("deviceId", p.device_id.as_deref());
    for (k, v) in &p.extra {
        form.push(k, v);
    }
    form.append_to(endpoint)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::url::{parse_pairs, split};

    #[test]
    fn carries_every_spec_parameter_and_pkce() {
        let p = AuthorizeParams {
            client_id: "app1".into(),
            redirect_uri: "https://app.test/cb".into(),
            scope: "openid profile".into(),
            state: "s1".into(),
            nonce: "n1".into(),
            code_challenge: "c1".into(),
            prompt: Some("login".into()),
            response_mode: Some("web_message".into()),
            tenant_id: Some("t1".into()),
            login_page_context: Some("{\"a\":1}".into()),
            ext_idp_conn_id: Some("e1".into()),
            device_id: Some("d1".into()),
            extra: vec![("ui_locales".into(), "zh-CN".into())],
        };
        let url = authorize_url("https://x.test/oidc/auth", &p);
        let (base, query, _) = split(&url);
        assert_eq!(base, "https://x.test/oidc/auth");
        let pairs = parse_pairs(query);
        let expected = [
            ("client_id", "app1"),
            ("response_type", "code"),
            ("redirect_uri", "https://app.test/cb"),
            ("scope", "openid profile"),
            ("state", "s1"),
            ("nonce", "n1"),
            ("code_challenge", "c1"),
            ("code_challenge_method", "S256"),
            ("prompt", "login"),
            ("response_mode", "web_message"),
            ("tenant_id", "t1"),
            ("login_page_context", "{\"a\":1}"),
            ("ext_idp_conn_id", "e1"),
            ("deviceId", "d1"),
            ("ui_locales", "zh-CN"),
        ];
        assert_eq!(pairs, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    }

    #[test]
    fn optional_parameters_are_left_out() {
        let url = authorize_url("https://x/auth", &AuthorizeParams { client_id: "a".into(), ..Default::default() });
        assert!(!url.contains("prompt") && !url.contains("response_mode") && !url.contains("deviceId"));
    }

    #[test]
    fn extras_may_not_override_protocol_parameters() {
        assert!(check_extra(&[("ui_locales".into(), "en".into())]).is_ok());
        let e = check_extra(&[("state".into(), "mine".into())]).unwrap_err();
        assert_eq!(e.code, ErrorCode::ConfigError);
    }
}
