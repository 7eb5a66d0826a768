//! The token endpoint: a grant in, a checked session out.

use super::client::Client;
use super::id_token::{verify, Expect};
use super::sync::{keep, Change};
use crate::core::callback::{Callback, Outcome};
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::id_token::{Claims, Jwt};
use crate::core::json::Fields;
use crate::core::token::{Session, TokenResponse};
use crate::core::transaction::Transaction;
use crate::core::url::Form;
use crate::web::{clock, http, json::JsFields};

/// Finishes a sign-in from its callback: the issuer must be ours, an error becomes a typed error,
/// a code becomes a checked session, which is stored and announced to every tab.
pub async fn complete(client: &Client, callback: Callback, tx: &Transaction) -> Result<Session> {
    if callback.iss.as_deref().is_some_and(|iss| iss != client.config.issuer) {
        return Err(Error::new(
            ErrorCode::InvalidCallback,
            "The callback names another issuer than this app's domain.",
        ));
    }
    let code = match callback.outcome {
        Outcome::Error { error, description } => return Err(Error::oauth(&error, description.as_deref())),
        Outcome::Code(code) => code,
    };
    let mut form = Form::new();
    form.push("grant_type", "authorization_code")
        .push("code", &code)
        .push("redirect_uri", &tx.redirect_uri)
        .push("client_id", &client.config.app_id)
        .push("code_verifier", &tx.verifier);
    let session = token_request(client, &form).await?;
    let Some(id_token) = session.id_token.as_deref() else {
        return Err(Error::new(ErrorCode::IdTokenInvalid, "The provider sent no ID token for an openid sign-in."));
    };
    verify(client, id_token, Expect { nonce: Some(&tx.nonce), max_age_s: tx.max_age, sub: None }).await?;
    keep(client, Change::Login, &session).await;
    Ok(session)
}

/// A token set from Authing's `/api/v3` (QR, push, sign-in APIs): checked like any ID token, stored
/// and announced like any sign-in. Its lifetime may be named `expires_in` or `expire_in`.
pub async fn store_token_set(client: &Client, token_set: &impl Fields) -> Result<Session> {
    let session = TokenResponse::read(token_set).into_session(clock::now_ms(), jwt_exp_ms)?;
    if let Some(id_token) = session.id_token.as_deref() {
        verify(client, id_token, Expect { nonce: None, max_age_s: None, sub: None }).await?;
    }
    keep(client, Change::Login, &session).await;
    Ok(session)
}

/// The refresh-token grant. Rotation: the answer's refresh token replaces the old one (which the
/// provider has now revoked); a new ID token must be valid and about the same user.
pub async fn refresh(client: &Client, session: &Session) -> Result<Session> {
    let Some(refresh_token) = session.refresh_token.as_deref() else {
        return Err(Error::new(
            ErrorCode::LoginRequired,
            "There is no refresh token: ask for offline_access in the scope.",
        ));
    };
    let mut form = Form::new();
    form.push("grant_type", "refresh_token")
        .push("refresh_token", refresh_token)
        .push("client_id", &client.config.app_id);
    let mut fresh = token_request(client, &form).await?;
    if fresh.refresh_token.is_none() {
        fresh.refresh_token = session.refresh_token.clone();
    }
    match fresh.id_token.as_deref() {
        Some(id_token) => {
            let sub = session.id_token.as_deref().and_then(claims).and_then(|c| c.sub);
            verify(client, id_token, Expect { nonce: None, max_age_s: None, sub: sub.as_deref() }).await?;
        }
        None => fresh.id_token = session.id_token.clone(),
    }
    Ok(fresh)
}

async fn token_request(client: &Client, form: &Form) -> Result<Session> {
    let answer = http::post_form(&client.config.endpoint("/token"), form.as_str()).await?;
    let status = answer.status;
    let body = JsFields::object(answer.json().await?).ok_or_else(|| http::unexpected(status))?;
    let response = TokenResponse::read(&body);
    if status != 200 && response.error.is_none() {
        return Err(http::unexpected(status));
    }
    response.into_session(clock::now_ms(), jwt_exp_ms)
}

/// A JWT access token's own `exp`, for answers that name no lifetime.
fn jwt_exp_ms(token: &str) -> Option<f64> {
    Some(claims(token)?.exp? * 1000.0)
}

/// The claims of a JWT, unchecked (for what the SDK already trusts: its own stored tokens).
pub fn claims(token: &str) -> Option<Claims> {
    Some(Claims::read(&JsFields::parse(&Jwt::split(token).ok()?.payload)?))
}
