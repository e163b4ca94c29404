//! Who sees what (R-SEC2): the one rule every query, websocket event and
//! export goes through. Pure: the viewer and the conversation's place are
//! passed in; storage mirrors [`Viewer::sees`] in SQL and a test checks the
//! two agree.
//!
//! - Agents see conversations assigned to them and unassigned ones waiting
//!   in their teams' queues (or in the site's general queue, no team).
//! - Supervisors see their teams' conversations (member or supervisor of the
//!   team), assigned or not, the general queue, and their own.
//! - Admins see every conversation of their sites.
//! - Everyone is held to their sites (tenancy): an empty site list means
//!   every site of this Parley.
//! - An approved, unexpired break-glass grant adds view-only access to one
//!   conversation.
//!
//! The admin half of the same rule (who may change which site and which
//! account) is here too: [`may_administer_site`], [`may_manage_account`],
//! [`may_create_account`], [`may_assign_sites`], [`may_set_global_policy`],
//! [`may_create_site`], [`report_scope`],
//! [`sees_audit_line`], [`may_hold`] and [`may_decide_access`]. The HTTP
//! layer calls them from one middleware below every admin route
//! (`http::guard`), and the desk from its frame dispatcher, so a new route
//! or frame cannot forget them.

use parley_app::protocol::{AgentProfile, StaffRole};

/// What a staff member may do with a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    /// Not even its existence.
    None,
    /// Read it (break-glass): no replies, no changes.
    ReadOnly,
    /// Work on it.
    Full,
}

/// Where a conversation sits, as far as visibility goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// Conversation id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Team whose queue it is in.
    pub team_id: Option<i64>,
    /// Agent holding it.
    pub assignee_id: Option<i64>,
}

/// A staff member as the rule needs them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Viewer {
    /// Agent id.
    pub id: i64,
    /// Role.
    pub role: StaffRole,
    /// Sites; empty = every site.
    pub sites: Vec<String>,
    /// Teams they belong to.
    pub teams: Vec<i64>,
    /// Teams they supervise (set on the team).
    pub supervises: Vec<i64>,
    /// Conversations with an approved, unexpired break-glass grant.
    pub grants: Vec<i64>,
}

impl Viewer {
    /// Whether `site` is one of theirs.
    pub fn serves_site(&self, site: &str) -> bool {
        serves(&self.sites, site)
    }

    /// What they may do with the conversation at `p`.
    pub fn access(&self, p: &Placement) -> Access {
        if !self.serves_site(&p.site) {
            return Access::None;
        }
        let full = match self.role {
            StaffRole::Admin => true,
            StaffRole::Supervisor => {
                p.assignee_id == Some(self.id)
                    || p.team_id
                        .is_none_or(|t| self.teams.contains(&t) || self.supervises.contains(&t))
            }
            StaffRole::Junior | StaffRole::Mid | StaffRole::Senior => match p.assignee_id {
                Some(a) => a == self.id,
                None => p.team_id.is_none_or(|t| self.teams.contains(&t)),
            },
        };
        if full {
            Access::Full
        } else if self.grants.contains(&p.id) {
            Access::ReadOnly
        } else {
            Access::None
        }
    }

    /// Whether they may see the conversation at all.
    pub fn sees(&self, p: &Placement) -> bool {
        self.access(p) != Access::None
    }

    /// Whether they may approve break-glass requests (supervisors and admins).
    pub fn approves(&self) -> bool {
        matches!(self.role, StaffRole::Supervisor | StaffRole::Admin)
    }

    /// Whether they configure sites, staff and security.
    pub fn is_admin(&self) -> bool {
        self.role == StaffRole::Admin
    }
}

/// Whether a staff member listed for `sites` (empty: all) works for `site`.
pub fn serves(sites: &[String], site: &str) -> bool {
    sites.is_empty() || sites.iter().any(|s| s == site)
}

