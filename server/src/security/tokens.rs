//! Session tokens and the values derived from them: how a token is stored
//! (its SHA-256), keyed MACs, and the CSRF token of a session (derived, so
//! nothing more is stored).

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// How a session token is stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// HMAC-SHA256 of `parts` (each followed by a separator) under `secret`.
pub fn mac(secret: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any size"),
    };
    for p in parts {
        m.update(p);
        m.update(b"\x1f");
    }
    m.finalize().into_bytes().to_vec()
}

/// The CSRF token of a session (derived, so nothing more is stored).
pub fn csrf_token(secret: &[u8], token_hash: &str) -> String {
    hex::encode(&mac(secret, &[b"csrf", token_hash.as_bytes()])[..16])
}
