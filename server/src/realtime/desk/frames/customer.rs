//! `set_customer`: the customer's tier and dedicated owner.

use parley_app::protocol::Tier;

use crate::services::casework;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Sets the customer's tier and dedicated owner (an existing agent of
    /// the site; only core customers have one).
    pub(in crate::realtime::desk) async fn set_customer(
        &mut self,
        conversation_id: i64,
        tier: Tier,
        owner_id: Option<i64>,
    ) -> Flow {
        match casework::set_customer(&self.state, &self.agent, conversation_id, tier, owner_id)
            .await
        {
            Ok(()) => Flow::Continue,
            Err(refusal) => self.refuse(refusal, None).await,
        }
    }
}
