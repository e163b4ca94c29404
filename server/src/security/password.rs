//! Password rules (R-SEC1): long enough, not on the list of common passwords
//! (the `passwords` crate's list), not the account's own e-mail or name.
//! Passwords are never logged: callers only ever log the refusal code.

use parley_app::error::ErrorCode;

/// Shortest password accepted.
pub const MIN_CHARS: usize = 12;
/// Longest (bytes; Argon2 input stays bounded).
pub const MAX_BYTES: usize = 1024;

/// Checks a new password for the account `email` / `name`.
pub fn check(password: &str, email: &str, name: &str) -> Result<(), ErrorCode> {
    if password.chars().count() < MIN_CHARS {
        return Err(ErrorCode::PasswordTooShort);
    }
    if password.len() > MAX_BYTES {
        return Err(ErrorCode::TextTooLong);
    }
    let lower = password.to_lowercase();
    let local = email.split('@').next().unwrap_or("").to_lowercase();
    let distinct = {
        let mut cs: Vec<char> = lower.chars().collect();
        cs.sort_unstable();
        cs.dedup();
        cs.len()
    };
    if passwords::analyzer::is_common_password(password)
        || passwords::analyzer::is_common_password(&lower)
        || lower == email.to_lowercase()
        || (!local.is_empty() && lower == local)
        || (!name.is_empty() && lower == name.to_lowercase())
        || distinct < 4
    {
        return Err(ErrorCode::PasswordCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_common_lists_and_own_names_are_refused() {
        assert_eq!(
            check("short", "a@b.c", "A"),
            Err(ErrorCode::PasswordTooShort)
        );
        for common in [
            "password1234",
            "123456789012",
            "qwertyuiop123",
            "PASSWORD1234",
        ] {
            if passwords::analyzer::is_common_password(common.to_lowercase()) {
                assert_eq!(
                    check(common, "a@b.c", "A"),
                    Err(ErrorCode::PasswordCommon),
                    "{common}"
                );
            }
        }
        assert_eq!(
            check("ab".repeat(7).as_str(), "a@b.c", "A"),
            Err(ErrorCode::PasswordCommon)
        );
        assert_eq!(
            check("aaaaaaaaaaaaaa", "a@b.c", "A"),
            Err(ErrorCode::PasswordCommon)
        );
        assert_eq!(
            check("ana.lopez.shop", "ana.lopez.shop@x.example", "Ana"),
            Err(ErrorCode::PasswordCommon)
        );
        assert_eq!(
            check(&"x".repeat(2000), "a@b.c", "A"),
            Err(ErrorCode::TextTooLong)
        );
        assert_eq!(check("correct horse battery staple", "a@b.c", "A"), Ok(()));
        assert_eq!(check("Tränen-im-Regen-42", "a@b.c", "A"), Ok(()));
    }

    #[test]
    fn the_list_is_the_real_one() {
        // Well-known entries of every public list.
        for p in ["123456", "password", "qwerty", "iloveyou", "letmein"] {
            assert!(passwords::analyzer::is_common_password(p), "{p}");
        }
    }
}
