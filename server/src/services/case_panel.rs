//! What desks are shown of a case after each step: the list entry (always)
//! and the case panel (when the step changed more than the messages),
//! built by one task in step order so the step's caller can acknowledge at
//! once; several steps of one conversation waiting together make one update.

use parley_app::protocol::{ChatMessage, ClockKind, ClockPhase, ClockView, ConversationDetail};

use crate::events::{CaseUpdate, HubEvent};
use crate::services::{compensation_view, complaint_view, site_rules};
use crate::state::AppState;
use crate::storage::{ConversationRecord, StoreError};

/// The customer's earlier conversations shown beside an open one.
const HISTORY_LIMIT: i64 = 20;

/// When staff are due to answer the customer: the nearest running
/// first/next-response deadline.
pub fn reply_by(record: &ConversationRecord) -> Option<i64> {
    record
        .clocks
        .iter()
        .filter(|c| {
            c.clock.phase == ClockPhase::Running
                && matches!(
                    c.clock.kind,
                    ClockKind::FirstResponse | ClockKind::NextResponse
                )
        })
        .filter_map(|c| c.due_at)
        .min()
}

/// The desk's detail panel for a conversation.
pub async fn detail(
    state: &AppState,
    record: &ConversationRecord,
) -> Result<ConversationDetail, StoreError> {
    let rules = site_rules::of(state, &record.site).await?;
    let category = match &record.category {
        Some(key) => rules
            .categories
            .iter()
            .find(|c| &c.category.key == key)
            .map(|c| c.category.clone()),
        None => None,
    };
    let missing = category
        .as_ref()
        .map(|c| c.missing(&record.facts))
        .unwrap_or_default();
    let (site, visitor) = state.store.conversation_visitor(record.id).await?;
    let contact = crate::services::personal::contact_view(state, &site, &visitor).await?;
    Ok(ConversationDetail {
        conversation_id: record.id,
        contact,
        category,
        facts: record.facts.clone(),
        missing,
        clocks: record
            .clocks
            .iter()
            .map(|c| ClockView {
                kind: c.clock.kind,
                phase: c.clock.phase,
                started_at: c.clock.started_at,
                due_at: c.due_at,
                warn_at: c.warn_at,
                stopped_at: c.clock.stopped_at,
            })
            .collect(),
        transitions: state.store.transitions(record.id).await?,
        team: match record.team_id {
            Some(id) => Some(site_rules::team(state, &record.site, id).await?.name),
            None => None,
        },
        teams: rules.teams.iter().map(|t| t.name.clone()).collect(),
        owner_id: state.store.customer_owner(record.id).await?,
        history: state
            .store
            .customer_history(record.id, HISTORY_LIMIT)
            .await?,
        notes: state.store.notes(record.id).await?,
        ratings: state.store.ratings(record.id).await?,
        complex: record.complex,
        complaint: match state.store.complaint_of(record.id).await? {
            Some(c) => Some(complaint_view::view(state, &c, state.clock.now()).await),
            None => None,
        },
        compensations: compensation_view::of_conversation(state, &record.site, record.id).await?,
        authority: Some(compensation_view::authority_view(state, &record.site).await?),
        bot: crate::services::bot_view::of(state, record.id).await?,
        mail: crate::services::mail::view::view(state, record.id).await?,
    })
}

/// Desks showing conversation `id`'s case panel get it afresh (on this node
/// built here, on the others there).
pub async fn publish_detail(state: &AppState, id: i64) {
    if !state.hub.panel_shown(id) {
        state.hub.panel_changed_elsewhere(id);
        return;
    }
    match state.store.record(id).await {
        Ok(record) => publish_panel(state, &record).await,
        Err(e) => tracing::error!(error = %e, "record for a case panel"),
    }
}

/// The case panel of `record` to this node's desks showing it (built only
/// if one does), and word of the change to the other nodes.
async fn publish_panel(state: &AppState, record: &ConversationRecord) {
    state.hub.panel_changed_elsewhere(record.id);
    if state.hub.panel_shown(record.id) {
        match detail(state, record).await {
            Ok(d) => state.hub.publish_panel(d),
            Err(e) => tracing::error!(error = %e, "detail after a workflow step"),
        }
    }
}

