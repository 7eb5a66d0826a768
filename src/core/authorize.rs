//! The `/oidc/auth` request: every parameter Authing's spec lists, plus PKCE and the app's extras.

use super::config::{with_openid, Config};
use super::error::{Error, ErrorCode, Message, Result};
use super::json::Fields;
use super::transaction::Transaction;
use super::url::Form;
use crate::prelude::*;

/// What the app may choose per sign-in (`loginWithRedirect(opts)` and friends).
#[derive(Default, Debug)]
pub struct LoginOptions {
    /// JSON text of the app's `appState` (the wrapper serializes it).
    pub app_state: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub prompt: Option<String>,
    pub forced: bool,
    pub tenant_id: Option<String>,
    pub ext_idp_conn_id: Option<String>,
    /// JSON text or a plain string, passed through as Authing's `login_page_context`.
    pub login_page_context: Option<String>,
    pub device_id: Option<String>,
    /// OIDC `max_age` in seconds: the user must have signed in at most this long ago.
    pub max_age: Option<f64>,
    pub extra_params: Vec<(String, String)>,
}

/// How the provider hands the answer back.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Mode {
    /// A full-page redirect to `redirect_uri`.
    Redirect,
    /// A popup the user interacts with, answering by `postMessage`.
    Popup,
    /// A hidden iframe with `prompt=none`, answering by `postMessage`.
    Silent,
}

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

/// Parameters the SDK sets: through `extraParams` they would break the flow (a `response_mode` the
/// popup cannot hear) or its security, so the app is told which option to use, if there is one.
const RESERVED: [(&str, Option<&str>); 14] = [
    ("client_id", None),
    ("response_type", None),
    ("redirect_uri", Some("redirectUri")),
    ("state", None),
    ("nonce", None),
    ("code_challenge", None),
    ("code_challenge_method", None),
    ("response_mode", None),
    ("prompt", Some("prompt")),
    ("scope", Some("scope")),
    ("max_age", Some("maxAge")),
    ("tenant_id", Some("tenantId")),
    ("login_page_context", Some("loginPageContext")),
    ("ext_idp_conn_id", Some("extIdpConnId")),
];

pub fn check_extra(extra: &[(String, String)]) -> Result<()> {
    let Some((name, option)) = extra.iter().find_map(|(k, _)| RESERVED.iter().find(|(r, _)| r == k)) else {
        return Ok(());
    };
    Err(match option {
        Some(option) => Error::new(ErrorCode::ConfigError, Message::ExtraParamHasOption).and(name).and(option),
        None => Error::new(ErrorCode::ConfigError, Message::ExtraParamSetBySdk).and(name),
    })
}

impl LoginOptions {
    pub fn read(f: &impl Fields) -> Self {
        LoginOptions {
            app_state: f.string("appState"),
            redirect_uri: f.string("redirectUri"),
            scope: f.string("scope"),
            prompt: f.string("prompt"),
            forced: f.boolean("forced").unwrap_or(false),
            tenant_id: f.string("tenantId"),
            ext_idp_conn_id: f.string("extIdpConnId"),
            login_page_context: f.string("loginPageContext"),
            device_id: f.string("deviceId"),
            max_age: f.number("maxAge").filter(|s| *s >= 0.0),
            extra_params: f.entries("extraParams"),
        }
    }

    pub fn check(&self) -> Result<()> {
        check_extra(&self.extra_params)
    }

    /// The transaction of a sign-in with these options; it takes their `redirectUri`, `appState`
    /// and `maxAge`. `random` must come from a cryptographic source.
    pub fn begin(&mut self, config: &Config, random: &[u8; 64], now_ms: f64) -> Transaction {
        let redirect_uri = self.redirect_uri.take().unwrap_or_else(|| config.redirect_uri.clone());
        let mut tx = Transaction::new(random, &redirect_uri, &self.scope(config), self.app_state.take(), now_ms);
        tx.max_age = self.max_age;
        tx
    }

    pub fn scope(&self, config: &Config) -> String {
        self.scope.as_deref().map_or_else(|| config.scope.clone(), with_openid)
    }

    /// `prompt`: `none` for silent flows; otherwise the app's choice, `login` when `forced`, and
    /// `consent` whenever `offline_access` is asked for (OIDC issues refresh tokens only then).
    fn prompt(&self, scope: &str, mode: Mode) -> Option<String> {
        if mode == Mode::Silent {
            return Some("none".into());
        }
        let mut prompts = self.prompt.clone().unwrap_or_default();
        let mut add = |p: &str| {
            if !super::ascii::has_word(&prompts, p) {
                if !prompts.is_empty() {
                    prompts.push(' ');
                }
                prompts.push_str(p);
            }
        };
        if self.forced {
            add("login");
        }
        if super::ascii::has_word(scope, "offline_access") {
            add("consent");
        }
        (!prompts.is_empty()).then_some(prompts)
    }

