//! Break-glass: `request_access` (to read a conversation one may not see)
//! and `decide_access` (a supervisor's or admin's answer). Both audited.

use parley_app::error::ErrorCode;

use crate::domain::access::may_decide_access;
use crate::error::store_code;
use crate::events::HubEvent;
use crate::services::audit;
use crate::services::workflow::Refusal;
use crate::storage::StoreError;

use crate::realtime::desk::session::{Flow, Session};

/// Longest break-glass access.
const MAX_GRANT_MINUTES: u32 = 240;
/// Break-glass access when the approver does not say.
const DEFAULT_GRANT_MINUTES: u32 = 60;

impl Session {
    /// A break-glass request: logged, audited, shown to who may decide.
    pub(in crate::realtime::desk) async fn request_access(
        &mut self,
        conversation_id: i64,
        reason: String,
    ) -> Flow {
        let reason = parley_app::redact::masked(reason.trim());
        if reason.is_empty() || reason.chars().count() > 500 {
            let refusal = Refusal {
                code: ErrorCode::InvalidFrame,
                field: Some("reason".into()),
            };
            return self.refuse(refusal, None).await;
        }
        let place = match self.state.store.placement(conversation_id).await {
            Ok(p) if self.viewer.serves_site(&p.site) => p,
            Ok(_) | Err(StoreError::NotFound) => {
                return self.refuse(ErrorCode::NotFound.into(), None).await;
            }
            Err(e) => return self.refuse(store_code(e).into(), None).await,
        };
        let now = self.state.clock.now();
        let request = match self
            .state
            .store
            .create_access_request(self.agent.id, conversation_id, &reason, now)
            .await
        {
            Ok(id) => self.state.store.access_request(id).await,
            Err(e) => Err(e),
        };
        let request = match request {
            Ok(r) => r,
            Err(e) => return self.refuse(store_code(e).into(), None).await,
        };
        tracing::warn!(
            agent = self.agent.id,
            conversation = conversation_id,
            request = request.id,
            "break-glass access requested"
        );
        audit::record(
            &self.state,
            audit::Entry::by(&self.agent, "break_glass_requested")
                .conversation(&place.site, conversation_id)
                .detail(serde_json::json!({ "request": request.id, "reason": reason })),
        )
        .await;
        self.state
            .hub
            .publish_desks(HubEvent::AccessRequest(Box::new(request)));
        Flow::Continue
    }

    /// A supervisor's or admin's decision on a break-glass request.
    pub(in crate::realtime::desk) async fn decide_access(
        &mut self,
        request_id: i64,
        approve: bool,
        minutes: u32,
    ) -> Flow {
        let request = match self.state.store.access_request(request_id).await {
            Ok(r) => r,
            Err(e) => return self.refuse(store_code(e).into(), None).await,
        };
        let place = match self.state.store.placement(request.conversation_id).await {
            Ok(p) => p,
            Err(e) => return self.refuse(store_code(e).into(), None).await,
        };
        if !may_decide_access(&self.viewer, &place, request.agent_id) {
            tracing::warn!(
                agent = self.agent.id,
                request = request_id,
                "break-glass decision by someone who may not decide it"
            );
            return self.refuse(ErrorCode::Forbidden.into(), None).await;
        }
        let now = self.state.clock.now();
        let minutes = match minutes {
            0 => DEFAULT_GRANT_MINUTES,
            m => m.min(MAX_GRANT_MINUTES),
        };
        let expires = approve.then(|| now + i64::from(minutes) * 60_000);
        let decided = match self
            .state
            .store
            .decide_access(request_id, self.agent.id, approve, expires, now)
            .await
        {
            Ok(r) => r,
            Err(StoreError::Conflict) => {
                return self.refuse(ErrorCode::InvalidTransition.into(), None).await;
            }
            Err(e) => return self.refuse(store_code(e).into(), None).await,
        };
        let action = if approve {
            "break_glass_approved"
        } else {
            "break_glass_denied"
        };
        tracing::warn!(
            agent = self.agent.id,
            request = request_id,
            approve,
            minutes,
            "break-glass decision"
        );
        audit::record(
            &self.state,
            audit::Entry::by(&self.agent, action)
                .conversation(&place.site, request.conversation_id)
                .detail(serde_json::json!({
                    "request": request_id,
                    "for": request.agent_id,
                    "until": expires,
                })),
        )
        .await;
        self.state
            .hub
            .publish_desks(HubEvent::AccessRequest(Box::new(decided)));
        Flow::Continue
    }
}
