//! Who may grant what compensation (R-CMP2): refunds, coupons, reshipments
//! proposed by staff, checked against authority limits per role in the
//! site's reference currency (USD by default), with major complaints
//! reserved to management, and the approval clock for what goes beyond a
//! proposer's limit. Pure: rates and `now` are passed in.
//!
//! Money never touches a float. Amounts are whole minor units of their
//! currency (cents, fils; yen have none) with the ISO 4217 exponent beside
//! them, as in the fee calculator. A rate says what one whole unit of a
//! currency is worth in the reference currency, in millionths of a whole
//! reference unit, from a date on. A conversion rounds *up* to the next
//! reference minor unit: 50.001 USD is more than a 50.00 USD limit, so
//! rounding can never let an amount slip under an authority it exceeds.
//!
//! A proposal is converted once, at the rate in force when it is made, and
//! keeps that figure: the proposer and every approver decide about the same
//! number even if the rate changes while the approval waits.

use parley_app::protocol::{AgentProfile, StaffRole};

/// Millionths: the scale of [`Rate::reference_micros`].
pub const RATE_SCALE: i64 = 1_000_000;

/// How long an approver has before the request goes up a level (30 min).
pub const APPROVAL_MINUTES: i64 = 30;

const MINUTE_MS: i64 = 60_000;

pub use parley_app::compensation::{ApprovalStage as Stage, Kind, Outcome};

/// An amount of money in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// Whole minor units (may not be negative for compensation).
    pub minor: i64,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
    /// Decimal places of the minor unit (2 for EUR, 0 for JPY, 3 for KWD).
    pub exponent: u8,
}

/// What one whole unit of `currency` is worth in the reference currency,
/// from `valid_from` (Unix ms) until the next rate of that currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    /// The currency converted from.
    pub currency: String,
    /// When the rate takes effect.
    pub valid_from: i64,
    /// Millionths of one whole reference unit per whole unit of `currency`
    /// (1 EUR = 1.08 USD → 1_080_000).
    pub reference_micros: i64,
}

/// A site's authority limits, in its reference currency's minor units.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Authority {
    /// The reference currency (`USD` unless the admin chose another).
    pub currency: String,
    /// Its exponent.
    pub exponent: u8,
    /// The most a junior agent grants alone (50.00 USD).
    pub junior: i64,
    /// The most a mid agent grants alone (100.00 USD).
    pub mid: i64,
}

impl Default for Authority {
    fn default() -> Self {
        Authority {
            currency: "USD".into(),
            exponent: 2,
            junior: 5_000,
            mid: 10_000,
        }
    }
}

/// Why an amount cannot be considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoneyError {
    /// Zero or negative, or beyond any sane amount.
    AmountInvalid,
    /// No rate for the currency in force at that time.
    NoRate,
    /// An exponent no currency has (more than 4 places).
    ExponentInvalid,
}

/// The largest amount considered, in minor units (far from overflow, exact
/// in a JavaScript number).
pub const MAX_MINOR: i64 = 1_000_000_000_000;

/// The ISO 4217 exponent of `code` (upper case), if it is a currency with
/// a minor unit (gold and the like have none).
pub fn exponent_of(code: &str) -> Option<u8> {
    iso_currency::Currency::from_code(code)
        .and_then(|c| c.exponent())
        .and_then(|e| u8::try_from(e).ok())
}

/// The rate of `currency` in force at `at`: the latest one from or before it.
pub fn rate_at<'a>(rates: &'a [Rate], currency: &str, at: i64) -> Option<&'a Rate> {
    rates
        .iter()
        .filter(|r| r.currency == currency && r.valid_from <= at)
        .max_by_key(|r| r.valid_from)
}

