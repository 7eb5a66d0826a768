//! PKCE with S256 (RFC 7636): the verifier stays in the browser, its SHA-256 goes to the provider.
//! The digest itself is WebCrypto's (`crypto.subtle.digest`), asked for by the engine: no SHA-256
//! code in the wasm.

use super::base64url;
use crate::prelude::*;

/// A verifier from 32 random octets: 43 base64url characters, the length RFC 7636 recommends.
pub fn verifier(random: &[u8; 32]) -> String {
    base64url::encode(random)
}

/// The challenge from the verifier's SHA-256 digest.
pub fn challenge(digest: &[u8]) -> String {
    base64url::encode(digest)
}

#[cfg(test)]
pub fn sha256(text: &str) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes()).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let octets = [
            116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191,
            240, 91, 88, 5, 88, 83, 132, 141, 121,
        ];
        let v = verifier(&octets);
        assert_eq!(v, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assert_eq!(challenge(&sha256(&v)), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
