//! The weekly QA review (issue 21, R-QA3): each week of a site (in its
//! own time zone) at least 10 % of the conversations closed in it are drawn
//! — stratified so every agent is sampled, reproducible from the week's
//! stored seed ([`crate::domain::qa::draw`]) — by [`watch`] once the week
//! has ended, or earlier by hand; supervisors add more by hand; a reviewer
//! other than the agent scores each on the site's sheet with a comment;
//! agents read the reviews of their own conversations; the reports show
//! the mean score per agent and team.
//!
//! Who may: the admin gate lets only the site's admins and supervisors
//! reach the routes ([`crate::domain::qa::may_run_qa`]); which
//! conversations a supervisor sees is
//! [`crate::domain::access::report_scope`]'s (their teams and the general
//! queue), checked here for every row and action.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use chrono_tz::Tz;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;
use parley_app::qa::{
    QaClosedRow, QaCriterion, QaPoints, QaReviewView, QaSampleRow, QaView, QaWeekView,
};

use crate::domain::access::{ReportScope, report_scope};
use crate::domain::qa::{self, Closed, Criterion, SheetError};
use crate::services::audit::{self, Entry};
use crate::services::reports::{report_sites, site_zone};
use crate::state::AppState;
use crate::storage::{NewSample, QaReview, QaWeek, ScoredCriterion, StoreError};

/// The longest comment a review carries, in characters.
pub const MAX_COMMENT_CHARS: usize = 4000;
/// How often the job looks for ended weeks to draw, ms.
const WATCH_EVERY_MS: i64 = 10 * 60_000;
/// How many closed, unsampled conversations the week's page lists.
const UNSAMPLED_SHOWN: usize = 100;

fn internal(e: StoreError) -> ErrorCode {
    tracing::error!(error = %e, "qa review");
    ErrorCode::Internal
}

fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// `week` (any day, `YYYY-MM-DD`) as its Monday; unparseable →
/// `invalid_frame`.
pub fn parse_week(week: &str) -> Result<NaiveDate, ErrorCode> {
    NaiveDate::parse_from_str(week, "%Y-%m-%d")
        .map(qa::monday)
        .map_err(|_| ErrorCode::InvalidFrame)
}

/// A site's score sheet: its own, else the default.
pub async fn sheet(state: &AppState, site: &str) -> Result<Vec<Criterion>, ErrorCode> {
    Ok(state
        .store
        .qa_sheet(site)
        .await
        .map_err(internal)?
        .unwrap_or_else(qa::default_sheet))
}

/// The week starting `monday` of `site`: its bounds (Unix ms) in the
/// site's zone.
fn bounds(monday: NaiveDate, tz: Tz) -> (i64, i64) {
    use crate::domain::metrics::local_midnight;
    (
        local_midnight(monday, tz),
        local_midnight(monday + chrono::Days::new(7), tz),
    )
}

/// Draws `site`'s week starting `monday` from the conversations closed in
/// it so far: the week's seed is the first draw's (several servers: the
/// first insert wins), and a draw after the week's end completes it.
/// Returns how many conversations were added to the sample.
pub async fn draw_week(
    state: &AppState,
    site: &str,
    monday: NaiveDate,
    by: Option<&AgentProfile>,
) -> Result<u64, ErrorCode> {
    let now = state.clock.now();
    let tz_name = site_zone(state, site).await?;
    let tz = zone(&tz_name);
    let (start, end) = bounds(monday, tz);
    if start > now {
        return Err(ErrorCode::InvalidFrame);
    }
    let week = state
        .store
        .open_qa_week(&QaWeek {
            site: site.to_owned(),
            week: monday.to_string(),
            seed: rand::random::<i64>(),
            time_zone: tz_name,
            drawn_at: now,
            complete_at: None,
        })
        .await
        .map_err(internal)?;
    let closed = state
        .store
        .closed_between(site, start, end.min(now + 1))
        .await
        .map_err(internal)?;
    let agents: HashMap<i64, Option<i64>> = closed.iter().map(|c| (c.id, c.agent)).collect();
    let drawn = qa::draw(
        &closed
            .iter()
            .map(|c| Closed {
                id: c.id,
                agent: c.agent,
            })
            .collect::<Vec<_>>(),
        week.seed as u64,
    );
    let samples: Vec<NewSample> = drawn
        .into_iter()
        .map(|id| NewSample {
            conversation_id: id,
            agent_id: agents.get(&id).copied().flatten(),
            added_by: None,
        })
        .collect();
    let added = state
        .store
        .add_qa_samples(site, &week.week, &samples, now, (now >= end).then_some(now))
        .await
        .map_err(internal)?;
    let entry = match by {
        Some(person) => Entry::by(person, "qa_drawn"),
        // The job's draw of a quiet week is not worth a line.
        None if added == 0 => return Ok(0),
        None => Entry::system("qa_drawn"),
    };
    audit::record(
        state,
        entry.site(site).detail(serde_json::json!({
            "week": week.week,
            "closed": closed.len(),
            "added": added,
        })),
    )
    .await;
    Ok(added)
}

