//! `send`: an agent's reply, checked against the site's compliance rules
//! and stored through the workflow ([`casework::reply`]), then acknowledged.

use parley_app::protocol::DeskEvent;

use crate::services::casework;

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
        let replied = casework::reply(
            &self.state,
            &self.agent,
            conversation_id,
            &client_id,
            &body,
            confirmed,
        )
        .await;
        match replied {
            Ok(message) => {
                self.emit(DeskEvent::Ack { client_id, message });
                Flow::Continue
            }
            Err(refusal) => self.refuse(refusal, Some(client_id)).await,
        }
    }
}
