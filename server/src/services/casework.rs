//! What an agent does with a conversation from the desk, as use cases the
//! desk's frames call once access is checked ([`super::desk_access`]):
//! open it (history, how long a view-only grant lasts, the case panel as
//! the viewer may see it; audited), list an inbox view, write an internal
//! note, reply (the site's compliance rules enforced), set the customer's
//! tier and dedicated owner, mark messages received, find a transfer's
//! team. Each persists, publishes and logs here, so no frame can skip it.

use parley_app::compensation::Notice;
use parley_app::compliance::{self, RuleAction};
use parley_app::error::ErrorCode;
use parley_app::inbox::InboxQuery;
use parley_app::lifecycle::ClockKind;
use parley_app::protocol::{
    AgentProfile, Author, ChatMessage as Message, ConversationDetail, ConversationSummary,
    NoteView as Note, Tier,
};

use crate::domain::access::{Access, Viewer};
use crate::events::HubEvent;
use crate::services::desk::{self, LIST_LIMIT, visible_detail};
use crate::services::workflow::{self, MessageIn, Refusal, Step};
use crate::services::{audit, case_panel, desk_access, notices, routing};
use crate::state::AppState;
use crate::storage::StoreError;

/// Messages sent at most when a desk opens a conversation.
pub const HISTORY_LIMIT: i64 = 1000;

/// A conversation as a desk opens it.
pub struct Opened {
    /// Messages after the `seq` asked for, at most [`HISTORY_LIMIT`].
    pub messages: Vec<Message>,
    /// When a view-only (break-glass) grant ends, if that is the access.
    pub read_only_until: Option<i64>,
    /// The case panel, as the viewer may see it.
    pub detail: ConversationDetail,
}

/// Opens conversation `id` (of `site`) for `agent` with `access` already
/// checked: the messages after `after_seq`, then the grant's end, then the
/// case panel. Opening from the start, or by break-glass, is audited.
pub async fn open(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
    (id, site): (i64, &str),
    after_seq: i64,
    access: Access,
) -> Result<Opened, Refusal> {
    if after_seq < 0 {
        // Before, -1 returned everything without the audit line.
        return Err(ErrorCode::InvalidFrame.into());
    }
    if after_seq == 0 || access == Access::ReadOnly {
        audit::record(
            state,
            audit::Entry::by(agent, "view_conversation")
                .conversation(site, id)
                .detail(serde_json::json!({
                    "break_glass": access == Access::ReadOnly,
                })),
        )
        .await;
    }
    let messages = state
        .store
        .messages_after(id, after_seq, HISTORY_LIMIT)
        .await?;
    let record = state.store.record(id).await?;
    let read_only_until = if access == Access::ReadOnly {
        desk_access::grant_end(state, agent.id, id).await
    } else {
        None
    };
    let detail = visible_detail(viewer, case_panel::detail(state, &record).await?);
    Ok(Opened {
        messages,
        read_only_until,
        detail,
    })
}

/// The conversations `viewer` may see that match `query`, in its order.
pub async fn inbox(
    state: &AppState,
    viewer: &Viewer,
    query: &InboxQuery,
) -> Result<Vec<ConversationSummary>, StoreError> {
    state
        .store
        .inbox(query, viewer, state.clock.now(), LIST_LIMIT)
        .await
}

/// Stores an internal note (its mentions found among the staff) and, if it
/// is new, tells every desk; the customer's widget never hears of it. The
/// note, and whether it was new (a repeated `client_id` is not).
pub async fn note(
    state: &AppState,
    agent: &AgentProfile,
    id: i64,
    client_id: &str,
    body: &str,
) -> Result<(Note, bool), StoreError> {
    let staff = state.store.agents().await?;
    let mentions = parley_app::protocol::mentioned(body, &staff);
    let now = state.clock.now();
    let (note, created) = state
        .store
        .add_note(id, client_id, agent.id, body, &mentions, now)
        .await?;
    if created {
        tracing::info!(
            agent = agent.id,
            conversation = id,
            ?mentions,
            "internal note"
        );
        state.hub.publish_desks(HubEvent::Note(note.clone()));
    }
    Ok((note, created))
}

