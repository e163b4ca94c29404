//! `set_availability`: the agent takes conversations now, or is away.

use parley_app::protocol::Availability;

use crate::error::store_code;
use crate::services::desk_access;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Stores it, tells every desk, re-runs routing.
    pub(in crate::realtime::desk) async fn set_availability(
        &mut self,
        availability: Availability,
    ) -> Flow {
        match desk_access::set_availability(&self.state, &self.agent, availability).await {
            Ok(()) => Flow::Continue,
            Err(e) => self.refuse(store_code(e).into(), None).await,
        }
    }
}
