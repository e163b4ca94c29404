//! `send`: an agent's reply, checked against the site's compliance rules
//! (the same rule the desk applied before sending), stored through the
//! workflow and acknowledged.

use parley_app::compliance::{self, RuleAction};
use parley_app::error::ErrorCode;
use parley_app::protocol::{Author, DeskEvent};

use crate::error::store_code;
use crate::events::HubEvent;
use crate::services::workflow::{self, MessageIn, Refusal, Step};

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    pub(in crate::realtime::desk) async fn send(
        &mut self,
        conversation_id: i64,
        client_id: String,
        body: String,
        confirmed: bool,
    ) -> Flow {
        let body = match self.staff_text(conversation_id, &client_id, &body).await {
            Ok(b) => b,
            Err(flow) => return flow,
        };
        let policy = match self.state.store.conversation(conversation_id).await {
            Ok(c) => match self.state.store.compliance_policy(&c.site).await {
                Ok(p) => p,
                Err(e) => return self.refuse(store_code(e).into(), Some(client_id)).await,
            },
            Err(e) => return self.refuse(store_code(e).into(), Some(client_id)).await,
        };
        // The same rule the desk applied before sending, enforced here.
        let hits = compliance::check(&policy, &body);
        if let Some(hit) = hits
            .iter()
            .find(|h| h.action == RuleAction::Block || !confirmed)
        {
            let code = match hit.action {
                RuleAction::Block => ErrorCode::ComplianceBlocked,
                RuleAction::Warn => ErrorCode::ComplianceWarning,
            };
            tracing::warn!(
                agent = self.agent.id,
                conversation = conversation_id,
                phrase = %hit.phrase,
                policy = policy.version,
                %code,
                "reply refused by compliance rules"
            );
            return self
                .refuse(
                    Refusal {
                        code,
                        field: Some(hit.phrase.clone()),
                    },
                    Some(client_id),
                )
                .await;
        }
        if !hits.is_empty() {
            tracing::info!(
                agent = self.agent.id,
                conversation = conversation_id,
                policy = policy.version,
                "reply sent past a compliance warning the agent confirmed"
            );
        }
        let message = MessageIn {
            client_id: &client_id,
            body: &body,
            author: Author::Agent,
            agent_id: Some(self.agent.id),
            policy_version: Some(policy.version),
        };
        let now = self.state.clock.now();
        let step = Step::AgentMessage {
            agent_id: self.agent.id,
        };
        let outcome =
            match workflow::run(&self.state, conversation_id, step, Some(message), now).await {
                Ok(o) => o,
                Err(refusal) => return self.refuse(refusal, Some(client_id)).await,
            };
        let Some(message) = outcome.message else {
            return Flow::Close(ErrorCode::Internal);
        };
        self.emit(DeskEvent::Ack { client_id, message });
        if outcome.created {
            self.state.hub.publish(
                conversation_id,
                HubEvent::AgentTyping {
                    conversation_id,
                    on: false,
                },
            );
        }
        Flow::Continue
    }
}