/// Tells desks and the widget what changed.
pub async fn publish(
    state: &AppState,
    message: Option<&ChatMessage>,
    record: &ConversationRecord,
    change: Change,
) {
    let id = record.id;
    if change.moved {
        // Who may see the conversation changed: desks hear of it before
        // anything else of it (they decide from the entry what to forward).
        publish_summary(state, id).await;
    }
    if let Some(m) = message {
        state.hub.publish(id, HubEvent::Message(m.clone()));
    }
    // The widget's: desks read the state from the list entry.
    state.hub.publish_room(
        id,
        HubEvent::Status {
            conversation_id: id,
            status: record.status,
            reply_by: reply_by(record),
        },
    );
    // The list entry and the case panel take several queries: they are built
    // by one task in step order, so the caller can acknowledge at once.
    let update = CaseUpdate {
        id,
        entry: true,
        panel: change.panel,
    };
    let queued = state
        .case_updates
        .as_ref()
        .is_some_and(|tx| tx.send(update).is_ok());
    if !queued {
        publish_case(state, record).await;
    }
}

/// What a step changed that desks must hear of beyond its message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Change {
    /// The case panel shows something new.
    pub panel: bool,
    /// The conversation moved (another assignee or team): who may see it.
    pub moved: bool,
}

impl Change {
    /// From the record `before` a committed step to the record after it.
    /// A message alone moves only the version and `last_seq`.
    pub fn between(before: &ConversationRecord, next: &ConversationRecord) -> Change {
        let same_but_counters = ConversationRecord {
            version: next.version,
            last_seq: next.last_seq,
            ..before.clone()
        };
        Change {
            panel: same_but_counters != *next,
            moved: before.assignee_id != next.assignee_id || before.team_id != next.team_id,
        }
    }
}

/// Publishes a conversation's list entry and case panel after a step.
async fn publish_case(state: &AppState, record: &ConversationRecord) {
    let id = record.id;
    match state.store.summary(id).await {
        Ok(summary) => state.hub.publish(id, HubEvent::Summary(summary)),
        Err(e) => tracing::error!(error = %e, "summary after a workflow step"),
    }
    publish_panel(state, record).await;
}

/// Publishes the case of conversation `id` built from one stored moment:
/// when another step commits while the panel is being built (its
/// transitions would be newer than its clocks), it is built again. With
/// `entry` (a step on this node) the list entry goes out first and the
/// other nodes hear the panel changed; the panel itself is built only when
/// a desk on this node shows it.
pub(crate) async fn publish_consistent(state: &AppState, id: i64, entry: bool) {
    const ATTEMPTS: usize = 5;
    if !state.hub.panel_shown(id) {
        if entry {
            publish_summary(state, id).await;
            state.hub.panel_changed_elsewhere(id);
        }
        return;
    }
    for attempt in 1..=ATTEMPTS {
        let record = match state.store.record(id).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "record for a case update");
                return;
            }
        };
        let summary = match entry {
            true => Some(state.store.summary(id).await),
            false => None,
        };
        let built = detail(state, &record).await;
        let unchanged = state
            .store
            .record(id)
            .await
            .is_ok_and(|now| now.version == record.version);
        if unchanged || attempt == ATTEMPTS {
            match summary {
                Some(Ok(summary)) => state.hub.publish(id, HubEvent::Summary(summary)),
                Some(Err(e)) => tracing::error!(error = %e, "summary after a workflow step"),
                None => {}
            }
            if entry {
                state.hub.panel_changed_elsewhere(id);
            }
            match built {
                Ok(d) => state.hub.publish_panel(d),
                Err(e) => tracing::error!(error = %e, "detail after a workflow step"),
            }
            return;
        }
    }
}

/// The one task that publishes list entries and case panels, in the order
/// the steps happened. Each is built from the record as stored when it is
/// built (clocks and transitions of one moment, never an older step's clocks
/// beside newer transitions).
pub async fn publish_cases(
    state: AppState,
    mut steps: tokio::sync::mpsc::UnboundedReceiver<CaseUpdate>,
) {
    let mut waiting = Vec::new();
    while steps.recv_many(&mut waiting, 1024).await > 0 {
        // Steps of one conversation that queued meanwhile make one update,
        // built from its latest state: a busy desk never falls further behind.
        let mut order: Vec<CaseUpdate> = Vec::with_capacity(waiting.len());
        let mut at = std::collections::HashMap::new();
        for u in waiting.drain(..) {
            match at.get(&u.id) {
                Some(&i) => {
                    let merged: &mut CaseUpdate = &mut order[i];
                    merged.panel |= u.panel;
                    merged.entry |= u.entry;
                }
                None => {
                    at.insert(u.id, order.len());
                    order.push(u);
                }
            }
        }
        for u in order {
            if u.panel {
                publish_consistent(&state, u.id, u.entry).await;
            } else if u.entry {
                publish_summary(&state, u.id).await;
            }
        }
    }
}

/// Tells every desk (and the conversation's widget) its summary changed.
pub async fn publish_summary(state: &AppState, id: i64) {
    match state.store.summary(id).await {
        Ok(summary) => state.hub.publish(id, HubEvent::Summary(summary)),
        Err(e) => tracing::error!(error = %e, conversation = id, "summary after an update"),
    }
}
