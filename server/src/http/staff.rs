//! Admin changes to the staff: new accounts, and each agent's routing
//! profile (languages, skills, capacity, regional teams).
//!
//! Plain HTML forms post here from `/desk/staff` (they work before the WASM
//! loads); the answer is a redirect back with `saved=1` or `error=<code>`.
//! Every change re-runs routing, since it can open or close seats.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Form, Router};
use parley_app::api::SignedIn;
use parley_app::canned;
use parley_app::compliance::{self, PhraseRule};
use parley_app::error::ErrorCode;
use parley_app::locale::SHIPPED;
use parley_app::protocol::StaffRole;

use super::admin::require_admin;
use crate::error::ApiError;
use crate::services::staff_admin::{self, AdminError};
use crate::state::AppState;
use crate::storage::AgentRouting;

/// Shortest staff password, in characters.
/// Most conversations an agent can be set to hold at once.
pub const MAX_CAPACITY: u32 = 50;
/// Longest skill name, and most skills per agent.
const MAX_SKILL_CHARS: usize = 40;
const MAX_SKILLS: usize = 20;

/// Routes under `/api/admin/staff`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/staff", post(create))
        .route("/api/admin/staff/{id}/routing", post(save_routing))
        .route("/api/admin/sites/{site}/compliance", post(save_compliance))
        .route("/api/admin/sites/{site}/canned", post(save_canned))
}

pub use crate::services::staff_admin::LocaleText;

/// A canned-reply form: `key` and `text.<locale>` boxes (blank removes that
/// locale's text). The greeting is edited with the site texts, not here.
pub fn parse_canned(
    form: &HashMap<String, String>,
) -> Result<(String, Vec<LocaleText>), ErrorCode> {
    let key = form.get("key").map(|k| k.trim()).unwrap_or("");
    if !canned::valid_key(key) || key == canned::GREETING_KEY {
        return Err(ErrorCode::ReplyKeyInvalid);
    }
    let mut texts = Vec::new();
    for locale in SHIPPED {
        let Some(text) = form.get(&format!("text.{locale}")) else {
            continue;
        };
        let text = text.trim();
        if text.chars().count() > parley_app::protocol::MAX_BODY_CHARS {
            return Err(ErrorCode::TextTooLong);
        }
        texts.push((*locale, (!text.is_empty()).then(|| text.to_owned())));
    }
    Ok((key.to_owned(), texts))
}

async fn save_canned(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (admin, (key, texts)) = match checked(&state, &headers, signed_in, parse_canned(&form)) {
        Ok(v) => v,
        Err(refusal) => return Ok(*refusal),
    };
    let saved = staff_admin::save_canned(&state, &admin, &site, &key, &texts).await;
    answer(saved.map(|()| format!("canned-{key}")))
}

/// Longest forbidden phrase, and most phrases per locale.
const MAX_PHRASE_CHARS: usize = 200;
const MAX_PHRASES: usize = 200;

/// A compliance form: `rules.<locale>` text areas, one phrase per line,
/// `!` in front to block. Only the locales present are replaced.
pub fn parse_compliance(
    form: &HashMap<String, String>,
) -> Result<Vec<(&'static str, Vec<PhraseRule>)>, ErrorCode> {
    let mut out = Vec::new();
    for locale in SHIPPED {
        let Some(text) = form.get(&format!("rules.{locale}")) else {
            continue;
        };
        let rules = compliance::parse_rules(locale, text);
        if rules.len() > MAX_PHRASES
            || rules
                .iter()
                .any(|r| r.phrase.chars().count() > MAX_PHRASE_CHARS)
        {
            return Err(ErrorCode::TextTooLong);
        }
        out.push((*locale, rules));
    }
    Ok(out)
}

async fn save_compliance(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (admin, edits) = match checked(&state, &headers, signed_in, parse_compliance(&form)) {
        Ok(v) => v,
        Err(refusal) => return Ok(*refusal),
    };
    let saved = staff_admin::save_compliance(&state, &admin, &site, &edits).await;
    answer(saved.map(|()| "compliance".to_owned()))
}

fn back(outcome: &str) -> Response {
    Redirect::to(&format!("/desk/staff?{outcome}")).into_response()
}

/// Back to the page with `saved=<what>` or the refusal's `error=<code>`;
/// a storage failure is an error answer.
fn answer(outcome: Result<String, AdminError>) -> Result<Response, ApiError> {
    match outcome {
        Ok(saved) => Ok(back(&format!("saved={saved}"))),
        Err(AdminError::Refused(code)) => Ok(back(&format!("error={code}"))),
        Err(AdminError::Store(e)) => Err(e.into()),
    }
}

/// An admin's same-origin form, parsed: the admin and the value, or the
/// response to send (a refusal, or back to the page with the error code).
fn checked<T>(
    state: &AppState,
    headers: &HeaderMap,
    signed_in: SignedIn,
    parsed: Result<T, ErrorCode>,
) -> Result<(parley_app::protocol::AgentProfile, T), Box<Response>> {
    let admin = require_admin(state, headers, signed_in)
        .map_err(|refusal| Box::new(refusal.into_response()))?;
    let value = parsed.map_err(|code| Box::new(back(&format!("error={code}"))))?;
    Ok((admin, value))
}

