//! Client options as the app passes them, checked once at `AuthingClient.create`.

use super::error::{Error, ErrorCode, Message, Result};
use super::json::Fields;
use super::url;
use crate::prelude::*;

/// The app's options, borrowed from their JSON. Missing fields read as empty, so that `Config::new`
/// can say which one is missing; it copies what it keeps.
#[derive(Default)]
pub struct Options<'a> {
    pub domain: &'a str,
    /// `domain`'s origin by the WHATWG URL standard, as the executor's `URL` computes it; `None`
    /// where there is no such parser (native executors), which then rely on the engine's own reading.
    pub domain_origin: Option<&'a str>,
    pub app_id: &'a str,
    pub redirect_uri: &'a str,
    pub scope: Option<&'a str>,
    pub logout_redirect_uri: Option<&'a str>,
    pub tenant_id: Option<&'a str>,
    pub user_pool_id: Option<&'a str>,
    pub leeway_seconds: Option<f64>,
    /// `memory` (default), `sessionStorage` or `localStorage`; a custom store is passed separately.
    pub cache_location: Option<&'a str>,
    pub silent_timeout_ms: Option<f64>,
    pub popup_width: Option<f64>,
    pub popup_height: Option<f64>,
    pub popup_timeout_ms: Option<f64>,
    pub clock_skew_seconds: Option<f64>,
    pub require_signed_id_tokens: bool,
    pub debug: bool,
}

/// Validated options and the provider endpoints derived from them (Authing's fixed OIDC paths, so no
/// discovery round trip is needed to sign in).
#[derive(Debug)]
pub struct Config {
    pub issuer: String,
    pub app_id: String,
    pub redirect_uri: String,
    pub scope: String,
    pub logout_redirect_uri: Option<String>,
    pub tenant_id: Option<String>,
    pub user_pool_id: Option<String>,
    pub leeway_ms: f64,
    pub cache_location: Option<String>,
    pub silent_timeout_ms: f64,
    pub popup: Popup,
    /// Tolerated device clock error when judging ID-token times (not access-token expiry).
    pub clock_skew_ms: f64,
    /// ID tokens must carry a signature the browser can check (RS256, PS256, ES256...): HS256 ones,
    /// Authing's default, are refused instead of being accepted on their claims.
    pub require_signed_id_tokens: bool,
    /// Log each decision (`Effect::Log`).
    pub debug: bool,
}

#[derive(Debug, PartialEq)]
pub struct Popup {
    pub width: f64,
    pub height: f64,
    /// Counted from the moment the popup opens.
    pub timeout_ms: f64,
}

impl<'a> Options<'a> {
    pub fn read<F: Fields>(f: &'a F) -> Self {
        Options {
            domain: f.text("domain").unwrap_or_default(),
            domain_origin: f.text("domainOrigin"),
            app_id: f.text("appId").unwrap_or_default(),
            redirect_uri: f.text("redirectUri").unwrap_or_default(),
            scope: f.text("scope"),
            logout_redirect_uri: f.text("logoutRedirectUri"),
            tenant_id: f.text("tenantId"),
            user_pool_id: f.text("userPoolId"),
            leeway_seconds: f.number("leewaySeconds"),
            cache_location: f.text("cacheLocation"),
            silent_timeout_ms: f.number("silentTimeoutMs"),
            popup_width: f.child("popup").and_then(|p| p.number("width")),
            popup_height: f.child("popup").and_then(|p| p.number("height")),
            popup_timeout_ms: f.child("popup").and_then(|p| p.number("timeoutMs")),
            clock_skew_seconds: f.number("clockSkewSeconds"),
            require_signed_id_tokens: f.boolean("requireSignedIdTokens").unwrap_or(false),
            debug: f.boolean("debug").unwrap_or(false),
        }
    }
}

const DEFAULT_SCOPE: &str = "openid profile";
const DEFAULT_LEEWAY_SECONDS: f64 = 60.0;
const DEFAULT_CLOCK_SKEW_SECONDS: f64 = 300.0;

