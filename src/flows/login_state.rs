//! The session lifecycle behind `getLoginState`, `getAccessToken` and `refreshToken`: the cached
//! session while it is fresh; else the refresh-token grant; else silent sign-in in a hidden iframe.
//! Renewal runs once per tab (concurrent callers share it) and once across tabs (a Web Lock).

use super::client::Client;
use super::exchange::refresh;
use super::silent;
use super::sync::{announce, keep, Change};
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::id_token::Jwt;
use crate::core::token::Session;
use crate::web::{clock, json::parse_value, locks::with_lock};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// How long a tab that waited for another tab's renewal waits for that tab's answer to arrive.
const SETTLE_MS: f64 = 500.0;

/// The session, or `None` when the user must sign in at the provider.
pub async fn get_login_state(client: &Client, ignore_cache: bool) -> Result<Option<Session>> {
    match session(client, ignore_cache).await {
        Ok(s) => Ok(Some(s)),
        Err(e) if e.code.needs_user() => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn get_access_token(client: &Client, ignore_cache: bool) -> Result<String> {
    Ok(session(client, ignore_cache).await?.access_token)
}

/// Forces the refresh-token grant (no iframe fallback).
pub async fn refresh_token(client: &Client) -> Result<Session> {
    with_lock(&client.lock_name(), |_| async {
        match client.stored().await.0 {
            Some(s) => refresh_and_store(client, &s).await,
            None => Err(Error::new(ErrorCode::LoginRequired, "There is no session to refresh: sign in first.")),
        }
    })
    .await
}

async fn session(client: &Client, ignore_cache: bool) -> Result<Session> {
    if !ignore_cache {
        let (stored, signed_out) = client.stored().await;
        if let Some(s) = fresh(client, stored) {
            return Ok(s);
        }
        if signed_out {
            return Err(Error::new(ErrorCode::LoginRequired, "The user signed out of this app: sign in again."));
        }
    }
    client.renewal.run(|| renew(client, ignore_cache)).await
}

async fn renew(client: &Client, forced: bool) -> Result<Session> {
    with_lock(&client.lock_name(), |waited| async move {
        let mut current = newest(client.stored().await.0, client.last_broadcast());
        if waited && !forced && fresh(client, current.clone()).is_none() {
            // The tab we waited for posts its new session before it lets go of the lock; this tab's
            // storage may not show it yet (another process), the BroadcastChannel will.
            current = newest(current, client.await_broadcast(SETTLE_MS).await);
        }
        if !forced {
            if let Some(s) = fresh(client, current.clone()) {
                return Ok(s);
            }
        }
        if let Some(s) = current.filter(|s| s.refresh_token.is_some()) {
            match refresh_and_store(client, &s).await {
                Err(e) if e.is_grant_gone() => {}
                result => return result,
            }
        }
        silent::sign_in(client).await
    })
    .await
}

/// The refresh grant, stored and announced. A grant the provider no longer honours clears the
/// session (`sessionExpired`); any other failure (network) leaves the stored session alone.
async fn refresh_and_store(client: &Client, session: &Session) -> Result<Session> {
    match refresh(client, session).await {
        Ok(fresh) => {
            keep(client, Change::TokenRefreshed, &fresh).await;
            Ok(fresh)
        }
        Err(e) => {
            if e.is_grant_gone() {
                client.sessions.clear().await;
                announce(client, Change::SessionExpired, None);
            }
            Err(e)
        }
    }
}

fn fresh(client: &Client, session: Option<Session>) -> Option<Session> {
    session.filter(|s| !s.is_expired(clock::now_ms(), client.config.leeway_ms))
}

/// The later-expiring of two sessions.
fn newest(a: Option<Session>, b: Option<Session>) -> Option<Session> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b.expires_at > a.expires_at { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The public `LoginState`: the session plus its ID token's claims, decoded for the app.
pub fn to_js(session: &Session) -> JsValue {
    let out = parse_value(&session.to_json());
    let _ = Reflect::delete_property(out.unchecked_ref::<Object>(), &"v".into());
    if let Some(jwt) = session.id_token.as_deref().and_then(|t| Jwt::split(t).ok()) {
        let _ = Reflect::set(&out, &"idTokenClaims".into(), &parse_value(&jwt.payload));
    }
    out
}
