//! A conversation's reply address and its token: a MAC only this server's
//! secret makes, so a reply address cannot be guessed.

use subtle::ConstantTimeEq;

use crate::domain::mail as rules;
use crate::security::tokens::mac;
use crate::state::AppState;

/// Conversation `conversation`'s reply token: a MAC only this server's
/// secret makes, so a reply address cannot be guessed.
pub fn reply_token(state: &AppState, site: &str, conversation: i64) -> String {
    let id = conversation.to_string();
    hex::encode(
        &mac(
            &state.settings.secret,
            &[b"mail-reply", site.as_bytes(), id.as_bytes()],
        )[..8],
    )
}

/// Whether `token` is conversation `conversation`'s (constant time).
pub fn token_matches(state: &AppState, site: &str, conversation: i64, token: &str) -> bool {
    let want = reply_token(state, site, conversation);
    want.len() == token.len()
        && bool::from(want.as_bytes().ct_eq(token.to_ascii_lowercase().as_bytes()))
}

/// Conversation `conversation`'s reply address.
pub fn reply_address(state: &AppState, site: &str, conversation: i64) -> String {
    rules::reply_address(
        site,
        conversation,
        &reply_token(state, site, conversation),
        &state.settings.mail.domain,
    )
}
