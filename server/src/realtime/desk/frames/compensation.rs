//! Compensation frames: `propose_compensation` (on a conversation the agent
//! works on, checked by the dispatcher) and `decide_compensation` (an
//! approver's answer, possibly on a conversation they do not otherwise
//! see). The rules, the ledger and who hears of it live in
//! `services::compensation`.

use parley_app::compensation::Verdict;

use crate::realtime::desk::session::{Flow, Session};
use crate::services::compensation::{self, Proposal};

impl Session {
    /// A proposal; a refusal names its `client_id`.
    pub(in crate::realtime::desk) async fn propose_compensation(
        &mut self,
        conversation_id: i64,
        proposal: Proposal,
    ) -> Flow {
        let client_id = proposal.client_id.clone();
        match compensation::propose(&self.state, &self.agent, conversation_id, proposal).await {
            Ok(()) => Flow::Continue,
            Err(refusal) => self.refuse(refusal, Some(client_id)).await,
        }
    }

    /// A decision on a waiting proposal.
    pub(in crate::realtime::desk) async fn decide_compensation(
        &mut self,
        id: i64,
        verdict: Verdict,
        amount: Option<String>,
        reason: String,
    ) -> Flow {
        let decided = compensation::decide_one(
            &self.state,
            &self.agent,
            &self.viewer,
            id,
            verdict,
            amount.as_deref(),
            &reason,
        )
        .await;
        match decided {
            Ok(()) => Flow::Continue,
            Err(refusal) => self.refuse(refusal, None).await,
        }
    }
}
