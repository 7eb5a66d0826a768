//! The SDK's one error type: a stable `code` (see API.md) plus an English message that says what to do.

use crate::prelude::*;
/// Every way a call can fail. `as_str` is the public `AuthingError.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    LoginRequired,
    ConsentRequired,
    InteractionRequired,
    AccountSelectionRequired,
    PopupBlocked,
    PopupClosed,
    Timeout,
    Aborted,
    StateMismatch,
    InvalidCallback,
    IdTokenInvalid,
    OauthError,
    ApiError,
    NetworkError,
    QrExpired,
    QrCancelled,
    ConfigError,
    StorageError,
}

impl ErrorCode {
    /// The provider needs the user: a silent check means "not signed in", not a failure.
    pub fn needs_user(self) -> bool {
        use ErrorCode::*;
        matches!(self, LoginRequired | ConsentRequired | InteractionRequired | AccountSelectionRequired)
    }

    pub fn as_str(self) -> &'static str {
        use ErrorCode::*;
        match self {
            LoginRequired => "login_required",
            ConsentRequired => "consent_required",
            InteractionRequired => "interaction_required",
            AccountSelectionRequired => "account_selection_required",
            PopupBlocked => "popup_blocked",
            PopupClosed => "popup_closed",
            Timeout => "timeout",
            Aborted => "aborted",
            StateMismatch => "state_mismatch",
            InvalidCallback => "invalid_callback",
            IdTokenInvalid => "id_token_invalid",
            OauthError => "oauth_error",
            ApiError => "api_error",
            NetworkError => "network_error",
            QrExpired => "qr_expired",
            QrCancelled => "qr_cancelled",
            ConfigError => "config_error",
            StorageError => "storage_error",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// The OAuth `error` and `error_description` as the server sent them.
    pub oauth: Option<(String, Option<String>)>,
    /// An `/api/v3` envelope's details (`api_error`); never in the login wasm (the extras make them).
    #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
    pub api: Option<Box<ApiDetails>>,
}

#[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
#[derive(Clone, Debug, PartialEq)]
pub struct ApiDetails {
    pub status_code: f64,
    pub api_code: Option<f64>,
    pub request_id: Option<String>,
    /// The error envelope's `data` as JSON, when it has one (Authing's MFA answer carries the
    /// `mfaToken` an app needs to go on).
    pub data: Option<String>,
}

pub type Result<T> = core::result::Result<T, Error>;

impl Error {
    pub fn new(code: ErrorCode, message: &str) -> Self {
        Error {
            code,
            message: message.into(),
            oauth: None,
            #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
            api: None,
        }
    }

    /// The provider no longer honours the grant (a spent or revoked refresh token), or wants the user.
    pub fn is_grant_gone(&self) -> bool {
        self.code.needs_user() || self.oauth.as_ref().is_some_and(|(e, _)| e == "invalid_grant")
    }

    /// An `error` from the authorization or token endpoint. The four "needs the user" errors keep their
    /// own code so that apps can branch on them; everything else is `oauth_error`.
    pub fn oauth(error: &str, description: Option<&str>) -> Self {
        use ErrorCode::*;
        let (code, hint) = match error {
            "login_required" => (LoginRequired, "The user must sign in: call loginWithRedirect or loginWithPopup."),
            "consent_required" => (ConsentRequired, "The user must consent: sign in interactively."),
            "interaction_required" => (InteractionRequired, "The provider needs the user: sign in interactively."),
            "account_selection_required" => {
                (AccountSelectionRequired, "The user must pick an account: sign in interactively.")
            }
            _ => (OauthError, "The provider refused the request."),
        };
        let mut message = String::from(hint);
        message.push_str(" (");
        message.push_str(error);
        if let Some(d) = description {
            message.push_str(": ");
            message.push_str(d);
        }
        message.push(')');
        Error {
            code,
            message,
            oauth: Some((error.into(), description.map(Into::into))),
            #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
            api: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_user_errors_keep_their_code() {
        assert_eq!(Error::oauth("login_required", None).code, ErrorCode::LoginRequired);
        assert_eq!(Error::oauth("account_selection_required", None).code.as_str(), "account_selection_required");
    }

    #[test]
    fn other_oauth_errors_keep_error_and_description() {
        let e = Error::oauth("invalid_grant", Some("grant request is invalid"));
        assert_eq!(e.code.as_str(), "oauth_error");
        assert_eq!(e.oauth, Some(("invalid_grant".into(), Some("grant request is invalid".into()))));
        assert!(e.message.contains("invalid_grant: grant request is invalid"));
    }
}
