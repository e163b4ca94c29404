//! What a desk sees, assembled from storage for the viewer: the `welcome`
//! snapshot (conversations, staff and teams of its sites, categories,
//! compliance rules, canned replies, open break-glass requests) and the
//! staff page's loader. Used by the desk websocket (`realtime/desk`) and the
//! staff routes; tenancy applies throughout (nobody learns another site's
//! staff or settings).

use std::collections::HashMap;

use parley_app::canned::{self, CannedReply, SiteCanned};
use parley_app::compliance;
use parley_app::protocol::{
    AccessRequestView, AgentProfile, DeskEvent, PROTOCOL_VERSION, TeamView,
};

use crate::domain::access::{Placement, Viewer, may_decide_access};
use crate::services::workflow;
use crate::state::AppState;
use crate::storage::{Site, StoreError};

/// Conversations sent in `welcome` and in an inbox answer.
pub const LIST_LIMIT: i64 = 200;

/// What the staff page shows an admin: the staff (with live presence) and
/// teams of their sites, and those sites' compliance rules and canned
/// replies (tenancy: nothing of another site).
pub async fn staff_list(
    state: &AppState,
    admin: &AgentProfile,
) -> Result<parley_app::api::StaffList, StoreError> {
    let viewer = Viewer {
        id: admin.id,
        role: admin.role,
        sites: admin.sites.clone(),
        ..Viewer::default()
    };
    let (agents, teams) = staff_and_teams(state, &viewer).await?;
    let mut compliance = compliance_policies(state).await?;
    compliance.retain(|(site, _)| viewer.serves_site(site));
    let mut canned = all_canned(state).await?;
    canned.retain(|c| viewer.serves_site(&c.site));
    Ok(parley_app::api::StaffList {
        agents,
        teams,
        compliance,
        canned,
    })
}

/// A site's canned replies, its greeting first.
pub async fn site_canned(state: &AppState, site: &Site) -> Result<SiteCanned, StoreError> {
    let mut replies = Vec::new();
    if !site.greetings.is_empty() {
        replies.push(CannedReply {
            key: canned::GREETING_KEY.to_owned(),
            texts: site.greetings.clone(),
        });
    }
    replies.extend(state.store.canned_replies(&site.key).await?);
    Ok(SiteCanned {
        site: site.key.clone(),
        default_locale: site.default_locale.clone(),
        replies,
    })
}

pub async fn all_canned(state: &AppState) -> Result<Vec<SiteCanned>, StoreError> {
    let mut out = Vec::new();
    for site in state.store.sites().await? {
        out.push(site_canned(state, &site).await?);
    }
    Ok(out)
}

/// Every site's compliance rules.
pub async fn compliance_policies(
    state: &AppState,
) -> Result<Vec<(String, compliance::CompliancePolicy)>, StoreError> {
    let mut out = Vec::new();
    for site in state.store.sites().await? {
        let policy = state.store.compliance_policy(&site.key).await?;
        out.push((site.key, policy));
    }
    Ok(out)
}

/// The staff (with live presence) and teams of the sites `viewer` serves
/// (tenancy: nobody learns another site's staff).
pub async fn staff_and_teams(
    state: &AppState,
    viewer: &Viewer,
) -> Result<(Vec<AgentProfile>, Vec<TeamView>), StoreError> {
    let mut agents = state.store.agents().await?;
    agents.retain(|a| shares_a_site(viewer, a));
    for a in &mut agents {
        a.connected = state.is_connected(a.id);
    }
    let mut teams = Vec::new();
    for site in state.store.sites().await? {
        if !viewer.serves_site(&site.key) {
            continue;
        }
        teams.extend(
            state
                .store
                .teams(&site.key)
                .await?
                .into_iter()
                .map(|t| TeamView {
                    id: t.id,
                    site: t.site,
                    name: t.name,
                }),
        );
    }
    Ok((agents, teams))
}

/// Whether `viewer` and `other` work for a common site.
pub fn shares_a_site(viewer: &Viewer, other: &AgentProfile) -> bool {
    viewer.sites.is_empty()
        || other.sites.is_empty()
        || other.sites.iter().any(|s| viewer.serves_site(s))
}

/// Open break-glass requests a desk should list: its own, and those it may decide.
pub async fn open_requests_for(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
) -> Result<Vec<AccessRequestView>, StoreError> {
    let mut out = Vec::new();
    for r in state.store.open_access_requests(state.clock.now()).await? {
        let mine = r.agent_id == agent.id;
        let decides = match state.store.placement(r.conversation_id).await {
            Ok(p) => r.status == "pending" && may_decide_access(viewer, &p, r.agent_id),
            Err(_) => false,
        };
        if mine || decides {
            out.push(r);
        }
    }
    Ok(out)
}

/// What a desk starts from (and returns to after falling behind): the
/// `welcome` event and the placements of the conversations it lists.
pub async fn snapshot(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
    resync: bool,
) -> Result<(DeskEvent, HashMap<i64, Placement>), StoreError> {
    let conversations = state.store.summaries(viewer, LIST_LIMIT).await?;
    let categories = state.sites.categories_of(|s| viewer.serves_site(s));
    let (agents, teams) = staff_and_teams(state, viewer).await?;
    let mut compliance = compliance_policies(state).await?;
    compliance.retain(|(site, _)| viewer.serves_site(site));
    let mut canned = all_canned(state).await?;
    canned.retain(|c| viewer.serves_site(&c.site));
    let access_requests = open_requests_for(state, agent, viewer).await?;
    let approvals = crate::services::compensation_view::waiting_for(state, viewer).await?;
    let places = conversations
        .iter()
        .map(|c| (c.id, placement_of(c)))
        .collect();
    let welcome = DeskEvent::Welcome {
        v: PROTOCOL_VERSION,
        agent: agent.clone(),
        conversations,
        countries: workflow::country_codes()
            .iter()
            .map(|c| (*c).to_owned())
            .collect(),
        categories,
        agents,
        teams,
        compliance,
        canned,
        access_requests,
        approvals,
        resync,
    };
    Ok((welcome, places))
}

pub use crate::services::case_panel::publish_summary;

/// The case panel as `viewer` may see it: the customer's other
/// conversations only where the access rule lets this viewer see them (a
/// break-glass view of one case shows no others).
pub fn visible_detail(
    viewer: &Viewer,
    mut detail: parley_app::protocol::ConversationDetail,
) -> parley_app::protocol::ConversationDetail {
    detail
        .history
        .retain(|c| c.id == detail.conversation_id || viewer.sees(&placement_of(c)));
    // The reader's own compensation limit, by the one rule.
    if let Some(a) = detail.authority.as_mut() {
        let authority = crate::domain::compensation::Authority {
            currency: a.currency.clone(),
            exponent: a.exponent,
            junior: a.junior,
            mid: a.mid,
        };
        a.limit = crate::domain::compensation::limit(viewer.role, &authority);
    }
    detail
}

/// Where a listed conversation sits.
pub fn placement_of(c: &parley_app::protocol::ConversationSummary) -> Placement {
    Placement {
        id: c.id,
        site: c.site.clone(),
        team_id: c.team_id,
        assignee_id: c.assignee_id,
    }
}
