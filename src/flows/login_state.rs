//! "Am I signed in?" and "give me a token": the cached session while it is fresh, else the provider
//! is asked without any UI (hidden iframe).

use super::client::Client;
use super::silent;
use crate::core::error::Result;
use crate::core::token::Session;
use crate::web::clock;

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

async fn session(client: &Client, ignore_cache: bool) -> Result<Session> {
    let cached = client.sessions.load().filter(|s| !ignore_cache && !s.is_expired(clock::now_ms(), client.config.leeway_ms));
    match cached {
        Some(s) => Ok(s),
        None => silent::sign_in(client).await,
    }
}
