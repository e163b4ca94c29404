//! `received`: the desk got (and maybe read) messages up to a `seq`;
//! the widget shows the ticks, the desk list the unread count.

use crate::error::store_code;
use crate::services::casework;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Raises the staff cursors and publishes the receipt.
    pub(in crate::realtime::desk) async fn received(
        &mut self,
        conversation_id: i64,
        seq: i64,
        read: bool,
    ) -> Flow {
        match casework::agent_received(&self.state, conversation_id, seq, read).await {
            Ok(()) => Flow::Continue,
            Err(e) => self.refuse(store_code(e).into(), None).await,
        }
    }
}
