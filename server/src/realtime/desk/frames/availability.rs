//! `set_availability`: the agent takes conversations now, or is away.

use parley_app::protocol::Availability;

use crate::error::store_code;
use crate::realtime::desk::session::presence_changed;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Stores it, tells every desk, re-runs routing.
    pub(in crate::realtime::desk) async fn set_availability(
        &mut self,
        availability: Availability,
    ) -> Flow {
        match self
            .state
            .store
            .set_availability(self.agent.id, availability)
            .await
        {
            Ok(_) => {
                tracing::info!(
                    agent = self.agent.id,
                    availability = availability.as_str(),
                    "availability"
                );
                presence_changed(&self.state, self.agent.id);
                Flow::Continue
            }
            Err(e) => self.refuse(store_code(e).into(), None).await,
        }
    }
}
