//! A site's setup as admins write it (JSON): regional teams with their
//! business calendars and escalation contacts, topics with their intake
//! forms and routing, and SLA targets. Parsing and every check are here,
//! pure; a refusal names where the problem is (`line 3 column 5`,
//! `teams[1].calendar`, `topics[2].fields[0].pattern`).

use std::collections::BTreeMap;

use parley_app::complaints::RootCause;
use parley_app::fees::{self, FeeLine};
use parley_app::intake::Category;
use serde::{Deserialize, Serialize};

use super::calendar::{BusinessCalendar, CalendarSpec};
use super::compensation::{Authority, MAX_MINOR, Rate, exponent_of};
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
    match policy.invalid_field() {
        None => Ok(policy),
        Some(field) => Err(SetupError {
            at: format!("targets.{field}"),
        }),
    }
}

/// Most price lines a site may have.
const MAX_FEE_LINES: usize = 20;
/// Longest line name.
const MAX_FEE_NAME: usize = 80;

/// A decimal as admins write it: a JSON string (`"0.5"`) or number (`0.5`),
/// read from its text so no float rounding creeps in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Decimal {
    /// `"120.50"`.
    Text(String),
    /// `120.5`.
    Number(serde_json::Number),
}

impl Decimal {
    fn text(&self) -> String {
        match self {
            Decimal::Text(t) => t.clone(),
            Decimal::Number(n) => n.to_string(),
        }
    }
}

/// One price line as written: "first 0.5 kg 120, each further 0.5 kg 50,
/// up to 30 kg", prices in the currency's major unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeSetup {
    /// Stable key (a slug).
    pub key: String,
    /// Name per locale; the site's default locale is required.
    pub names: BTreeMap<String, String>,
    /// ISO 4217 code.
    pub currency: String,
    /// First weight band, kg.
    pub first_kg: Decimal,
    /// Its price.
    pub first_price: Decimal,
    /// Each further band, kg.
    pub step_kg: Decimal,
    /// Its price.
    pub step_price: Decimal,
    /// Heaviest weight taken, kg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_kg: Option<Decimal>,
}

impl From<&FeeLine> for FeeSetup {
    fn from(l: &FeeLine) -> FeeSetup {
        FeeSetup {
            key: l.key.clone(),
            names: l.names.clone(),
            currency: l.currency.clone(),
            first_kg: Decimal::Text(fees::kg_text(l.first_grams)),
            first_price: Decimal::Text(fees::decimal_text(l.first_price, l.exponent)),
            step_kg: Decimal::Text(fees::kg_text(l.step_grams)),
            step_price: Decimal::Text(fees::decimal_text(l.step_price, l.exponent)),
            max_kg: l.max_grams.map(|g| Decimal::Text(fees::kg_text(g))),
        }
    }
}

/// Fee lines: slug keys, unique; a name in the default locale (names of
/// shipped locales only, short); a real ISO 4217 currency; positive weights
/// in whole grams up to the global cap; prices ≥ 0 in the currency's minor
/// unit (`0.005` USD is refused, so are decimals of yen).
pub fn parse_fees(text: &str, default_locale: &str) -> Result<Vec<FeeLine>, SetupError> {
    let written: Vec<FeeSetup> = json(text)?;
    if written.len() > MAX_FEE_LINES {
        return Err(SetupError { at: "fees".into() });
    }
    let mut lines: Vec<FeeLine> = Vec::with_capacity(written.len());
    for (i, f) in written.iter().enumerate() {
        let at = |part: &str| SetupError {
            at: format!("fees[{i}].{part}"),
        };
        let slug = !f.key.is_empty()
            && f.key.len() <= 40
            && f.key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !slug || lines.iter().any(|l| l.key == f.key) {
            return Err(at("key"));
        }
        let names_ok = f.names.iter().all(|(locale, name)| {
            parley_app::locale::SHIPPED.contains(&locale.as_str())
                && !name.trim().is_empty()
                && name.chars().count() <= MAX_FEE_NAME
        });
        if !names_ok || !f.names.contains_key(default_locale) {
            return Err(at("names"));
        }
        let code = f.currency.trim().to_ascii_uppercase();
        let exponent = iso_currency::Currency::from_code(&code)
            .and_then(|c| c.exponent())
            .and_then(|e| u8::try_from(e).ok())
            .ok_or_else(|| at("currency"))?;
        let grams = |d: &Decimal, part: &str| {
            fees::parse_kg(&d.text())
                .filter(|g| (1..=fees::MAX_GRAMS).contains(g))
                .ok_or_else(|| at(part))
        };
        let price = |d: &Decimal, part: &str| {
            fees::parse_decimal(&d.text(), exponent)
                .filter(|p| (0..=fees::MAX_MINOR).contains(p))
                .ok_or_else(|| at(part))
        };
        let first_grams = grams(&f.first_kg, "first_kg")?;
        let max_grams = match &f.max_kg {
            Some(d) => Some(grams(d, "max_kg")?.max(first_grams)),
            None => None,
        };
        lines.push(FeeLine {
            key: f.key.clone(),
            names: f
                .names
                .iter()
                .map(|(l, n)| (l.clone(), n.trim().to_owned()))
                .collect(),
            currency: code,
            exponent,
            first_grams,
            first_price: price(&f.first_price, "first_price")?,
            step_grams: grams(&f.step_kg, "step_kg")?,
            step_price: price(&f.step_price, "step_price")?,
            max_grams,
        });
    }
    Ok(lines)
}