/// The job: once a site's week has ended, draws it (and the week before,
/// should the servers have been down through a whole week).
pub async fn watch(state: AppState) {
    loop {
        let now = state.clock.now();
        for config in state.sites.all() {
            if let Err(code) = draw_ended(&state, &config.site, now).await {
                tracing::error!(site = %config.site, code = code.as_str(), "weekly QA draw");
            }
        }
        state.clock.sleep_until(None, WATCH_EVERY_MS).await;
    }
}

async fn draw_ended(state: &AppState, site: &str, now: i64) -> Result<(), ErrorCode> {
    let tz = zone(&site_zone(state, site).await?);
    let (this_week, _, _) = qa::week_of(now, tz);
    for back in [14, 7] {
        let monday = this_week - chrono::Days::new(back);
        let drawn = state
            .store
            .qa_week(site, &monday.to_string())
            .await
            .map_err(internal)?;
        if drawn.is_none_or(|w| w.complete_at.is_none()) {
            draw_week(state, site, monday, None).await?;
        }
    }
    Ok(())
}

/// What `agent` may see of `site`'s review: the scope of their
/// conversations (`forbidden` for agents of the site, `not_found` for
/// other sites' staff).
async fn scope(
    state: &AppState,
    agent: &AgentProfile,
    site: &str,
) -> Result<ReportScope, ErrorCode> {
    if state.sites.get(site).is_none() {
        return Err(ErrorCode::NotFound);
    }
    let viewer = crate::services::desk_access::viewer(state, agent.id)
        .await
        .map_err(internal)?;
    match report_scope(&viewer, site) {
        Some(scope) => Ok(scope),
        None if viewer.serves_site(site) => Err(ErrorCode::Forbidden),
        None => Err(ErrorCode::NotFound),
    }
}

/// The conversation `id` closed in `site`'s week starting `monday` (so
/// far), if `scope` covers it.
async fn closed_in_week(
    state: &AppState,
    site: &str,
    monday: NaiveDate,
    scope: &ReportScope,
    id: i64,
) -> Result<crate::storage::ClosedCase, ErrorCode> {
    let tz = zone(&site_zone(state, site).await?);
    let (start, end) = bounds(monday, tz);
    state
        .store
        .closed_between(site, start, end)
        .await
        .map_err(internal)?
        .into_iter()
        .find(|c| c.id == id && scope.covers(c.team))
        .ok_or(ErrorCode::NotFound)
}

/// `actor` adds conversation `id`, closed in the week, to its sample.
/// `Ok(false)`: it was in it already.
pub async fn add_sample(
    state: &AppState,
    actor: &AgentProfile,
    site: &str,
    week: &str,
    id: i64,
) -> Result<bool, ErrorCode> {
    let scope = scope(state, actor, site).await?;
    let monday = parse_week(week)?;
    let case = closed_in_week(state, site, monday, &scope, id).await?;
    let now = state.clock.now();
    let opened = state
        .store
        .open_qa_week(&QaWeek {
            site: site.to_owned(),
            week: monday.to_string(),
            seed: rand::random::<i64>(),
            time_zone: site_zone(state, site).await?,
            drawn_at: now,
            complete_at: None,
        })
        .await
        .map_err(internal)?;
    let added = state
        .store
        .add_qa_samples(
            site,
            &opened.week,
            &[NewSample {
                conversation_id: id,
                agent_id: case.agent,
                added_by: Some(actor.id),
            }],
            now,
            None,
        )
        .await
        .map_err(internal)?;
    if added > 0 {
        audit::record(
            state,
            Entry::by(actor, "qa_sample_added")
                .conversation(site, id)
                .detail(serde_json::json!({ "week": opened.week })),
        )
        .await;
    }
    Ok(added > 0)
}

