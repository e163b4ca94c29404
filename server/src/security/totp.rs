//! Time-based one-time codes (RFC 6238, via `totp-rs`), recovery codes and
//! the enrolment QR code (via `qrcode`). `now` is passed in.
//!
//! A code is accepted for the current 30-second step and one step either
//! side (clock drift), and each step only once per account: the caller
//! stores the step [`verify`] returns and refuses steps not newer than it.

use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use totp_rs::{Algorithm, TOTP};

/// Seconds per code.
pub const STEP_SECS: i64 = 30;
/// Recovery codes issued at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Issuer shown in authenticator apps.
pub const ISSUER: &str = "Parley";

/// A new random secret (160 bits, as RFC 4226 recommends), base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    base32_encode(&bytes)
}

fn base32_encode(bytes: &[u8]) -> String {
    totp_rs::Secret::Raw(bytes.to_vec())
        .to_encoded()
        .to_string()
}

fn totp(secret_b32: &str, account: &str) -> Option<TOTP> {
    let raw = totp_rs::Secret::Encoded(secret_b32.to_owned())
        .to_bytes()
        .ok()?;
    // `:` is the issuer separator in otpauth labels.
    let account = account.replace(':', "_");
    TOTP::new(
        Algorithm::SHA1,
        6,
        1,
        STEP_SECS as u64,
        raw,
        Some(ISSUER.to_owned()),
        account,
    )
    .ok()
}

/// The code for `now_ms` (tests and the e2e helper compute the same).
pub fn code_at(secret_b32: &str, now_ms: i64) -> Option<String> {
    totp(secret_b32, "x").map(|t| t.generate((now_ms / 1000).max(0) as u64))
}

/// The time step `code` belongs to (now, or one step either side), if any.
pub fn verify(secret_b32: &str, code: &str, now_ms: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = totp(secret_b32, "x")?;
    let step = now_ms.div_euclid(1000) / STEP_SECS;
    let mut found = None;
    // Check every candidate (no early exit) with constant-time compares.
    for s in [step - 1, step, step + 1] {
        if s < 0 {
            continue;
        }
        let expected = t.generate((s * STEP_SECS) as u64);
        if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) {
            found = Some(s);
        }
    }
    found
}

/// The `otpauth://` URI authenticator apps scan.
pub fn uri(secret_b32: &str, account: &str) -> Option<String> {
    totp(secret_b32, account).map(|t| t.get_url())
}

/// The URI as an SVG QR code.
pub fn qr_svg(uri: &str) -> Option<String> {
    let code = qrcode::QrCode::new(uri.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
    )
}

/// Fresh recovery codes: 10 groups `xxxxx-xxxxx` of lowercase letters and
/// digits without look-alikes.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut s = String::with_capacity(11);
            for i in 0..10 {
                if i == 5 {
                    s.push('-');
                }
                let n = (rng.next_u32() as usize) % ALPHABET.len();
                s.push(ALPHABET[n] as char);
            }
            s
        })
        .collect()
}

/// How a recovery code is stored (typed with or without the dash, any case).
pub fn recovery_hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(normal.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 6238 appendix B, SHA-1 seed "12345678901234567890".
    const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn matches_the_rfc_6238_test_vectors() {
        // The RFC lists 8 digits; ours are the last 6.
        assert_eq!(code_at(RFC_SECRET, 59_000).unwrap(), "287082");
        assert_eq!(code_at(RFC_SECRET, 1_111_111_109_000).unwrap(), "081804");
        assert_eq!(code_at(RFC_SECRET, 1_234_567_890_000).unwrap(), "005924");
        assert_eq!(code_at(RFC_SECRET, 20_000_000_000_000).unwrap(), "353130");
    }

    #[test]
    fn accepts_one_step_of_drift_and_names_the_step() {
        let now = 1_700_000_000_000;
        let step = now / 1000 / STEP_SECS;
        let s = new_secret();
        let current = code_at(&s, now).unwrap();
        assert_eq!(verify(&s, &current, now), Some(step));
        let previous = code_at(&s, now - 30_000).unwrap();
        assert_eq!(verify(&s, &previous, now), Some(step - 1));
        let next = code_at(&s, now + 30_000).unwrap();
        assert_eq!(verify(&s, &next, now), Some(step + 1));
        let old = code_at(&s, now - 90_000).unwrap();
        if old != current && old != previous && old != next {
            assert_eq!(verify(&s, &old, now), None);
        }
        assert_eq!(
            verify(&s, &format!(" {} {}", &current[..3], &current[3..]), now),
            Some(step)
        );
    }

    #[test]
    fn refuses_malformed_codes() {
        let s = new_secret();
        for bad in ["", "12345", "1234567", "abcdef", "12 34 5"] {
            assert_eq!(verify(&s, bad, 1_700_000_000_000), None, "{bad}");
        }
        assert_eq!(verify("not base32!", "123456", 0), None);
    }

    #[test]
    fn secrets_uris_and_qr_codes() {
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_ne!(s, new_secret());
        let uri = uri(&s, "ana@shop.example").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Parley:ana%40shop.example?"),
            "{uri}"
        );
        assert!(uri.contains(&format!("secret={s}")));
        let svg = qr_svg(&uri).unwrap();
        assert!(svg.contains("<svg") && svg.len() > 1000);
    }

    #[test]
    fn recovery_codes_are_unique_and_hash_loosely_typed_input_alike() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let c = &codes[0];
        assert_eq!(c.len(), 11);
        assert_eq!(
            recovery_hash(c),
            recovery_hash(&c.to_uppercase().replace('-', ""))
        );
        assert_ne!(recovery_hash(c), recovery_hash(&codes[1]));
    }
}
