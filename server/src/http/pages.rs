//! The server's answers to the pages' server functions
//! ([`parley_app::api::PageData`]): pages cannot reach storage, so the
//! server provides this one implementation as context.

use async_trait::async_trait;
use parley_app::api::{
    PageData, SecurityReply, SecurityRequest, SessionHandle, SetupView, SitesView, StaffList,
};
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::services::{desk, setup, sites};
use crate::state::AppState;
use crate::storage::StoreError;

/// [`PageData`] over the server's state.
pub struct Pages(pub AppState);

#[async_trait]
impl PageData for Pages {
    async fn staff(&self, admin: AgentProfile) -> Result<StaffList, ErrorCode> {
        desk::staff_list(&self.0, &admin).await.map_err(|e| {
            tracing::error!(error = %e, "staff page");
            ErrorCode::Internal
        })
    }

    async fn setup(&self, site: String) -> Result<SetupView, ErrorCode> {
        setup::view(&self.0, &site).await.map_err(|e| {
            if !matches!(e, StoreError::NotFound) {
                tracing::error!(error = %e, "setup page");
            }
            ErrorCode::NotFound
        })
    }

    async fn sites(&self, admin: AgentProfile) -> Result<SitesView, ErrorCode> {
        sites::overview(&self.0, &admin).await.map_err(|e| {
            tracing::error!(error = %e, "sites page");
            ErrorCode::Internal
        })
    }

    async fn complaints(
        &self,
        agent: AgentProfile,
        filter: parley_app::complaints::LedgerFilter,
        id: Option<i64>,
        locale: String,
    ) -> Result<parley_app::complaints::LedgerView, ErrorCode> {
        crate::services::complaint_ledger::ledger(&self.0, &agent, filter, id, &locale).await
    }

    async fn analysis(
        &self,
        agent: AgentProfile,
        site: String,
        month: String,
        locale: String,
    ) -> Result<parley_app::complaints::AnalysisView, ErrorCode> {
        crate::services::complaint_ledger::analysis(&self.0, &agent, &site, &month, &locale).await
    }

    async fn report(
        &self,
        agent: AgentProfile,
        filter: parley_app::reports::ReportFilter,
        locale: String,
    ) -> Result<parley_app::reports::ReportView, ErrorCode> {
        crate::services::reports::report(&self.0, &agent, filter, &locale).await
    }

    async fn api_keys(
        &self,
        admin: AgentProfile,
        site: String,
    ) -> Result<parley_app::api::ApiKeysView, ErrorCode> {
        crate::services::api_keys::view(&self.0, &admin, &site).await
    }

    async fn kb(
        &self,
        actor: AgentProfile,
        site: String,
        article: Option<i64>,
    ) -> Result<parley_app::api::KbView, ErrorCode> {
        crate::services::kb_view::editor_view(&self.0, &actor, &site, article).await
    }

    async fn webhooks(
        &self,
        admin: AgentProfile,
        site: String,
    ) -> Result<parley_app::api::WebhooksView, ErrorCode> {
        crate::services::webhooks::view(&self.0, &admin, &site).await
    }

    async fn library(
        &self,
        agent: AgentProfile,
        site: String,
        query: String,
        locale: String,
    ) -> Result<parley_app::api::LibraryView, ErrorCode> {
        crate::services::case_library::page(&self.0, &agent, &site, &query, &locale).await
    }

    async fn qa(
        &self,
        agent: AgentProfile,
        site: String,
        week: String,
    ) -> Result<parley_app::qa::QaView, ErrorCode> {
        crate::services::qa::view(&self.0, &agent, &site, &week).await
    }

    async fn create_api_key(
        &self,
        admin: AgentProfile,
        site: String,
        name: String,
        scope: String,
    ) -> Result<parley_app::api::CreatedKey, ErrorCode> {
        let scope =
            crate::domain::api_access::Scope::parse(&scope).ok_or(ErrorCode::InvalidFrame)?;
        crate::services::api_keys::create(&self.0, &admin, &site, &name, scope)
            .await
            .map(|c| parley_app::api::CreatedKey {
                id: c.id,
                key: c.key,
            })
            .map_err(|r| r.code)
    }

    async fn security(
        &self,
        handle: SessionHandle,
        request: SecurityRequest,
    ) -> Result<SecurityReply, ErrorCode> {
        crate::services::security_page::answer(&self.0, handle, request).await
    }
}