/// A review as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewInput {
    /// The week's Monday (any day of it).
    pub week: String,
    /// The conversation.
    pub conversation: i64,
    /// Points per criterion key.
    pub points: BTreeMap<String, u8>,
    /// The comment.
    pub comment: String,
}

/// `reviewer` reviews a sampled conversation on the site's sheet. Not in
/// the week's sample (or outside their scope) → `not_found`; their own →
/// `own_conversation`; points missing or out of range → `invalid_frame`;
/// reviewed already → `already_reviewed`.
pub async fn review(
    state: &AppState,
    reviewer: &AgentProfile,
    site: &str,
    input: ReviewInput,
) -> Result<u32, ErrorCode> {
    let scope = scope(state, reviewer, site).await?;
    let monday = parse_week(&input.week)?;
    if input.comment.chars().count() > MAX_COMMENT_CHARS {
        return Err(ErrorCode::TextTooLong);
    }
    let week = monday.to_string();
    let sample = state
        .store
        .qa_samples(site, &week)
        .await
        .map_err(internal)?
        .into_iter()
        .find(|s| s.conversation_id == input.conversation && scope.covers(s.team))
        .ok_or(ErrorCode::NotFound)?;
    let agent = sample.agent.as_ref().map(|(id, _)| *id);
    if !qa::may_review(reviewer.id, agent) {
        return Err(ErrorCode::OwnConversation);
    }
    let sheet = sheet(state, site).await?;
    let score = qa::score(&sheet, &input.points).map_err(|_| ErrorCode::InvalidFrame)?;
    let saved = state
        .store
        .save_qa_review(&QaReview {
            conversation_id: input.conversation,
            site: site.to_owned(),
            week: week.clone(),
            agent_id: agent,
            agent_name: None,
            reviewer_id: reviewer.id,
            reviewer_name: reviewer.name.clone(),
            criteria: sheet
                .iter()
                .map(|c| ScoredCriterion {
                    key: c.key.clone(),
                    weight: c.weight,
                    points: input.points.get(&c.key).copied().unwrap_or(0),
                })
                .collect(),
            score,
            comment: input.comment.trim().to_owned(),
            at: state.clock.now(),
        })
        .await
        .map_err(internal)?;
    if !saved {
        return Err(ErrorCode::AlreadyReviewed);
    }
    audit::record(
        state,
        Entry::by(reviewer, "qa_reviewed")
            .conversation(site, input.conversation)
            .detail(serde_json::json!({ "week": week, "score": score })),
    )
    .await;
    Ok(score)
}

/// `actor` sets the site's score sheet (weights summing to 100; keys
/// `a-z`/`_`): a bad sheet → `sheet_invalid`.
pub async fn set_sheet(
    state: &AppState,
    actor: &AgentProfile,
    site: &str,
    sheet: Vec<Criterion>,
) -> Result<(), ErrorCode> {
    scope(state, actor, site).await?;
    qa::check_sheet(&sheet).map_err(|e: SheetError| {
        tracing::info!(site, error = ?e, "score sheet refused");
        ErrorCode::SheetInvalid
    })?;
    state
        .store
        .set_qa_sheet(site, &sheet, actor.id, state.clock.now())
        .await
        .map_err(internal)?;
    audit::record(
        state,
        Entry::by(actor, "qa_sheet_changed").site(site).detail(serde_json::json!({
            "criteria": sheet.iter().map(|c| serde_json::json!({ "key": c.key, "weight": c.weight })).collect::<Vec<_>>(),
        })),
    )
    .await;
    Ok(())
}

fn review_view(r: QaReview) -> QaReviewView {
    QaReviewView {
        conversation: r.conversation_id,
        week: r.week,
        agent: r.agent_name.unwrap_or_default(),
        reviewer: r.reviewer_name,
        criteria: r
            .criteria
            .into_iter()
            .map(|c| QaPoints {
                key: c.key,
                weight: c.weight,
                points: c.points,
            })
            .collect(),
        score: r.score,
        comment: r.comment,
        at: r.at,
    }
}

