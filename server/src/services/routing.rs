//! Routing as a use case: take a snapshot of a site's queue and staff, let
//! the pure rules ([`crate::domain::routing`]) decide, assign through the
//! workflow (so every assignment is a recorded transition with its clocks),
//! and tell waiting customers where they stand.
//!
//! A round runs whenever something could change the answer: a new
//! conversation, a desk connecting or leaving, an agent becoming available,
//! a conversation leaving someone's hands, a team profile edit, and on a
//! timer (calendars open at their hour). Rounds are serialised by
//! `AppState::routing`, so two never hand out the same seat.

use std::collections::{HashMap, HashSet};

use parley_app::lifecycle::Actor;
use parley_app::protocol::StatusAction;

use crate::cluster::Job;
use crate::domain::calendar::BusinessCalendar;
use crate::domain::routing::{self, Assignment, Presence, Staff};
use crate::events::HubEvent;
use crate::services::workflow::{self, Step};
use crate::state::AppState;
use crate::storage::StoreError;

/// Longest real-time wait between timer rounds.
const ROUND_EVERY_MS: i64 = 30_000;

async fn calendars(
    state: &AppState,
    site: &str,
) -> Result<HashMap<i64, BusinessCalendar>, StoreError> {
    Ok(state
        .store
        .teams(site)
        .await?
        .into_iter()
        .filter_map(|t| match BusinessCalendar::try_from(&t.calendar) {
            Ok(c) => Some((t.id, c)),
            Err(e) => {
                tracing::error!(team = t.id, error = %e, "team calendar invalid; not routing to it");
                None
            }
        })
        .collect())
}

/// One routing round for `site` at the clock's `now`; returns what it assigned.
pub async fn dispatch(state: &AppState, site: &str) -> Result<Vec<Assignment>, StoreError> {
    let _round = state.routing.lock().await;
    // From here on this round reads the queue afresh: a round asked for now
    // must wait for the next one.
    pending(state).remove(site);
    let _everywhere = state.wait_turn(Job::Routing).await?;
    let now = state.clock.now();
    let (mut candidates, waiting) = state.store.routing_snapshot(site).await?;
    for c in &mut candidates {
        if !state.is_connected(c.id) {
            c.presence = Presence::Unavailable;
        }
    }
    let calendars = calendars(state, site).await?;
    let plan = routing::plan(
        &waiting,
        Staff {
            candidates: candidates.clone(),
            calendars: &calendars,
        },
        now,
    );
    let mut assigned = Vec::with_capacity(plan.len());
    for a in plan {
        let step = Step::Action {
            actor: Actor::System,
            agent_id: Some(a.agent_id),
            action: StatusAction::Assign,
        };
        match workflow::run(state, a.conversation_id, step, None, now).await {
            Ok(_) => {
                state.store.touch_assigned(a.agent_id, now).await?;
                tracing::info!(
                    conversation = a.conversation_id,
                    agent = a.agent_id,
                    reason = ?a.reason,
                    "routed"
                );
                state.hub.publish_room(
                    a.conversation_id,
                    HubEvent::Queue {
                        conversation_id: a.conversation_id,
                        position: None,
                        waiting: 0,
                        staff_online: true,
                    },
                );
                assigned.push(a);
            }
            // Someone took it by hand meanwhile: nothing to do.
            Err(refusal) => tracing::debug!(
                conversation = a.conversation_id,
                code = %refusal.code,
                "routing skipped a conversation"
            ),
        }
    }
    let taken: HashSet<i64> = assigned.iter().map(|a| a.conversation_id).collect();
    let left: Vec<_> = waiting
        .into_iter()
        .filter(|w| !taken.contains(&w.id))
        .collect();
    let staff = Staff {
        candidates,
        calendars: &calendars,
    };
    let anyone = state.any_desk_connected();
    let mut online: HashMap<Option<i64>, bool> = HashMap::new();
    let positions = routing::queue_positions(&left);
    for w in &left {
        let (id, team) = (w.id, w.team_id);
        let Some(&(position, total)) = positions.get(&id) else {
            continue;
        };
        let staff_online = *online.entry(team).or_insert_with(|| match team {
            Some(t) => routing::staff_on_shift(&staff, t, now),
            None => anyone,
        });
        state.hub.publish_room(
            id,
            HubEvent::Queue {
                conversation_id: id,
                position: Some(position),
                waiting: total,
                staff_online,
            },
        );
    }
    Ok(assigned)
}