/// The `sites` field of a form: site keys separated by commas or spaces
/// (empty: every site), each well-formed, without repeats.
pub fn parse_sites(form: &HashMap<String, String>) -> Result<Vec<String>, ErrorCode> {
    let mut sites: Vec<String> = Vec::new();
    for site in form
        .get("sites")
        .map(String::as_str)
        .unwrap_or("")
        .split([',', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        if site.len() > 64
            || !site
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(ErrorCode::ProfileInvalid);
        }
        if !sites.iter().any(|s| s == site) {
            sites.push(site.to_owned());
        }
    }
    Ok(sites)
}

/// A routing profile from its form: `lang.<locale>`, `team.<id>` checkboxes,
/// `skills` (comma-separated), `capacity` and `sites`.
pub fn parse_routing(form: &HashMap<String, String>) -> Result<AgentRouting, ErrorCode> {
    let languages = SHIPPED
        .iter()
        .filter(|l| form.contains_key(&format!("lang.{l}")))
        .map(|l| (*l).to_owned())
        .collect();
    let mut teams: Vec<i64> = form
        .keys()
        .filter_map(|k| k.strip_prefix("team."))
        .map(|id| id.parse::<i64>().map_err(|_| ErrorCode::ProfileInvalid))
        .collect::<Result<_, _>>()?;
    teams.sort_unstable();
    let mut skills: Vec<String> = Vec::new();
    for skill in form
        .get("skills")
        .map(String::as_str)
        .unwrap_or("")
        .split([',', '，', '、'])
    {
        let skill = skill.trim().to_lowercase();
        if skill.is_empty() || skills.contains(&skill) {
            continue;
        }
        if skill.chars().count() > MAX_SKILL_CHARS {
            return Err(ErrorCode::ProfileInvalid);
        }
        skills.push(skill);
    }
    if skills.len() > MAX_SKILLS {
        return Err(ErrorCode::ProfileInvalid);
    }
    let capacity = form
        .get("capacity")
        .and_then(|c| c.trim().parse::<u32>().ok())
        .filter(|c| *c <= MAX_CAPACITY)
        .ok_or(ErrorCode::ProfileInvalid)?;
    let sites = parse_sites(form)?;
    Ok(AgentRouting {
        languages,
        skills,
        capacity,
        teams,
        sites,
    })
}

async fn save_routing(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let parsed = parse_routing(&form).and_then(|r| {
        // Only sites that exist, and only the admin's own (tenancy).
        let known = |s: &String| state.sites.get(s).is_some();
        if r.sites.iter().all(known) {
            Ok(r)
        } else {
            Err(ErrorCode::ProfileInvalid)
        }
    });
    let (admin, profile) = match checked(&state, &headers, signed_in, parsed) {
        Ok(v) => v,
        Err(refusal) => return Ok(*refusal),
    };
    let saved = staff_admin::change_routing(&state, &admin, id, &profile).await;
    answer(saved.map(|()| id.to_string()))
}

/// A new staff account from its form: `email`, `name`, `password`, `role`.
pub fn parse_new_agent(
    form: &HashMap<String, String>,
) -> Result<(String, String, String, StaffRole), ErrorCode> {
    let field = |k: &str| form.get(k).map(|v| v.trim()).unwrap_or("");
    let email = field("email");
    let name = field("name");
    let at = email.find('@');
    if name.is_empty()
        || name.chars().count() > 80
        || email.len() > 254
        || at.is_none_or(|i| i == 0 || i == email.len() - 1)
    {
        return Err(ErrorCode::ProfileInvalid);
    }
    let password = form.get("password").map(String::as_str).unwrap_or("");
    crate::security::password::check(password, email, name)?;
    let role = match field("role") {
        "" | "agent" => StaffRole::Mid,
        r => StaffRole::parse(r).ok_or(ErrorCode::ProfileInvalid)?,
    };
    Ok((email.to_owned(), name.to_owned(), password.to_owned(), role))
}

