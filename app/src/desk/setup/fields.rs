//! What the setup forms share: the message naming each field, the field
//! a refusal's place points at, and a JSON value as a field's text.

/// The message that names a setup field, by its key (ids written out, so
/// the locale tests see each one used).
pub(super) fn label_id(key: &str) -> &'static str {
    match key {
        "urgent_first_response" => "setup-target-urgent-first-response",
        "routine_first_response" => "setup-target-routine-first-response",
        "consultation_first_response" => "setup-target-consultation-first-response",
        "chat_first_reply" => "setup-target-chat-first-reply",
        "complaint_first_reply" => "setup-target-complaint-first-reply",
        "email_first_reply" => "setup-target-email-first-reply",
        "next_response" => "setup-target-next-response",
        "progress_update" => "setup-target-progress-update",
        "complaint_registration" => "setup-target-complaint-registration",
        "escalation_acceptance" => "setup-target-escalation-acceptance",
        "urgent_resolution" => "setup-target-urgent-resolution",
        "routine_resolution" => "setup-target-routine-resolution",
        "consultation_resolution" => "setup-target-consultation-resolution",
        "follow_up_working_days" => "setup-target-follow-up-working-days",
        "warn_percent" => "setup-target-warn-percent",
        "key" => "setup-fee-key",
        "names" => "setup-fee-names",
        "currency" => "setup-fee-currency",
        "first_kg" => "setup-fee-first-kg",
        "first_price" => "setup-fee-first-price",
        "step_kg" => "setup-fee-step-kg",
        "step_price" => "setup-fee-step-price",
        "max_kg" => "setup-fee-max-kg",
        "supervisor" => "setup-team-supervisor",
        "on_call" => "setup-team-on-call",
        "mon" => "setup-day-mon",
        "tue" => "setup-day-tue",
        "wed" => "setup-day-wed",
        "thu" => "setup-day-thu",
        "fri" => "setup-day-fri",
        "sat" => "setup-day-sat",
        "sun" => "setup-day-sun",
        "text" => "setup-kind-text",
        "number" => "setup-kind-number",
        "date" => "setup-kind-date",
        "country" => "setup-kind-country",
        "reference" => "setup-kind-reference",
        "upload" => "setup-kind-upload",
        "urgent" => "setup-priority-urgent",
        "routine" => "setup-priority-routine",
        _ => "setup-priority-consultation",
    }
}

/// The field a refusal's place names within `part` (`targets.warn_percent`
/// → `warn_percent`, `fees[0].currency` → `[0].currency`).
pub(super) fn field_at<'a>(at: Option<&'a str>, part: &str) -> Option<&'a str> {
    let rest = at?.strip_prefix(part)?;
    Some(rest.strip_prefix('.').unwrap_or(rest))
}

/// A JSON value as a form field's text.
pub(super) fn text_of(v: Option<&serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::desk::setup::teams::DAYS;
    use crate::desk::setup::topics::{KINDS, PRIORITIES};
    use crate::desk::setup::values::TARGETS;

    #[test]
    fn every_setup_field_has_its_own_label() {
        let mut ids = Vec::new();
        for (key, _) in TARGETS {
            assert!(label_id(key).starts_with("setup-target-"), "{key}");
            ids.push(label_id(key));
        }
        for key in DAYS {
            assert!(label_id(key).starts_with("setup-day-"), "{key}");
            ids.push(label_id(key));
        }
        for key in KINDS {
            assert!(label_id(key).starts_with("setup-kind-"), "{key}");
            ids.push(label_id(key));
        }
        for key in PRIORITIES {
            assert!(label_id(key).starts_with("setup-priority-"), "{key}");
            ids.push(label_id(key));
        }
        for key in [
            "key",
            "names",
            "currency",
            "first_kg",
            "first_price",
            "step_kg",
            "step_price",
            "max_kg",
        ] {
            assert!(label_id(key).starts_with("setup-fee-"), "{key}");
            ids.push(label_id(key));
        }
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "no two fields share a label");
        assert_eq!(
            field_at(Some("targets.warn_percent"), "targets"),
            Some("warn_percent")
        );
        assert_eq!(
            field_at(Some("fees[0].currency"), "fees"),
            Some("[0].currency")
        );
        assert_eq!(field_at(Some("teams[1].calendar"), "fees"), None);
        assert_eq!(field_at(None, "fees"), None);
    }
}