/// Whether `sites` (a new or changed account's list) lies within the sites
/// of `admin`. An all-sites admin may give any list, including "all"
/// (empty); a site-limited one only a non-empty list of their own sites.
fn within(admin: &AgentProfile, sites: &[String]) -> bool {
    admin.sites.is_empty() || (!sites.is_empty() && sites.iter().all(|s| admin.sites.contains(s)))
}

/// Whether `actor` may change the settings of `site` (texts, setup,
/// canned replies, compliance, privacy): an admin who serves it.
pub fn may_administer_site(actor: &AgentProfile, site: &str) -> bool {
    actor.role == StaffRole::Admin && serves(&actor.sites, site)
}

/// Whether `actor` may act on the account `target` (unlock, reset the
/// second factor, end sessions, edit the routing profile). An all-sites
/// admin may act on any account. A site-limited admin may act on their own
/// account and on non-admin accounts that work only for sites of theirs —
/// never on an all-sites account or another admin.
pub fn may_manage_account(actor: &AgentProfile, target: &AgentProfile) -> bool {
    if actor.role != StaffRole::Admin {
        return false;
    }
    if actor.sites.is_empty() || actor.id == target.id {
        return true;
    }
    target.role != StaffRole::Admin && within(actor, &target.sites)
}

/// Whether `actor` may create an account with `role` working for `sites`
/// (empty: all). Only an all-sites admin creates all-sites accounts or other
/// admins; a site-limited admin creates staff for their own sites.
pub fn may_create_account(actor: &AgentProfile, role: StaffRole, sites: &[String]) -> bool {
    if actor.role != StaffRole::Admin {
        return false;
    }
    actor.sites.is_empty() || (role != StaffRole::Admin && within(actor, sites))
}

/// Whether `actor` may set `target`'s site list to `sites`.
pub fn may_assign_sites(actor: &AgentProfile, target: &AgentProfile, sites: &[String]) -> bool {
    may_manage_account(actor, target) && within(actor, sites)
}

/// Whether `actor` may change settings that hold for every site (the
/// second-factor policy per role): all-sites admins only.
pub fn may_set_global_policy(actor: &AgentProfile) -> bool {
    actor.role == StaffRole::Admin && actor.sites.is_empty()
}

/// Whether `actor` may add a site: all-sites admins only (a site-limited
/// admin's reach is the sites they were given).
pub fn may_create_site(actor: &AgentProfile) -> bool {
    may_set_global_policy(actor)
}

/// Whether the admin `actor` may read an audit line of `site` (if any)
/// about the account `subject` (if any: the actor of the line, or the
/// account it concerns). A site-limited admin reads their sites' lines, and
/// lines of no site only when they concern an account they may manage;
/// lines about nobody known (failed sign-ins with typed e-mails, Parley's
/// own jobs) are for all-sites admins.
pub fn sees_audit_line(
    actor: &AgentProfile,
    site: Option<&str>,
    subject: Option<&AgentProfile>,
) -> bool {
    if actor.role != StaffRole::Admin {
        return false;
    }
    if actor.sites.is_empty() {
        return true;
    }
    match (site, subject) {
        (Some(site), _) => serves(&actor.sites, site),
        (None, Some(subject)) => may_manage_account(actor, subject),
        (None, None) => false,
    }
}

/// Whether `viewer` may decide a break-glass request by `requester` about
/// the conversation at `place`: a supervisor or admin who fully sees it,
/// never about their own request.
pub fn may_decide_access(viewer: &Viewer, place: &Placement, requester: i64) -> bool {
    viewer.approves() && requester != viewer.id && viewer.access(place) == Access::Full
}

/// Whether `viewer` may see and work on a complaint about the conversation
/// at `place`, owned by `owner`: whoever fully sees the conversation, and
/// its owner (a complaint stays with its owner when the conversation moves
/// on), within their sites.
pub fn may_work_on_complaint(viewer: &Viewer, place: &Placement, owner: Option<i64>) -> bool {
    viewer.access(place) == Access::Full
        || (owner == Some(viewer.id) && viewer.serves_site(&place.site))
}

