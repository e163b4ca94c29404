//! `note`: an internal note, with mentions; never shown to the customer.

use parley_app::protocol::DeskEvent;

use crate::error::store_code;
use crate::services::casework;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Stores an internal note and tells every desk (mentioned colleagues
    /// are named in it); the customer's widget never hears of it. A repeated
    /// note is answered to this desk alone.
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
        match casework::note(&self.state, &self.agent, conversation_id, &client_id, &body).await {
            Ok((_, true)) => Flow::Continue,
            Ok((note, false)) => {
                self.emit(DeskEvent::Note { note });
                Flow::Continue
            }
            Err(e) => self.refuse(store_code(e).into(), Some(client_id)).await,
        }
    }
}