/// Most root causes a site may list.
const MAX_ROOT_CAUSES: usize = 50;

/// Root causes: slug keys, unique; names of shipped locales only, short.
/// An empty list gives the site the default causes.
pub fn parse_root_causes(text: &str) -> Result<Vec<RootCause>, SetupError> {
    let written: Vec<RootCause> = json(text)?;
    if written.len() > MAX_ROOT_CAUSES {
        return Err(SetupError {
            at: "root_causes".into(),
        });
    }
    let mut out: Vec<RootCause> = Vec::with_capacity(written.len());
    for (i, c) in written.into_iter().enumerate() {
        let at = |part: &str| SetupError {
            at: format!("root_causes[{i}].{part}"),
        };
        let slug = !c.key.is_empty()
            && c.key.len() <= 40
            && c.key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !slug || out.iter().any(|o| o.key == c.key) {
            return Err(at("key"));
        }
        let names_ok = c.names.iter().all(|(locale, name)| {
            parley_app::locale::SHIPPED.contains(&locale.as_str())
                && !name.trim().is_empty()
                && name.chars().count() <= MAX_FEE_NAME
        });
        if !names_ok {
            return Err(at("names"));
        }
        out.push(RootCause {
            key: c.key,
            names: c
                .names
                .into_iter()
                .map(|(l, n)| (l, n.trim().to_owned()))
                .collect(),
        });
    }
    Ok(out)
}

/// Most exchange rates one save may list.
const MAX_RATES: usize = 500;

/// One exchange rate as written: from `from` on, one whole `currency` is
/// worth `rate` of the reference currency (up to 6 decimals).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateSetup {
    /// ISO 4217 code.
    pub currency: String,
    /// When it takes effect: RFC 3339 (`2026-12-01T00:00:00Z`) or a date
    /// (`2026-12-01`, midnight UTC).
    pub from: String,
    /// Reference units per unit, e.g. `"1.08"`.
    pub rate: Decimal,
}

/// The authority limits and rates as admins write them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompensationSetup {
    /// The currency limits are counted in.
    pub reference_currency: String,
    /// What a junior agent grants alone, in the reference currency.
    pub junior: Decimal,
    /// What a mid agent grants alone.
    pub mid: Decimal,
    /// Exchange rates (added, never changed).
    #[serde(default)]
    pub rates: Vec<RateSetup>,
}

impl CompensationSetup {
    /// The stored limits and rates, as written.
    pub fn of(a: &Authority, rates: &[Rate]) -> CompensationSetup {
        CompensationSetup {
            reference_currency: a.currency.clone(),
            junior: Decimal::Text(fees::decimal_text(a.junior, a.exponent)),
            mid: Decimal::Text(fees::decimal_text(a.mid, a.exponent)),
            rates: rates
                .iter()
                .map(|r| RateSetup {
                    currency: r.currency.clone(),
                    from: chrono::DateTime::from_timestamp_millis(r.valid_from)
                        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                        .unwrap_or_default(),
                    rate: Decimal::Text(fees::decimal_text(r.reference_micros, 6)),
                })
                .collect(),
        }
    }
}

/// Authority and rates: ISO 4217 currencies; limits > 0 in the reference
/// currency's minor unit, junior ≤ mid; rates > 0 with at most 6 decimals,
/// never of the reference currency itself, one per currency and instant.
pub fn parse_compensation(text: &str) -> Result<(Authority, Vec<Rate>), SetupError> {
    let written: CompensationSetup = json(text)?;
    let at = |part: &str| SetupError {
        at: format!("compensation.{part}"),
    };
    let reference = written.reference_currency.trim().to_ascii_uppercase();
    let exponent = exponent_of(&reference).ok_or_else(|| at("reference_currency"))?;
    let limit = |d: &Decimal, part: &str| {
        fees::parse_decimal(&d.text(), exponent)
            .filter(|m| (1..=MAX_MINOR).contains(m))
            .ok_or_else(|| at(part))
    };
    let junior = limit(&written.junior, "junior")?;
    let mid = limit(&written.mid, "mid")?;
    if junior > mid {
        return Err(at("junior"));
    }
    if written.rates.len() > MAX_RATES {
        return Err(at("rates"));
    }
    let mut rates: Vec<Rate> = Vec::with_capacity(written.rates.len());
    for (i, r) in written.rates.iter().enumerate() {
        let at = |part: &str| at(&format!("rates[{i}].{part}"));
        let currency = r.currency.trim().to_ascii_uppercase();
        if exponent_of(&currency).is_none() || currency == reference {
            return Err(at("currency"));
        }
        let valid_from = instant_of(r.from.trim()).ok_or_else(|| at("from"))?;
        let reference_micros = fees::parse_decimal(&r.rate.text(), 6)
            .filter(|m| (1..=MAX_MINOR).contains(m))
            .ok_or_else(|| at("rate"))?;
        if rates
            .iter()
            .any(|o| o.currency == currency && o.valid_from == valid_from)
        {
            return Err(at("from"));
        }
        rates.push(Rate {
            currency,
            valid_from,
            reference_micros,
        });
    }
    let authority = Authority {
        currency: reference,
        exponent,
        junior,
        mid,
    };
    Ok((authority, rates))
}

