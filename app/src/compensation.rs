//! Compensation as both ends see it (R-CMP2): what may be given, how a
//! proposal ends, the ledger line the desk shows and the notice the
//! customer gets in their conversation. The rule of who may grant what is
//! the server's (`server/src/domain/compensation.rs`); these are its words.
//!
//! Money is whole minor units with the currency's ISO 4217 exponent beside
//! them, as in [`crate::fees`]; only display converts (the reader's
//! `Intl.NumberFormat`).

use serde::{Deserialize, Serialize};

/// What is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Money back.
    Refund,
    /// A voucher for a later order.
    Coupon,
    /// The goods sent again.
    Reshipment,
    /// Anything else (the reason says what).
    Other,
}

impl Kind {
    /// Every kind, in display order.
    pub const ALL: [Kind; 4] = [Kind::Refund, Kind::Coupon, Kind::Reshipment, Kind::Other];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Refund => "refund",
            Kind::Coupon => "coupon",
            Kind::Reshipment => "reshipment",
            Kind::Other => "other",
        }
    }

    /// The kind a stored name stands for.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How a proposal ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Within the proposer's authority, granted as proposed.
    Granted,
    /// Approved as proposed by someone with the authority.
    Approved,
    /// Approved for less.
    Reduced,
    /// Refused (with a reason).
    Refused,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 4] = [
        Outcome::Granted,
        Outcome::Approved,
        Outcome::Reduced,
        Outcome::Refused,
    ];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Granted => "granted",
            Outcome::Approved => "approved",
            Outcome::Reduced => "reduced",
            Outcome::Refused => "refused",
        }
    }

    /// The outcome a stored name stands for.
    pub fn parse(s: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// What an approver does with a waiting proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Give what was proposed.
    Approve,
    /// Give less (the decision names the amount).
    Reduce,
    /// Give nothing.
    Refuse,
}

/// Who is asked to approve a proposal now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStage {
    /// The supervisors of the conversation's team.
    Supervisors,
    /// The team's on-call person (the supervisors let 30 minutes pass).
    OnCall,
    /// Management (admins): every major complaint, and what waited an hour.
    Management,
}

impl ApprovalStage {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStage::Supervisors => "supervisors",
            ApprovalStage::OnCall => "on_call",
            ApprovalStage::Management => "management",
        }
    }
}

/// An amount: whole minor units of an ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Amount {
    /// Minor units (cents; yen have none).
    pub minor: i64,
    /// ISO 4217 code.
    pub currency: String,
    /// Decimal places of the minor unit.
    pub exponent: u8,
}

impl Amount {
    /// The amount as a plain decimal with its code, e.g. `80.00 USD` (what
    /// exports and the stored notice text show; screens use `Intl`).
    pub fn plain(&self) -> String {
        format!(
            "{} {}",
            crate::fees::decimal_text(self.minor, self.exponent),
            self.currency
        )
    }
}

/// The decision on a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DecisionView {
    /// How it ended.
    pub outcome: Outcome,
    /// What is given, in the proposal's currency (0 when refused).
    pub minor: i64,
    /// The same in the reference currency.
    pub reference_minor: i64,
    /// Who decided.
    pub decided_by: i64,
    /// Their name.
    pub decided_by_name: String,
    /// When, Unix ms.
    pub decided_at: i64,
    /// Why (for a reduction or refusal).
    pub reason: String,
}

/// A compensation ledger line as the desk shows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CompensationView {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// The conversation it settles.
    pub conversation_id: i64,
    /// What is given.
    pub kind: Kind,
    /// What was proposed, in the customer's currency.
    pub amount: Amount,
    /// The same in the site's reference currency (at `rate_micros`).
    pub reference: Amount,
    /// Millionths of a reference unit per unit (`None`: same currency).
    pub rate_micros: Option<i64>,
    /// For a major complaint (management decides).
    pub major: bool,
    /// Why it was proposed.
    pub reason: String,
    /// Who proposed it.
    pub proposed_by: i64,
    /// Their name.
    pub proposed_by_name: String,
    /// When, Unix ms.
    pub proposed_at: i64,
    /// While it waits: who is asked now.
    pub stage: Option<ApprovalStage>,
    /// While it waits: when the current approver's 30 minutes end.
    pub answer_by: Option<i64>,
    /// Staff the request is addressed to now.
    #[serde(default)]
    pub approvers: Vec<i64>,
    /// The decision, once there is one.
    pub decision: Option<DecisionView>,
}