async fn create(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let parsed = parse_new_agent(&form).and_then(|agent| {
        let sites = parse_sites(&form)?;
        if sites.iter().all(|s| state.sites.get(s).is_some()) {
            Ok((agent, sites))
        } else {
            Err(ErrorCode::ProfileInvalid)
        }
    });
    let (admin, ((email, name, password, role), sites)) =
        match checked(&state, &headers, signed_in, parsed) {
            Ok(v) => v,
            Err(refusal) => return Ok(*refusal),
        };
    let password_hash = crate::services::credentials::hash_password(&state, &password).await?;
    let account = staff_admin::NewAccount {
        email,
        name,
        password_hash,
        role,
        sites,
    };
    let created = staff_admin::create_account(&state, &admin, account).await;
    answer(created.map(|agent| agent.id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::http::test_form as form;

    #[test]
    fn routing_form_rules() {
        let r = parse_routing(&form(&[
            ("lang.de", "on"),
            ("lang.zh-CN", "on"),
            ("lang.xx", "on"),
            ("team.7", "on"),
            ("team.3", "on"),
            ("skills", " Logistics, payments，logistics、 fees ,, "),
            ("capacity", "4"),
        ]))
        .unwrap();
        assert_eq!(
            r.languages,
            vec!["zh-CN", "de"],
            "shipped order, unknown dropped"
        );
        assert_eq!(r.teams, vec![3, 7]);
        assert_eq!(r.skills, vec!["logistics", "payments", "fees"]);
        assert_eq!(r.capacity, 4);
        for bad in [
            form(&[("capacity", "-1")]),
            form(&[("capacity", "51")]),
            form(&[("capacity", "many")]),
            form(&[]),
            form(&[("capacity", "2"), ("team.x", "on")]),
            form(&[("capacity", "2"), ("skills", &"s".repeat(41))]),
        ] {
            assert_eq!(
                parse_routing(&bad),
                Err(ErrorCode::ProfileInvalid),
                "{bad:?}"
            );
        }
        let many: String = (0..21).map(|i| format!("s{i},")).collect();
        assert_eq!(
            parse_routing(&form(&[("capacity", "1"), ("skills", &many)])),
            Err(ErrorCode::ProfileInvalid)
        );
    }

    #[test]
    fn compliance_form_rules() {
        let edits = parse_compliance(&form(&[
            ("rules.en", "!unconditional refund\nguaranteed delivery"),
            ("rules.ja", ""),
            ("rules.xx", "ignored"),
        ]))
        .unwrap();
        assert_eq!(edits.len(), 2);
        assert_eq!(edits[0].0, "en");
        assert_eq!(edits[0].1.len(), 2);
        assert_eq!(edits[1], ("ja", vec![]), "an empty box clears the locale");
        let long = format!("!{}", "x".repeat(MAX_PHRASE_CHARS + 1));
        assert_eq!(
            parse_compliance(&form(&[("rules.de", &long)])),
            Err(ErrorCode::TextTooLong)
        );
        let many = (0..=MAX_PHRASES)
            .map(|i| format!("p{i}\n"))
            .collect::<String>();
        assert_eq!(
            parse_compliance(&form(&[("rules.de", &many)])),
            Err(ErrorCode::TextTooLong)
        );
    }

    #[test]
    fn canned_form_rules() {
        let (key, texts) = parse_canned(&form(&[
            ("key", " parcel-delayed "),
            ("text.en", " Parcel {waybill_number} is in customs. "),
            ("text.ja", ""),
            ("text.xx", "ignored"),
        ]))
        .unwrap();
        assert_eq!(key, "parcel-delayed");
        assert_eq!(
            texts,
            vec![
                (
                    "en",
                    Some("Parcel {waybill_number} is in customs.".to_owned())
                ),
                ("ja", None)
            ]
        );
        for bad in ["", "greeting", "Parcel Delayed", "a/b"] {
            assert_eq!(
                parse_canned(&form(&[("key", bad)])),
                Err(ErrorCode::ReplyKeyInvalid),
                "{bad}"
            );
        }
        let long = "x".repeat(4001);
        assert_eq!(
            parse_canned(&form(&[("key", "k"), ("text.de", &long)])),
            Err(ErrorCode::TextTooLong)
        );
    }

    #[test]
    fn new_agent_form_rules() {
        let ok = form(&[
            ("email", " mei@example.com "),
            ("name", "Mei"),
            ("password", "twelve chars"),
        ]);
        assert_eq!(
            parse_new_agent(&ok),
            Ok((
                "mei@example.com".into(),
                "Mei".into(),
                "twelve chars".into(),
                StaffRole::Mid
            ))
        );
        let with = |k: &str, v: &str| {
            let mut f = ok.clone();
            f.insert(k.into(), v.into());
            parse_new_agent(&f)
        };
        assert_eq!(
            with("password", "elevenchars"),
            Err(ErrorCode::PasswordTooShort)
        );
        assert_eq!(with("email", "nobody"), Err(ErrorCode::ProfileInvalid));
        assert_eq!(with("email", "@x"), Err(ErrorCode::ProfileInvalid));
        assert_eq!(with("name", "  "), Err(ErrorCode::ProfileInvalid));
        assert_eq!(with("role", "root"), Err(ErrorCode::ProfileInvalid));
        assert_eq!(with("role", "admin").map(|v| v.3), Ok(StaffRole::Admin));
        assert_eq!(with("role", "junior").map(|v| v.3), Ok(StaffRole::Junior));
        assert_eq!(
            with("role", "supervisor").map(|v| v.3),
            Ok(StaffRole::Supervisor)
        );
        assert_eq!(
            with("password", "password1234"),
            Err(ErrorCode::PasswordCommon)
        );
    }
}