/// An RFC 3339 instant or a date (midnight UTC), as Unix ms.
fn instant_of(text: &str) -> Option<i64> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp_millis());
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
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
            "targets.routine_first_response"
        );
        assert_eq!(
            parse_targets(r#"{"warn_percent": 100}"#).unwrap_err().at,
            "targets.warn_percent"
        );
        assert_eq!(
            parse_targets(r#"{"follow_up_working_days": 0}"#)
                .unwrap_err()
                .at,
            "targets.follow_up_working_days"
        );
        assert!(parse_targets("nope").is_err());
    }

    const FEES: &str = r#"[
        {"key": "us-air", "names": {"en": "USA, air", "zh-CN": "美国空运"}, "currency": "cny",
         "first_kg": "0.5", "first_price": "120", "step_kg": 0.5, "step_price": 50, "max_kg": "30"},
        {"key": "jp-sea", "names": {"en": "Japan, sea"}, "currency": "JPY",
         "first_kg": "1", "first_price": "1200", "step_kg": "1", "step_price": "300"}
    ]"#;

    #[test]
    fn fee_lines_parse_to_minor_units_and_grams() {
        let lines = parse_fees(FEES, "en").unwrap();
        assert_eq!(lines.len(), 2);
        let us = &lines[0];
        assert_eq!(
            (
                us.currency.as_str(),
                us.exponent,
                us.first_grams,
                us.first_price
            ),
            ("CNY", 2, 500, 12_000)
        );
        assert_eq!(
            (us.step_grams, us.step_price, us.max_grams),
            (500, 5_000, Some(30_000))
        );
        assert_eq!(us.quote(1_200), Ok(22_000));
        let jp = &lines[1];
        assert_eq!(
            (jp.exponent, jp.first_price, jp.max_grams),
            (0, 1_200, None)
        );
        // What the admin page shows reads back to the same lines.
        let shown: Vec<FeeSetup> = lines.iter().map(FeeSetup::from).collect();
        let again = parse_fees(&serde_json::to_string(&shown).unwrap(), "en").unwrap();
        assert_eq!(again, lines);
        assert_eq!(parse_fees("[]", "en").unwrap(), vec![]);
    }

    #[test]
    fn bad_fee_lines_say_where() {
        let line = |field: &str, value: serde_json::Value| {
            let mut l = serde_json::json!({"key": "a", "names": {"en": "A"}, "currency": "USD",
                "first_kg": "1", "first_price": "10", "step_kg": "1", "step_price": "2"});
            if !field.is_empty() {
                l[field] = value;
            }
            l
        };
        let at = |lines: Vec<serde_json::Value>| {
            parse_fees(&serde_json::Value::from(lines).to_string(), "en")
                .unwrap_err()
                .at
        };
        use serde_json::json;
        assert!(parse_fees(&json!([line("", json!(null))]).to_string(), "en").is_ok());
        for (field, value, place) in [
            ("key", json!("A B"), "fees[0].key"),
            ("key", json!(""), "fees[0].key"),
            ("names", json!({"de": "A"}), "fees[0].names"),
            ("names", json!({"en": "A", "xx": "B"}), "fees[0].names"),
            ("names", json!({"en": "  "}), "fees[0].names"),
            ("currency", json!("XYZ"), "fees[0].currency"),
            ("currency", json!("US"), "fees[0].currency"),
            ("first_kg", json!("0"), "fees[0].first_kg"),
            ("first_kg", json!("0.0005"), "fees[0].first_kg"),
            ("step_kg", json!("-1"), "fees[0].step_kg"),
            ("step_kg", json!("2000"), "fees[0].step_kg"),
            ("first_price", json!("0.005"), "fees[0].first_price"),
            ("step_price", json!("1e3"), "fees[0].step_price"),
            ("step_price", json!(-2), "fees[0].step_price"),
            ("max_kg", json!("abc"), "fees[0].max_kg"),
        ] {
            assert_eq!(
                at(vec![line(field, value.clone())]),
                place,
                "{field}: {value}"
            );
        }
        // Yen have no minor unit.
        let mut yen = line("currency", json!("JPY"));
        yen["first_price"] = json!("10.5");
        assert_eq!(at(vec![yen]), "fees[0].first_price");
        // Duplicate keys, too many lines, broken JSON.
        assert_eq!(
            at(vec![line("", json!(null)), line("", json!(null))]),
            "fees[1].key"
        );
        let many: Vec<_> = (0..21)
            .map(|i| line("key", json!(format!("k{i}"))))
            .collect();
        assert_eq!(at(many), "fees");
        assert!(parse_fees("[{", "en").unwrap_err().at.starts_with("line 1"));
    }
}
