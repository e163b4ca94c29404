//! `note`: an internal note, with mentions; never shown to the customer.

use parley_app::protocol::DeskEvent;

use crate::error::store_code;
use crate::events::HubEvent;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Stores an internal note and tells every desk (mentioned colleagues
    /// are named in it); the customer's widget never hears of it.
    pub(in crate::realtime::desk) async fn note(
        &mut self,
        conversation_id: i64,
        client_id: String,
        body: String,
    ) -> Flow {
        let body = match self.staff_text(conversation_id, &client_id, &body).await {
            Ok(b) => b,
            Err(flow) => return flow,
        };
        let staff = match self.state.store.agents().await {
            Ok(a) => a,
            Err(e) => return self.refuse(store_code(e).into(), Some(client_id)).await,
        };
        let mentions = parley_app::protocol::mentioned(&body, &staff);
        let now = self.state.clock.now();
        match self
            .state
            .store
            .add_note(
                conversation_id,
                &client_id,
                self.agent.id,
                &body,
                &mentions,
                now,
            )
            .await
        {
            Ok((note, created)) => {
                if created {
                    tracing::info!(
                        agent = self.agent.id,
                        conversation = conversation_id,
                        ?mentions,
                        "internal note"
                    );
                    self.state.hub.publish_desks(HubEvent::Note(note));
                } else {
                    self.emit(DeskEvent::Note { note });
                }
                Flow::Continue
            }
            Err(e) => self.refuse(store_code(e).into(), Some(client_id)).await,
        }
    }
}
