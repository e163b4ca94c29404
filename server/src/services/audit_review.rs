//! The monthly audit-log review (R-SEC6): an admin of a site marks an
//! ended month of its log reviewed, with a note (audited itself); the
//! reports page lists the months still owed. The admin gate
//! (`http::guard`) lets only the site's admins reach [`review`].

use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;
use parley_app::reports::{AuditReviews, ReviewedMonth};

use crate::domain::audit_review::{MAX_NOTE_CHARS, may_review, unreviewed};
use crate::services::audit::{self, Entry};
use crate::state::AppState;
use crate::storage::{AuditReview, StoreError};

fn internal(e: StoreError) -> ErrorCode {
    tracing::error!(error = %e, "audit review");
    ErrorCode::Internal
}

/// `admin` marks `month` (`YYYY-MM`) of `site`'s log reviewed with
/// `note`: `Ok(false)` when it was reviewed already (the first review
/// stands). A month not yet ended or before the log began is
/// `invalid_frame`; an empty note too; an overlong one `text_too_long`.
pub async fn review(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    month: &str,
    note: &str,
) -> Result<bool, ErrorCode> {
    let note = note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(ErrorCode::TextTooLong);
    }
    let now = state.clock.now();
    let first = state.store.first_audit_at().await.map_err(internal)?;
    if note.is_empty() || !may_review(month, first, now) {
        return Err(ErrorCode::InvalidFrame);
    }
    let done = state
        .store
        .review_audit_month(&AuditReview {
            site: site.to_owned(),
            month: month.to_owned(),
            agent_id: admin.id,
            agent_name: admin.name.clone(),
            note: note.to_owned(),
            at: now,
        })
        .await
        .map_err(internal)?;
    if done {
        audit::record(
            state,
            Entry::by(admin, "audit_reviewed")
                .site(site)
                .detail(serde_json::json!({ "month": month })),
        )
        .await;
    }
    Ok(done)
}

/// The months of `site`'s log still owed a review, and the reviews made.
pub async fn overview(state: &AppState, site: &str) -> Result<AuditReviews, ErrorCode> {
    let first = state.store.first_audit_at().await.map_err(internal)?;
    let reviews = state.store.audit_reviews(site).await.map_err(internal)?;
    let months: Vec<String> = reviews.iter().map(|r| r.month.clone()).collect();
    Ok(AuditReviews {
        unreviewed: unreviewed(first, &months, state.clock.now()),
        reviewed: reviews
            .into_iter()
            .map(|r| ReviewedMonth {
                month: r.month,
                by: r.agent_name,
                note: r.note,
                at: r.at,
            })
            .collect(),
    })
}
