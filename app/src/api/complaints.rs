//! The complaint ledger's and the monthly analysis's server functions.

#[allow(unused_imports)]
use super::*;

/// The complaint ledger (filtered) and, with `id`, one complaint's case;
/// any signed-in staff member, who sees what the access rule lets them.
#[server(endpoint = "complaints")]
pub async fn load_complaints(
    filter: crate::complaints::LedgerFilter,
    id: Option<i64>,
    locale: String,
) -> Result<crate::complaints::LedgerView, ErrorCode> {
    let agent = signed_in_staff().await?;
    page_data()?.complaints(agent, filter, id, locale).await
}

/// The monthly complaint analysis of a site (its supervisors and admins).
#[server(endpoint = "complaint-analysis")]
pub async fn load_analysis(
    site: String,
    month: String,
    locale: String,
) -> Result<crate::complaints::AnalysisView, ErrorCode> {
    let agent = signed_in_staff().await?;
    page_data()?.analysis(agent, site, month, locale).await
}
