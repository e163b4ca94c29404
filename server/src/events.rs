//! In-process fan-out of conversation events (the hub): services publish
//! here, the websocket sessions in `realtime/` listen. It sits below the
//! services and depends only on the shared protocol types.
//!
//! Every event goes to the desk channel (all signed-in desks) and to the
//! conversation's room (the visitor's widgets, possibly several tabs).
//! Channels are bounded; a receiver that falls behind gets `Lagged`, and its
//! session closes with `lagged` so the client resumes from its last `seq` —
//! nothing is lost because everything published is already stored.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use parley_app::protocol::{
    ChatMessage, ClockKind, ConversationDetail, ConversationStatus, ConversationSummary,
};
use tokio::sync::broadcast;

/// Capacity of each channel.
pub const CHANNEL_CAPACITY: usize = 1024;

/// Something that happened in a conversation.
#[derive(Debug, Clone)]
pub enum HubEvent {
    /// A stored message.
    Message(ChatMessage),
    /// New desk-list entry for the conversation.
    Summary(ConversationSummary),
    /// The customer is (not) typing.
    CustomerTyping {
        /// Conversation.
        conversation_id: i64,
        /// Typing now?
        on: bool,
    },
    /// Staff is (not) typing.
    AgentTyping {
        /// Conversation.
        conversation_id: i64,
        /// Typing now?
        on: bool,
    },
    /// Staff receipt cursors moved.
    AgentReceipt {
        /// Conversation.
        conversation_id: i64,
        /// Highest delivered.
        delivered_seq: i64,
        /// Highest read.
        read_seq: i64,
    },
    /// The conversation changed state (or its reply deadline moved).
    Status {
        /// Conversation.
        conversation_id: i64,
        /// New state.
        status: ConversationStatus,
        /// When staff are due to answer.
        reply_by: Option<i64>,
    },
    /// The desk's detail panel changed (desks only).
    Detail(Box<ConversationDetail>),
    /// A clock passed its warning or deadline (desks only).
    Alert {
        /// Conversation.
        conversation_id: i64,
        /// Clock.
        clock: ClockKind,
        /// Past the deadline.
        breached: bool,
        /// Deadline.
        due_at: i64,
        /// Supervisor and on-call person of the team.
        notify: Vec<i64>,
    },
    /// Where a waiting customer stands (their room only).
    Queue {
        /// Conversation.
        conversation_id: i64,
        /// 1-based place in the team's queue, `None` once owned.
        position: Option<u32>,
        /// Waiting in that queue.
        waiting: u32,
        /// Someone who could answer is available and on shift.
        staff_online: bool,
    },
    /// A staff member's profile or presence changed (desks only).
    Staff(parley_app::protocol::AgentProfile),
    /// An internal note (desks only, never a conversation room).
    Note(parley_app::protocol::NoteView),
    /// A site's canned replies changed (desks only).
    Canned(parley_app::canned::SiteCanned),
    /// A break-glass request was made or decided (desks only; each desk
    /// forwards it to its agent if they asked or may decide).
    AccessRequest(Box<parley_app::protocol::AccessRequestView>),
    /// Sessions of a staff member ended (sign-out, revocation): their desks
    /// re-check theirs and close if it is gone (desks only).
    SessionsEnded {
        /// Whose.
        agent_id: i64,
    },
    /// A site's compliance rules changed (desks only).
    Compliance {
        /// Site key.
        site: String,
        /// The new rules.
        policy: parley_app::compliance::CompliancePolicy,
    },
}

/// A receiver of hub events.
pub type HubReceiver = broadcast::Receiver<Arc<HubEvent>>;

/// The fan-out.
pub struct Hub {
    desk: broadcast::Sender<Arc<HubEvent>>,
    rooms: Mutex<HashMap<i64, broadcast::Sender<Arc<HubEvent>>>>,
    capacity: usize,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::with_capacity(CHANNEL_CAPACITY)
    }
}

impl Hub {
    /// A hub whose channels hold `capacity` events.
    pub fn with_capacity(capacity: usize) -> Hub {
        Hub {
            desk: broadcast::channel(capacity.max(1)).0,
            rooms: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
        }
    }

    /// Receives every event (desks).
    pub fn subscribe_desk(&self) -> HubReceiver {
        self.desk.subscribe()
    }

    /// Receives one conversation's events (widgets).
    pub fn subscribe_conversation(&self, conversation_id: i64) -> HubReceiver {
        match self.rooms.lock() {
            Ok(mut rooms) => rooms
                .entry(conversation_id)
                .or_insert_with(|| broadcast::channel(self.capacity).0)
                .subscribe(),
            Err(poisoned) => poisoned
                .into_inner()
                .entry(conversation_id)
                .or_insert_with(|| broadcast::channel(self.capacity).0)
                .subscribe(),
        }
    }

    /// Publishes to the desks and the conversation's room.
    pub fn publish(&self, conversation_id: i64, event: HubEvent) {
        let event = Arc::new(event);
        let _ = self.desk.send(event.clone());
        if let Ok(mut rooms) = self.rooms.lock()
            && let Some(room) = rooms.get(&conversation_id)
            && room.send(event).is_err()
        {
            // Nobody listens any more.
            rooms.remove(&conversation_id);
        }
    }

    /// Open rooms (for tests and metrics).
    /// Sends to the conversation's room only (the customer's widgets), if
    /// anyone is in it: for events desks do not need, at queue scale.
    pub fn publish_room(&self, conversation_id: i64, event: HubEvent) {
        if let Ok(mut rooms) = self.rooms.lock()
            && let Some(room) = rooms.get(&conversation_id)
            && room.send(Arc::new(event)).is_err()
        {
            rooms.remove(&conversation_id);
        }
    }

    /// Sends to every desk only.
    pub fn publish_desks(&self, event: HubEvent) {
        let _ = self.desk.send(Arc::new(event));
    }

    pub fn room_count(&self) -> usize {
        self.rooms.lock().map(|r| r.len()).unwrap_or(0)
    }
}
