//! Who gets a waiting conversation: the routing rules (R-AGENT1, R-FLOW6,
//! R-I18N3, R-I18N5) as one pure function over a snapshot of the queue and
//! the staff, with `now` passed in.
//!
//! The rules, in the order they decide:
//! 1. The queue is served most important first: customer tier (core,
//!    important, ordinary), then priority (urgent first), then who has waited
//!    longest.
//! 2. A core customer goes to their dedicated owner whenever the owner is
//!    available with a free seat, whatever team or shift.
//! 3. Otherwise an agent qualifies when they are available, below their
//!    capacity, a member of the conversation's team, on shift now (the team's
//!    business calendar is open), and have the category's skill.
//! 4. The customer's language: among qualified agents, speakers of it come
//!    first. A non-speaker is chosen only when no speaker who could take it
//!    (available, in the team, with the skill) is on shift; while such a
//!    speaker is busy, the customer waits for them rather than get someone
//!    who cannot read them.
//! 5. Among equals: the lightest load relative to capacity, then whoever was
//!    given a conversation least recently, then the lowest id (deterministic).
//!
//! Conversations without a team are not routed (they stay in the general
//! queue for anyone to pick). Must not depend on storage, the hub or a clock.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use parley_app::protocol::{Priority, Tier};

use super::calendar::BusinessCalendar;

/// Whether an agent takes conversations now (their own choice in the desk).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Chose "available" and has a desk open.
    Available,
    /// Chose "away", or no desk is connected.
    Unavailable,
}

/// An agent as routing sees them at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Agent id.
    pub id: i64,
    /// Locales they answer in (BCP 47, e.g. `zh-CN`, `es`).
    pub languages: Vec<String>,
    /// Skills, e.g. `logistics`.
    pub skills: Vec<String>,
    /// Teams they belong to.
    pub teams: Vec<i64>,
    /// Most conversations they hold at once.
    pub capacity: u32,
    /// Open conversations they hold now.
    pub load: u32,
    /// Whether they take conversations now.
    pub presence: Presence,
    /// When they were last given a conversation (Unix ms; 0 = never).
    pub last_assigned_at: i64,
}

impl Candidate {
    fn has_seat(&self) -> bool {
        self.presence == Presence::Available && self.load < self.capacity
    }

    /// Whether they answer in `locale`: the same tag, or the same language
    /// when one side names no region/script (`es` answers `es-MX`).
    pub fn speaks(&self, locale: &str) -> bool {
        let primary = |t: &str| t.split('-').next().unwrap_or(t).to_ascii_lowercase();
        self.languages.iter().any(|l| {
            l.eq_ignore_ascii_case(locale)
                || ((!l.contains('-') || !locale.contains('-')) && primary(l) == primary(locale))
        })
    }
}

/// A conversation waiting for an owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    /// Conversation id.
    pub id: i64,
    /// Team whose queue it is in.
    pub team_id: Option<i64>,
    /// The customer's locale.
    pub locale: Option<String>,
    /// Skill its category needs.
    pub skill: Option<String>,
    /// The customer's tier.
    pub tier: Tier,
    /// Urgency.
    pub priority: Priority,
    /// The core customer's dedicated owner.
    pub owner_id: Option<i64>,
    /// When it started waiting (Unix ms).
    pub since: i64,
}

/// Why an agent was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The core customer's dedicated owner.
    DedicatedOwner,
    /// Qualified and speaks the customer's language.
    Language,
    /// Qualified; nobody on shift speaks the customer's language (or it is unknown).
    Team,
}

/// One decision of [`plan`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    /// Conversation.
    pub conversation_id: i64,
    /// Its new owner.
    pub agent_id: i64,
    /// Why.
    pub reason: Reason,
}

/// The order the queue is served in (rule 1).
pub fn queue_order(a: &Waiting, b: &Waiting) -> Ordering {
    a.tier
        .cmp(&b.tier)
        .then(a.priority.cmp(&b.priority))
        .then(a.since.cmp(&b.since))
        .then(a.id.cmp(&b.id))
}