/// Checks a staff or site message for conversation `id` of `site` against
/// the site's compliance rules: a blocked phrase refuses it, a warning
/// passes only when the writer `confirmed` it (`who` names them in the
/// log). The policy version it passed.
pub async fn compliance_gate(
    state: &AppState,
    (site, id): (&str, i64),
    body: &str,
    confirmed: bool,
    who: &str,
) -> Result<i64, Refusal> {
    let policy = state.store.compliance_policy(site).await?;
    let hits = compliance::check(&policy, body);
    if let Some(hit) = hits
        .iter()
        .find(|h| h.action == RuleAction::Block || !confirmed)
    {
        let code = match hit.action {
            RuleAction::Block => ErrorCode::ComplianceBlocked,
            RuleAction::Warn => ErrorCode::ComplianceWarning,
        };
        tracing::warn!(
            %who,
            conversation = id,
            phrase = %hit.phrase,
            policy = policy.version,
            %code,
            "message refused by compliance rules"
        );
        return Err(Refusal {
            code,
            field: Some(hit.phrase.clone()),
        });
    }
    if !hits.is_empty() {
        tracing::info!(
            %who,
            conversation = id,
            policy = policy.version,
            "message sent past a compliance warning the writer confirmed"
        );
    }
    Ok(policy.version)
}

/// An agent's reply to conversation `id`: checked against the site's
/// compliance rules (the same rule the desk applied before sending; a
/// warning passes only when the agent `confirmed` it), then stored through
/// the workflow. The stored message (the earlier one for a repeated
/// `client_id`).
pub async fn reply(
    state: &AppState,
    agent: &AgentProfile,
    id: i64,
    client_id: &str,
    body: &str,
    confirmed: bool,
) -> Result<Message, Refusal> {
    let site = state.store.conversation(id).await?.site;
    let version = compliance_gate(
        state,
        (&site, id),
        body,
        confirmed,
        &format!("agent {}", agent.id),
    )
    .await?;
    let message = MessageIn {
        channel: Default::default(),
        client_id,
        body,
        author: Author::Agent,
        agent_id: Some(agent.id),
        policy_version: Some(version),
        author_name: None,
    };
    let step = Step::AgentMessage { agent_id: agent.id };
    let outcome = workflow::run(state, id, step, Some(message), state.clock.now()).await?;
    let Some(message) = outcome.message else {
        tracing::error!(conversation = id, "a reply step stored no message");
        return Err(ErrorCode::Internal.into());
    };
    if outcome.created {
        state.hub.publish_room(
            id,
            HubEvent::AgentTyping {
                conversation_id: id,
                on: false,
            },
        );
    }
    Ok(message)
}

/// Runs a workflow step by an agent; a seat may have freed up, or the
/// conversation is back in a queue, so routing runs for its site.
pub async fn step(state: &AppState, id: i64, step: Step) -> Result<(), Refusal> {
    let outcome = workflow::run(state, id, step, None, state.clock.now()).await?;
    routing::spawn_dispatch(state, &outcome.record.site);
    Ok(())
}

/// Sets the customer's tier and dedicated owner (an existing agent of the
/// site; only core customers have one), then runs the tier step.
pub async fn set_customer(
    state: &AppState,
    agent: &AgentProfile,
    id: i64,
    tier: Tier,
    owner_id: Option<i64>,
) -> Result<(), Refusal> {
    if owner_id.is_some() && tier != Tier::Core {
        return Err(Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("owner".into()),
        });
    }
    if let Some(owner) = owner_id {
        desk_access::holder_of(state, agent, id, owner).await?;
    }
    state.store.set_customer_profile(id, tier, owner_id).await?;
    tracing::info!(
        conversation = id,
        agent = agent.id,
        tier = tier.as_str(),
        ?owner_id,
        "customer tier set"
    );
    step(state, id, Step::Tier(tier)).await
}