/// Something Parley itself tells the customer in their conversation,
/// shown in the reader's language (the message's `body` holds a plain
/// English copy for transcripts and exports).
///
/// On the wire a flat object, `{"notice": "compensation", "kind",
/// "outcome", "minor", "currency", "exponent"}` or `{"notice": "escalated",
/// "team", "owner"?, "reply_by"?}`, read through [`NoticeWire`]: serde's
/// internally tagged enums buffer every field first, and nested types each
/// bring a visitor — together 8 KB of the customer widget's WASM.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "NoticeWire")]
pub enum Notice {
    /// The outcome of a compensation proposal.
    Compensation {
        /// What is given.
        kind: Kind,
        /// Granted, approved, reduced or refused.
        outcome: Outcome,
        /// What is given (the proposal's amount when refused).
        amount: Amount,
    },
    /// The question went to a specialist team (R-FLOW4).
    Escalated {
        /// The team's name.
        team: String,
        /// Who has it, if someone does.
        owner: Option<String>,
        /// The promised reply time (from the team's calendar), Unix ms.
        reply_by: Option<i64>,
    },
}

/// A [`Notice`] as it travels: one flat object of plain values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NoticeWire {
    /// Which notice: `compensation` or `escalated`.
    pub notice: String,
    /// Compensation: what is given ([`Kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Compensation: how it ended ([`Outcome`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Compensation: the amount in minor units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minor: Option<i64>,
    /// Compensation: its ISO 4217 currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Compensation: the currency's exponent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exponent: Option<u8>,
    /// Escalation: the team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Escalation: who has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Escalation: the promised reply time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_by: Option<i64>,
}

/// Read by hand, as [`crate::error::ErrorCode`] is: serde's derive would
/// add a field enum and a positional reader to the customer's download.
impl<'de> Deserialize<'de> for Notice {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Notice, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = Notice;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a notice")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Notice, A::Error> {
                let mut w = NoticeWire::default();
                while let Some(key) = m.next_key::<std::borrow::Cow<'de, str>>()? {
                    match key.as_ref() {
                        "notice" => w.notice = m.next_value()?,
                        "kind" => w.kind = m.next_value()?,
                        "outcome" => w.outcome = m.next_value()?,
                        "minor" => w.minor = m.next_value()?,
                        "currency" => w.currency = m.next_value()?,
                        "exponent" => w.exponent = m.next_value()?,
                        "team" => w.team = m.next_value()?,
                        "owner" => w.owner = m.next_value()?,
                        "reply_by" => w.reply_by = m.next_value()?,
                        _ => {
                            m.next_value::<serde::de::IgnoredAny>()?;
                        }
                    }
                }
                Notice::try_from(w).map_err(serde::de::Error::missing_field)
            }
        }
        d.deserialize_map(Fields)
    }
}

impl TryFrom<NoticeWire> for Notice {
    type Error = &'static str;

    fn try_from(w: NoticeWire) -> Result<Notice, &'static str> {
        match w.notice.as_str() {
            "compensation" => Ok(Notice::Compensation {
                kind: w.kind.as_deref().and_then(Kind::parse).ok_or("kind")?,
                outcome: w
                    .outcome
                    .as_deref()
                    .and_then(Outcome::parse)
                    .ok_or("outcome")?,
                amount: Amount {
                    minor: w.minor.ok_or("minor")?,
                    currency: w.currency.ok_or("currency")?,
                    exponent: w.exponent.ok_or("exponent")?,
                },
            }),
            "escalated" => Ok(Notice::Escalated {
                team: w.team.ok_or("team")?,
                owner: w.owner,
                reply_by: w.reply_by,
            }),
            _ => Err("notice"),
        }
    }
}