/// The routing snapshot: staff and the calendars of their teams.
pub struct Staff<'a> {
    /// Every agent of the site's teams (and dedicated owners).
    pub candidates: Vec<Candidate>,
    /// Team id → its business calendar.
    pub calendars: &'a HashMap<i64, BusinessCalendar>,
}

impl Staff<'_> {
    fn on_shift(&self, team: i64, at: DateTime<Utc>) -> bool {
        self.calendars.get(&team).is_some_and(|c| c.is_open(at))
    }

    /// The best agent for `w` at `now`, if any (rules 2–5).
    pub fn choose(&self, w: &Waiting, now: i64) -> Option<(usize, Reason)> {
        if w.tier == Tier::Core
            && let Some(owner) = w.owner_id
            && let Some(i) = self
                .candidates
                .iter()
                .position(|c| c.id == owner && c.has_seat())
        {
            return Some((i, Reason::DedicatedOwner));
        }
        let team = w.team_id?;
        let at = DateTime::<Utc>::from_timestamp_millis(now)?;
        if !self.on_shift(team, at) {
            return None;
        }
        // Could serve it if they had a free seat.
        let could = |c: &Candidate| {
            c.presence == Presence::Available
                && c.teams.contains(&team)
                && w.skill.as_ref().is_none_or(|s| c.skills.contains(s))
        };
        let qualified = |c: &Candidate| could(c) && c.has_seat();
        let speaker_on_shift = w
            .locale
            .as_deref()
            .is_some_and(|l| self.candidates.iter().any(|c| could(c) && c.speaks(l)));
        let best = self
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| qualified(c))
            .filter(|(_, c)| match (&w.locale, speaker_on_shift) {
                (Some(l), true) => c.speaks(l),
                _ => true,
            })
            .min_by(|(_, a), (_, b)| {
                // load/capacity compared without division: a.load * b.cap vs b.load * a.cap
                (u64::from(a.load) * u64::from(b.capacity))
                    .cmp(&(u64::from(b.load) * u64::from(a.capacity)))
                    .then(a.last_assigned_at.cmp(&b.last_assigned_at))
                    .then(a.id.cmp(&b.id))
            })?;
        Some((
            best.0,
            if speaker_on_shift {
                Reason::Language
            } else {
                Reason::Team
            },
        ))
    }
}

/// Serves the queue at `now`: every waiting conversation that can get an
/// owner gets the best one, each assignment taking a seat before the next is
/// decided.
pub fn plan(waiting: &[Waiting], mut staff: Staff<'_>, now: i64) -> Vec<Assignment> {
    let mut queue: Vec<&Waiting> = waiting.iter().collect();
    queue.sort_by(|a, b| queue_order(a, b));
    let mut out = Vec::new();
    for w in queue {
        if let Some((i, reason)) = staff.choose(w, now) {
            let c = &mut staff.candidates[i];
            c.load += 1;
            c.last_assigned_at = now;
            out.push(Assignment {
                conversation_id: w.id,
                agent_id: c.id,
                reason,
            });
        }
    }
    out
}

/// Where every waiting conversation stands in its team's queue: its 1-based
/// position among that team's waiting conversations in serving order, and
/// how many wait in that queue in all.
pub fn queue_positions(waiting: &[Waiting]) -> HashMap<i64, (u32, u32)> {
    let mut by_team: HashMap<Option<i64>, Vec<&Waiting>> = HashMap::new();
    for w in waiting {
        by_team.entry(w.team_id).or_default().push(w);
    }
    let mut out = HashMap::with_capacity(waiting.len());
    for mut queue in by_team.into_values() {
        queue.sort_by(|a, b| queue_order(a, b));
        let total = u32::try_from(queue.len()).unwrap_or(u32::MAX);
        for (i, w) in queue.into_iter().enumerate() {
            out.insert(w.id, (u32::try_from(i + 1).unwrap_or(u32::MAX), total));
        }
    }
    out
}

