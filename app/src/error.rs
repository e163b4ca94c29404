//! Machine-readable error codes shared by the server and every client.
//!
//! A client never sees an internal error message: it sees one of these codes,
//! and the code is also the Fluent message id (`error-<code>` with dashes) that
//! every locale must translate (see the `every_error_code_is_translated` test).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Every error a client can be told about. On the wire: [`ErrorCode::as_str`]
/// (`snake_case`), written out by hand rather than derived, which keeps a
/// fifty-way string match out of the customer widget's download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The frame was not valid JSON.
    InvalidJson,
    /// The frame was JSON but its `type` is not one the protocol knows.
    UnknownFrameType,
    /// The frame had a known type but wrong or missing fields, or was binary.
    InvalidFrame,
    /// The frame exceeded the size limit; the connection is closed.
    FrameTooLarge,
    /// The first frame on a connection must be `hello`.
    HelloRequired,
    /// The client speaks a protocol version this server does not.
    UnsupportedVersion,
    /// The site key is not known to this server.
    UnknownSite,
    /// The request came from an origin that may not use this endpoint.
    OriginForbidden,
    /// The visitor token was malformed or its signature did not verify.
    TokenInvalid,
    /// The visitor token was genuine but has expired.
    TokenExpired,
    /// An empty (or whitespace-only) message.
    MessageEmpty,
    /// A message over the length limit.
    MessageTooLong,
    /// Too many messages in a short time.
    RateLimited,
    /// Not signed in, or the session expired.
    Unauthorized,
    /// Wrong e-mail or password.
    InvalidCredentials,
    /// Signed in, but the role does not allow this.
    Forbidden,
    /// A text over its length limit (operator texts).
    TextTooLong,
    /// A site's default language must be one it offers.
    DefaultNotOffered,
    /// The conversation (or other object) does not exist.
    NotFound,
    /// The requested state change is not allowed from the current state.
    InvalidTransition,
    /// A required fact of the category form has no value.
    FactMissing,
    /// A fact's value is not valid for its field (or the field is unknown).
    FactInvalid,
    /// The site asks customers to pick a category before the first message.
    CategoryRequired,
    /// A staff profile value is unusable (e-mail, name, capacity, skills, teams).
    ProfileInvalid,
    /// A staff password shorter than the minimum.
    PasswordTooShort,
    /// A staff account with that e-mail exists.
    EmailTaken,
    /// The reply contains a phrase the site forbids; it was not sent.
    ComplianceBlocked,
    /// The reply contains a phrase the site warns about; confirm to send.
    ComplianceWarning,
    /// A canned reply's name is not a short lowercase slug (or is reserved).
    ReplyKeyInvalid,
    /// An upload over the size limit.
    AttachmentTooLarge,
    /// An upload that is not a photo (JPEG, PNG, GIF, WebP) or a PDF.
    AttachmentType,
    /// The site's storage for customers' files is full.
    StorageQuota,
    /// An admin's setup (teams, topics, targets) is not valid; the page
    /// names where.
    ConfigInvalid,
    /// A password that is common, or the account's own e-mail or name.
    PasswordCommon,
    /// Too many failed sign-ins: the account is locked for a while.
    AccountLocked,
    /// Too many failed sign-ins from this browser or address: wait.
    TooManyAttempts,
    /// A wrong, expired or already used second-factor or recovery code.
    CodeInvalid,
    /// A state-changing request without this session's CSRF token.
    CsrfInvalid,
    /// The conversation is outside what this staff member may see.
    ConversationForbidden,
    /// View-only (break-glass) access: no replies or changes.
    ReadOnly,
    /// Contact details sent without agreeing to the notice.
    ConsentRequired,
    /// A contact field that is too long or malformed (the field is named).
    ContactInvalid,
    /// A host-site identity whose signature does not verify, or none where the site requires one.
    IdentityInvalid,
    /// A rating that is not 1 to 5 stars.
    RatingInvalid,
    /// This resolution was already rated (one rating each).
    AlreadyRated,
    /// The client fell too far behind the live stream and must resume.
    Lagged,
    /// An allowed-origin entry that is not `scheme://host[:port]` (the
    /// entry is named).
    OriginInvalid,
    /// An accent colour too light for white text on it (WCAG AA, 4.5:1).
    ContrastTooLow,
    /// A site name that is empty, too long or has control characters.
    SiteNameInvalid,
    /// A compensation amount that is not a positive number with at most
    /// the currency's decimals (or is beyond any sane amount).
    AmountInvalid,
    /// A currency code that is not ISO 4217.
    CurrencyUnknown,
    /// No exchange rate into the site's reference currency for that
    /// currency yet: an admin adds one on the setup page.
    RateMissing,
    /// The compensation was decided already (one decision each).
    AlreadyDecided,
    /// The compensation is beyond this staff member's authority, or their
    /// own proposal: someone else decides it.
    NotApprover,
    /// An `Idempotency-Key` used before for another request, or whose
    /// first request is still running.
    IdempotencyConflict,
    /// A webhook endpoint that is not an http(s) URL with a host.
    WebhookUrlInvalid,
    /// A webhook endpoint on a private or local address.
    WebhookUrlPrivate,
    /// A site has as many webhook endpoints as it may.
    WebhookLimit,
    /// The site's back-end knows no such order (for this customer).
    TrackingNotFound,
    /// The site's back-end did not answer the order lookup in time.
    TrackingUnavailable,
    /// The site has no order lookup.
    TrackingOff,
    /// An address (slug) is not 1–80 of `a-z`, `0-9` and inner hyphens.
    SlugInvalid,
    /// Another article of the site has that address.
    SlugTaken,
    /// A report's dates are unreadable, reversed or span over 400 days.
    ReportRangeInvalid,
    /// Not a time zone of the IANA database, e.g. `Europe/Berlin`.
    TimeZoneUnknown,
    /// A score sheet needs 1–12 criteria, keys of `a-z` and `_`, weights summing to 100.
    SheetInvalid,
    /// Nobody reviews a conversation they handled.
    OwnConversation,
    /// The conversation was reviewed already (the first review stands).
    AlreadyReviewed,
    /// Only a resolved case goes into the case library.
    CaseNotResolved,
    /// The conversation is in the case library already.
    AlreadyInLibrary,
    /// The customer left no e-mail address to mail.
    NoEmailAddress,
    /// This Parley sends no mail (no `PARLEY_SMTP_URL`).
    MailOff,
    /// Something failed on the server; details are in the server log only.
    Internal,
}

