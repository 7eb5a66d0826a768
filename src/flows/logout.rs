//! Signing out: locally (every tab), with optional revocation, or at the provider by redirect.

use super::client::Client;
use super::sync::{announce, Change};
use crate::core::logout::{end_session_url, LogoutParams};
use crate::core::token::Session;
use crate::core::url::Form;
use crate::web::{http, location};

/// Clears the local session in every tab first, so the app is signed out even if the navigation
/// never happens; works with no local session too.
pub async fn logout_with_redirect(client: &Client, redirect_uri: Option<String>, state: Option<String>) {
    let id_token = sign_out(client).await.and_then(|s| s.id_token);
    let c = &client.config;
    let params = LogoutParams {
        client_id: &c.app_id,
        id_token_hint: id_token.as_deref(),
        post_logout_redirect_uri: redirect_uri.as_deref().or(c.logout_redirect_uri.as_deref()),
        state: state.as_deref(),
    };
    location::assign(&end_session_url(&c.endpoint("/session/end"), &params));
}

/// Local sign-out in every tab; with `revoke`, the refresh and access tokens are revoked too (best
/// effort: the local session is gone whatever the server answers).
pub async fn logout(client: &Client, revoke: bool) {
    let Some(session) = sign_out(client).await.filter(|_| revoke) else { return };
    let tokens = [(session.refresh_token, "refresh_token"), (Some(session.access_token), "access_token")];
    for (token, hint) in tokens {
        if let Some(token) = token {
            let mut form = Form::new();
            form.push("token", &token).push("token_type_hint", hint).push("client_id", &client.config.app_id);
            let _ = http::post_form(&client.config.endpoint("/token/revocation"), form.as_str()).await;
        }
    }
}

async fn sign_out(client: &Client) -> Option<Session> {
    let session = client.sessions.load().await;
    client.sessions.sign_out().await;
    announce(client, Change::Logout, None);
    session
}
