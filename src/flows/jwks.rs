//! The provider's signing keys: found through discovery, cached for the page, fetched once more when
//! a token names a key the cache does not have (the provider rotated its keys).

use super::client::Client;
use crate::core::error::{Error, ErrorCode, Result};
use crate::core::json::Fields;
use crate::core::jws::select_key;
use crate::web::{http, json::JsFields};
use js_sys::Array;
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Default)]
pub struct Jwks(RefCell<Option<Vec<JsValue>>>);

impl Jwks {
    /// The JWK that signed a token with this `kid`, for this key type.
    pub async fn key(&self, client: &Client, kid: Option<&str>, kty: &str) -> Result<JsValue> {
        let cached = self.0.borrow().as_ref().and_then(|keys| pick(keys, kid, kty));
        if let Some(key) = cached {
            return Ok(key);
        }
        let keys = fetch(client).await?;
        let key = pick(&keys, kid, kty);
        *self.0.borrow_mut() = Some(keys);
        key.ok_or_else(|| {
            Error::new(
                ErrorCode::IdTokenInvalid,
                "The ID token was signed with a key the provider does not publish (unknown kid).",
            )
        })
    }
}

fn pick(keys: &[JsValue], kid: Option<&str>, kty: &str) -> Option<JsValue> {
    let fields: Vec<JsFields> = keys.iter().map(|k| JsFields(k.clone())).collect();
    select_key(&fields, kid, kty).map(|i| keys[i].clone())
}

async fn fetch(client: &Client) -> Result<Vec<JsValue>> {
    let discovery = get_object(&client.config.endpoint("/.well-known/openid-configuration")).await?;
    let jwks_uri = discovery.string("jwks_uri").ok_or_else(|| http::unexpected(200))?;
    let jwks = get_object(&jwks_uri).await?;
    let keys = jwks.0.clone();
    let keys = js_sys::Reflect::get(&keys, &"keys".into()).ok().and_then(|k| k.dyn_into::<Array>().ok());
    Ok(keys.map(|a| a.iter().collect()).unwrap_or_default())
}

async fn get_object(url: &str) -> Result<JsFields> {
    let answer = http::get(url, None).await?;
    let status = answer.status;
    if status != 200 {
        return Err(http::unexpected(status));
    }
    JsFields::object(answer.json().await?).ok_or_else(|| http::unexpected(status))
}
