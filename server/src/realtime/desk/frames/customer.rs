//! `set_customer`: the customer's tier and dedicated owner.

use parley_app::error::ErrorCode;
use parley_app::protocol::Tier;

use crate::error::store_code;
use crate::services::workflow::{Refusal, Step};

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
        if owner_id.is_some() && tier != Tier::Core {
            return self
                .refuse(
                    Refusal {
                        code: ErrorCode::InvalidFrame,
                        field: Some("owner".into()),
                    },
                    None,
                )
                .await;
        }
        if let Some(owner) = owner_id
            && let Err(code) = self.holder_of(conversation_id, owner).await
        {
            return self.refuse(code.into(), None).await;
        }
        if let Err(e) = self
            .state
            .store
            .set_customer_profile(conversation_id, tier, owner_id)
            .await
        {
            return self.refuse(store_code(e).into(), None).await;
        }
        tracing::info!(
            conversation = conversation_id,
            agent = self.agent.id,
            tier = tier.as_str(),
            ?owner_id,
            "customer tier set"
        );
        self.step(conversation_id, Step::Tier(tier)).await
    }
}
