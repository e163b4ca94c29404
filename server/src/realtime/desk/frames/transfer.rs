//! `transfer`: to another team's queue and/or another agent of the site,
//! with a hand-off note.

use crate::services::casework;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Checks the team and the new holder, then runs the step.
    pub(in crate::realtime::desk) async fn transfer(
        &mut self,
        conversation_id: i64,
        team: Option<String>,
        agent_id: Option<i64>,
        note: Option<String>,
        escalate: bool,
    ) -> Flow {
        let to = casework::Handover {
            team: team.as_deref(),
            agent: agent_id,
            note,
            escalate,
        };
        let moved = casework::transfer(&self.state, &self.agent, conversation_id, to).await;
        match moved {
            Ok(()) => Flow::Continue,
            Err(refusal) => self.refuse(refusal, None).await,
        }
    }
}
