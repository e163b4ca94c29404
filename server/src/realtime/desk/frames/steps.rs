//! Frames that are one workflow step each: `transition`, `set_facts`,
//! `set_priority` (the workflow checks the rule, saves and publishes).

use parley_app::intake::Facts;
use parley_app::lifecycle::{Actor, StatusAction};
use parley_app::protocol::Priority;

use crate::services::workflow::Step;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// A status action (start, resolve, archive, …).
    pub(in crate::realtime::desk) async fn transition(
        &mut self,
        conversation_id: i64,
        action: StatusAction,
    ) -> Flow {
        let step = Step::Action {
            actor: Actor::Staff,
            agent_id: Some(self.agent.id),
            action,
        };
        self.step(conversation_id, step).await
    }

    /// The form facts (card numbers masked).
    pub(in crate::realtime::desk) async fn set_facts(
        &mut self,
        conversation_id: i64,
        mut facts: Facts,
    ) -> Flow {
        if parley_app::redact::mask_facts(&mut facts) {
            tracing::info!(
                agent = self.agent.id,
                conversation = conversation_id,
                "card number masked in form facts"
            );
        }
        self.step(conversation_id, Step::Facts { facts }).await
    }

    /// The conversation's urgency.
    pub(in crate::realtime::desk) async fn set_priority(
        &mut self,
        conversation_id: i64,
        priority: Priority,
    ) -> Flow {
        self.step(conversation_id, Step::Priority(priority)).await
    }
}
