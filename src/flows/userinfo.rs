//! The signed-in user's claims from `/oidc/me`.

use super::client::Client;
use super::login_state::get_access_token;
use crate::core::error::{Error, Result};
use crate::web::http;
use wasm_bindgen::JsValue;

pub async fn get_user_info(client: &Client) -> Result<JsValue> {
    let token = get_access_token(client, false).await?;
    let answer = http::get(&client.config.endpoint("/me"), Some(&token)).await?;
    match answer.status {
        200 => answer.json().await,
        401 => Err(Error::oauth("invalid_token", Some("/oidc/me rejected the access token; sign in again"))),
        status => Err(http::unexpected(status)),
    }
}