/// Whether someone of `team` could answer now: available and the team's
/// calendar open.
pub fn staff_on_shift(staff: &Staff<'_>, team: i64, now: i64) -> bool {
    DateTime::<Utc>::from_timestamp_millis(now).is_some_and(|at| {
        staff.on_shift(team, at)
            && staff
                .candidates
                .iter()
                .any(|c| c.presence == Presence::Available && c.teams.contains(&team))
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::{NaiveTime, TimeZone, Weekday};
    use proptest::prelude::*;

    use super::*;
    use crate::domain::calendar::Shift;

    const APAC: i64 = 1;
    const EMEA: i64 = 2;

    /// Shanghai 09:00–18:00 Mon–Fri; Berlin 08:00–17:00 Mon–Fri.
    fn calendars() -> HashMap<i64, BusinessCalendar> {
        let hours = |s: u32, e: u32| {
            [
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ]
            .into_iter()
            .map(|weekday| Shift {
                weekday,
                start: NaiveTime::from_hms_opt(s, 0, 0).unwrap_or(NaiveTime::MIN),
                end: NaiveTime::from_hms_opt(e, 0, 0).unwrap_or(NaiveTime::MIN),
            })
            .collect::<Vec<_>>()
        };
        HashMap::from([
            (
                APAC,
                BusinessCalendar::new(chrono_tz::Asia::Shanghai, hours(9, 18), BTreeSet::new()),
            ),
            (
                EMEA,
                BusinessCalendar::new(chrono_tz::Europe::Berlin, hours(8, 17), BTreeSet::new()),
            ),
        ])
    }

    /// Tuesday 2026-11-24 10:00 in Berlin = 17:00 in Shanghai: both open.
    fn both_open() -> i64 {
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
            .unwrap()
            .timestamp_millis()
    }

    /// Tuesday 2026-11-24 16:00 in Berlin = 23:00 in Shanghai: only EMEA open.
    fn emea_only() -> i64 {
        Utc.with_ymd_and_hms(2026, 11, 24, 15, 0, 0)
            .unwrap()
            .timestamp_millis()
    }

    fn agent(id: i64, langs: &[&str], teams: &[i64]) -> Candidate {
        Candidate {
            id,
            languages: langs.iter().map(|s| s.to_string()).collect(),
            skills: vec!["logistics".into()],
            teams: teams.to_vec(),
            capacity: 3,
            load: 0,
            presence: Presence::Available,
            last_assigned_at: 0,
        }
    }

    fn waiting(id: i64, team: i64, locale: &str) -> Waiting {
        Waiting {
            id,
            team_id: Some(team),
            locale: Some(locale.into()),
            skill: None,
            tier: Tier::Ordinary,
            priority: Priority::Routine,
            owner_id: None,
            since: id,
        }
    }

    fn run(waiting: &[Waiting], candidates: Vec<Candidate>, now: i64) -> Vec<(i64, i64)> {
        let cals = calendars();
        plan(
            waiting,
            Staff {
                candidates,
                calendars: &cals,
            },
            now,
        )
        .into_iter()
        .map(|a| (a.conversation_id, a.agent_id))
        .collect()
    }

    #[test]
    fn language_match_wins_over_lighter_load() {
        let mut de = agent(1, &["de", "en"], &[EMEA]);
        de.load = 2;
        let es = agent(2, &["es", "en"], &[EMEA]);
        assert_eq!(
            run(&[waiting(10, EMEA, "de")], vec![de, es], both_open()),
            vec![(10, 1)]
        );
    }

    #[test]
    fn region_subtags_match_the_bare_language_both_ways() {
        let es = agent(1, &["es"], &[EMEA]);
        assert!(es.speaks("es-MX") && es.speaks("ES"));
        assert!(!es.speaks("en"));
        let zh = agent(2, &["zh-CN"], &[EMEA]);
        assert!(zh.speaks("zh-CN") && zh.speaks("zh"));
        assert!(
            !zh.speaks("zh-TW"),
            "Simplified-only agent is no Traditional reader"
        );
    }

    #[test]
    fn a_busy_speaker_on_shift_is_waited_for() {
        let mut ja = agent(1, &["ja"], &[APAC]);
        ja.load = 3; // full
        let en = agent(2, &["en"], &[APAC]);
        assert!(
            run(
                &[waiting(10, APAC, "ja")],
                vec![ja.clone(), en.clone()],
                both_open()
            )
            .is_empty()
        );
        // Away speaker: nobody who reads Japanese is on shift, so anyone qualified takes it.
        ja.presence = Presence::Unavailable;
        assert_eq!(
            run(&[waiting(10, APAC, "ja")], vec![ja, en], both_open()),
            vec![(10, 2)]
        );
    }

    #[test]
    fn unknown_language_goes_to_anyone_qualified() {
        let mut w = waiting(10, EMEA, "de");
        w.locale = None;
        let a = agent(1, &["fr"], &[EMEA]);
        assert_eq!(run(&[w], vec![a], both_open()), vec![(10, 1)]);
    }

    #[test]
    fn nobody_is_routed_outside_the_team_calendar() {
        let a = agent(1, &["ja", "de"], &[APAC, EMEA]);
        assert!(run(&[waiting(10, APAC, "ja")], vec![a.clone()], emea_only()).is_empty());
        assert_eq!(
            run(&[waiting(11, EMEA, "de")], vec![a], emea_only()),
            vec![(11, 1)]
        );
    }

    #[test]
    fn team_membership_skill_presence_and_capacity_are_required() {
        let w = Waiting {
            skill: Some("payments".into()),
            ..waiting(10, EMEA, "de")
        };
        let other_team = agent(1, &["de"], &[APAC]);
        let no_skill = agent(2, &["de"], &[EMEA]);
        let mut away = agent(3, &["de"], &[EMEA]);
        away.skills.push("payments".into());
        away.presence = Presence::Unavailable;
        let mut full = agent(4, &["de"], &[EMEA]);
        full.skills.push("payments".into());
        full.load = 3;
        let mut zero = agent(5, &["de"], &[EMEA]);
        zero.skills.push("payments".into());
        zero.capacity = 0;
        let candidates = vec![other_team, no_skill, away, full, zero];
        assert!(run(std::slice::from_ref(&w), candidates.clone(), both_open()).is_empty());
        let mut ok = agent(6, &["de"], &[EMEA]);
        ok.skills.push("payments".into());
        let mut with_ok = candidates;
        with_ok.push(ok);
        assert_eq!(run(&[w], with_ok, both_open()), vec![(10, 6)]);
    }

    #[test]
    fn conversations_without_a_team_are_not_routed() {
        let mut w = waiting(10, EMEA, "de");
        w.team_id = None;
        assert!(run(&[w], vec![agent(1, &["de"], &[EMEA])], both_open()).is_empty());
    }

    #[test]
    fn core_customers_go_to_their_owner_even_off_team_and_off_shift() {
        let owner = agent(7, &["en"], &[EMEA]);
        let apac = agent(1, &["ja"], &[APAC]);
        let w = Waiting {
            tier: Tier::Core,
            owner_id: Some(7),
            ..waiting(10, APAC, "ja")
        };
        assert_eq!(
            run(
                std::slice::from_ref(&w),
                vec![apac.clone(), owner.clone()],
                emea_only()
            ),
            vec![(10, 7)]
        );
        // Owner away: regular routing, which at this hour finds nobody in APAC...
        let mut away = owner;
        away.presence = Presence::Unavailable;
        assert!(
            run(
                std::slice::from_ref(&w),
                vec![apac.clone(), away.clone()],
                emea_only()
            )
            .is_empty()
        );
        // ...and in APAC hours the Japanese speaker.
        assert_eq!(run(&[w], vec![apac, away], both_open()), vec![(10, 1)]);
    }

    #[test]
    fn an_owner_is_ignored_for_non_core_customers() {
        let owner = agent(7, &["de"], &[EMEA]);
        let mut peer = agent(1, &["de"], &[EMEA]);
        peer.last_assigned_at = -1;
        let w = Waiting {
            tier: Tier::Important,
            owner_id: Some(7),
            ..waiting(10, EMEA, "de")
        };
        assert_eq!(run(&[w], vec![owner, peer], both_open()), vec![(10, 1)]);
    }

    #[test]
    fn the_queue_is_served_by_tier_then_priority_then_age() {
        let mut a = agent(1, &["de"], &[EMEA]);
        a.capacity = 1;
        let old_ordinary = waiting(1, EMEA, "de");
        let urgent_ordinary = Waiting {
            priority: Priority::Urgent,
            ..waiting(2, EMEA, "de")
        };
        let important = Waiting {
            tier: Tier::Important,
            ..waiting(3, EMEA, "de")
        };
        let queue = [
            old_ordinary.clone(),
            urgent_ordinary.clone(),
            important.clone(),
        ];
        assert_eq!(run(&queue, vec![a.clone()], both_open()), vec![(3, 1)]);
        assert_eq!(
            run(
                &[old_ordinary.clone(), urgent_ordinary],
                vec![a.clone()],
                both_open()
            ),
            vec![(2, 1)]
        );
        let newer = waiting(9, EMEA, "de");
        assert_eq!(
            run(&[newer, old_ordinary], vec![a], both_open()),
            vec![(1, 1)]
        );
        let mut apac = waiting(4, APAC, "ja");
        apac.tier = Tier::Core;
        let mut all = queue.to_vec();
        all.push(apac);
        let pos = queue_positions(&all);
        assert_eq!(pos[&1], (3, 3));
        assert_eq!(pos[&2], (2, 3));
        assert_eq!(pos[&3], (1, 3));
        assert_eq!(pos[&4], (1, 1), "each team has its own queue");
        assert!(!pos.contains_key(&99));
    }

    #[test]
    fn load_is_balanced_relative_to_capacity_then_round_robin() {
        let mut big = agent(1, &["de"], &[EMEA]);
        big.capacity = 6;
        big.load = 2; // a third full
        let mut small = agent(2, &["de"], &[EMEA]);
        small.capacity = 2;
        small.load = 1; // half full
        assert_eq!(
            run(
                &[waiting(10, EMEA, "de")],
                vec![small.clone(), big.clone()],
                both_open()
            ),
            vec![(10, 1)]
        );
        // Equal ratios: whoever was given one least recently.
        let mut a = agent(3, &["de"], &[EMEA]);
        a.last_assigned_at = 500;
        let mut b = agent(4, &["de"], &[EMEA]);
        b.last_assigned_at = 100;
        let got = run(
            &[waiting(10, EMEA, "de"), waiting(11, EMEA, "de")],
            vec![a, b],
            both_open(),
        );
        assert_eq!(got, vec![(10, 4), (11, 3)], "alternates");
    }

    #[test]
    fn staff_on_shift_needs_an_available_member_and_open_hours() {
        let cals = calendars();
        let mut a = agent(1, &["de"], &[EMEA]);
        let staff = |c: Vec<Candidate>| Staff {
            candidates: c,
            calendars: &cals,
        };
        assert!(staff_on_shift(&staff(vec![a.clone()]), EMEA, emea_only()));
        assert!(!staff_on_shift(&staff(vec![a.clone()]), APAC, both_open()));
        a.teams.push(APAC);
        assert!(!staff_on_shift(&staff(vec![a.clone()]), APAC, emea_only()));
        a.presence = Presence::Unavailable;
        assert!(!staff_on_shift(&staff(vec![a]), EMEA, emea_only()));
    }

    #[test]
    fn dst_change_moves_the_shift_with_local_time() {
        // Sunday 2026-03-29 Berlin springs forward; Monday 08:00 local is 06:00 UTC.
        let a = agent(1, &["de"], &[EMEA]);
        let at = |h, m| {
            Utc.with_ymd_and_hms(2026, 3, 30, h, m, 0)
                .unwrap()
                .timestamp_millis()
        };
        assert!(run(&[waiting(10, EMEA, "de")], vec![a.clone()], at(5, 59)).is_empty());
        assert_eq!(
            run(&[waiting(10, EMEA, "de")], vec![a], at(6, 0)),
            vec![(10, 1)]
        );
    }

    fn arb_candidate() -> impl Strategy<Value = Candidate> {
        (
            1i64..8,
            prop::sample::subsequence(vec!["de", "en", "ja", "es"], 0..3),
            prop::sample::subsequence(vec![APAC, EMEA], 0..3),
            0u32..4,
            0u32..4,
            any::<bool>(),
            prop::sample::subsequence(vec!["logistics", "payments"], 0..3),
        )
            .prop_map(
                |(id, langs, teams, capacity, load, avail, skills)| Candidate {
                    id,
                    languages: langs.into_iter().map(String::from).collect(),
                    skills: skills.into_iter().map(String::from).collect(),
                    teams,
                    capacity,
                    load,
                    presence: if avail {
                        Presence::Available
                    } else {
                        Presence::Unavailable
                    },
                    last_assigned_at: 0,
                },
            )
    }

    fn arb_waiting() -> impl Strategy<Value = Waiting> {
        (
            1i64..40,
            prop::option::of(prop::sample::select(vec![APAC, EMEA])),
            prop::option::of(prop::sample::select(vec!["de", "en", "ja", "es", "ar"])),
            prop::option::of(prop::sample::select(vec!["logistics", "payments"])),
            prop::sample::select(Tier::ALL.to_vec()),
            prop::sample::select(Priority::ALL.to_vec()),
            prop::option::of(1i64..8),
        )
            .prop_map(
                |(id, team_id, locale, skill, tier, priority, owner_id)| Waiting {
                    id,
                    team_id,
                    locale: locale.map(String::from),
                    skill: skill.map(String::from),
                    tier,
                    priority,
                    owner_id,
                    since: id * 1000,
                },
            )
    }

    proptest! {
        /// Whatever the queue and staff: no agent ends above capacity, no
        /// conversation is assigned twice, every assignee is available, and
        /// every non-owner assignment respects team, skill and shift.
        #[test]
        fn plans_never_break_the_hard_rules(
            staff in prop::collection::vec(arb_candidate(), 0..6),
            queue in prop::collection::vec(arb_waiting(), 0..12),
            evening in any::<bool>(),
        ) {
            // Unique ids, as in a real snapshot.
            let mut staff = staff;
            staff.sort_by_key(|c| c.id);
            staff.dedup_by_key(|c| c.id);
            let mut queue = queue;
            queue.sort_by_key(|w| w.id);
            queue.dedup_by_key(|w| w.id);
            let now = if evening { emea_only() } else { both_open() };
            let cals = calendars();
            let at = DateTime::<Utc>::from_timestamp_millis(now).unwrap();
            let got = plan(&queue, Staff { candidates: staff.clone(), calendars: &cals }, now);
            let mut seen = std::collections::HashSet::new();
            for a in &got {
                prop_assert!(seen.insert(a.conversation_id));
                let c = staff.iter().find(|c| c.id == a.agent_id).unwrap();
                let w = queue.iter().find(|w| w.id == a.conversation_id).unwrap();
                prop_assert_eq!(c.presence, Presence::Available);
                let given = got.iter().filter(|x| x.agent_id == c.id).count() as u32;
                prop_assert!(c.load + given <= c.capacity);
                if a.reason == Reason::DedicatedOwner {
                    prop_assert_eq!(w.tier, Tier::Core);
                    prop_assert_eq!(w.owner_id, Some(c.id));
                } else {
                    let team = w.team_id.unwrap();
                    prop_assert!(c.teams.contains(&team));
                    prop_assert!(cals[&team].is_open(at));
                    if let Some(s) = &w.skill { prop_assert!(c.skills.contains(s)); }
                    if a.reason == Reason::Language {
                        prop_assert!(c.speaks(w.locale.as_deref().unwrap()));
                    }
                }
            }
            // Nothing that could be served is left while a qualified seat is free.
            let leftover: Vec<&Waiting> = queue.iter().filter(|w| !seen.contains(&w.id)).collect();
            let mut after = staff.clone();
            for a in &got {
                if let Some(c) = after.iter_mut().find(|c| c.id == a.agent_id) { c.load += 1; }
            }
            let snapshot = Staff { candidates: after, calendars: &cals };
            for w in leftover {
                prop_assert!(snapshot.choose(w, now).is_none(), "{:?} could still be served", w);
            }
        }
    }
}
