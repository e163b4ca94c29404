//! A site's setup as admins write it (JSON): regional teams with their
//! business calendars and escalation contacts, topics with their intake
//! forms and routing, and SLA targets. Parsing and every check are here,
//! pure; a refusal names where the problem is (`line 3 column 5`,
//! `teams[1].calendar`, `topics[2].fields[0].pattern`).

use parley_app::intake::Category;
use serde::{Deserialize, Serialize};

use super::calendar::{BusinessCalendar, CalendarSpec};
use super::sla::SlaPolicy;

/// Longest team name.
const MAX_TEAM_NAME: usize = 40;

/// One regional team as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamSetup {
    /// Display name, unique per site, e.g. `APAC`.
    pub name: String,
    /// Opening hours, closures, time zone.
    pub calendar: CalendarSpec,
    /// E-mail of the supervisor who receives escalations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervisor: Option<String>,
    /// E-mail of the on-call person for urgent gaps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_call: Option<String>,
}

/// One topic as written: its intake form, its team and the skill it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicSetup {
    /// Name, priority, form.
    #[serde(flatten)]
    pub category: Category,
    /// Team name whose queue and calendar it uses.
    pub team: String,
    /// Skill routing requires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skill: Option<String>,
}

/// Where a setup is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetupError {
    /// The offending place.
    pub at: String,
}

fn json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, SetupError> {
    serde_json::from_str(text).map_err(|e| SetupError {
        at: format!("line {} column {}", e.line(), e.column()),
    })
}

/// Teams: unique non-empty names, valid calendars.
pub fn parse_teams(text: &str) -> Result<Vec<TeamSetup>, SetupError> {
    let teams: Vec<TeamSetup> = json(text)?;
    for (i, t) in teams.iter().enumerate() {
        let name = t.name.trim();
        if name.is_empty()
            || name.chars().count() > MAX_TEAM_NAME
            || teams[..i].iter().any(|o| o.name.trim() == name)
        {
            return Err(SetupError {
                at: format!("teams[{i}].name"),
            });
        }
        if BusinessCalendar::try_from(&t.calendar).is_err() {
            return Err(SetupError {
                at: format!("teams[{i}].calendar"),
            });
        }
    }
    Ok(teams)
}

/// Topics: valid definitions (see `Category::check_definition`), unique
/// keys, and a team that exists.
pub fn parse_topics(
    text: &str,
    team_names: &[String],
    default_locale: &str,
) -> Result<Vec<TopicSetup>, SetupError> {
    let topics: Vec<TopicSetup> = json(text)?;
    for (i, t) in topics.iter().enumerate() {
        t.category
            .check_definition(default_locale)
            .map_err(|part| SetupError {
                at: format!("topics[{i}].{part}"),
            })?;
        if topics[..i].iter().any(|o| o.category.key == t.category.key) {
            return Err(SetupError {
                at: format!("topics[{i}].key"),
            });
        }
        if !team_names.contains(&t.team) {
            return Err(SetupError {
                at: format!("topics[{i}].team"),
            });
        }
    }
    Ok(topics)
}

/// SLA targets, within sane bounds (`SlaPolicy::is_valid`).
pub fn parse_targets(text: &str) -> Result<SlaPolicy, SetupError> {
    let policy: SlaPolicy = json(text)?;
    if policy.is_valid() {
        Ok(policy)
    } else {
        Err(SetupError {
            at: "targets".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEAMS: &str = r#"[
        {"name": "EMEA", "calendar": {"time_zone": "Europe/Berlin",
            "shifts": [{"day": "mon", "start": "08:00", "end": "17:00"}], "closures": ["2026-12-25"]},
         "supervisor": "sup@x.test"},
        {"name": "Night", "calendar": {"time_zone": "UTC",
            "shifts": [{"day": "sun", "start": "22:00", "end": "06:00"}]}}
    ]"#;

    #[test]
    fn teams_parse_and_bad_ones_say_where() {
        let teams = parse_teams(TEAMS).unwrap();
        assert_eq!(teams.len(), 2);
        assert_eq!(teams[0].supervisor.as_deref(), Some("sup@x.test"));
        assert_eq!(parse_teams("[{").unwrap_err().at, "line 1 column 2");
        let dup = TEAMS.replace("\"Night\"", "\"EMEA\"");
        assert_eq!(parse_teams(&dup).unwrap_err().at, "teams[1].name");
        let bad_zone = TEAMS.replace("Europe/Berlin", "Mars/Olympus");
        assert_eq!(parse_teams(&bad_zone).unwrap_err().at, "teams[0].calendar");
        let bad_time = TEAMS.replace("17:00", "25:00");
        assert_eq!(parse_teams(&bad_time).unwrap_err().at, "teams[0].calendar");
    }

    #[test]
    fn topics_need_a_known_team_and_a_valid_form() {
        let topic = r#"[{"key": "returns", "names": {"en": "Returns"}, "priority": "routine",
            "fields": [{"key": "order_number", "kind": "reference", "required": true,
                        "labels": {"en": "Order number"}, "pattern": "[A-Z0-9-]{4,20}"}],
            "team": "EMEA", "skill": "returns"}]"#;
        let teams = vec!["EMEA".to_owned()];
        let parsed = parse_topics(topic, &teams, "en").unwrap();
        assert_eq!(parsed[0].skill.as_deref(), Some("returns"));
        assert_eq!(
            parse_topics(topic, &["APAC".to_owned()], "en")
                .unwrap_err()
                .at,
            "topics[0].team"
        );
        assert_eq!(
            parse_topics(&topic.replace("{4,20}", "{4,"), &teams, "en")
                .unwrap_err()
                .at,
            "topics[0].fields[0].pattern"
        );
        assert_eq!(
            parse_topics(topic, &teams, "de").unwrap_err().at,
            "topics[0].names.de"
        );
        let twice = format!("[{0},{0}]", &topic[1..topic.len() - 1]);
        assert_eq!(
            parse_topics(&twice, &teams, "en").unwrap_err().at,
            "topics[1].key"
        );
        assert!(
            parse_topics(r#"[{"key": "x"}]"#, &teams, "en")
                .unwrap_err()
                .at
                .starts_with("line 1")
        );
    }

    #[test]
    fn targets_are_bounded() {
        let p = parse_targets(r#"{"routine_first_response": 20}"#).unwrap();
        assert_eq!(p.routine_first_response, 20);
        assert_eq!(
            p.urgent_first_response, 10,
            "unnamed targets keep their defaults"
        );
        assert_eq!(
            parse_targets(r#"{"routine_first_response": 0}"#)
                .unwrap_err()
                .at,
            "targets"
        );
        assert_eq!(
            parse_targets(r#"{"warn_percent": 100}"#).unwrap_err().at,
            "targets"
        );
        assert!(parse_targets("nope").is_err());
    }
}
