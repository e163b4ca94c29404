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

/// Capacity of the desks' channel (and the most of any channel).
pub const CHANNEL_CAPACITY: usize = 1024;
/// Capacity of a conversation's room: events its widgets have not read yet
/// (one that falls further behind resumes from its `seq`).
pub const ROOM_CAPACITY: usize = 64;
/// Capacity of a visitor's room (see [`visitor_room`]).
pub const VISITOR_ROOM_CAPACITY: usize = 4;

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
    /// The desk's detail panel changed (desks only; built on the node
    /// whose desks show it, never carried to other nodes).
    Detail(Box<ConversationDetail>),
    /// A conversation's case panel changed on another node: this node
    /// builds it again for its own desks showing it (see [`Hub::show_panel`]).
    PanelChanged {
        /// Conversation.
        conversation_id: i64,
    },
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
    /// Case panels this node's desks show, with how many desks show each:
    /// a panel takes a dozen queries to build, so it is built for these
    /// only (every other desk learns what it needs from the list entry).
    panels: Mutex<HashMap<i64, usize>>,
    /// Where panel changes heard from other nodes go: the task that builds
    /// case panels (`case_panel::publish_cases`).
    panel_updates: OnceLock<mpsc::UnboundedSender<CaseUpdate>>,
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
            panels: Mutex::new(HashMap::new()),
            panel_updates: OnceLock::new(),
        }
    }

    /// Sends the panel changes other nodes report to `updates` (once).
    pub fn panel_updates(&self, updates: mpsc::UnboundedSender<CaseUpdate>) {
        let _ = self.panel_updates.set(updates);
    }

    /// One more desk on this node shows conversation `id`'s case panel.
    pub fn show_panel(&self, id: i64) {
        *lock(&self.panels).entry(id).or_insert(0) += 1;
    }

    /// One desk fewer shows it (see [`PanelShown`]).
    pub fn hide_panel(&self, id: i64) {
        let mut panels = lock(&self.panels);
        if let Some(n) = panels.get_mut(&id) {
            *n -= 1;
            if *n == 0 {
                panels.remove(&id);
            }
        }
    }

    /// Whether a desk on this node shows conversation `id`'s case panel.
    pub fn panel_shown(&self, id: i64) -> bool {
        lock(&self.panels).contains_key(&id)
    }

    /// Hands a case panel built on this node to this node's desks.
    pub fn publish_panel(&self, detail: ConversationDetail) {
        let id = detail.conversation_id;
        self.deliver(
            Scope::Desks,
            id,
            Arc::new(HubEvent::Detail(Box::new(detail))),
        );
    }

    /// Tells the other nodes that conversation `id`'s case panel changed
    /// (their desks showing it get it built there).
    pub fn panel_changed_elsewhere(&self, id: i64) {
        self.to_other_nodes(Relayed {
            scope: Scope::Desks,
            conversation_id: id,
            event: Arc::new(HubEvent::PanelChanged {
                conversation_id: id,
            }),
        });
    }

    /// Queues `relayed` for the other nodes, if there are any; a full queue
    /// raises the flag that makes them resynchronise.
    fn to_other_nodes(&self, relayed: Relayed) {
        if let Some(bridge) = self.bridge.get()
            && bridge.queue.try_send(relayed).is_err()
        {
            bridge.overflowed.store(true, Ordering::Release);
        }
    }

    /// Receives every event (desks).
    pub fn subscribe_desk(&self) -> HubReceiver {
        self.desk.subscribe()
    }

    /// Receives one conversation's events (widgets).
    pub fn subscribe_conversation(&self, conversation_id: i64) -> HubReceiver {
        // A channel allocates all its slots at once (~48 bytes each): a room
        // holds what one widget has not read yet, a visitor's room only the
        // rare `Opened` (every idle widget has one).
        let capacity = match conversation_id < 0 {
            true => VISITOR_ROOM_CAPACITY,
            false => ROOM_CAPACITY,
        }
        .min(self.capacity);
        lock(&self.rooms)
            .entry(conversation_id)
            .or_insert_with(|| broadcast::channel(capacity).0)
            .subscribe()
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
        self.to_other_nodes(Relayed {
            scope,
            conversation_id,
            event,
        });
    }

    /// Delivers on this node only: what was published here, or arrived
    /// from another node.
    pub fn deliver(&self, scope: Scope, conversation_id: i64, event: Arc<HubEvent>) {
        if let HubEvent::PanelChanged { conversation_id } = *event {
            if self.panel_shown(conversation_id)
                && let Some(updates) = self.panel_updates.get()
            {
                let _ = updates.send(CaseUpdate::panel_only(conversation_id));
            }
            return;
        }
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
    /// Whether the list entry changed (a step on this node).
    pub entry: bool,
    /// Whether the case panel changed (state, clocks, facts, owner, …).
    pub panel: bool,
}