/// Whether someone who could answer `site`'s customers is available with a
/// desk open and on shift now: a member of one of its teams whose calendar is
/// open (any available agent, for a site without teams).
pub async fn staff_online(state: &AppState, site: &str) -> Result<bool, StoreError> {
    let now = state.clock.now();
    let calendars = calendars(state, site).await?;
    let candidates: Vec<routing::Candidate> = state
        .store
        .agents()
        .await?
        .into_iter()
        .map(|a| routing::Candidate {
            presence: if a.availability == parley_app::protocol::Availability::Available
                && state.is_connected(a.id)
            {
                Presence::Available
            } else {
                Presence::Unavailable
            },
            id: a.id,
            languages: a.languages,
            skills: a.skills,
            teams: a.teams,
            capacity: a.capacity,
            load: 0,
            last_assigned_at: 0,
        })
        .collect();
    if calendars.is_empty() {
        return Ok(candidates.iter().any(|c| c.presence == Presence::Available));
    }
    let staff = Staff {
        candidates,
        calendars: &calendars,
    };
    // The same rule the queue reports use.
    Ok(calendars
        .keys()
        .any(|team| routing::staff_on_shift(&staff, *team, now)))
}

/// A round for every site (after a change of staff).
pub async fn dispatch_all(state: &AppState) {
    let sites = match state.store.sites().await {
        Ok(s) => s,
        Err(e) => {
            tracing::error!(error = %e, "routing: listing sites");
            return;
        }
    };
    for site in sites {
        if let Err(e) = dispatch(state, &site.key).await {
            tracing::error!(site = %site.key, error = %e, "routing round failed");
        }
    }
}

/// Starts a round for `site` in the background.
pub fn spawn_dispatch(state: &AppState, site: &str) {
    if !pending(state).insert(site.to_owned()) {
        // A round for this site has yet to start: it will see this too.
        return;
    }
    let state = state.clone();
    let site = site.to_owned();
    tokio::spawn(async move {
        if let Err(e) = dispatch(&state, &site).await {
            tracing::error!(site = %site, error = %e, "routing round failed");
        }
    });
}

/// The sites whose asked-for round has not started yet.
fn pending(state: &AppState) -> std::sync::MutexGuard<'_, HashSet<String>> {
    state
        .routing_pending
        .lock()
        .unwrap_or_else(|p| p.into_inner())
}

/// Starts a round for every site in the background.
pub fn spawn_dispatch_all(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move { dispatch_all(&state).await });
}

/// Timer rounds until the process ends: every [`ROUND_EVERY_MS`] of clock
/// time (checked each second, so a manual test clock that jumps is noticed).
pub async fn watch(state: AppState) {
    let mut last_round = state.clock.now();
    loop {
        state.clock.sleep_until(None, 1_000).await;
        let now = state.clock.now();
        if now - last_round >= ROUND_EVERY_MS || now < last_round {
            last_round = now;
            if let Some(_turn) = state.take_turn(Job::RoutingTimer).await {
                dispatch_all(&state).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn alive_tasks() -> usize {
        tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks()
    }

    #[tokio::test]
    async fn a_burst_of_requests_while_a_round_runs_makes_one_more_round() {
        let w = crate::realtime::desk::tests::world().await;
        let state = &w.state;
        let running = state.routing.lock().await;
        let before = alive_tasks();
        for _ in 0..50 {
            spawn_dispatch(state, "shop");
        }
        spawn_dispatch(state, "other");
        assert_eq!(alive_tasks() - before, 2, "one waiting round per site");
        drop(running);
        // Once that round has started, a request makes a new one (the round
        // read the queue before it).
        for _ in 0..100 {
            if pending(state).is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(pending(state).is_empty(), "the waiting rounds started");
        let running = state.routing.lock().await;
        let before = alive_tasks();
        spawn_dispatch(state, "shop");
        spawn_dispatch(state, "shop");
        assert_eq!(alive_tasks() - before, 1);
        drop(running);
    }
}
