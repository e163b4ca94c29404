//! Watches SLA deadlines: when a running clock passes its "due soon"
//! threshold or its deadline, every desk hears it at once (no reload) and the
//! alert names the team's supervisor and on-call person. Nothing waits on a
//! poll of the whole table: the watcher sleeps until the next stored instant
//! (or until a manual test clock moves) and only then asks for what is due.

use std::collections::HashMap;

use crate::events::HubEvent;
use crate::state::AppState;
use crate::storage::StoreError;

/// Longest real-time sleep between checks (deadlines set meanwhile by other
/// requests are picked up at the latest after this).
const MAX_SLEEP_MS: i64 = 1_000;

/// Raises every alert due at `now`; returns how many went out.
pub async fn raise_due(state: &AppState, now: i64) -> Result<usize, StoreError> {
    let pending = state.store.pending_alerts(now).await?;
    let mut teams: HashMap<i64, Vec<i64>> = HashMap::new();
    for alert in &pending {
        let notify = match alert.team_id {
            Some(id) => match teams.get(&id) {
                Some(n) => n.clone(),
                None => {
                    let team = state.store.team(id).await?;
                    let n: Vec<i64> = team
                        .supervisor_id
                        .into_iter()
                        .chain(team.on_call_id)
                        .collect();
                    teams.insert(id, n.clone());
                    n
                }
            },
            None => Vec::new(),
        };
        state.store.mark_alerted(alert).await?;
        tracing::warn!(
            conversation = alert.conversation_id,
            clock = alert.kind.as_str(),
            breached = alert.breached,
            "SLA escalation"
        );
        state.hub.publish(
            alert.conversation_id,
            HubEvent::Alert {
                conversation_id: alert.conversation_id,
                clock: alert.kind,
                breached: alert.breached,
                due_at: alert.due_at,
                notify,
            },
        );
        // The summary moves into "due soon" / "breached" inbox views.
        if let Ok(summary) = state.store.summary(alert.conversation_id).await {
            state
                .hub
                .publish(alert.conversation_id, HubEvent::Summary(summary));
        }
    }
    Ok(pending.len())
}

/// How often (at the latest) the approval chains and complaint clocks are
/// looked at again for requests and complaints that appeared since: their
/// first deadlines are 30 and 48 minutes away, so a minute loses nothing.
const LEDGER_RECHECK_MS: i64 = 60_000;

fn earliest(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Sends waiting compensation requests up their chain and raises complaint
/// alerts due at `now`; when to look again.
async fn ledgers_due(state: &AppState, now: i64) -> i64 {
    let approvals = crate::services::compensation::escalate_due(state, now)
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "compensation approval watcher");
            None
        });
    let complaints = crate::services::complaints::alert_due(state, now)
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "complaint watcher");
            None
        });
    earliest(approvals, complaints)
        .unwrap_or(i64::MAX)
        .min(now + LEDGER_RECHECK_MS)
}

/// Runs until the process ends.
pub async fn watch(state: AppState) {
    // The SLA alerts are indexed and read at every wake; the approval chains
    // and complaint clocks (computed on calendars) only when one is due or
    // a minute has passed.
    let mut ledgers_at = i64::MIN;
    loop {
        let now = state.clock.now();
        if let Some(_turn) = state.take_turn(crate::cluster::Job::Escalation).await {
            if let Err(e) = raise_due(&state, now).await {
                tracing::error!(error = %e, "SLA watcher");
            }
            if now >= ledgers_at {
                ledgers_at = ledgers_due(&state, now).await;
            }
        }
        let alerts = state.store.next_alert_at(now).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "SLA watcher");
            None
        });
        let ledgers = (ledgers_at != i64::MIN).then_some(ledgers_at);
        state
            .clock
            .sleep_until(earliest(alerts, ledgers), MAX_SLEEP_MS)
            .await;
    }
}
