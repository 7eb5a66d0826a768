//! The SDK's one error type: a stable `code` (see API.md) plus an English message that says what to do.
//! The messages are words in `messages.txt`, one per line in `Message`'s order: the wrapper loads them
//! when an error first happens (`js/messages.ts`), so that they are not in the wasm every page downloads.

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

/// An error's message: the line of `messages.txt` in this order. `{}` in it stands for the next of
/// the error's `details`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    DomainNotHttps,
    DomainNotAsBrowser,
    DomainUseOrigin,
    AppIdRequired,
    RedirectUriNotAbsolute,
    LeewayOutOfRange,
    ClockSkewOutOfRange,
    NotPositive,
    CacheLocation,
    ExtraParamSetBySdk,
    ExtraParamHasOption,
    NoRandom,
    NoWebCrypto,
    NotLoginCall,
    NotExtrasCall,
    Timeout,
    Unreachable,
    Unexpected,
    LoginRequired,
    ConsentRequired,
    InteractionRequired,
    AccountSelectionRequired,
    Refused,
    NoAccessToken,
    NotACallback,
    NoMatchingSignIn,
    NoTransactions,
    CallbackIssuer,
    NoRefreshToken,
    SignedOut,
    NoSession,
    KeptInMemory,
    NoIdToken,
    UnknownKid,
    NotJwt,
    NotBase64url,
    TokenIssuer,
    NoSubject,
    Audience,
    AuthorizedParty,
    Expired,
    IssuedInFuture,
    NotYetValid,
    Nonce,
    MaxAge,
    HeaderNotJson,
    ClaimsNotJson,
    OtherUser,
    UnsignedRefused,
    BadSignature,
    Algorithm,
    AbortedBeforeStart,
    PopupSevered,
    PopupClosed,
    PopupTimeout,
    Aborted,
    Superseded,
    SilentNoAnswerLoaded,
    SilentNoAnswer,
    LoginAbortedBeforeStart,
    LoginCancelled,
    CodeExpired,
    CancelledOnPhone,
    CodeError,
    PollingFailed,
    NoCode,
    NoCodeId,
    NoTokens,
    PollWithoutData,
    AuthorizedWithoutData,
    NoTokenSetOrTicket,
    ApiUnreachable,
    PathParameter,
    ApiRefusedHttp,
    ApiRefusedHttpDetail,
    ApiRefused,
    ApiNoStatusCode,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: Message,
    /// What the message's `{}` stand for, in order.
    pub details: Vec<String>,
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
    pub fn new(code: ErrorCode, message: Message) -> Self {
        Error {
            code,
            message,
            details: Vec::new(),
            oauth: None,
            #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
            api: None,
        }
    }

    /// The error with `detail` for the message's next `{}`.
    pub fn and(mut self, detail: &str) -> Self {
        self.details.push(detail.into());
        self
    }

    /// The error with the digits of `n` for the message's next `{}` (an HTTP status).
    pub fn and_integer(mut self, n: u64) -> Self {
        let mut digits = String::new();
        super::json::push_integer(n, &mut digits);
        self.details.push(digits);
        self
    }

    /// The message in English, its details in place (natively: in the wasm the wrapper words it).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn text(&self) -> String {
        let line = MESSAGES.lines().nth(self.message as usize).unwrap_or_default();
        let mut words = line.split_once(": ").map_or(line, |(_, words)| words).split("{}");
        let mut text = String::from(words.next().unwrap_or_default());
        for (detail, rest) in self.details.iter().zip(words) {
            text.push_str(detail);
            text.push_str(rest);
        }
        text
    }

    /// The provider no longer honours the grant (a spent or revoked refresh token), or wants the user.
    pub fn is_grant_gone(&self) -> bool {
        self.code.needs_user() || self.oauth.as_ref().is_some_and(|(e, _)| e == "invalid_grant")
    }

    /// An `error` from the authorization or token endpoint. The four "needs the user" errors keep their
    /// own code so that apps can branch on them; everything else is `oauth_error`.
    pub fn oauth(error: &str, description: Option<&str>) -> Self {
        use ErrorCode::*;
        let (code, message) = match error {
            "login_required" => (LoginRequired, Message::LoginRequired),
            "consent_required" => (ConsentRequired, Message::ConsentRequired),
            "interaction_required" => (InteractionRequired, Message::InteractionRequired),
            "account_selection_required" => (AccountSelectionRequired, Message::AccountSelectionRequired),
            _ => (OauthError, Message::Refused),
        };
        let mut detail = String::from(error);
        if let Some(d) = description {
            detail.push_str(": ");
            detail.push_str(d);
        }
        Error {
            code,
            message,
            details: vec![detail],
            oauth: Some((error.into(), description.map(Into::into))),
            #[cfg(not(all(target_arch = "wasm32", not(feature = "extras"))))]
            api: None,
        }
    }
}

/// The English words of every `Message`.
#[cfg(not(target_arch = "wasm32"))]
const MESSAGES: &str = include_str!("messages.txt");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_its_line() {
        let names: Vec<&str> = MESSAGES.lines().map(|l| l.split_once(": ").unwrap().0).collect();
        let last = Message::ApiNoStatusCode;
        assert_eq!(names.len(), last as usize + 1, "one line per message, none left over");
        assert_eq!(format!("{last:?}"), names[last as usize]);
        let e = Error::new(ErrorCode::ConfigError, Message::ExtraParamHasOption).and("scope").and("scope");
        assert_eq!(e.text(), "`extraParams` cannot set `scope`: use the `scope` option.");
        assert_eq!(format!("{:?}", Message::NotPositive), names[Message::NotPositive as usize]);
    }

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
        assert!(e.text().contains("(invalid_grant: grant request is invalid)"));
    }
}
