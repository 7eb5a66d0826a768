//! Checking an ID token: its claims against this sign-in, its signature against the provider's keys.

use super::client::Client;
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::id_token::{check_claims, Claims, Expected, Jwt};
use crate::core::jws::Header;
use crate::web::{clock, json::JsFields, webcrypto};

/// What this ID token must match beyond the client's own values.
pub struct Expect<'a> {
    pub nonce: Option<&'a str>,
    pub max_age_s: Option<f64>,
    /// After a refresh the user must be the same.
    pub sub: Option<&'a str>,
}

pub async fn verify(client: &Client, token: &str, expect: Expect<'_>) -> Result<()> {
    let jwt = Jwt::split(token)?;
    let header =
        Header::read(&JsFields::parse(&jwt.header).ok_or_else(|| invalid("The ID token's header is not JSON."))?)?;
    let claims =
        Claims::read(&JsFields::parse(&jwt.payload).ok_or_else(|| invalid("The ID token's claims are not JSON."))?);
    let c = &client.config;
    let expected = Expected {
        issuer: &c.issuer,
        client_id: &c.app_id,
        nonce: expect.nonce,
        max_age_s: expect.max_age_s,
        now_ms: clock::now_ms(),
        leeway_ms: c.leeway_ms,
        skew_ms: c.clock_skew_ms,
    };
    check_claims(&claims, &expected)?;
    if expect.sub.is_some() && claims.sub.as_deref() != expect.sub {
        return Err(invalid("The refreshed ID token is for another user."));
    }
    let Some(params) = header.alg.web_crypto() else {
        return accept_hs256(client);
    };
    let key = client.keys.key(client, header.kid.as_deref(), params.kty).await?;
    if webcrypto::verify(&params, &key, &jwt.signature, jwt.signing_input.as_bytes()).await {
        Ok(())
    } else {
        Err(invalid("The ID token's signature does not verify with the provider's key: it was altered or forged."))
    }
}

/// HS256 is signed with the app secret, which a browser must never hold: rejected unless the app
/// opted in with `acceptHs256IdTokens`, then accepted on its claims with one console warning.
fn accept_hs256(client: &Client) -> Result<()> {
    if !client.config.accept_hs256_id_tokens {
        return Err(invalid(
            "The ID token is signed with HS256 (the app secret), which a browser cannot verify: set the app's id_token signing algorithm to RS256 in the Authing console, or pass acceptHs256IdTokens: true to accept it on its claims alone.",
        ));
    }
    if !client.warned_hs256.replace(true) {
        web_sys::console::warn_1(&"authing-wasm: HS256 ID tokens are accepted without a signature check (acceptHs256IdTokens). Prefer RS256.".into());
    }
    Ok(())
}

fn invalid(message: &str) -> Error {
    Error::new(ErrorCode::IdTokenInvalid, message)
}
