//! Several Parley nodes on one Postgres database, with Postgres itself as
//! the only go-between (no broker):
//!
//! - **Live events.** What a node's hub publishes is queued to its
//!   [`Bridge`]; a sender task packs the queue into `NOTIFY parley_hub`
//!   payloads (under Postgres' 8,000 bytes; a larger packet waits in
//!   `hub_spill` and only its id is notified), and every node's listener
//!   delivers the other nodes' events to its own sessions. Notifications are
//!   sent after the change is committed (the services publish after
//!   storing), so a node never hears of a message it cannot read.
//! - **Nothing lost.** Everything published is already stored. When a node
//!   cannot vouch for what it received (its listening connection dropped, a
//!   sender reported an overflow or a failed send), its sessions start over
//!   from the store ([`HubEvent::Resync`]): widgets resume from their `seq`,
//!   desks take a fresh snapshot.
//! - **Presence.** Which agents have a desk open is per node; nodes tell
//!   each other their set when it changes and every few seconds, and forget
//!   a node not heard from for [`PRESENCE_TTL`] (one that was killed).
//! - **Once across nodes.** Background jobs and routing rounds take a
//!   Postgres advisory lock ([`Cluster::exclusive`], [`Cluster::serialise`]),
//!   held by a connection: a killed node's locks go with its connections.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use sqlx::Postgres;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::events::{Bridge, Hub, HubEvent, Relayed, Scope};

/// The notification channel.
const CHANNEL: &str = "parley_hub";
/// Largest payload sent inline (Postgres refuses 8,000 bytes and more).
const MAX_PAYLOAD: usize = 7_900;
/// Events waiting to go out, at most; beyond, the other nodes resync.
const QUEUE: usize = 65_536;
/// How often a node repeats its presence.
const PRESENCE_EVERY: Duration = Duration::from_secs(3);
/// A node not heard from for this long has no desks.
pub const PRESENCE_TTL: Duration = Duration::from_secs(10);
/// Spilled packets are kept this long.
const SPILL_KEEP_MS: i64 = 5 * 60_000;

/// What nodes tell each other.
#[derive(Debug, Serialize, Deserialize)]
struct Packet {
    /// The sending node.
    node: String,
    items: Vec<Item>,
}

#[derive(Debug, Serialize, Deserialize)]
enum Item {
    /// A hub event.
    Event {
        scope: Scope,
        conversation_id: i64,
        event: Arc<HubEvent>,
    },
    /// The agents with a desk open on the sending node.
    Presence(Vec<i64>),
    /// The sender may have failed to carry something: start over.
    Resync,
}

/// Work that must happen on one node at a time, named for its advisory lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Job {
    /// Routing rounds (every site).
    Routing,
    /// SLA warnings, breaches and escalations.
    Escalation,
    /// Retention and erasure.
    Retention,
    /// The sweep of abandoned uploads.
    UploadSweep,
    /// The timer that starts routing rounds (each round then waits for
    /// [`Job::Routing`]).
    RoutingTimer,
    /// Webhook deliveries.
    Webhooks,
    /// Mail: replies queued, the outbox sent.
    Mail,
    /// Mail collected from the IMAP mailbox.
    Imap,
}

impl Job {
    /// The advisory lock key (a constant per job, in Parley's own range).
    fn key(self) -> i64 {
        const BASE: i64 = 0x5041_524c_0000; // "PARL"
        BASE + match self {
            Job::Routing => 1,
            Job::Escalation => 2,
            Job::Retention => 3,
            Job::UploadSweep => 4,
            Job::RoutingTimer => 5,
            Job::Webhooks => 6,
            Job::Mail => 7,
            Job::Imap => 8,
        }
    }
}