impl Config {
    pub fn new(o: Options) -> Result<Self> {
        let domain = super::ascii::trim_end(o.domain, b'/');
        let origin = url::origin(domain).filter(|origin| origin.len() == domain.len());
        let Some(origin) = origin.filter(|origin| origin.starts_with("https:") || is_loopback(origin)) else {
            return Err(config(Message::DomainNotHttps));
        };
        // Messages arrive from the origin as the browser writes it, and a trailing dot names a host the
        // provider does not answer as: the option must be that origin exactly, or no flow could finish.
        if o.domain_origin.is_some_and(|browser| browser != domain) || domain.ends_with('.') {
            return Err(match o.domain_origin.filter(|b| b.starts_with("http") && !b.ends_with('.')) {
                Some(browser) => config(Message::DomainUseOrigin).and(browser),
                None => config(Message::DomainNotAsBrowser),
            });
        }
        if o.app_id.bytes().all(|b| b.is_ascii_whitespace()) {
            return Err(config(Message::AppIdRequired));
        }
        if url::origin(o.redirect_uri).is_none() {
            return Err(config(Message::RedirectUriNotAbsolute));
        }
        let leeway = o.leeway_seconds.unwrap_or(DEFAULT_LEEWAY_SECONDS);
        if !(0.0..=86_400.0).contains(&leeway) {
            return Err(config(Message::LeewayOutOfRange));
        }
        let skew = o.clock_skew_seconds.unwrap_or(DEFAULT_CLOCK_SKEW_SECONDS);
        if !(0.0..=86_400.0).contains(&skew) {
            return Err(config(Message::ClockSkewOutOfRange));
        }
        let positive = |value: Option<f64>, default: f64, name: &str| match value {
            None => Ok(default),
            Some(v) if v > 0.0 && v.is_finite() => Ok(v),
            Some(_) => Err(config(Message::NotPositive).and(name)),
        };
        let silent_timeout_ms = positive(o.silent_timeout_ms, 10_000.0, "silentTimeoutMs")?;
        let popup = Popup {
            width: positive(o.popup_width, 500.0, "popup.width")?,
            height: positive(o.popup_height, 600.0, "popup.height")?,
            timeout_ms: positive(o.popup_timeout_ms, 300_000.0, "popup.timeoutMs")?,
        };
        let mut issuer = origin;
        issuer.push_str("/oidc");
        Ok(Config {
            issuer,
            app_id: o.app_id.into(),
            redirect_uri: o.redirect_uri.into(),
            scope: with_openid(o.scope.unwrap_or(DEFAULT_SCOPE)),
            logout_redirect_uri: o.logout_redirect_uri.map(Into::into),
            tenant_id: o.tenant_id.map(Into::into),
            user_pool_id: o.user_pool_id.map(Into::into),
            leeway_ms: leeway * 1000.0,
            cache_location: o.cache_location.map(Into::into),
            silent_timeout_ms,
            popup,
            clock_skew_ms: skew * 1000.0,
            require_signed_id_tokens: o.require_signed_id_tokens,
            debug: o.debug,
        })
    }

    /// The prefix of every storage key of this app, so that two apps or tenants never share entries.
    pub fn storage_prefix(&self) -> String {
        let mut key = String::from("authing-wasm:");
        key.push_str(&self.issuer);
        key.push(':');
        key.push_str(&self.app_id);
        key.push(':');
        key
    }

    /// Where web_message answers come from, and where `/api/v3` lives.
    pub fn provider_origin(&self) -> String {
        String::from(self.issuer.strip_suffix("/oidc").unwrap_or(&self.issuer))
    }

    /// An endpoint under the issuer, e.g. `endpoint("/token")`.
    pub fn endpoint(&self, path: &str) -> String {
        let mut url = self.issuer.clone();
        url.push_str(path);
        url
    }
}

fn config(message: Message) -> Error {
    Error::new(ErrorCode::ConfigError, message)
}

