//! Cryptographic randomness from WebCrypto (`crypto.getRandomValues`), never `Math.random`.

use crate::core::error::{Error, ErrorCode, Result};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buf: &mut [u8]) -> core::result::Result<JsValue, JsValue>;
}

pub fn random<const N: usize>() -> Result<[u8; N]> {
    let mut buf = [0u8; N];
    get_random_values(&mut buf).map_err(|_| {
        Error::new(
            ErrorCode::ConfigError,
            "This browser has no WebCrypto (crypto.getRandomValues): use a current browser over https or localhost.",
        )
    })?;
    Ok(buf)
}
