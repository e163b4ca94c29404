//! `open`: a conversation's messages after a `seq`, then whether this desk
//! may only read it, then its case panel ([`casework::open`], which audits
//! opening from the start or by break-glass).

use parley_app::protocol::DeskEvent;

use crate::domain::access::Access;
use crate::services::casework;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Sends the history, the access and the detail of a conversation.
    pub(in crate::realtime::desk) async fn open(
        &mut self,
        conversation_id: i64,
        after_seq: i64,
        access: Access,
    ) -> Flow {
        if after_seq < 0 {
            return self
                .bad_frame(parley_app::error::ErrorCode::InvalidFrame)
                .await;
        }
        let site = self
            .places
            .get(&conversation_id)
            .map(|p| p.site.clone())
            .unwrap_or_default();
        let opened = casework::open(
            &self.state,
            &self.agent,
            &self.viewer,
            (conversation_id, &site),
            after_seq,
            access,
        )
        .await;
        match opened {
            Ok(o) => {
                self.emit(DeskEvent::History {
                    conversation_id,
                    messages: o.messages,
                });
                self.emit(DeskEvent::Access {
                    conversation_id,
                    read_only_until: o.read_only_until,
                });
                self.emit(DeskEvent::Detail {
                    detail: Box::new(o.detail),
                });
                Flow::Continue
            }
            Err(refusal) => self.refuse(refusal, None).await,
        }
    }
}