/// `amount` in the reference currency's minor units at the rate in force at
/// `at` (the same currency needs no rate), rounded up.
pub fn to_reference(
    amount: &Money,
    authority: &Authority,
    rates: &[Rate],
    at: i64,
) -> Result<i64, MoneyError> {
    if amount.minor <= 0 || amount.minor > MAX_MINOR {
        return Err(MoneyError::AmountInvalid);
    }
    if amount.exponent > 4 || authority.exponent > 4 {
        return Err(MoneyError::ExponentInvalid);
    }
    let (from_exp, to_exp) = (u32::from(amount.exponent), u32::from(authority.exponent));
    if amount.currency == authority.currency {
        // Same currency: only the exponent could differ (it does not for a
        // real currency), scaled exactly or rounded up.
        return scale_up(i128::from(amount.minor), to_exp, from_exp);
    }
    let rate = rate_at(rates, &amount.currency, at).ok_or(MoneyError::NoRate)?;
    if rate.reference_micros <= 0 {
        return Err(MoneyError::NoRate);
    }
    // minor / 10^from × micros / 10^6 × 10^to, in integers, rounded up.
    let numerator = i128::from(amount.minor) * i128::from(rate.reference_micros);
    scale_up(numerator, to_exp, from_exp + 6)
}

/// `value × 10^up / 10^down`, rounded up, as minor units.
fn scale_up(value: i128, up: u32, down: u32) -> Result<i64, MoneyError> {
    let scaled = value * 10i128.pow(up);
    let divisor = 10i128.pow(down);
    let result = (scaled + divisor - 1) / divisor;
    i64::try_from(result)
        .ok()
        .filter(|r| *r > 0 && *r <= MAX_MINOR * 10_000)
        .ok_or(MoneyError::AmountInvalid)
}

/// Who must approve a proposal beyond its proposer's authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approver {
    /// A senior agent or supervisor (first the team's supervisors, then
    /// the on-call person, then any admin: see [`approval_stage`]).
    Senior,
    /// Management (an admin): every major complaint's compensation.
    Management,
}

/// What becomes of a proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Within the proposer's authority: granted at once.
    Granted,
    /// Beyond it: it waits for an approver of this level.
    NeedsApproval(Approver),
}

/// The most `role` grants alone, in reference minor units (`None`: no
/// limit below management's reserve for major complaints).
pub fn limit(role: StaffRole, authority: &Authority) -> Option<i64> {
    match role {
        StaffRole::Junior => Some(authority.junior),
        StaffRole::Mid => Some(authority.mid),
        StaffRole::Senior | StaffRole::Supervisor | StaffRole::Admin => None,
    }
}

/// Whether `role` may grant `reference` (minor units) alone; `major` marks
/// a major complaint (large claim, brand risk), which only management may
/// compensate.
pub fn may_grant(role: StaffRole, reference: i64, major: bool, authority: &Authority) -> bool {
    if major {
        return role == StaffRole::Admin;
    }
    limit(role, authority).is_none_or(|max| reference <= max)
}

/// What becomes of `role`'s proposal of `reference` (minor units).
pub fn decide(role: StaffRole, reference: i64, major: bool, authority: &Authority) -> Decision {
    if may_grant(role, reference, major, authority) {
        Decision::Granted
    } else if major {
        Decision::NeedsApproval(Approver::Management)
    } else {
        Decision::NeedsApproval(Approver::Senior)
    }
}

/// What an approver may do with a waiting proposal of `reference`: approve
/// it, or reduce it to `reduced_to` — either only within their own
/// authority, and never their own proposal.
pub fn may_approve(
    approver: StaffRole,
    approver_id: i64,
    proposer_id: i64,
    amount: i64,
    major: bool,
    authority: &Authority,
) -> bool {
    approver_id != proposer_id
        && matches!(
            approver,
            StaffRole::Senior | StaffRole::Supervisor | StaffRole::Admin
        )
        && may_grant(approver, amount, major, authority)
}

/// Who must answer a request made at `requested_at` by `now`, and by when
/// (Unix ms): 30 minutes per level, management last and open-ended from
/// then on (its deadline is the end of its 30 minutes; past it the request
/// is overdue, and alerts go on). Management proposals start there.
pub fn approval_stage(requested_at: i64, approver: Approver, now: i64) -> (Stage, i64) {
    let step = APPROVAL_MINUTES * MINUTE_MS;
    if approver == Approver::Management {
        return (Stage::Management, requested_at + step);
    }
    let elapsed = now.saturating_sub(requested_at).max(0);
    match elapsed / step {
        0 => (Stage::Supervisors, requested_at + step),
        1 => (Stage::OnCall, requested_at + 2 * step),
        _ => (Stage::Management, requested_at + 3 * step),
    }
}

