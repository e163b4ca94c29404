//! `query`: an inbox view (filters and order) of what this desk may see.

use parley_app::inbox::InboxQuery;
use parley_app::protocol::DeskEvent;

use crate::error::store_code;
use crate::services::desk::LIST_LIMIT;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Answers with the matching conversations.
    pub(in crate::realtime::desk) async fn query(&mut self, query: InboxQuery) -> Flow {
        let now = self.state.clock.now();
        match self
            .state
            .store
            .inbox(&query, &self.viewer, now, LIST_LIMIT)
            .await
        {
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
