//! "Am I signed in?" and "give me a token": the cached session while it is fresh.

use super::client::Client;
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::token::Session;
use crate::web::clock;

/// The session, or `None` when the user must sign in.
pub async fn get_login_state(client: &Client, ignore_cache: bool) -> Result<Option<Session>> {
    if ignore_cache {
        return Ok(None);
    }
    Ok(client.sessions.load().filter(|s| !s.is_expired(clock::now_ms(), client.config.leeway_ms)))
}

pub async fn get_access_token(client: &Client, ignore_cache: bool) -> Result<String> {
    match get_login_state(client, ignore_cache).await? {
        Some(session) => Ok(session.access_token),
        None => Err(Error::new(
            ErrorCode::LoginRequired,
            "The user is not signed in: call loginWithRedirect or loginWithPopup.",
        )),
    }
}
