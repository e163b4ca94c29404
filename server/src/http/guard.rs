//! The admin gate: one middleware in front of every `/api/admin/…` route
//! (and the global `/api/security/…` settings), so a new admin route cannot
//! forget who may use it. It decides from the path alone, with the pure
//! rules of [`crate::domain::access`]:
//!
//! - every admin request: same origin, a fully signed-in admin;
//! - `/api/admin/sites/{site}/…`: an admin who serves that site;
//! - `/api/admin/sites/{site}/kb…`: the site's knowledge-base editors —
//!   its admins and supervisors ([`crate::domain::kb::may_edit_kb`]);
//! - `/api/admin/sites/{site}/qa…` and `…/library…`: the site's weekly
//!   QA reviewers and case-library keepers — its admins and supervisors
//!   ([`crate::domain::qa::may_run_qa`]);
//! - `/api/admin/sites` (adding a site): all-sites admins only;
//! - `/api/admin/staff/{id}/…`: an admin who may manage that account;
//! - `/api/admin/conversations/{id}/…`: an admin of the conversation's site;
//! - `/api/security/…`: settings for every site, all-sites admins only.
//!
//! Anything else under `/api/admin/` (creating an account, reading the
//! audit log or destruction records) is open to any admin; those handlers
//! filter rows or check the body with the same rules. Refusals of a site or
//! account outside the admin's reach answer 404 (they learn nothing of it)
//! and are logged and audited. Depends on storage only to look the target up.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use parley_app::protocol::StaffRole;

use crate::domain::access;
use crate::error::ApiError;
use crate::services::{audit, customer_data, staff_admin};
use crate::state::AppState;

/// What an admin path is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A site's settings.
    Site(String),
    /// A site's knowledge base.
    Knowledge(String),
    /// A site's weekly QA review or case library.
    Quality(String),
    /// A staff account.
    Account(String),
    /// A conversation (and its customer).
    Conversation(String),
    /// Settings for every site.
    Global,
    /// Nothing in particular (the handler filters rows or checks the body).
    Any,
}

/// The target of `path`, or `None` when the gate does not apply.
pub fn target(path: &str) -> Option<Target> {
    if let Some(rest) = path.strip_prefix("/api/security/") {
        return (!rest.is_empty()).then_some(Target::Global);
    }
    let rest = path.strip_prefix("/api/admin")?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    let mut parts = rest.trim_start_matches('/').split('/');
    let kind = parts.next().unwrap_or("");
    let id = parts.next().map(str::to_owned);
    let area = parts.next();
    let scoped = area.is_some();
    Some(match (kind, id) {
        ("sites", Some(site)) if area == Some("kb") => Target::Knowledge(site),
        ("sites", Some(site)) if matches!(area, Some("qa" | "library")) => Target::Quality(site),
        ("sites", Some(site)) => Target::Site(site),
        // Adding a site: all-sites admins only.
        ("sites", None) => Target::Global,
        ("staff", Some(id)) if scoped => Target::Account(id),
        ("conversations", Some(id)) => Target::Conversation(id),
        _ => Target::Any,
    })
}

/// Middleware: see the module docs. Runs after `csrf::attach_agent`.
pub async fn admin_gate(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let Some(target) = target(req.uri().path()) else {
        return Ok(next.run(req).await);
    };
    let path = req.uri().path().to_owned();
    let foreign = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| !o.eq_ignore_ascii_case(&state.settings.public_origin));
    if foreign {
        tracing::warn!(%path, "admin request from a foreign origin refused");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginForbidden,
        ));
    }
    let Some(admin) = req.extensions().get::<SignedIn>().and_then(|s| s.0.clone()) else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
        ));
    };
    let editor = matches!(target, Target::Knowledge(_) | Target::Quality(_))
        && admin.role == StaffRole::Supervisor;
    if admin.role != StaffRole::Admin && !editor {
        tracing::warn!(agent = admin.id, %path, "non-admin tried an admin route");
        return Err(ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden));
    }
    let allowed = match &target {
        Target::Any => Ok(true),
        Target::Global => Ok(access::may_set_global_policy(&admin)),
        Target::Site(site) => {
            Ok(state.sites.get(site).is_some() && access::may_administer_site(&admin, site))
        }
        Target::Knowledge(site) => {
            Ok(state.sites.get(site).is_some() && crate::domain::kb::may_edit_kb(&admin, site))
        }
        Target::Quality(site) => {
            Ok(state.sites.get(site).is_some() && crate::domain::qa::may_run_qa(&admin, site))
        }
        Target::Account(id) => match id.parse::<i64>() {
            Ok(id) => staff_admin::account_in_reach(&state, &admin, id).await,
            Err(_) => Ok(false),
        },
        Target::Conversation(id) => match id.parse::<i64>() {
            Ok(id) => customer_data::customer_of(&state, &admin, id)
                .await
                .map(|c| c.is_some()),
            Err(_) => Ok(false),
        },
    };
    match allowed {
        Ok(true) => Ok(next.run(req).await),
        Ok(false) => {
            tracing::warn!(admin = admin.id, %path, "admin request outside the admin's sites refused");
            audit::record(
                &state,
                audit::Entry::by(&admin, "access_refused")
                    .detail(serde_json::json!({ "path": path })),
            )
            .await;
            Err(if target == Target::Global {
                ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden)
            } else {
                ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound)
            })
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_their_target() {
        let t = |p| target(p);
        assert_eq!(
            t("/api/admin/sites/demo/texts"),
            Some(Target::Site("demo".into()))
        );
        assert_eq!(
            t("/api/admin/sites/demo/setup/teams"),
            Some(Target::Site("demo".into()))
        );
        assert_eq!(
            t("/api/admin/staff/7/unlock"),
            Some(Target::Account("7".into()))
        );
        assert_eq!(t("/api/admin/staff"), Some(Target::Any));
        assert_eq!(t("/api/admin/staff/"), Some(Target::Any));
        assert_eq!(
            t("/api/admin/conversations/3/erase"),
            Some(Target::Conversation("3".into()))
        );
        assert_eq!(
            t("/api/admin/sites/demo/kb/articles/3"),
            Some(Target::Knowledge("demo".into()))
        );
        assert_eq!(
            t("/api/admin/sites/demo/kb"),
            Some(Target::Knowledge("demo".into()))
        );
        assert_eq!(
            t("/api/admin/sites/demo/qa/reviews"),
            Some(Target::Quality("demo".into()))
        );
        assert_eq!(
            t("/api/admin/sites/demo/library/3/remove"),
            Some(Target::Quality("demo".into()))
        );
        assert_eq!(
            t("/api/admin/sites/demo/qax"),
            Some(Target::Site("demo".into()))
        );
        assert_eq!(
            t("/api/admin/sites/demo/kbx"),
            Some(Target::Site("demo".into()))
        );
        assert_eq!(t("/api/admin/sites"), Some(Target::Global));
        assert_eq!(t("/api/admin/sites/s-1"), Some(Target::Site("s-1".into())));
        assert_eq!(t("/api/admin/audit.json"), Some(Target::Any));
        assert_eq!(t("/api/admin"), Some(Target::Any));
        assert_eq!(t("/api/security/mfa-policy"), Some(Target::Global));
        assert_eq!(t("/api/security"), None, "the security server function");
        assert_eq!(t("/api/administrator"), None);
        assert_eq!(t("/api/auth/login"), None);
        assert_eq!(t("/desk/staff"), None);
    }
}