/// A turn at a [`Job`]: the advisory lock on several nodes, nothing to hold
/// on one.
pub struct Turn(#[allow(dead_code)] Option<Exclusive>);

impl Turn {
    /// The turn of the only node.
    pub fn alone() -> Turn {
        Turn(None)
    }

    /// A turn held by `lock`.
    pub fn held(lock: Exclusive) -> Turn {
        Turn(Some(lock))
    }
}

/// This node's membership of the cluster.
pub struct Cluster {
    node: String,
    pool: PgPool,
    remote: Mutex<HashMap<String, (Instant, HashSet<i64>)>>,
    presence: mpsc::Sender<()>,
}

/// Holds an advisory lock until dropped.
pub struct Exclusive {
    conn: Option<PoolConnection<Postgres>>,
    key: i64,
}

impl Drop for Exclusive {
    fn drop(&mut self) {
        if let Some(mut conn) = self.conn.take() {
            let key = self.key;
            tokio::spawn(async move {
                if sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(key)
                    .execute(&mut *conn)
                    .await
                    .is_err()
                {
                    // Closing the session releases its locks.
                    conn.close_on_drop();
                }
            });
        }
    }
}

impl Cluster {
    /// Joins the cluster on the database at `url`: bridges `hub` to the
    /// other nodes and starts the tasks that carry events both ways.
    /// `desks` is this node's open desks per agent.
    pub async fn join(
        url: &str,
        hub: Arc<Hub>,
        desks: Arc<Mutex<HashMap<i64, u32>>>,
    ) -> Result<(Arc<Cluster>, Vec<JoinHandle<()>>), sqlx::Error> {
        let pool = PgPoolOptions::new()
            .max_connections(6)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        let node = hex::encode(rand::random::<[u8; 8]>());
        let (queue, outgoing) = mpsc::channel(QUEUE);
        let overflowed = Arc::new(AtomicBool::new(false));
        hub.bridge(Bridge {
            queue,
            overflowed: overflowed.clone(),
        });
        let (presence, presence_rx) = mpsc::channel(1);
        let cluster = Arc::new(Cluster {
            node,
            pool,
            remote: Mutex::new(HashMap::new()),
            presence,
        });
        let mut listener = PgListener::connect_with(&cluster.pool).await?;
        listener.listen(CHANNEL).await?;
        tracing::info!(node = %cluster.node, "joined the cluster (Postgres LISTEN/NOTIFY)");
        let tasks = vec![
            tokio::spawn(send(
                cluster.clone(),
                outgoing,
                overflowed,
                presence_rx,
                desks,
            )),
            tokio::spawn(receive(cluster.clone(), listener, hub)),
        ];
        Ok((cluster, tasks))
    }

    /// This node's id (random per start).
    pub fn node(&self) -> &str {
        &self.node
    }

    /// This node's set of open desks changed: tell the others now.
    pub fn presence_changed(&self) {
        let _ = self.presence.try_send(());
    }

    /// Whether another live node has a desk of `agent_id` open.
    pub fn remote_desk(&self, agent_id: i64) -> bool {
        let remote = self.remote.lock().unwrap_or_else(|p| p.into_inner());
        remote
            .values()
            .any(|(at, agents)| at.elapsed() < PRESENCE_TTL && agents.contains(&agent_id))
    }

    /// Whether another live node has any desk open.
    pub fn any_remote_desk(&self) -> bool {
        let remote = self.remote.lock().unwrap_or_else(|p| p.into_inner());
        remote
            .values()
            .any(|(at, agents)| at.elapsed() < PRESENCE_TTL && !agents.is_empty())
    }

    /// Takes `job`'s lock if no node holds it; `None` when one does (the
    /// caller skips its turn) or the database cannot be reached.
    pub async fn exclusive(&self, job: Job) -> Option<Exclusive> {
        let mut conn = self.pool.acquire().await.ok()?;
        let taken: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(job.key())
            .fetch_one(&mut *conn)
            .await
            .ok()?;
        taken.then(|| Exclusive {
            conn: Some(conn),
            key: job.key(),
        })
    }

    /// Waits for `job`'s lock (work that must happen, one node at a time).
    pub async fn serialise(&self, job: Job) -> Result<Exclusive, sqlx::Error> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(job.key())
            .execute(&mut *conn)
            .await?;
        Ok(Exclusive {
            conn: Some(conn),
            key: job.key(),
        })
    }

    fn heard(&self, node: &str, agents: Vec<i64>) {
        let mut remote = self.remote.lock().unwrap_or_else(|p| p.into_inner());
        remote.retain(|_, (at, _)| at.elapsed() < PRESENCE_TTL);
        remote.insert(
            node.to_owned(),
            (Instant::now(), agents.into_iter().collect()),
        );
    }

    /// Sends `packet` to every node: inline when small enough, else spilled.
    async fn notify(&self, payload: String) -> Result<(), sqlx::Error> {
        let payload = if payload.len() <= MAX_PAYLOAD {
            payload
        } else {
            let now = wall_ms();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO hub_spill (at, packet) VALUES ($1, $2) RETURNING id",
            )
            .bind(now)
            .bind(&payload)
            .fetch_one(&self.pool)
            .await?;
            format!("spill:{id}")
        };
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(payload)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

/// Milliseconds since the epoch (spill rows are pruned by wall time, not
/// by a test's clock).
fn wall_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Packs `items` into payloads of at most [`MAX_PAYLOAD`] bytes (an item
/// larger than that alone in its own, to be spilled).
fn pack(node: &str, items: Vec<Item>) -> Vec<String> {
    let head = format!("{{\"node\":{},\"items\":[", serde_json::json!(node));
    let mut out = Vec::new();
    let mut current = head.clone();
    let mut count = 0;
    for item in items {
        let Ok(text) = serde_json::to_string(&item) else {
            continue;
        };
        if count > 0 && current.len() + text.len() + 3 > MAX_PAYLOAD {
            current.push_str("]}");
            out.push(std::mem::replace(&mut current, head.clone()));
            count = 0;
        }
        if count > 0 {
            current.push(',');
        }
        current.push_str(&text);
        count += 1;
    }
    if count > 0 {
        current.push_str("]}");
        out.push(current);
    }
    out
}

fn local_desks(desks: &Mutex<HashMap<i64, u32>>) -> Vec<i64> {
    let desks = desks.lock().unwrap_or_else(|p| p.into_inner());
    desks.keys().copied().collect()
}

/// Carries this node's events (and presence) to the others.
async fn send(
    cluster: Arc<Cluster>,
    mut outgoing: mpsc::Receiver<Relayed>,
    overflowed: Arc<AtomicBool>,
    mut presence: mpsc::Receiver<()>,
    desks: Arc<Mutex<HashMap<i64, u32>>>,
) {
    let mut every = tokio::time::interval(PRESENCE_EVERY);
    let mut last_prune = Instant::now();
    loop {
        let mut items = Vec::new();
        tokio::select! {
            first = outgoing.recv() => {
                let Some(first) = first else { return };
                items.push(event_item(first));
                while items.len() < 512 {
                    match outgoing.try_recv() {
                        Ok(next) => items.push(event_item(next)),
                        Err(_) => break,
                    }
                }
            }
            _ = presence.recv() => items.push(Item::Presence(local_desks(&desks))),
            _ = every.tick() => items.push(Item::Presence(local_desks(&desks))),
        }
        if overflowed.swap(false, Ordering::AcqRel) {
            tracing::error!("cluster queue overflowed: the other nodes resynchronise");
            items.push(Item::Resync);
        }
        tracing::debug!(items = items.len(), "notifying the other nodes");
        for payload in pack(&cluster.node, items) {
            let mut tries = 0;
            while let Err(e) = cluster.notify(payload.clone()).await {
                tries += 1;
                tracing::error!(error = %e, tries, "could not notify the other nodes");
                if tries >= 5 {
                    // Given up on this packet: the others must start over.
                    overflowed.store(true, Ordering::Release);
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200 * tries)).await;
            }
        }
        if last_prune.elapsed() > Duration::from_secs(60) {
            last_prune = Instant::now();
            let before = wall_ms() - SPILL_KEEP_MS;
            if let Err(e) = sqlx::query("DELETE FROM hub_spill WHERE at < $1")
                .bind(before)
                .execute(&cluster.pool)
                .await
            {
                tracing::warn!(error = %e, "could not prune hub_spill");
            }
        }
    }
}

fn event_item(r: Relayed) -> Item {
    Item::Event {
        scope: r.scope,
        conversation_id: r.conversation_id,
        event: r.event,
    }
}

/// Delivers the other nodes' events here.
async fn receive(cluster: Arc<Cluster>, mut listener: PgListener, hub: Arc<Hub>) {
    loop {
        match listener.try_recv().await {
            Ok(Some(note)) => {
                let packet = match note.payload().strip_prefix("spill:") {
                    Some(id) => match spilled(&cluster, id).await {
                        Some(p) => p,
                        None => {
                            hub.resync_all();
                            continue;
                        }
                    },
                    None => note.payload().to_owned(),
                };
                match serde_json::from_str::<Packet>(&packet) {
                    Ok(p) if p.node == cluster.node => {}
                    Ok(p) => deliver(&cluster, &hub, p),
                    Err(e) => {
                        tracing::error!(error = %e, "unreadable cluster packet");
                        hub.resync_all();
                    }
                }
            }
            Ok(None) => {
                // The connection dropped (and is re-established on the next
                // call): whatever was notified meanwhile is lost.
                tracing::warn!("cluster listener reconnecting: sessions resynchronise");
                hub.resync_all();
            }
            Err(e) => {
                tracing::error!(error = %e, "cluster listener failed; retrying");
                hub.resync_all();
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

async fn spilled(cluster: &Cluster, id: &str) -> Option<String> {
    let id: i64 = id.parse().ok()?;
    let found = sqlx::query_scalar("SELECT packet FROM hub_spill WHERE id = $1")
        .bind(id)
        .fetch_optional(&cluster.pool)
        .await;
    match found {
        Ok(Some(packet)) => Some(packet),
        Ok(None) => None,
        Err(e) => {
            tracing::error!(error = %e, "could not read a spilled cluster packet");
            None
        }
    }
}

fn deliver(cluster: &Cluster, hub: &Hub, packet: Packet) {
    tracing::debug!(from = %packet.node, items = packet.items.len(), "cluster packet");
    for item in packet.items {
        match item {
            Item::Event {
                scope,
                conversation_id,
                event,
            } => hub.deliver(scope, conversation_id, event),
            Item::Presence(agents) => cluster.heard(&packet.node, agents),
            Item::Resync => hub.resync_all(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typing(id: i64) -> Item {
        Item::Event {
            scope: Scope::Both,
            conversation_id: id,
            event: Arc::new(HubEvent::CustomerTyping {
                conversation_id: id,
                on: true,
            }),
        }
    }

    #[test]
    fn packets_stay_under_the_notify_limit_and_keep_every_item_in_order() {
        let items: Vec<Item> = (0..2_000).map(typing).collect();
        let packets = pack("n1", items);
        assert!(packets.len() > 1);
        let mut ids = Vec::new();
        for p in &packets {
            assert!(p.len() <= MAX_PAYLOAD, "{}", p.len());
            let packet: Packet = serde_json::from_str(p).unwrap();
            assert_eq!(packet.node, "n1");
            for item in packet.items {
                match item {
                    Item::Event {
                        conversation_id, ..
                    } => ids.push(conversation_id),
                    other => panic!("{other:?}"),
                }
            }
        }
        assert_eq!(ids, (0..2_000).collect::<Vec<_>>());
    }

    #[test]
    fn an_item_larger_than_the_limit_travels_alone() {
        let big = Item::Event {
            scope: Scope::Desks,
            conversation_id: 0,
            event: Arc::new(HubEvent::Compliance {
                site: "x".repeat(10_000),
                policy: Default::default(),
            }),
        };
        let packets = pack("n1", vec![typing(1), big, typing(2)]);
        assert_eq!(packets.len(), 3);
        assert!(packets[1].len() > MAX_PAYLOAD);
        assert!(packets[0].len() <= MAX_PAYLOAD && packets[2].len() <= MAX_PAYLOAD);
    }

    #[test]
    fn job_locks_are_distinct() {
        let jobs = [
            Job::Routing,
            Job::Escalation,
            Job::Retention,
            Job::UploadSweep,
            Job::RoutingTimer,
        ];
        let keys: HashSet<i64> = jobs.iter().map(|j| j.key()).collect();
        assert_eq!(keys.len(), jobs.len());
    }
}