impl From<Notice> for NoticeWire {
    fn from(n: Notice) -> NoticeWire {
        let none = |notice: &str| NoticeWire {
            notice: notice.to_owned(),
            kind: None,
            outcome: None,
            minor: None,
            currency: None,
            exponent: None,
            team: None,
            owner: None,
            reply_by: None,
        };
        match n {
            Notice::Compensation {
                kind,
                outcome,
                amount,
            } => NoticeWire {
                kind: Some(kind.as_str().to_owned()),
                outcome: Some(outcome.as_str().to_owned()),
                minor: Some(amount.minor),
                currency: Some(amount.currency),
                exponent: Some(amount.exponent),
                ..none("compensation")
            },
            Notice::Escalated {
                team,
                owner,
                reply_by,
            } => NoticeWire {
                team: Some(team),
                owner,
                reply_by,
                ..none("escalated")
            },
        }
    }
}

impl Notice {
    /// The plain English copy stored as the message's body.
    pub fn plain(&self) -> String {
        match self {
            Notice::Compensation {
                kind,
                outcome,
                amount,
            } => match outcome {
                Outcome::Refused => format!(
                    "Compensation ({}) of {} could not be approved.",
                    kind.as_str(),
                    amount.plain()
                ),
                _ => format!(
                    "Compensation ({}) of {} granted.",
                    kind.as_str(),
                    amount.plain()
                ),
            },
            Notice::Escalated { team, owner, .. } => match owner {
                Some(o) => format!("Handed to {o} of the {team} specialists."),
                None => format!("Handed to the {team} specialists."),
            },
        }
    }

    /// The Fluent id of its text, e.g. `notice-compensation-granted`.
    pub fn fluent_id(&self) -> &'static str {
        match self {
            Notice::Compensation { outcome, .. } => match outcome {
                Outcome::Refused => "notice-compensation-refused",
                _ => "notice-compensation-granted",
            },
            Notice::Escalated { .. } => "notice-escalated",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back_and_the_wire_shape_is_stable() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
        let notice = Notice::Compensation {
            kind: Kind::Coupon,
            outcome: Outcome::Reduced,
            amount: Amount {
                minor: 1_250,
                currency: "KWD".into(),
                exponent: 3,
            },
        };
        assert_eq!(
            serde_json::to_value(&notice).unwrap(),
            serde_json::json!({"notice": "compensation", "kind": "coupon", "outcome": "reduced",
                               "minor": 1250, "currency": "KWD", "exponent": 3})
        );
        assert_eq!(
            notice.plain(),
            "Compensation (coupon) of 1.250 KWD granted."
        );
        assert_eq!(notice.fluent_id(), "notice-compensation-granted");
        let refused = Notice::Compensation {
            kind: Kind::Refund,
            outcome: Outcome::Refused,
            amount: Amount {
                minor: 500,
                currency: "JPY".into(),
                exponent: 0,
            },
        };
        assert_eq!(
            refused.plain(),
            "Compensation (refund) of 500 JPY could not be approved."
        );
        assert_eq!(refused.fluent_id(), "notice-compensation-refused");
        let escalated = Notice::Escalated {
            team: "EMEA".into(),
            owner: None,
            reply_by: Some(7),
        };
        let json = serde_json::to_value(&escalated).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"notice": "escalated", "team": "EMEA", "reply_by": 7})
        );
        assert_eq!(serde_json::from_value::<Notice>(json).unwrap(), escalated);
        for bad in [
            serde_json::json!({"notice": "escalated"}),
            serde_json::json!({"notice": "compensation", "kind": "refund", "outcome": "granted"}),
            serde_json::json!({"notice": "compensation", "kind": "cash", "outcome": "granted",
                               "minor": 1, "currency": "USD", "exponent": 2}),
            serde_json::json!({"notice": "party"}),
        ] {
            assert!(serde_json::from_value::<Notice>(bad).is_err());
        }
    }
}
