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
