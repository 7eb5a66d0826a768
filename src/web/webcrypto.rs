//! Signature checks with WebCrypto (`crypto.subtle`): import a JWK, verify a signature.

use crate::core::jws::WebCryptoParams;
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = importKey, catch)]
    fn import_key(
        format: &str,
        key: &JsValue,
        algorithm: &Object,
        extractable: bool,
        usages: &Array,
    ) -> core::result::Result<Promise, JsValue>;
    #[wasm_bindgen(js_namespace = ["crypto", "subtle"], js_name = verify, catch)]
    fn subtle_verify(
        algorithm: &Object,
        key: &JsValue,
        signature: &Uint8Array,
        data: &Uint8Array,
    ) -> core::result::Result<Promise, JsValue>;
}

/// True only for a valid signature; a key that does not fit the algorithm counts as invalid.
pub async fn verify(params: &WebCryptoParams, jwk: &JsValue, signature: &[u8], data: &[u8]) -> bool {
    let algorithm = Object::new();
    let set = |k: &str, v: JsValue| drop(Reflect::set(&algorithm, &k.into(), &v));
    set("name", params.name.into());
    set("hash", params.hash.into());
    if let Some(s) = params.salt_length {
        set("saltLength", s.into());
    }
    if let Some(c) = params.named_curve {
        set("namedCurve", c.into());
    }
    let usages = Array::of1(&"verify".into());
    let Ok(key) = import_key("jwk", jwk, &algorithm, false, &usages) else { return false };
    let Ok(key) = JsFuture::from(key).await else { return false };
    let Ok(ok) = subtle_verify(&algorithm, &key, &Uint8Array::from(signature), &Uint8Array::from(data)) else {
        return false;
    };
    JsFuture::from(ok).await.ok().and_then(|v| v.as_bool()) == Some(true)
}
