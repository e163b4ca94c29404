//! `open`: a conversation's messages after a `seq`, then whether this desk
//! may only read it, then its case panel. Opening from the start (or by
//! break-glass) is audited.

use parley_app::error::ErrorCode;
use parley_app::protocol::DeskEvent;

use crate::domain::access::Access;
use crate::error::store_code;
use crate::realtime::desk::HISTORY_LIMIT;
use crate::services::{audit, workflow};

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
            // Before, -1 returned everything without the audit line.
            return self.bad_frame(ErrorCode::InvalidFrame).await;
        }
        if after_seq == 0 || access == Access::ReadOnly {
            let site = self.places.get(&conversation_id).map(|p| p.site.clone());
            audit::record(
                &self.state,
                audit::Entry::by(&self.agent, "view_conversation")
                    .conversation(site.as_deref().unwrap_or(""), conversation_id)
                    .detail(serde_json::json!({
                        "break_glass": access == Access::ReadOnly,
                    })),
            )
            .await;
        }
        match self
            .state
            .store
            .messages_after(conversation_id, after_seq, HISTORY_LIMIT)
            .await
        {
            Ok(messages) => {
                if messages.is_empty()
                    && self
                        .state
                        .store
                        .conversation(conversation_id)
                        .await
                        .is_err()
                {
                    return self.refuse(ErrorCode::NotFound.into(), None).await;
                }
                self.emit(DeskEvent::History {
                    conversation_id,
                    messages,
                });
                let read_only_until = if access == Access::ReadOnly {
                    self.grant_end(conversation_id).await
                } else {
                    None
                };
                self.emit(DeskEvent::Access {
                    conversation_id,
                    read_only_until,
                });
                let detail = match self.state.store.record(conversation_id).await {
                    Ok(record) => workflow::detail(&self.state, &record).await,
                    Err(e) => Err(e.into()),
                };
                match detail {
                    Ok(detail) => {
                        let detail = self.visible_detail(detail);
                        self.emit(DeskEvent::Detail { detail });
                        Flow::Continue
                    }
                    Err(refusal) => self.refuse(refusal, None).await,
                }
            }
            Err(e) => self.refuse(store_code(e).into(), None).await,
        }
    }
}
