//! The service reports' server function.

#[allow(unused_imports)]
use super::*;

/// A site's service report (its supervisors, for their teams, and admins).
#[server(endpoint = "report")]
pub async fn load_report(
    filter: crate::reports::ReportFilter,
    locale: String,
) -> Result<crate::reports::ReportView, ErrorCode> {
    let agent = signed_in_staff().await?;
    page_data()?.report(agent, filter, locale).await
}

/// The weekly QA review: the viewer's own reviews, and a site's week for
/// its supervisors and admins.
#[server(endpoint = "qa")]
pub async fn load_qa(site: String, week: String) -> Result<crate::qa::QaView, ErrorCode> {
    let agent = signed_in_staff().await?;
    page_data()?.qa(agent, site, week).await
}

/// A site's case library, searched (`query` empty: the newest cases).
#[server(endpoint = "library")]
pub async fn load_library(
    site: String,
    query: String,
    locale: String,
) -> Result<LibraryView, ErrorCode> {
    let agent = signed_in_staff().await?;
    page_data()?.library(agent, site, query, locale).await
}
