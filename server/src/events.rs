//! In-process fan-out of conversation events (the hub): services publish
//! here, the websocket sessions in `realtime/` listen. It sits below the
//! services and depends only on the shared protocol types.
//!
//! Every event goes to the desk channel (all signed-in desks) and to the
//! conversation's room (the visitor's widgets, possibly several tabs).
//! Channels are bounded; a receiver that falls behind gets `Lagged`, and its
//! session closes with `lagged` so the client resumes from its last `seq` —
//! nothing is lost because everything published is already stored.
//!
//! With several nodes (Postgres), each publish also goes to the node's
//! [`Bridge`] (`crate::cluster`), which carries it to the other nodes; what
//! arrives from them is delivered here with [`Hub::deliver`], locally only.
//! When the bridge cannot vouch for what it carried (a lost connection, a
//! full queue), [`HubEvent::Resync`] makes every session start over from
//! the store: widgets close with `lagged` and resume from their `seq`, desks
//! take a fresh snapshot.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use parley_app::protocol::{
    ChatMessage, ClockKind, ConversationDetail, ConversationStatus, ConversationSummary,
};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc};

/// Capacity of each channel.
pub const CHANNEL_CAPACITY: usize = 1024;

/// Something that happened in a conversation.
#[derive(Debug, Clone, Serialize, Deserialize)]
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
    /// Events from other nodes may have been missed: every session starts
    /// over from the store (never sent to other nodes as such).
    Resync,
    /// The site opened a conversation for a visitor who had none (a
    /// proactive notice from its back-end): sent to the visitor's room
    /// ([`visitor_room`]), so their open widgets join it live.
    Opened {
        /// The visitor.
        visitor_id: String,
        /// The new conversation.
        conversation_id: i64,
    },
    /// The bot holds the conversation, or handed it over (its room only).
    Bot {
        /// Conversation.
        conversation_id: i64,
        /// The bot still holds it.
        holding: bool,
    },
    /// A compensation ledger line was proposed, decided or escalated.
    Compensation(Box<parley_app::compensation::CompensationView>),
    /// A complaint was raised or took a step.
    Complaint(Box<parley_app::complaints::ComplaintView>),
    /// A complaint's clock is about to run out or ran out.
    ComplaintAlert {
        /// Complaint.
        complaint_id: i64,
        /// Its conversation.
        conversation_id: i64,
        /// Which clock.
        clock: parley_app::complaints::ComplaintClock,
        /// `true`: past its deadline; `false`: past the warning point.
        breached: bool,
        /// The deadline.
        due_at: i64,
        /// Staff it is addressed to (owner, supervisor, on-call).
        notify: Vec<i64>,
    },
}

/// Who hears an event: desks and the conversation's room, the room only, or
/// the desks only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    /// [`Hub::publish`].
    Both,
    /// [`Hub::publish_room`].
    Room,
    /// [`Hub::publish_desks`].
    Desks,
}

/// The room of a visitor who has no conversation yet, where their widgets
/// wait for one the site opens ([`HubEvent::Opened`]): a negative number
/// (conversation rooms are positive) from a hash of the visitor id. Two
/// visitors sharing one only hear each other's `Opened`, which names the
/// visitor.
pub fn visitor_room(visitor_id: &str) -> i64 {
    use sha2::Digest;
    // The same number on every node and version (unlike std's hasher).
    let digest = sha2::Sha256::digest(visitor_id.as_bytes());
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    -1 - (u64::from_be_bytes(first) >> 2) as i64
}

/// An event on its way to the other nodes.
#[derive(Debug, Clone)]
pub struct Relayed {
    /// Who hears it.
    pub scope: Scope,
    /// Its conversation (0 for desk-only events).
    pub conversation_id: i64,
    /// The event.
    pub event: Arc<HubEvent>,
}

/// The way out to the other nodes: a bounded queue, and a flag raised when
/// it overflowed (the other nodes must then resynchronise).
pub struct Bridge {
    /// Events to carry, in publish order.
    pub queue: mpsc::Sender<Relayed>,
    /// Set when an event could not be queued.
    pub overflowed: Arc<AtomicBool>,
}

/// A receiver of hub events.
pub type HubReceiver = broadcast::Receiver<Arc<HubEvent>>;

/// The fan-out.
pub struct Hub {
    desk: broadcast::Sender<Arc<HubEvent>>,
    rooms: Mutex<HashMap<i64, broadcast::Sender<Arc<HubEvent>>>>,
    capacity: usize,
    bridge: OnceLock<Bridge>,
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
            bridge: OnceLock::new(),
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

    /// Connects the hub to the other nodes (once; later calls are ignored).
    pub fn bridge(&self, bridge: Bridge) {
        let _ = self.bridge.set(bridge);
    }

    /// Publishes to the desks and the conversation's room.
    pub fn publish(&self, conversation_id: i64, event: HubEvent) {
        self.relay(Scope::Both, conversation_id, Arc::new(event));
    }

    /// Sends to the conversation's room only (the customer's widgets), if
    /// anyone is in it: for events desks do not need, at queue scale.
    pub fn publish_room(&self, conversation_id: i64, event: HubEvent) {
        self.relay(Scope::Room, conversation_id, Arc::new(event));
    }

    /// Sends to every desk only.
    pub fn publish_desks(&self, event: HubEvent) {
        self.relay(Scope::Desks, 0, Arc::new(event));
    }

    fn relay(&self, scope: Scope, conversation_id: i64, event: Arc<HubEvent>) {
        self.deliver(scope, conversation_id, event.clone());
        if let Some(bridge) = self.bridge.get() {
            let relayed = Relayed {
                scope,
                conversation_id,
                event,
            };
            if bridge.queue.try_send(relayed).is_err() {
                bridge.overflowed.store(true, Ordering::Release);
            }
        }
    }

    /// Delivers on this node only: what was published here, or arrived
    /// from another node.
    pub fn deliver(&self, scope: Scope, conversation_id: i64, event: Arc<HubEvent>) {
        if scope != Scope::Room {
            let _ = self.desk.send(event.clone());
        }
        if scope != Scope::Desks
            && let Ok(mut rooms) = self.rooms.lock()
            && let Some(room) = rooms.get(&conversation_id)
            && room.send(event).is_err()
        {
            // Nobody listens any more.
            rooms.remove(&conversation_id);
        }
    }

    /// Tells every desk and widget on this node to start over from the
    /// store ([`HubEvent::Resync`]).
    pub fn resync_all(&self) {
        let event = Arc::new(HubEvent::Resync);
        let _ = self.desk.send(event.clone());
        if let Ok(mut rooms) = self.rooms.lock() {
            rooms.retain(|_, room| room.send(event.clone()).is_ok());
        }
    }

    /// Open rooms (for tests and metrics).
    pub fn room_count(&self) -> usize {
        self.rooms.lock().map(|r| r.len()).unwrap_or(0)
    }
}

/// A step's news for desks, queued for the task that builds list entries
/// and case panels: the list entry always, the case panel when the step
/// changed what it shows beyond the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseUpdate {
    /// The conversation.
    pub id: i64,
    /// Whether the case panel changed (state, clocks, facts, owner, …).
    pub panel: bool,
}