    /// The authorize request for `tx`, which this sign-in has just created; `challenge` is the PKCE
    /// challenge of its verifier.
    pub fn params(mut self, config: &Config, tx: &Transaction, mode: Mode, challenge: String) -> AuthorizeParams {
        if let Some(max_age) = tx.max_age {
            let mut seconds = String::new();
            crate::core::json::push_integer(max_age as u64, &mut seconds);
            self.extra_params.push(("max_age".into(), seconds));
        }
        AuthorizeParams {
            client_id: config.app_id.clone(),
            redirect_uri: tx.redirect_uri.clone(),
            prompt: self.prompt(&tx.scope, mode),
            scope: tx.scope.clone(),
            state: tx.state.clone(),
            nonce: tx.nonce.clone(),
            code_challenge: challenge,
            response_mode: (mode != Mode::Redirect).then(|| "web_message".into()),
            tenant_id: self.tenant_id.or_else(|| config.tenant_id.clone()),
            login_page_context: self.login_page_context,
            ext_idp_conn_id: self.ext_idp_conn_id,
            device_id: self.device_id,
            extra: self.extra_params,
        }
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

    fn config() -> Config {
        let o = crate::core::config::Options {
            domain: "https://x.test",
            app_id: "app1",
            redirect_uri: "https://app.test/cb",
            tenant_id: Some("t0"),
            ..Default::default()
        };
        Config::new(o).unwrap()
    }

    fn tx(scope: &str) -> Transaction {
        Transaction::new(&[7; 64], "https://app.test/cb", scope, None, 0.0)
    }

    #[test]
    fn options_become_params_per_mode() {
        let c = config();
        let t = tx("openid offline_access");
        let p = LoginOptions::default().params(&c, &t, Mode::Redirect, "ch".into());
        assert_eq!((p.prompt.as_deref(), p.response_mode), (Some("consent"), None));
        assert_eq!(
            (p.client_id.as_str(), p.tenant_id.as_deref(), p.state.as_str()),
            ("app1", Some("t0"), t.state.as_str())
        );
        assert_eq!(p.code_challenge, "ch");
        let p = LoginOptions::default().params(&c, &t, Mode::Silent, "ch".into());
        assert_eq!((p.prompt.as_deref(), p.response_mode.as_deref()), (Some("none"), Some("web_message")));
        let o = LoginOptions {
            forced: true,
            prompt: Some("select_account".into()),
            tenant_id: Some("t1".into()),
            ..Default::default()
        };
        let p = o.params(&c, &tx("openid"), Mode::Popup, "ch".into());
        assert_eq!((p.prompt.as_deref(), p.tenant_id.as_deref()), (Some("select_account login"), Some("t1")));
        assert_eq!(LoginOptions::default().params(&c, &tx("openid"), Mode::Redirect, "ch".into()).prompt, None);
    }

    #[test]
    fn reads_login_options() {
        let o = LoginOptions::read(&crate::core::json::testing::json(
            r#"{"appState":"{}","forced":true,"prompt":"select_account","extIdpConnId":"e","extraParams":{"ui_locales":"en","n":1}}"#,
        ));
        assert_eq!((o.app_state.as_deref(), o.forced, o.prompt.as_deref()), (Some("{}"), true, Some("select_account")));
        assert_eq!(o.ext_idp_conn_id.as_deref(), Some("e"));
        assert_eq!(o.extra_params, vec![("ui_locales".to_string(), "en".to_string())]);
    }

    #[test]
    fn begin_takes_redirect_uri_app_state_and_max_age_and_asks_max_age() {
        let c = config();
        let mut o = LoginOptions { app_state: Some("7".into()), max_age: Some(600.0), ..Default::default() };
        let t = o.begin(&c, &[1; 64], 5.0);
        assert_eq!(
            (t.redirect_uri.as_str(), t.app_state.as_deref(), t.max_age),
            ("https://app.test/cb", Some("7"), Some(600.0))
        );
        let p = o.params(&c, &t, Mode::Redirect, "ch".into());
        assert!(p.extra.contains(&("max_age".to_string(), "600".to_string())));
        let mut o = LoginOptions { redirect_uri: Some("https://app.test/other".into()), ..Default::default() };
        assert_eq!(o.begin(&c, &[1; 64], 5.0).redirect_uri, "https://app.test/other");
    }

    #[test]
    fn scope_defaults_to_the_clients_and_keeps_openid() {
        let c = config();
        assert_eq!(LoginOptions::default().scope(&c), "openid profile");
        assert_eq!(LoginOptions { scope: Some("email".into()), ..Default::default() }.scope(&c), "openid email");
    }

    #[test]
    fn extras_may_not_override_protocol_parameters() {
        assert!(check_extra(&[("ui_locales".into(), "en".into())]).is_ok());
        let e = check_extra(&[("state".into(), "mine".into())]).unwrap_err();
        assert_eq!(
            (e.code, e.text()),
            (ErrorCode::ConfigError, "`extraParams` cannot set `state`: the SDK sets it.".into())
        );
        for (name, option) in
            [("response_mode", None), ("prompt", Some("prompt")), ("scope", Some("scope")), ("max_age", Some("maxAge"))]
        {
            let e = check_extra(&[("ui_locales".into(), "en".into()), (name.into(), "x".into())]).unwrap_err();
            assert!(e.text().contains(name), "{name}");
            assert_eq!(option.is_some_and(|o| e.text().contains(&format!("`{o}` option"))), option.is_some(), "{name}");
        }
    }
}
