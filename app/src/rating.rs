//! Customer ratings (R-QA1): after each resolution the widget asks for 1–5
//! stars and an optional comment. Pure rules shared by the widget (what to
//! offer) and the server (what to accept).
//!
//! A rating belongs to one resolution: a conversation reopened and resolved
//! again is asked again, and each resolution takes one rating only.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::lifecycle::ConversationStatus;

/// Lowest and highest score.
pub const SCORES: std::ops::RangeInclusive<u8> = 1..=5;

/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 1000;

/// A stored rating, as staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RatingView {
    /// 1–5.
    pub score: u8,
    /// The customer's comment (card numbers masked), possibly empty.
    pub comment: String,
    /// The owner when it was given (whose work was rated).
    pub agent_id: Option<i64>,
    /// The widget's language when it was given.
    pub locale: Option<String>,
    /// Unix ms.
    pub rated_at: i64,
}

/// Whether a conversation in `status` may be rated: it is resolved (asked
/// at once, before or after the customer confirms) or filed away.
pub fn may_rate(status: ConversationStatus) -> bool {
    matches!(
        status,
        ConversationStatus::Resolved | ConversationStatus::Confirmed | ConversationStatus::Archived
    )
}

/// Checks a rating: the score is one of [`SCORES`], the comment (trimmed)
/// at most [`MAX_COMMENT_CHARS`]. Returns the trimmed comment.
pub fn validate(score: u8, comment: &str) -> Result<&str, ErrorCode> {
    if !SCORES.contains(&score) {
        return Err(ErrorCode::RatingInvalid);
    }
    let comment = comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(ErrorCode::TextTooLong);
    }
    Ok(comment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::ALL_STATUSES;

    #[test]
    fn only_resolved_confirmed_and_archived_conversations_are_rated() {
        for status in ALL_STATUSES {
            let expected = matches!(
                status,
                ConversationStatus::Resolved
                    | ConversationStatus::Confirmed
                    | ConversationStatus::Archived
            );
            assert_eq!(may_rate(status), expected, "{status:?}");
            // Nothing still open is rated.
            assert!(!(may_rate(status) && status.is_open()), "{status:?}");
        }
    }

    #[test]
    fn scores_one_to_five_are_accepted_and_nothing_else() {
        for score in 0..=u8::MAX {
            let r = validate(score, "");
            if (1..=5).contains(&score) {
                assert_eq!(r, Ok(""), "{score}");
            } else {
                assert_eq!(r, Err(ErrorCode::RatingInvalid), "{score}");
            }
        }
    }

    #[test]
    fn comments_are_trimmed_and_limited_in_characters_not_bytes() {
        assert_eq!(validate(4, "  快递很快 \n"), Ok("快递很快"));
        let at_limit = "ش".repeat(MAX_COMMENT_CHARS);
        assert_eq!(validate(5, &at_limit), Ok(at_limit.as_str()));
        let over = "a".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(validate(5, &over), Err(ErrorCode::TextTooLong));
        // Surrounding whitespace does not count against the limit.
        let padded = format!("  {}  ", "a".repeat(MAX_COMMENT_CHARS));
        assert!(validate(1, &padded).is_ok());
        // A bad score is reported before a long comment.
        assert_eq!(validate(0, &over), Err(ErrorCode::RatingInvalid));
    }
}