/// How many of the viewer's own reviews `/desk/qa` shows.
const MINE_SHOWN: i64 = 50;

/// `/desk/qa` for `agent`: their own reviews, and for a site's
/// supervisors and admins the week of `site` (default: their first)
/// holding `week` (default: the last ended week). Agents get their own
/// reviews only, whatever `site` says.
pub async fn view(
    state: &AppState,
    agent: &AgentProfile,
    site: &str,
    week: &str,
) -> Result<QaView, ErrorCode> {
    let mine = state
        .store
        .qa_reviews_of(agent.id, MINE_SHOWN)
        .await
        .map_err(internal)?
        .into_iter()
        .map(review_view)
        .collect();
    let sites: Vec<String> = report_sites(state, agent)
        .into_iter()
        .filter(|s| qa::may_run_qa(agent, s))
        .collect();
    // Agents review nothing: their own reviews, whichever site is asked.
    let Some(first) = sites.first() else {
        return Ok(QaView {
            sites,
            week: None,
            mine,
        });
    };
    let site = if site.is_empty() {
        first.clone()
    } else {
        site.to_owned()
    };
    let scope = scope(state, agent, &site).await?;
    let tz_name = site_zone(state, &site).await?;
    let tz = zone(&tz_name);
    let now = state.clock.now();
    let monday = if week.is_empty() {
        qa::week_of(now, tz).0 - chrono::Days::new(7)
    } else {
        parse_week(week)?
    };
    let week = week_view(state, agent, &site, monday, &scope, tz_name, now).await?;
    Ok(QaView {
        sites,
        week: Some(week),
        mine,
    })
}

async fn week_view(
    state: &AppState,
    agent: &AgentProfile,
    site: &str,
    monday: NaiveDate,
    scope: &ReportScope,
    tz_name: String,
    now: i64,
) -> Result<QaWeekView, ErrorCode> {
    let tz = zone(&tz_name);
    let (start, end) = bounds(monday, tz);
    let key = monday.to_string();
    let drawn = state.store.qa_week(site, &key).await.map_err(internal)?;
    let samples: Vec<_> = state
        .store
        .qa_samples(site, &key)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|s| scope.covers(s.team))
        .collect();
    let closed: Vec<_> = state
        .store
        .closed_between(site, start, end)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|c| scope.covers(c.team))
        .collect();
    let names: HashMap<i64, String> = state
        .store
        .agents()
        .await
        .map_err(internal)?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let mut unsampled: Vec<QaClosedRow> = closed
        .iter()
        .filter(|c| !samples.iter().any(|s| s.conversation_id == c.id))
        .map(|c| QaClosedRow {
            conversation: c.id,
            agent: c
                .agent
                .and_then(|a| names.get(&a).cloned())
                .unwrap_or_default(),
            closed_at: c.closed_at,
        })
        .collect();
    unsampled.sort_by_key(|c| std::cmp::Reverse((c.closed_at, c.conversation)));
    unsampled.truncate(UNSAMPLED_SHOWN);
    Ok(QaWeekView {
        site: site.to_owned(),
        week: key,
        last_day: (monday + chrono::Days::new(6)).to_string(),
        previous: (monday - chrono::Days::new(7)).to_string(),
        next: (monday + chrono::Days::new(7)).to_string(),
        time_zone: tz_name,
        ended: now >= end,
        drawn_at: drawn.as_ref().map(|w| w.drawn_at),
        seed: drawn.as_ref().map(|w| (w.seed as u64).to_string()),
        closed: closed.len(),
        samples: samples
            .into_iter()
            .map(|s| QaSampleRow {
                conversation: s.conversation_id,
                may_review: s.review.is_none()
                    && qa::may_review(agent.id, s.agent.as_ref().map(|(id, _)| *id)),
                agent: s.agent.map(|(_, name)| name).unwrap_or_default(),
                added_by: s.added_by,
                review: s.review.map(review_view),
            })
            .collect(),
        unsampled,
        sheet: sheet(state, site)
            .await?
            .into_iter()
            .map(|c| QaCriterion {
                key: c.key,
                weight: c.weight,
            })
            .collect(),
        whole_site: *scope == ReportScope::Site,
    })
}