impl ErrorCode {
    /// Every code, for exhaustive tests.
    pub const ALL: [ErrorCode; 73] = [
        ErrorCode::InvalidJson,
        ErrorCode::UnknownFrameType,
        ErrorCode::InvalidFrame,
        ErrorCode::FrameTooLarge,
        ErrorCode::HelloRequired,
        ErrorCode::UnsupportedVersion,
        ErrorCode::UnknownSite,
        ErrorCode::OriginForbidden,
        ErrorCode::TokenInvalid,
        ErrorCode::TokenExpired,
        ErrorCode::MessageEmpty,
        ErrorCode::MessageTooLong,
        ErrorCode::RateLimited,
        ErrorCode::Unauthorized,
        ErrorCode::InvalidCredentials,
        ErrorCode::Forbidden,
        ErrorCode::TextTooLong,
        ErrorCode::DefaultNotOffered,
        ErrorCode::NotFound,
        ErrorCode::InvalidTransition,
        ErrorCode::FactMissing,
        ErrorCode::FactInvalid,
        ErrorCode::CategoryRequired,
        ErrorCode::ProfileInvalid,
        ErrorCode::PasswordTooShort,
        ErrorCode::EmailTaken,
        ErrorCode::ComplianceBlocked,
        ErrorCode::ComplianceWarning,
        ErrorCode::ReplyKeyInvalid,
        ErrorCode::AttachmentTooLarge,
        ErrorCode::AttachmentType,
        ErrorCode::StorageQuota,
        ErrorCode::ConfigInvalid,
        ErrorCode::PasswordCommon,
        ErrorCode::AccountLocked,
        ErrorCode::TooManyAttempts,
        ErrorCode::CodeInvalid,
        ErrorCode::CsrfInvalid,
        ErrorCode::ConversationForbidden,
        ErrorCode::ReadOnly,
        ErrorCode::ConsentRequired,
        ErrorCode::ContactInvalid,
        ErrorCode::IdentityInvalid,
        ErrorCode::RatingInvalid,
        ErrorCode::AlreadyRated,
        ErrorCode::Lagged,
        ErrorCode::OriginInvalid,
        ErrorCode::ContrastTooLow,
        ErrorCode::SiteNameInvalid,
        ErrorCode::AmountInvalid,
        ErrorCode::CurrencyUnknown,
        ErrorCode::RateMissing,
        ErrorCode::AlreadyDecided,
        ErrorCode::NotApprover,
        ErrorCode::IdempotencyConflict,
        ErrorCode::WebhookUrlInvalid,
        ErrorCode::WebhookUrlPrivate,
        ErrorCode::WebhookLimit,
        ErrorCode::TrackingNotFound,
        ErrorCode::TrackingUnavailable,
        ErrorCode::TrackingOff,
        ErrorCode::SlugInvalid,
        ErrorCode::SlugTaken,
        ErrorCode::ReportRangeInvalid,
        ErrorCode::TimeZoneUnknown,
        ErrorCode::SheetInvalid,
        ErrorCode::OwnConversation,
        ErrorCode::AlreadyReviewed,
        ErrorCode::CaseNotResolved,
        ErrorCode::AlreadyInLibrary,
        ErrorCode::NoEmailAddress,
        ErrorCode::MailOff,
        ErrorCode::Internal,
    ];

