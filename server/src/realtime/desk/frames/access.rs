//! Break-glass frames: `request_access` (to read a conversation one may not
//! see) and `decide_access` (a supervisor's or admin's answer). The rule,
//! the audit line and who hears of it live in `services::break_glass`.

use crate::realtime::desk::session::{Flow, Session};
use crate::services::break_glass;

impl Session {
    /// A break-glass request.
    pub(in crate::realtime::desk) async fn request_access(
        &mut self,
        conversation_id: i64,
        reason: String,
    ) -> Flow {
        let asked = break_glass::request(
            &self.state,
            &self.agent,
            &self.viewer,
            conversation_id,
            &reason,
        )
        .await;
        match asked {
            Ok(()) => Flow::Continue,
            Err(refusal) => self.refuse(refusal, None).await,
        }
    }

    /// A decision on a break-glass request.
    pub(in crate::realtime::desk) async fn decide_access(
        &mut self,
        request_id: i64,
        approve: bool,
        minutes: u32,
    ) -> Flow {
        let decided = break_glass::decide(
            &self.state,
            &self.agent,
            &self.viewer,
            request_id,
            approve,
            minutes,
        )
        .await;
        match decided {
            Ok(()) => Flow::Continue,
            Err(refusal) => self.refuse(refusal, None).await,
        }
    }
}
