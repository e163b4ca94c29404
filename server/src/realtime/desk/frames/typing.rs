//! `typing`: the agent is (not) typing; the customer's widget shows it.

use crate::events::HubEvent;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Tells the conversation's room.
    pub(in crate::realtime::desk) async fn typing(
        &mut self,
        conversation_id: i64,
        on: bool,
    ) -> Flow {
        // For the customer's widget only: desks do not show each other typing.
        self.state.hub.publish_room(
            conversation_id,
            HubEvent::AgentTyping {
                conversation_id,
                on,
            },
        );
        Flow::Continue
    }
}
