//! The token endpoint: a grant in, a checked session out.

use super::client::Client;
use crate::core::callback::{Callback, Outcome};
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::id_token::{check_claims, Claims, Expected, Jwt};
use crate::core::token::{Session, TokenResponse};
use crate::core::transaction::Transaction;
use crate::core::url::Form;
use crate::web::{clock, http, json::JsFields};

/// Finishes a sign-in from its callback: the issuer must be ours, an error becomes a typed error,
/// a code becomes a checked session, which is stored.
pub async fn complete(client: &Client, callback: Callback, tx: &Transaction) -> Result<Session> {
    if callback.iss.as_deref().is_some_and(|iss| iss != client.config.issuer) {
        return Err(Error::new(ErrorCode::InvalidCallback, "The callback names another issuer than this app's domain."));
    }
    let session = match callback.outcome {
        Outcome::Error { error, description } => return Err(Error::oauth(&error, description.as_deref())),
        Outcome::Code(code) => exchange_code(client, &code, tx).await?,
    };
    client.sessions.save(&session)?;
    Ok(session)
}

/// The authorization-code grant with the transaction's PKCE verifier; the ID token must carry its nonce.
async fn exchange_code(client: &Client, code: &str, tx: &Transaction) -> Result<Session> {
    let mut form = Form::new();
    form.push("grant_type", "authorization_code")
        .push("code", code)
        .push("redirect_uri", &tx.redirect_uri)
        .push("client_id", &client.config.app_id)
        .push("code_verifier", &tx.verifier);
    let session = token_request(client, &form).await?;
    verify_id_token(client, &session, Some(&tx.nonce))?;
    Ok(session)
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
    let claims = Claims::read(&JsFields::parse(&Jwt::split(token).ok()?.payload)?);
    Some(claims.exp? * 1000.0)
}

pub fn verify_id_token(client: &Client, session: &Session, nonce: Option<&str>) -> Result<()> {
    let Some(token) = session.id_token.as_deref() else {
        return Err(Error::new(ErrorCode::IdTokenInvalid, "The provider sent no ID token for an openid sign-in."));
    };
    let claims = JsFields::parse(&Jwt::split(token)?.payload)
        .ok_or_else(|| Error::new(ErrorCode::IdTokenInvalid, "The ID token's claims are not a JSON object."))?;
    let claims = Claims::read(&claims);
    let c = &client.config;
    let expected = Expected {
        issuer: &c.issuer,
        client_id: &c.app_id,
        nonce,
        max_age_s: None,
        now_ms: clock::now_ms(),
        leeway_ms: c.leeway_ms,
    };
    check_claims(&claims, &expected)
}
