//! Anonymous visitor identity: a server-signed token (HMAC-SHA256) that the
//! widget keeps in its iframe's local storage and presents in `hello` — never
//! in a URL. Format: `v1.<base64url(json claims)>.<base64url(mac)>`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How long a visitor token stays valid; every `welcome` issues a fresh one.
pub const VISITOR_TOKEN_TTL_MS: i64 = 180 * 24 * 3600 * 1000;

/// What a visitor token asserts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorClaims {
    /// Visitor id.
    pub vid: String,
    /// Site key the identity belongs to.
    pub site: String,
    /// Expiry, Unix ms.
    pub exp: i64,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not of the expected shape.
    Malformed,
    /// The MAC does not verify (forged or signed with another key).
    BadSignature,
    /// Genuine but past its expiry.
    Expired,
}

fn mac(secret: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    match HmacSha256::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any size"),
    }
}

/// Signs claims.
pub fn sign(secret: &[u8], claims: &VisitorClaims) -> String {
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
    let signing_input = format!("v1.{payload}");
    let mut m = mac(secret);
    m.update(signing_input.as_bytes());
    let sig = URL_SAFE_NO_PAD.encode(m.finalize().into_bytes());
    format!("{signing_input}.{sig}")
}

/// Verifies a token (constant-time MAC check) and its expiry against `now`.
pub fn verify(secret: &[u8], token: &str, now: i64) -> Result<VisitorClaims, TokenError> {
    let mut parts = token.split('.');
    let (Some("v1"), Some(payload), Some(sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::Malformed);
    };
    let sig = URL_SAFE_NO_PAD
        .decode(sig)
        .map_err(|_| TokenError::Malformed)?;
    let mut m = mac(secret);
    m.update(b"v1.");
    m.update(payload.as_bytes());
    m.verify_slice(&sig).map_err(|_| TokenError::BadSignature)?;
    let json = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|_| TokenError::Malformed)?;
    let claims: VisitorClaims = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
    if claims.exp <= now {
        return Err(TokenError::Expired);
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn claims(exp: i64) -> VisitorClaims {
        VisitorClaims {
            vid: "abc".into(),
            site: "demo".into(),
            exp,
        }
    }

    #[test]
    fn round_trip() {
        let t = sign(KEY, &claims(2_000));
        assert_eq!(verify(KEY, &t, 1_000), Ok(claims(2_000)));
    }

    #[test]
    fn expiry_is_exclusive() {
        let t = sign(KEY, &claims(2_000));
        assert_eq!(verify(KEY, &t, 1_999), Ok(claims(2_000)));
        assert_eq!(verify(KEY, &t, 2_000), Err(TokenError::Expired));
    }

    #[test]
    fn another_key_is_refused() {
        let t = sign(b"another key entirely", &claims(2_000));
        assert_eq!(verify(KEY, &t, 1_000), Err(TokenError::BadSignature));
    }

    #[test]
    fn tampered_claims_are_refused() {
        let t = sign(KEY, &claims(2_000));
        let parts: Vec<&str> = t.split('.').collect();
        let forged_claims = VisitorClaims {
            vid: "someone-else".into(),
            ..claims(2_000)
        };
        let forged_payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged_claims).unwrap());
        let forged = format!("v1.{forged_payload}.{}", parts[2]);
        assert_eq!(verify(KEY, &forged, 1_000), Err(TokenError::BadSignature));
    }

    #[test]
    fn garbage_is_malformed() {
        for t in ["", "v1", "v1.a", "v2.a.b", "v1.a.b.c", "v1.a.!!!"] {
            assert_eq!(verify(KEY, t, 0), Err(TokenError::Malformed), "{t:?}");
        }
    }

    #[test]
    fn valid_mac_over_non_json_is_malformed() {
        let payload = URL_SAFE_NO_PAD.encode(b"not json");
        let mut m = mac(KEY);
        m.update(format!("v1.{payload}").as_bytes());
        let sig = URL_SAFE_NO_PAD.encode(m.finalize().into_bytes());
        assert_eq!(
            verify(KEY, &format!("v1.{payload}.{sig}"), 0),
            Err(TokenError::Malformed)
        );
    }
}