/// Whom a conversation's approval chain reaches, level by level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chain {
    /// The team's supervisor and the supervisors among its members (the
    /// site's supervisors when the conversation has no team).
    pub supervisors: Vec<i64>,
    /// The team's on-call person.
    pub on_call: Option<i64>,
    /// The site's admins.
    pub management: Vec<i64>,
}

/// A conversation's team as the chain needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainTeam {
    /// Team id.
    pub id: i64,
    /// Its supervisor.
    pub supervisor_id: Option<i64>,
    /// Its on-call person.
    pub on_call_id: Option<i64>,
}

/// The approval chain of a conversation of `site` on `team`, from the staff
/// list (disabled accounts are not in it).
pub fn chain(staff: &[AgentProfile], site: &str, team: Option<ChainTeam>) -> Chain {
    let serves = |a: &AgentProfile| super::access::serves(&a.sites, site);
    let mut supervisors: Vec<i64> = team.and_then(|t| t.supervisor_id).into_iter().collect();
    for a in staff
        .iter()
        .filter(|a| a.role == StaffRole::Supervisor && serves(a))
    {
        let in_team = team.is_none_or(|t| a.teams.contains(&t.id));
        if in_team && !supervisors.contains(&a.id) {
            supervisors.push(a.id);
        }
    }
    Chain {
        supervisors,
        on_call: team.and_then(|t| t.on_call_id),
        management: staff
            .iter()
            .filter(|a| a.role == StaffRole::Admin && serves(a))
            .map(|a| a.id)
            .collect(),
    }
}

/// Everyone a request for `approver` at `stage` is addressed to (each level
/// adds to the ones before; a major complaint's only to management),
/// without repeats.
pub fn addressed(chain: &Chain, approver: Approver, stage: Stage) -> Vec<i64> {
    if approver == Approver::Management {
        return chain.management.clone();
    }
    let mut out: Vec<i64> = chain.supervisors.clone();
    if stage != Stage::Supervisors {
        out.extend(chain.on_call);
    }
    if stage == Stage::Management {
        out.extend(chain.management.iter().copied());
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|id| seen.insert(*id));
    out
}