fn is_loopback(origin: &str) -> bool {
    let host = origin.strip_prefix("http://").unwrap_or(origin);
    let host = super::ascii::rsplit_once(host, b':').map_or(host, |(h, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    matches!(host, "localhost" | "127.0.0.1" | "[::1]") || host.ends_with(".localhost")
}

/// OIDC needs `openid`; an app that forgot it gets it rather than a provider error. (It comes first,
/// and the scopes are written with one space between.)
pub fn with_openid(scope: &str) -> String {
    let mut out = String::from("openid");
    for s in super::ascii::split(scope, b' ').filter(|s| !s.is_empty() && *s != "openid") {
        out.push(' ');
        out.push_str(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(domain: &str) -> Options<'_> {
        Options { domain, app_id: "app1", redirect_uri: "https://app.test/cb", ..Default::default() }
    }

    #[test]
    fn domain_must_be_its_own_origin_as_the_browser_writes_it() {
        // (option, the browser's `new URL(option).origin`)
        let refused = [
            ("https://例子.cn", "https://xn--fsqu00a.cn"),
            ("https://x.authing.cn:443", "https://x.authing.cn"),
            ("https://x.auth\ting.cn", "https://x.authing.cn"),
            ("https://X.Authing.cn", "https://x.authing.cn"),
            ("https://x.authing.cn.", "https://x.authing.cn."),
            ("https://exa mple.cn", ""),
        ];
        for (domain, browser) in refused {
            let o = Options { domain_origin: Some(browser), ..options(domain) };
            let e = Config::new(o).unwrap_err();
            assert_eq!(e.code, ErrorCode::ConfigError, "{domain:?}");
            assert!(e.text().contains("exactly as the browser writes"), "{domain:?}: {}", e.text());
            let suggested = !browser.is_empty() && !browser.ends_with('.');
            assert_eq!(e.text().contains(&format!("use {browser} ")), suggested, "{domain:?}: {}", e.text());
        }
        for (domain, browser) in
            [("https://x.authing.cn", "https://x.authing.cn"), ("https://x.authing.cn/", "https://x.authing.cn")]
        {
            let o = Options { domain_origin: Some(browser), ..options(domain) };
            assert_eq!(Config::new(o).unwrap().provider_origin(), "https://x.authing.cn");
        }
        // Without a browser's reading (a native executor) a trailing dot is still refused.
        assert!(Config::new(options("https://x.authing.cn.")).is_err());
    }

    #[test]
    fn reads_options_as_the_app_writes_them() {
        let json = crate::core::json::testing::json(
            r#"{"domain":"https://x.test","appId":"a1","redirectUri":"https://app/cb","scope":"email","leewaySeconds":5,"cacheLocation":"localStorage","tenantId":7,"popup":{"width":400,"timeoutMs":9}}"#,
        );
        let o = Options::read(&json);
        assert_eq!((o.domain, o.app_id, o.redirect_uri), ("https://x.test", "a1", "https://app/cb"));
        assert_eq!((o.scope, o.leeway_seconds, o.cache_location), (Some("email"), Some(5.0), Some("localStorage")));
        assert_eq!(o.tenant_id, None, "a number where a string belongs reads as absent");
        assert_eq!((o.popup_width, o.popup_height, o.popup_timeout_ms), (Some(400.0), None, Some(9.0)));
    }

    #[test]
    fn derives_issuer_and_defaults() {
        let c = Config::new(options("https://Example.authing.cn/")).unwrap();
        assert_eq!(c.issuer, "https://example.authing.cn/oidc");
        assert_eq!(c.endpoint("/token"), "https://example.authing.cn/oidc/token");
        assert_eq!(c.scope, "openid profile");
        assert_eq!(c.leeway_ms, 60_000.0);
        assert_eq!(c.provider_origin(), "https://example.authing.cn");
        assert_eq!(
            (c.silent_timeout_ms, &c.popup),
            (10_000.0, &Popup { width: 500.0, height: 600.0, timeout_ms: 300_000.0 })
        );
        assert!(Config::new(options("http://localhost:4000")).is_ok());
        assert!(Config::new(options("http://127.0.0.1:4000")).is_ok());
    }

    #[test]
    fn rejects_bad_options_with_config_error() {
        for domain in ["http://example.authing.cn", "example.authing.cn", "https://x.test/path", "", "javascript:x"] {
            let e = Config::new(options(domain)).unwrap_err();
            assert_eq!(e.code, ErrorCode::ConfigError, "{domain}");
            assert!(e.text().contains("domain"));
        }
        let mut o = options("https://x.test");
        o.app_id = " ";
        assert!(Config::new(o).unwrap_err().text().contains("appId"));
        let mut o = options("https://x.test");
        o.redirect_uri = "/callback";
        assert!(Config::new(o).unwrap_err().text().contains("redirectUri"));
        let mut o = options("https://x.test");
        o.leeway_seconds = Some(-1.0);
        assert!(Config::new(o).unwrap_err().text().contains("leewaySeconds"));
        let mut o = options("https://x.test");
        o.popup_timeout_ms = Some(0.0);
        assert!(Config::new(o).unwrap_err().text().contains("popup.timeoutMs"));
        let mut o = options("https://x.test");
        o.silent_timeout_ms = Some(f64::NAN);
        assert!(Config::new(o).unwrap_err().text().contains("silentTimeoutMs"));
    }

    #[test]
    fn openid_is_always_requested() {
        assert_eq!(with_openid("profile email"), "openid profile email");
        assert_eq!(with_openid(" email  openid "), "openid email", "openid first, one space between");
        assert_eq!(with_openid(""), "openid");
    }
}