/// Whether an agent listed for `sites` may hold a conversation of `site`
/// (be its assignee after a transfer, or a customer's dedicated owner).
pub fn may_hold(sites: &[String], site: &str) -> bool {
    serves(sites, site)
}

/// Which conversations of a site a report may cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportScope {
    /// Every conversation of the site (its admins).
    Site,
    /// The conversations of these teams and of the general queue (no
    /// team): a supervisor's, the teams they belong to or supervise.
    Teams(Vec<i64>),
}

impl ReportScope {
    /// Whether a conversation of `team` (`None`: the general queue) is in
    /// the scope.
    pub fn covers(&self, team: Option<i64>) -> bool {
        match (self, team) {
            (ReportScope::Site, _) | (ReportScope::Teams(_), None) => true,
            (ReportScope::Teams(teams), Some(t)) => teams.contains(&t),
        }
    }
}

/// What the service reports of `site` may cover for `viewer`: admins the
/// whole site, supervisors their teams (as [`Viewer::access`] lets them
/// see them), nobody else and nobody outside their sites (`None`).
pub fn report_scope(viewer: &Viewer, site: &str) -> Option<ReportScope> {
    if !viewer.serves_site(site) {
        return None;
    }
    match viewer.role {
        StaffRole::Admin => Some(ReportScope::Site),
        StaffRole::Supervisor => {
            let mut teams: Vec<i64> = viewer
                .teams
                .iter()
                .chain(&viewer.supervises)
                .copied()
                .collect();
            teams.sort_unstable();
            teams.dedup();
            Some(ReportScope::Teams(teams))
        }
        StaffRole::Junior | StaffRole::Mid | StaffRole::Senior => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(id: i64, role: StaffRole, sites: &[&str]) -> AgentProfile {
        AgentProfile {
            id,
            email: format!("{id}@x.test"),
            name: format!("N{id}"),
            role,
            sites: sites.iter().map(|s| (*s).to_owned()).collect(),
            languages: vec![],
            skills: vec![],
            teams: vec![],
            capacity: 0,
            availability: Default::default(),
            connected: false,
        }
    }

    fn owned(sites: &[&str]) -> Vec<String> {
        sites.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn site_settings_belong_to_the_admins_of_the_site() {
        let root = profile(1, StaffRole::Admin, &[]);
        let shop = profile(2, StaffRole::Admin, &["shop"]);
        let both = profile(3, StaffRole::Admin, &["shop", "acme"]);
        assert!(may_administer_site(&root, "anything"));
        assert!(may_administer_site(&shop, "shop"));
        assert!(!may_administer_site(&shop, "acme"));
        assert!(may_administer_site(&both, "acme"));
        for role in [
            StaffRole::Junior,
            StaffRole::Mid,
            StaffRole::Senior,
            StaffRole::Supervisor,
        ] {
            assert!(!may_administer_site(&profile(4, role, &[]), "shop"));
        }
    }

    #[test]
    fn site_admins_manage_only_non_admin_accounts_within_their_sites() {
        let root = profile(1, StaffRole::Admin, &[]);
        let shop = profile(2, StaffRole::Admin, &["shop"]);
        let shop_agent = profile(5, StaffRole::Mid, &["shop"]);
        let acme_agent = profile(6, StaffRole::Mid, &["acme"]);
        let both_agent = profile(7, StaffRole::Mid, &["shop", "acme"]);
        let everywhere_agent = profile(8, StaffRole::Mid, &[]);
        let shop_admin2 = profile(9, StaffRole::Admin, &["shop"]);
        assert!(may_manage_account(&shop, &shop_agent));
        assert!(may_manage_account(&shop, &shop), "their own account");
        assert!(!may_manage_account(&shop, &acme_agent));
        assert!(
            !may_manage_account(&shop, &both_agent),
            "partly another site's"
        );
        assert!(!may_manage_account(&shop, &everywhere_agent), "all sites");
        assert!(!may_manage_account(&shop, &root));
        assert!(!may_manage_account(&shop, &shop_admin2), "another admin");
        for t in [&shop, &acme_agent, &everywhere_agent, &shop_admin2] {
            assert!(may_manage_account(&root, t));
        }
        let supervisor = profile(10, StaffRole::Supervisor, &[]);
        assert!(!may_manage_account(&supervisor, &shop_agent));
    }

    #[test]
    fn only_all_sites_admins_create_admins_or_all_sites_accounts() {
        let root = profile(1, StaffRole::Admin, &[]);
        let shop = profile(2, StaffRole::Admin, &["shop"]);
        assert!(may_create_account(&root, StaffRole::Admin, &[]));
        assert!(may_create_account(&root, StaffRole::Mid, &owned(&["acme"])));
        assert!(may_create_account(&shop, StaffRole::Mid, &owned(&["shop"])));
        assert!(may_create_account(
            &shop,
            StaffRole::Supervisor,
            &owned(&["shop"])
        ));
        assert!(!may_create_account(
            &shop,
            StaffRole::Admin,
            &owned(&["shop"])
        ));
        assert!(!may_create_account(&shop, StaffRole::Admin, &[]));
        assert!(!may_create_account(&shop, StaffRole::Mid, &[]), "all sites");
        assert!(!may_create_account(
            &shop,
            StaffRole::Mid,
            &owned(&["acme"])
        ));
        assert!(!may_create_account(
            &shop,
            StaffRole::Mid,
            &owned(&["shop", "acme"])
        ));
        let senior = profile(3, StaffRole::Senior, &[]);
        assert!(!may_create_account(&senior, StaffRole::Junior, &[]));
    }

    #[test]
    fn site_lists_are_assigned_within_the_assigners_sites() {
        let root = profile(1, StaffRole::Admin, &[]);
        let shop = profile(2, StaffRole::Admin, &["shop", "outlet"]);
        let agent = profile(5, StaffRole::Mid, &["shop"]);
        assert!(may_assign_sites(&shop, &agent, &owned(&["outlet"])));
        assert!(may_assign_sites(&shop, &agent, &owned(&["shop", "outlet"])));
        assert!(!may_assign_sites(&shop, &agent, &owned(&["acme"])));
        assert!(!may_assign_sites(&shop, &agent, &[]), "all sites");
        assert!(may_assign_sites(&root, &agent, &[]));
        // Their own profile: never wider than before.
        assert!(may_assign_sites(&shop, &shop, &owned(&["shop"])));
        assert!(!may_assign_sites(&shop, &shop, &[]));
        assert!(!may_assign_sites(&shop, &shop, &owned(&["acme"])));
    }

    #[test]
    fn the_global_policy_is_for_all_sites_admins() {
        assert!(may_set_global_policy(&profile(1, StaffRole::Admin, &[])));
        assert!(!may_set_global_policy(&profile(
            2,
            StaffRole::Admin,
            &["shop"]
        )));
        assert!(!may_set_global_policy(&profile(
            3,
            StaffRole::Supervisor,
            &[]
        )));
    }

    #[test]
    fn sites_are_added_by_all_sites_admins() {
        assert!(may_create_site(&profile(1, StaffRole::Admin, &[])));
        assert!(!may_create_site(&profile(2, StaffRole::Admin, &["shop"])));
        assert!(!may_create_site(&profile(3, StaffRole::Supervisor, &[])));
        assert!(!may_create_site(&profile(4, StaffRole::Mid, &[])));
    }

    #[test]
    fn audit_lines_follow_sites_and_accounts() {
        let root = profile(1, StaffRole::Admin, &[]);
        let shop = profile(2, StaffRole::Admin, &["shop"]);
        let shop_agent = profile(5, StaffRole::Mid, &["shop"]);
        let acme_agent = profile(6, StaffRole::Mid, &["acme"]);
        assert!(sees_audit_line(&shop, Some("shop"), Some(&acme_agent)));
        assert!(!sees_audit_line(&shop, Some("acme"), Some(&shop_agent)));
        assert!(sees_audit_line(&shop, None, Some(&shop_agent)));
        assert!(sees_audit_line(&shop, None, Some(&shop)));
        assert!(!sees_audit_line(&shop, None, Some(&acme_agent)));
        assert!(!sees_audit_line(&shop, None, Some(&root)));
        assert!(!sees_audit_line(&shop, None, None), "typed e-mails, jobs");
        for (site, subject) in [(None, None), (Some("acme"), Some(&acme_agent))] {
            assert!(sees_audit_line(&root, site, subject));
        }
        let supervisor = profile(7, StaffRole::Supervisor, &[]);
        assert!(!sees_audit_line(&supervisor, Some("shop"), None));
    }

    #[test]
    fn conversations_are_held_by_staff_of_their_site() {
        assert!(may_hold(&owned(&["shop"]), "shop"));
        assert!(may_hold(&[], "shop"));
        assert!(!may_hold(&owned(&["acme"]), "shop"));
    }

    fn at(site: &str, team: Option<i64>, assignee: Option<i64>) -> Placement {
        Placement {
            id: 7,
            site: site.into(),
            team_id: team,
            assignee_id: assignee,
        }
    }

    fn viewer(role: StaffRole) -> Viewer {
        Viewer {
            id: 1,
            role,
            sites: vec!["shop".into()],
            teams: vec![10],
            supervises: vec![],
            grants: vec![],
        }
    }

    #[test]
    fn agents_see_their_own_and_their_queues_only() {
        for role in [StaffRole::Junior, StaffRole::Mid, StaffRole::Senior] {
            let v = viewer(role);
            assert_eq!(v.access(&at("shop", Some(10), Some(1))), Access::Full);
            assert_eq!(v.access(&at("shop", Some(99), Some(1))), Access::Full);
            assert_eq!(v.access(&at("shop", Some(10), None)), Access::Full);
            assert_eq!(v.access(&at("shop", None, None)), Access::Full);
            // A colleague's customer, even in the same team.
            assert_eq!(v.access(&at("shop", Some(10), Some(2))), Access::None);
            assert_eq!(v.access(&at("shop", None, Some(2))), Access::None);
            // Another team's queue.
            assert_eq!(v.access(&at("shop", Some(11), None)), Access::None);
            // Another site, even if "assigned" there.
            assert_eq!(v.access(&at("other", Some(10), Some(1))), Access::None);
        }
    }

    #[test]
    fn supervisors_see_their_teams_assigned_or_not() {
        let mut v = viewer(StaffRole::Supervisor);
        v.supervises = vec![11];
        assert_eq!(v.access(&at("shop", Some(10), Some(2))), Access::Full);
        assert_eq!(v.access(&at("shop", Some(11), Some(3))), Access::Full);
        assert_eq!(v.access(&at("shop", None, Some(3))), Access::Full);
        assert_eq!(v.access(&at("shop", Some(12), Some(1))), Access::Full);
        assert_eq!(v.access(&at("shop", Some(12), Some(3))), Access::None);
        assert_eq!(v.access(&at("shop", Some(12), None)), Access::None);
        assert_eq!(v.access(&at("other", Some(10), None)), Access::None);
        assert!(v.approves());
        assert!(!v.is_admin());
    }

    #[test]
    fn admins_see_every_conversation_of_their_sites() {
        let v = viewer(StaffRole::Admin);
        assert_eq!(v.access(&at("shop", Some(12), Some(3))), Access::Full);
        assert_eq!(v.access(&at("other", None, None)), Access::None);
        let everywhere = Viewer {
            sites: vec![],
            ..viewer(StaffRole::Admin)
        };
        assert_eq!(everywhere.access(&at("other", None, None)), Access::Full);
    }

    #[test]
    fn a_grant_adds_view_only_access_to_that_conversation_only() {
        let mut v = viewer(StaffRole::Junior);
        v.grants = vec![7];
        assert_eq!(v.access(&at("shop", Some(11), Some(2))), Access::ReadOnly);
        let mut other = at("shop", Some(11), Some(2));
        other.id = 8;
        assert_eq!(v.access(&other), Access::None);
        // Never across sites.
        assert_eq!(v.access(&at("other", Some(11), Some(2))), Access::None);
        // A grant does not lower full access.
        assert_eq!(v.access(&at("shop", Some(10), Some(1))), Access::Full);
        assert!(!v.approves());
    }

    #[test]
    fn break_glass_is_decided_by_supervisors_and_admins_who_fully_see_it_never_their_own() {
        let all = [
            StaffRole::Junior,
            StaffRole::Mid,
            StaffRole::Senior,
            StaffRole::Supervisor,
            StaffRole::Admin,
        ];
        for role in all {
            let v = viewer(role);
            let approver = matches!(role, StaffRole::Supervisor | StaffRole::Admin);
            // Fully visible: the general queue of their site.
            let open = at("shop", None, None);
            assert_eq!(may_decide_access(&v, &open, 2), approver, "{role:?}");
            // Never their own request.
            assert!(!may_decide_access(&v, &open, v.id), "{role:?}");
            // Not a conversation of another site.
            assert!(
                !may_decide_access(&v, &at("acme", None, None), 2),
                "{role:?}"
            );
            // Not one they only see through a grant of their own.
            let mut granted = v.clone();
            granted.grants = vec![7];
            let held = Placement {
                id: 7,
                site: "shop".into(),
                team_id: Some(99),
                assignee_id: Some(5),
            };
            let full = granted.access(&held) == Access::Full;
            assert_eq!(
                may_decide_access(&granted, &held, 2),
                approver && full,
                "{role:?}"
            );
        }
    }

    #[test]
    fn complaints_follow_the_conversation_and_stay_with_their_owner() {
        let place = Placement {
            id: 1,
            site: "shop".into(),
            team_id: Some(10),
            assignee_id: Some(5),
        };
        let agent = |id, role, teams: Vec<i64>| Viewer {
            id,
            role,
            sites: vec!["shop".into()],
            teams,
            ..Default::default()
        };
        // The conversation's agent; its team's supervisor; an admin.
        assert!(may_work_on_complaint(
            &agent(5, StaffRole::Mid, vec![10]),
            &place,
            None
        ));
        assert!(may_work_on_complaint(
            &agent(6, StaffRole::Supervisor, vec![10]),
            &place,
            None
        ));
        assert!(may_work_on_complaint(
            &agent(7, StaffRole::Admin, vec![]),
            &place,
            None
        ));
        // A colleague of the team does not, unless they own the complaint.
        let colleague = agent(8, StaffRole::Mid, vec![10]);
        assert!(!may_work_on_complaint(&colleague, &place, None));
        assert!(may_work_on_complaint(&colleague, &place, Some(8)));
        // Never beyond their sites, owner or not; view-only access is not enough.
        let elsewhere = Viewer {
            sites: vec!["other".into()],
            ..colleague.clone()
        };
        assert!(!may_work_on_complaint(&elsewhere, &place, Some(8)));
        let glass = Viewer {
            grants: vec![1],
            ..agent(9, StaffRole::Mid, vec![])
        };
        assert!(!may_work_on_complaint(&glass, &place, None));
    }

    #[test]
    fn reports_cover_the_site_for_admins_and_the_teams_for_supervisors() {
        let mut v = Viewer {
            id: 7,
            role: StaffRole::Admin,
            sites: owned(&["shop"]),
            teams: vec![3],
            supervises: vec![2, 3],
            grants: vec![],
        };
        assert_eq!(report_scope(&v, "shop"), Some(ReportScope::Site));
        assert_eq!(report_scope(&v, "acme"), None);
        v.role = StaffRole::Supervisor;
        assert_eq!(
            report_scope(&v, "shop"),
            Some(ReportScope::Teams(vec![2, 3]))
        );
        assert_eq!(report_scope(&v, "acme"), None);
        v.sites.clear();
        assert_eq!(
            report_scope(&v, "acme"),
            Some(ReportScope::Teams(vec![2, 3]))
        );
        for role in [StaffRole::Junior, StaffRole::Mid, StaffRole::Senior] {
            v.role = role;
            assert_eq!(report_scope(&v, "shop"), None);
        }
    }
}