/// The staff got (and, with `read`, read) conversation `id`'s messages up
/// to `seq`: the cursors rise, the widget hears of it (ticks), and after a
/// read every desk's unread count.
pub async fn agent_received(
    state: &AppState,
    id: i64,
    seq: i64,
    read: bool,
) -> Result<(), StoreError> {
    let (delivered_seq, read_seq) = state.store.mark_agent_received(id, seq, read).await?;
    state.hub.publish_room(
        id,
        HubEvent::AgentReceipt {
            conversation_id: id,
            delivered_seq,
            read_seq,
        },
    );
    if read {
        desk::publish_summary(state, id).await;
    }
    Ok(())
}

/// Transfers conversation `id` to the team named `team` of its site and/or
/// to agent `to_agent` (who must work for the site), with a hand-off note
/// of at most 1,000 characters.
pub async fn transfer(
    state: &AppState,
    agent: &AgentProfile,
    id: i64,
    to: Handover<'_>,
) -> Result<(), Refusal> {
    let to_team = match to.team {
        None => None,
        Some(name) => {
            let site = state.store.record(id).await?.site;
            let teams = state.store.teams(&site).await?;
            match teams.into_iter().find(|t| t.name == name) {
                Some(t) => Some((t.id, t.name)),
                None => return Err(ErrorCode::NotFound.into()),
            }
        }
    };
    // An escalation names the specialist team.
    if to.escalate && to_team.is_none() {
        return Err(Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("team".into()),
        });
    }
    hand_over(state, agent, id, to_team, to).await
}

/// Where a conversation is handed: a team (by name), an agent, a note,
/// and whether it is an escalation to that team's specialists.
#[derive(Debug, Clone, Default)]
pub struct Handover<'a> {
    /// Team name of the conversation's site.
    pub team: Option<&'a str>,
    /// The new holder.
    pub agent: Option<i64>,
    /// Hand-off note.
    pub note: Option<String>,
    /// An escalation (R-FLOW4): acceptance clock, the customer is told.
    pub escalate: bool,
}

/// Runs the transfer step; for an escalation, tells the customer.
async fn hand_over(
    state: &AppState,
    agent: &AgentProfile,
    id: i64,
    team: Option<(i64, String)>,
    to: Handover<'_>,
) -> Result<(), Refusal> {
    if let Some(a) = to.agent {
        desk_access::holder_of(state, agent, id, a).await?;
    }
    let transfer = Step::Transfer {
        agent_id: agent.id,
        to_team: team.as_ref().map(|(id, _)| *id),
        to_agent: to.agent,
        note: to.note.map(|n| n.chars().take(1000).collect()),
        escalate: to.escalate,
    };
    let now = state.clock.now();
    let outcome = workflow::run(state, id, transfer, None, now).await?;
    routing::spawn_dispatch(state, &outcome.record.site);
    if to.escalate
        && let Some((_, team)) = team
    {
        // The customer hears who has it and when to expect a reply: the
        // acceptance deadline on the specialist team's calendar.
        let reply_by = outcome
            .record
            .clocks
            .iter()
            .filter(|c| c.clock.kind == ClockKind::Acceptance && c.clock.is_active())
            .find_map(|c| c.due_at);
        let owner = match to.agent {
            Some(a) => Some(state.store.agent(a).await?.name),
            None => None,
        };
        let notice = Notice::Escalated {
            team,
            owner,
            reply_by,
        };
        let client_id = format!("escalated-{id}-{now}");
        notices::tell(state, id, &client_id, &notice, now).await?;
        tracing::info!(
            agent = agent.id,
            conversation = id,
            "escalated to a specialist team"
        );
    }
    Ok(())
}