/// Whether staff member `who` (`role`) may decide a waiting request now at
/// `stage`, giving `amount` (reference minor units): someone it is
/// addressed to — or an admin of the site, who may always step in — with
/// the authority for that amount, never for their own proposal.
#[allow(clippy::too_many_arguments)]
pub fn may_decide(
    who: i64,
    role: StaffRole,
    chain: &Chain,
    stage: Stage,
    proposer: i64,
    amount: i64,
    major: bool,
    authority: &Authority,
) -> bool {
    let approver = if major {
        Approver::Management
    } else {
        Approver::Senior
    };
    (addressed(chain, approver, stage).contains(&who) || chain.management.contains(&who))
        && may_approve(role, who, proposer, amount, major, authority)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money {
            minor,
            currency: "USD".into(),
            exponent: 2,
        }
    }

    fn money(minor: i64, currency: &str, exponent: u8) -> Money {
        Money {
            minor,
            currency: currency.into(),
            exponent,
        }
    }

    fn rates() -> Vec<Rate> {
        vec![
            // 1 EUR = 1.08 USD, from day 0; 1.10 from day 10.
            Rate {
                currency: "EUR".into(),
                valid_from: 0,
                reference_micros: 1_080_000,
            },
            Rate {
                currency: "EUR".into(),
                valid_from: 10 * 86_400_000,
                reference_micros: 1_100_000,
            },
            // 1 JPY = 0.0067 USD (no minor unit).
            Rate {
                currency: "JPY".into(),
                valid_from: 0,
                reference_micros: 6_700,
            },
            // 1 KWD = 3.254 USD (three decimals).
            Rate {
                currency: "KWD".into(),
                valid_from: 0,
                reference_micros: 3_254_000,
            },
        ]
    }

    fn reference(amount: &Money, at: i64) -> i64 {
        to_reference(amount, &Authority::default(), &rates(), at).unwrap()
    }

    #[test]
    fn the_limits_hold_to_the_cent() {
        let a = Authority::default();
        for (role, max) in [(StaffRole::Junior, 5_000), (StaffRole::Mid, 10_000)] {
            assert_eq!(decide(role, max, false, &a), Decision::Granted, "{role:?}");
            assert_eq!(
                decide(role, max + 1, false, &a),
                Decision::NeedsApproval(Approver::Senior),
                "{role:?}: one cent over"
            );
        }
        for role in [StaffRole::Senior, StaffRole::Supervisor, StaffRole::Admin] {
            assert_eq!(decide(role, MAX_MINOR, false, &a), Decision::Granted);
        }
    }

    #[test]
    fn major_complaints_need_management_whoever_proposes() {
        let a = Authority::default();
        for role in [
            StaffRole::Junior,
            StaffRole::Mid,
            StaffRole::Senior,
            StaffRole::Supervisor,
        ] {
            assert_eq!(
                decide(role, 1, true, &a),
                Decision::NeedsApproval(Approver::Management),
                "{role:?}"
            );
            assert!(!may_approve(role, 2, 1, 1, true, &a), "{role:?}");
        }
        assert_eq!(decide(StaffRole::Admin, 1, true, &a), Decision::Granted);
        assert!(may_approve(StaffRole::Admin, 2, 1, MAX_MINOR, true, &a));
    }

    #[test]
    fn approvers_are_senior_staff_but_never_the_proposer() {
        let a = Authority::default();
        assert!(may_approve(StaffRole::Supervisor, 2, 1, 8_000, false, &a));
        assert!(may_approve(StaffRole::Senior, 2, 1, 8_000, false, &a));
        assert!(!may_approve(StaffRole::Supervisor, 1, 1, 8_000, false, &a));
        assert!(!may_approve(StaffRole::Mid, 2, 1, 8_000, false, &a));
        // A mid agent could grant 80 alone, but approving is not theirs.
        assert!(!may_approve(StaffRole::Mid, 2, 1, 100, false, &a));
    }

    #[test]
    fn conversion_rounds_up_so_nothing_slips_under_a_limit() {
        // 46.30 EUR at 1.08 = 50.004 USD: over a junior's 50.00.
        let eur = money(4_630, "EUR", 2);
        assert_eq!(reference(&eur, 0), 5_001);
        assert_eq!(
            decide(
                StaffRole::Junior,
                reference(&eur, 0),
                false,
                &Authority::default()
            ),
            Decision::NeedsApproval(Approver::Senior)
        );
        // 46.29 EUR = 49.9932 USD → 50.00: within.
        assert_eq!(reference(&money(4_629, "EUR", 2), 0), 5_000);
        // Exact conversions are not rounded.
        assert_eq!(reference(&money(10_000, "EUR", 2), 0), 10_800);
        assert_eq!(reference(&usd(5_000), 0), 5_000);
    }

    #[test]
    fn currencies_with_no_and_with_three_decimals() {
        // 7,463 JPY × 0.0067 = 50.0021 USD → 50.01.
        assert_eq!(reference(&money(7_463, "JPY", 0), 0), 5_001);
        // 7,462 JPY = 49.9954 USD → 50.00.
        assert_eq!(reference(&money(7_462, "JPY", 0), 0), 5_000);
        // 15.365 KWD × 3.254 = 49.99771 USD → 50.00; 15.366 → 50.000964 → 50.01.
        assert_eq!(reference(&money(15_365, "KWD", 3), 0), 5_000);
        assert_eq!(reference(&money(15_366, "KWD", 3), 0), 5_001);
        // A reference currency with three decimals (a site in Kuwait).
        let kwd = Authority {
            currency: "KWD".into(),
            exponent: 3,
            junior: 15_000,
            mid: 30_000,
        };
        let from_usd = Rate {
            currency: "USD".into(),
            valid_from: 0,
            reference_micros: 307_000,
        };
        // 50.00 USD × 0.307 = 15.350 KWD.
        assert_eq!(to_reference(&usd(5_000), &kwd, &[from_usd], 0), Ok(15_350));
    }

    #[test]
    fn the_rate_in_force_at_the_proposal_is_used() {
        let eur = money(4_600, "EUR", 2);
        // Day 9 at 1.08: 49.68 USD; day 10 at 1.10: 50.60 USD.
        assert_eq!(reference(&eur, 9 * 86_400_000), 4_968);
        assert_eq!(reference(&eur, 10 * 86_400_000), 5_060);
        assert_eq!(reference(&eur, 10 * 86_400_000 - 1), 4_968);
        // Proposed on day 9 by a junior: granted, whatever the rate later.
        let at_proposal = reference(&eur, 9 * 86_400_000);
        assert_eq!(
            decide(StaffRole::Junior, at_proposal, false, &Authority::default()),
            Decision::Granted
        );
        // Before any rate: no conversion at all.
        assert_eq!(
            to_reference(&eur, &Authority::default(), &rates(), -1),
            Err(MoneyError::NoRate)
        );
        assert_eq!(
            to_reference(&money(100, "GBP", 2), &Authority::default(), &rates(), 0),
            Err(MoneyError::NoRate)
        );
    }

    #[test]
    fn amounts_must_be_positive_and_sane() {
        let a = Authority::default();
        for bad in [0, -1, MAX_MINOR + 1] {
            assert_eq!(
                to_reference(&usd(bad), &a, &rates(), 0),
                Err(MoneyError::AmountInvalid),
                "{bad}"
            );
        }
        assert_eq!(
            to_reference(&money(1, "EUR", 9), &a, &rates(), 0),
            Err(MoneyError::ExponentInvalid)
        );
        // The largest amount in the dearest currency does not overflow.
        assert!(to_reference(&money(MAX_MINOR, "KWD", 3), &a, &rates(), 0).is_ok());
    }

    #[test]
    fn unanswered_requests_go_up_a_level_every_30_minutes() {
        let t0 = 1_000_000;
        let m = MINUTE_MS;
        assert_eq!(
            approval_stage(t0, Approver::Senior, t0),
            (Stage::Supervisors, t0 + 30 * m)
        );
        assert_eq!(
            approval_stage(t0, Approver::Senior, t0 + 30 * m - 1),
            (Stage::Supervisors, t0 + 30 * m)
        );
        assert_eq!(
            approval_stage(t0, Approver::Senior, t0 + 30 * m),
            (Stage::OnCall, t0 + 60 * m)
        );
        assert_eq!(
            approval_stage(t0, Approver::Senior, t0 + 60 * m),
            (Stage::Management, t0 + 90 * m)
        );
        assert_eq!(
            approval_stage(t0, Approver::Senior, t0 + 600 * m),
            (Stage::Management, t0 + 90 * m)
        );
        // A clock set back never makes the deadline earlier than the start.
        assert_eq!(
            approval_stage(t0, Approver::Senior, t0 - 5 * m),
            (Stage::Supervisors, t0 + 30 * m)
        );
        // Major complaints go to management from the start.
        assert_eq!(
            approval_stage(t0, Approver::Management, t0 + 45 * m),
            (Stage::Management, t0 + 30 * m)
        );
    }

    #[test]
    fn kinds_and_outcomes_read_back_what_they_store() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        assert_eq!(Kind::parse("cash"), None);
        assert_eq!(Outcome::parse("pending"), None);
    }

    #[test]
    fn the_latest_rate_from_or_before_the_time_is_in_force() {
        let r = rates();
        assert_eq!(rate_at(&r, "EUR", 0).unwrap().reference_micros, 1_080_000);
        assert_eq!(
            rate_at(&r, "EUR", 20 * 86_400_000)
                .unwrap()
                .reference_micros,
            1_100_000
        );
        assert!(rate_at(&r, "CHF", 0).is_none());
    }

    fn staff(id: i64, role: StaffRole, sites: &[&str], teams: &[i64]) -> AgentProfile {
        AgentProfile {
            id,
            email: format!("{id}@x"),
            name: format!("s{id}"),
            role,
            sites: sites.iter().map(|s| s.to_string()).collect(),
            languages: vec![],
            skills: vec![],
            teams: teams.to_vec(),
            capacity: 5,
            availability: Default::default(),
            connected: false,
        }
    }

    #[test]
    fn the_chain_reaches_supervisors_then_on_call_then_the_sites_admins() {
        use StaffRole::*;
        let all = vec![
            staff(1, Junior, &["shop"], &[10]),
            staff(2, Supervisor, &["shop"], &[10]),
            staff(3, Supervisor, &["shop"], &[20]),
            staff(4, Senior, &["shop"], &[10]),
            staff(5, Admin, &["shop"], &[]),
            staff(6, Admin, &["other"], &[]),
            staff(7, Admin, &[], &[]),
            staff(8, Supervisor, &["other"], &[10]),
        ];
        let team = ChainTeam {
            id: 10,
            supervisor_id: Some(3),
            on_call_id: Some(4),
        };
        let c = chain(&all, "shop", Some(team));
        assert_eq!(c.supervisors, vec![3, 2]);
        assert_eq!(c.on_call, Some(4));
        assert_eq!(c.management, vec![5, 7]);
        let senior = Approver::Senior;
        assert_eq!(addressed(&c, senior, Stage::Supervisors), vec![3, 2]);
        assert_eq!(addressed(&c, senior, Stage::OnCall), vec![3, 2, 4]);
        assert_eq!(
            addressed(&c, senior, Stage::Management),
            vec![3, 2, 4, 5, 7]
        );
        // A major complaint's compensation is for the site's admins alone.
        let major = Approver::Management;
        assert_eq!(addressed(&c, major, Stage::Management), vec![5, 7]);
        // No team: every supervisor of the site; no on-call person.
        let general = chain(&all, "shop", None);
        assert_eq!(general.supervisors, vec![2, 3]);
        assert_eq!(addressed(&general, senior, Stage::OnCall), vec![2, 3]);
    }

    #[test]
    fn only_those_addressed_with_the_authority_decide() {
        use StaffRole::*;
        let a = Authority::default();
        let c = Chain {
            supervisors: vec![2],
            on_call: Some(4),
            management: vec![5],
        };
        // The supervisor decides at once; the on-call senior only from their level.
        assert!(may_decide(
            2,
            Supervisor,
            &c,
            Stage::Supervisors,
            1,
            8_000,
            false,
            &a
        ));
        assert!(!may_decide(
            4,
            Senior,
            &c,
            Stage::Supervisors,
            1,
            8_000,
            false,
            &a
        ));
        assert!(may_decide(
            4,
            Senior,
            &c,
            Stage::OnCall,
            1,
            8_000,
            false,
            &a
        ));
        // An admin of the site may always step in; a stranger never.
        assert!(may_decide(
            5,
            Admin,
            &c,
            Stage::Supervisors,
            1,
            8_000,
            false,
            &a
        ));
        assert!(!may_decide(
            9,
            Supervisor,
            &c,
            Stage::Management,
            1,
            8_000,
            false,
            &a
        ));
        // Never one's own proposal; a major complaint is management's.
        assert!(!may_decide(
            2,
            Supervisor,
            &c,
            Stage::Supervisors,
            2,
            8_000,
            false,
            &a
        ));
        assert!(!may_decide(
            2,
            Supervisor,
            &c,
            Stage::Management,
            1,
            8_000,
            true,
            &a
        ));
        assert!(may_decide(
            5,
            Admin,
            &c,
            Stage::Management,
            1,
            8_000,
            true,
            &a
        ));
        // An on-call junior is addressed but has no authority beyond 50.
        let junior_on_call = Chain {
            on_call: Some(6),
            ..c.clone()
        };
        assert!(!may_decide(
            6,
            Junior,
            &junior_on_call,
            Stage::OnCall,
            1,
            8_000,
            false,
            &a
        ));
    }
}