impl CaseUpdate {
    /// Another node's step changed the panel (it published the entry).
    pub fn panel_only(id: i64) -> CaseUpdate {
        CaseUpdate {
            id,
            entry: false,
            panel: true,
        }
    }
}

/// The case panel one desk shows: that of the conversation it opened last
/// (the desk shows one at a time), counted in [`Hub::show_panel`] while the
/// desk lives.
pub struct PanelShown {
    hub: Arc<Hub>,
    id: Option<i64>,
}

impl PanelShown {
    /// None yet.
    pub fn new(hub: Arc<Hub>) -> PanelShown {
        PanelShown { hub, id: None }
    }

    /// The desk now shows conversation `id`'s panel (instead of another's).
    pub fn show(&mut self, id: i64) {
        if self.id == Some(id) {
            return;
        }
        self.hub.show_panel(id);
        if let Some(before) = self.id.replace(id) {
            self.hub.hide_panel(before);
        }
    }

    /// Whether the desk shows conversation `id`'s panel.
    pub fn shows(&self, id: i64) -> bool {
        self.id == Some(id)
    }
}

impl Drop for PanelShown {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            self.hub.hide_panel(id);
        }
    }
}

/// A mutex's content, also after a panic elsewhere held it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panel_is_shown_while_a_desk_shows_it_and_each_desk_shows_one() {
        let hub = Arc::new(Hub::default());
        let (mut a, mut b) = (PanelShown::new(hub.clone()), PanelShown::new(hub.clone()));
        assert!(!hub.panel_shown(1));
        a.show(1);
        a.show(1);
        b.show(1);
        assert!(hub.panel_shown(1) && a.shows(1) && b.shows(1));
        // Opening another conversation replaces the one a desk showed.
        a.show(2);
        assert!(!a.shows(1) && a.shows(2));
        assert!(hub.panel_shown(1), "b still shows it");
        b.show(2);
        assert!(!hub.panel_shown(1));
        drop(a);
        assert!(hub.panel_shown(2));
        drop(b);
        assert!(!hub.panel_shown(2));
        hub.hide_panel(3); // never shown: nothing to count down
        assert!(!hub.panel_shown(3));
    }

    #[tokio::test]
    async fn another_nodes_panel_change_is_built_here_only_when_shown_here() {
        let hub = Arc::new(Hub::default());
        let (tx, mut rx) = mpsc::unbounded_channel();
        hub.panel_updates(tx);
        let mut desks = hub.subscribe_desk();
        let changed = |id| {
            Arc::new(HubEvent::PanelChanged {
                conversation_id: id,
            })
        };
        hub.deliver(Scope::Desks, 7, changed(7));
        assert!(rx.try_recv().is_err(), "no desk here shows 7");
        let mut desk = PanelShown::new(hub.clone());
        desk.show(7);
        hub.deliver(Scope::Desks, 7, changed(7));
        assert_eq!(rx.try_recv().unwrap(), CaseUpdate::panel_only(7));
        assert!(
            desks.try_recv().is_err(),
            "the notice itself is no desk event"
        );
    }
}
