//! Signing out: locally, with optional revocation, or at the provider by redirect.

use super::client::Client;
use crate::core::logout::{end_session_url, LogoutParams};
use crate::core::url::Form;
use crate::web::{http, location};

/// Clears the local session first, so the app is signed out even if the navigation never happens.
pub fn logout_with_redirect(client: &Client, redirect_uri: Option<String>, state: Option<String>) {
    let id_token = client.sessions.load().and_then(|s| s.id_token);
    client.sessions.clear();
    let c = &client.config;
    let params = LogoutParams {
        client_id: &c.app_id,
        id_token_hint: id_token.as_deref(),
        post_logout_redirect_uri: redirect_uri.as_deref().or(c.logout_redirect_uri.as_deref()),
        state: state.as_deref(),
    };
    location::assign(&end_session_url(&c.endpoint("/session/end"), &params));
}

/// Local sign-out; with `revoke`, the refresh and access tokens are revoked too (best effort: the
/// local session is gone whatever the server answers).
pub async fn logout(client: &Client, revoke: bool) {
    let session = client.sessions.load();
    client.sessions.clear();
    let Some(session) = session.filter(|_| revoke) else { return };
    let tokens = [(session.refresh_token, "refresh_token"), (Some(session.access_token), "access_token")];
    for (token, hint) in tokens {
        if let Some(token) = token {
            let mut form = Form::new();
            form.push("token", &token).push("token_type_hint", hint).push("client_id", &client.config.app_id);
            let _ = http::post_form(&client.config.endpoint("/token/revocation"), form.as_str()).await;
        }
    }
}
