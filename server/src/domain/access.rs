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

use parley_app::protocol::StaffRole;

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
        self.sites.is_empty() || self.sites.iter().any(|s| s == site)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
