//! `query`: an inbox view (filters and order) of what this desk may see.

use parley_app::inbox::InboxQuery;
use parley_app::protocol::DeskEvent;

use crate::error::store_code;
use crate::services::casework;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Answers with the matching conversations.
    pub(in crate::realtime::desk) async fn query(&mut self, query: InboxQuery) -> Flow {
        match casework::inbox(&self.state, &self.viewer, &query).await {
            Ok(conversations) => {
                self.emit(DeskEvent::Inbox {
                    query,
                    conversations,
                });
                Flow::Continue
            }
            Err(e) => self.refuse(store_code(e).into(), None).await,
        }
    }
}