    /// The wire name, e.g. `rate_limited`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::UnknownFrameType => "unknown_frame_type",
            ErrorCode::InvalidFrame => "invalid_frame",
            ErrorCode::FrameTooLarge => "frame_too_large",
            ErrorCode::HelloRequired => "hello_required",
            ErrorCode::UnsupportedVersion => "unsupported_version",
            ErrorCode::UnknownSite => "unknown_site",
            ErrorCode::OriginForbidden => "origin_forbidden",
            ErrorCode::TokenInvalid => "token_invalid",
            ErrorCode::TokenExpired => "token_expired",
            ErrorCode::MessageEmpty => "message_empty",
            ErrorCode::MessageTooLong => "message_too_long",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::TextTooLong => "text_too_long",
            ErrorCode::DefaultNotOffered => "default_not_offered",
            ErrorCode::NotFound => "not_found",
            ErrorCode::InvalidTransition => "invalid_transition",
            ErrorCode::FactMissing => "fact_missing",
            ErrorCode::FactInvalid => "fact_invalid",
            ErrorCode::CategoryRequired => "category_required",
            ErrorCode::ProfileInvalid => "profile_invalid",
            ErrorCode::PasswordTooShort => "password_too_short",
            ErrorCode::EmailTaken => "email_taken",
            ErrorCode::ComplianceBlocked => "compliance_blocked",
            ErrorCode::ComplianceWarning => "compliance_warning",
            ErrorCode::ReplyKeyInvalid => "reply_key_invalid",
            ErrorCode::AttachmentTooLarge => "attachment_too_large",
            ErrorCode::AttachmentType => "attachment_type",
            ErrorCode::StorageQuota => "storage_quota",
            ErrorCode::ConfigInvalid => "config_invalid",
            ErrorCode::PasswordCommon => "password_common",
            ErrorCode::AccountLocked => "account_locked",
            ErrorCode::TooManyAttempts => "too_many_attempts",
            ErrorCode::CodeInvalid => "code_invalid",
            ErrorCode::CsrfInvalid => "csrf_invalid",
            ErrorCode::ConversationForbidden => "conversation_forbidden",
            ErrorCode::ReadOnly => "read_only",
            ErrorCode::ConsentRequired => "consent_required",
            ErrorCode::ContactInvalid => "contact_invalid",
            ErrorCode::IdentityInvalid => "identity_invalid",
            ErrorCode::RatingInvalid => "rating_invalid",
            ErrorCode::AlreadyRated => "already_rated",
            ErrorCode::Lagged => "lagged",
            ErrorCode::OriginInvalid => "origin_invalid",
            ErrorCode::ContrastTooLow => "contrast_too_low",
            ErrorCode::SiteNameInvalid => "site_name_invalid",
            ErrorCode::AmountInvalid => "amount_invalid",
            ErrorCode::CurrencyUnknown => "currency_unknown",
            ErrorCode::RateMissing => "rate_missing",
            ErrorCode::AlreadyDecided => "already_decided",
            ErrorCode::NotApprover => "not_approver",
            ErrorCode::IdempotencyConflict => "idempotency_conflict",
            ErrorCode::WebhookUrlInvalid => "webhook_url_invalid",
            ErrorCode::WebhookUrlPrivate => "webhook_url_private",
            ErrorCode::WebhookLimit => "webhook_limit",
            ErrorCode::TrackingNotFound => "tracking_not_found",
            ErrorCode::TrackingUnavailable => "tracking_unavailable",
            ErrorCode::TrackingOff => "tracking_off",
            ErrorCode::SlugInvalid => "slug_invalid",
            ErrorCode::SlugTaken => "slug_taken",
            ErrorCode::ReportRangeInvalid => "report_range_invalid",
            ErrorCode::TimeZoneUnknown => "time_zone_unknown",
            ErrorCode::SheetInvalid => "sheet_invalid",
            ErrorCode::OwnConversation => "own_conversation",
            ErrorCode::AlreadyReviewed => "already_reviewed",
            ErrorCode::CaseNotResolved => "case_not_resolved",
            ErrorCode::AlreadyInLibrary => "already_in_library",
            ErrorCode::NoEmailAddress => "no_email_address",
            ErrorCode::MailOff => "mail_off",
            ErrorCode::Internal => "internal",
        }
    }

    /// Parses a wire name (used for `?error=` query parameters).
    pub fn parse(s: &str) -> Option<ErrorCode> {
        ErrorCode::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The Fluent message id that translates this code.
    pub fn fluent_id(self) -> String {
        format!("error-{}", self.as_str().replace('_', "-"))
    }

    /// Whether only staff can be told this (their sign-in, settings,
    /// replies and casework): the customer widget's messages leave these
    /// out, so its page carries no text it could never show.
    pub fn staff_only(self) -> bool {
        matches!(
            self,
            ErrorCode::InvalidCredentials
                | ErrorCode::TextTooLong
                | ErrorCode::DefaultNotOffered
                | ErrorCode::ProfileInvalid
                | ErrorCode::PasswordTooShort
                | ErrorCode::EmailTaken
                | ErrorCode::ComplianceBlocked
                | ErrorCode::ComplianceWarning
                | ErrorCode::ReplyKeyInvalid
                | ErrorCode::ConfigInvalid
                | ErrorCode::PasswordCommon
                | ErrorCode::AccountLocked
                | ErrorCode::TooManyAttempts
                | ErrorCode::CodeInvalid
                | ErrorCode::CsrfInvalid
                | ErrorCode::ReadOnly
                | ErrorCode::OriginInvalid
                | ErrorCode::ContrastTooLow
                | ErrorCode::SiteNameInvalid
                | ErrorCode::AmountInvalid
                | ErrorCode::CurrencyUnknown
                | ErrorCode::RateMissing
                | ErrorCode::AlreadyDecided
                | ErrorCode::NotApprover
                | ErrorCode::IdempotencyConflict
                | ErrorCode::WebhookUrlInvalid
                | ErrorCode::WebhookUrlPrivate
                | ErrorCode::WebhookLimit
                | ErrorCode::SlugInvalid
                | ErrorCode::SlugTaken
                | ErrorCode::ReportRangeInvalid
                | ErrorCode::TimeZoneUnknown
                | ErrorCode::SheetInvalid
                | ErrorCode::OwnConversation
                | ErrorCode::AlreadyReviewed
                | ErrorCode::CaseNotResolved
                | ErrorCode::AlreadyInLibrary
                | ErrorCode::NoEmailAddress
                | ErrorCode::MailOff
        )
    }

    /// Whether a connection that produced this error is closed by the server.
    pub fn closes_connection(self) -> bool {
        matches!(
            self,
            ErrorCode::FrameTooLarge
                | ErrorCode::HelloRequired
                | ErrorCode::UnsupportedVersion
                | ErrorCode::UnknownSite
                | ErrorCode::OriginForbidden
                | ErrorCode::TokenInvalid
                | ErrorCode::TokenExpired
                | ErrorCode::Unauthorized
                | ErrorCode::IdentityInvalid
                | ErrorCode::Lagged
        )
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        ErrorCode::parse(&text)
            .ok_or_else(|| serde::de::Error::unknown_variant(&text, &["an error code"]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_through_serde_and_parse() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(ErrorCode::parse(code.as_str()), Some(code));
        }
    }

    #[test]
    fn every_code_is_written_and_read_by_its_wire_name() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(serde_json::from_str::<ErrorCode>(&json).unwrap(), code);
        }
        // Escaped on the wire is the same name.
        assert_eq!(
            serde_json::from_str::<ErrorCode>("\"rate\\u005flimited\"").unwrap(),
            ErrorCode::RateLimited
        );
        assert!(serde_json::from_str::<ErrorCode>("\"no_such_code\"").is_err());
        assert!(serde_json::from_str::<ErrorCode>("7").is_err());
    }

    #[test]
    fn fluent_ids_use_dashes() {
        assert_eq!(ErrorCode::RateLimited.fluent_id(), "error-rate-limited");
    }
}
