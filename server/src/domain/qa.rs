//! Weekly quality review (issue 21, R-QA3): which closed conversations a
//! week's review draws, what a site's score sheet may be, how a review
//! scores, and who may review. Pure: the week's closed conversations, the
//! seed, the sheet and the people are passed in.
//!
//! - Each week (Monday 00:00 to Monday 00:00 in the site's time zone) at
//!   least 10 % of the conversations closed in it are drawn, stratified by
//!   agent: every agent who closed any gets at least one reviewed, and each
//!   agent's share is rounded up, so the total is never under 10 %.
//! - The draw is reproducible: the same conversations and the same stored
//!   seed draw the same sample (ChaCha8, whose stream is fixed by its
//!   specification, not by the crate's version).
//! - A sheet has 1–12 criteria with whole weights summing to 100; each is
//!   scored 0–4 points; a review's score is the weighted share of the
//!   points, in basis points (10,000 = every criterion at 4).
//! - Nobody reviews a conversation they handled.

use std::collections::BTreeMap;

use rand::SeedableRng;
use rand::seq::SliceRandom;

/// The share of a week's closed conversations drawn, in percent.
pub const SAMPLE_PERCENT: usize = 10;
/// The most points a criterion scores.
pub const MAX_POINTS: u8 = 4;
/// The most criteria a sheet has.
pub const MAX_CRITERIA: usize = 12;

/// A conversation closed in the week, with who handled it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Closed {
    /// The conversation.
    pub id: i64,
    /// Its agent (owner, else who answered first); `None`: nobody.
    pub agent: Option<i64>,
}

/// The week holding `at` in `tz`: its Monday and its bounds, Unix ms.
pub fn week_of(at: i64, tz: chrono_tz::Tz) -> (chrono::NaiveDate, i64, i64) {
    use crate::domain::metrics::{Period, bucket, local_midnight};
    let monday = bucket(at, tz, Period::Week);
    (
        monday,
        local_midnight(monday, tz),
        local_midnight(monday + chrono::Days::new(7), tz),
    )
}

/// The sample of `closed` drawn with `seed`, in id order.
pub fn draw(closed: &[Closed], seed: u64) -> Vec<i64> {
    let mut by_agent: BTreeMap<Option<i64>, Vec<i64>> = BTreeMap::new();
    for c in closed {
        by_agent.entry(c.agent).or_default().push(c.id);
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut out = Vec::new();
    for ids in by_agent.values_mut() {
        ids.sort_unstable();
        ids.dedup();
        ids.shuffle(&mut rng);
        let take = (ids.len() * SAMPLE_PERCENT).div_ceil(100).max(1);
        out.extend_from_slice(&ids[..take]);
    }
    out.sort_unstable();
    out
}

/// A criterion of a score sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// Its key, `a-z` and `_`, 1–32 long (its name is translated).
    pub key: String,
    /// Its weight, a whole share of 100.
    pub weight: u32,
}

/// What is wrong with a sheet or a review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetError {
    /// No criteria, or more than [`MAX_CRITERIA`].
    Count,
    /// A key is not `a-z`/`_`, 1–32 long, or appears twice.
    Key(String),
    /// A weight is 0, or the weights do not sum to 100.
    Weights,
    /// A criterion has no points, or over [`MAX_POINTS`], or the review
    /// scores a criterion the sheet does not have.
    Points(String),
}

/// The sheet a site starts with.
pub fn default_sheet() -> Vec<Criterion> {
    [
        ("greeting", 10),
        ("accuracy", 30),
        ("compliance", 20),
        ("tone", 20),
        ("resolution", 20),
    ]
    .into_iter()
    .map(|(key, weight)| Criterion {
        key: key.to_owned(),
        weight,
    })
    .collect()
}

/// Whether `sheet` may be a site's sheet.
pub fn check_sheet(sheet: &[Criterion]) -> Result<(), SheetError> {
    if sheet.is_empty() || sheet.len() > MAX_CRITERIA {
        return Err(SheetError::Count);
    }
    for (i, c) in sheet.iter().enumerate() {
        let shaped = (1..=32).contains(&c.key.len())
            && c.key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        if !shaped || sheet[..i].iter().any(|d| d.key == c.key) {
            return Err(SheetError::Key(c.key.clone()));
        }
    }
    if sheet.iter().any(|c| c.weight == 0) || sheet.iter().map(|c| c.weight).sum::<u32>() != 100 {
        return Err(SheetError::Weights);
    }
    Ok(())
}

/// The score of `points` (criterion → 0–4) on `sheet`, in basis points.
pub fn score(sheet: &[Criterion], points: &BTreeMap<String, u8>) -> Result<u32, SheetError> {
    if let Some(extra) = points.keys().find(|k| !sheet.iter().any(|c| &c.key == *k)) {
        return Err(SheetError::Points(extra.clone()));
    }
    let mut sum = 0u32;
    for c in sheet {
        match points.get(&c.key) {
            Some(p) if *p <= MAX_POINTS => sum += c.weight * u32::from(*p),
            _ => return Err(SheetError::Points(c.key.clone())),
        }
    }
    Ok(sum * 10_000 / (100 * u32::from(MAX_POINTS)))
}

/// Whether `reviewer` may review a conversation `agent` handled: anyone
/// but that agent.
pub fn may_review(reviewer: i64, agent: Option<i64>) -> bool {
    agent != Some(reviewer)
}

/// Whether `actor` runs the weekly review of `site`: its admins and
/// supervisors (which conversations they see is
/// [`crate::domain::access::report_scope`]'s).
pub fn may_run_qa(actor: &parley_app::protocol::AgentProfile, site: &str) -> bool {
    use parley_app::protocol::StaffRole;
    matches!(actor.role, StaffRole::Admin | StaffRole::Supervisor)
        && crate::domain::access::serves(&actor.sites, site)
}

/// The Monday of the week holding `day`.
pub fn monday(day: chrono::NaiveDate) -> chrono::NaiveDate {
    use chrono::Datelike;
    day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn closed(n: i64, agents: &[i64]) -> Vec<Closed> {
        (0..n)
            .map(|i| Closed {
                id: 100 + i,
                agent: agents.get(i as usize % agents.len().max(1)).copied(),
            })
            .collect()
    }

    #[test]
    fn weeks_run_monday_to_monday_in_the_sites_zone() {
        use chrono::NaiveDate;
        // Sunday 2026-11-29 20:00 UTC is already Monday in Shanghai.
        let at = 1_795_982_400_000;
        let (monday, from, until) = week_of(at, chrono_tz::Asia::Shanghai);
        assert_eq!(monday, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(from, 1_795_996_800_000 - 8 * 3_600_000);
        assert_eq!(until - from, 7 * 86_400_000);
        let (monday, from, _) = week_of(at, chrono_tz::UTC);
        assert_eq!(monday, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(from, 1_795_996_800_000 - 7 * 86_400_000);
        // A week holding the end of summer time in Berlin is an hour longer.
        let (_, from, until) = week_of(1_792_886_400_000, chrono_tz::Europe::Berlin);
        assert_eq!(until - from, 7 * 86_400_000 + 3_600_000);
    }

    #[test]
    fn every_agent_is_sampled_and_the_draw_repeats_from_its_seed() {
        let week = closed(95, &[1, 2, 3]);
        let sample = draw(&week, 42);
        // 32, 32 and 31 conversations: 4 + 4 + 4 drawn.
        assert_eq!(sample.len(), 12);
        for agent in [1, 2, 3] {
            assert!(
                week.iter()
                    .any(|c| c.agent == Some(agent) && sample.contains(&c.id)),
                "agent {agent}"
            );
        }
        assert_eq!(draw(&week, 42), sample, "the same seed, the same sample");
        assert_ne!(draw(&week, 43), sample, "another seed, another sample");
        // The input's order does not matter.
        let mut shuffled = week.clone();
        shuffled.reverse();
        assert_eq!(draw(&shuffled, 42), sample);
        // An agent with one conversation has it reviewed; nobody's count too.
        let few = [
            Closed {
                id: 1,
                agent: Some(9),
            },
            Closed { id: 2, agent: None },
            Closed { id: 3, agent: None },
        ];
        assert_eq!(draw(&few, 7).len(), 2);
        assert!(draw(&few, 7).contains(&1));
        assert!(draw(&[], 7).is_empty());
    }

    #[test]
    fn the_draw_is_pinned_to_its_stream() {
        // A changed generator would change past weeks' samples: pinned.
        assert_eq!(draw(&closed(20, &[1]), 2026), draw(&closed(20, &[1]), 2026));
        let pinned = draw(&closed(30, &[1, 2]), 1);
        assert_eq!(pinned.len(), 4);
        assert_eq!(pinned, PINNED);
    }

    const PINNED: [i64; 4] = [103, 106, 116, 123];

    proptest! {
        #[test]
        fn at_least_a_tenth_and_every_agent(
            n in 0i64..400,
            agents in proptest::collection::vec(1i64..8, 1..6),
            seed in any::<u64>(),
        ) {
            let week = closed(n, &agents);
            let sample = draw(&week, seed);
            prop_assert!(sample.len() * 100 >= week.len() * SAMPLE_PERCENT);
            prop_assert!(sample.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
            prop_assert!(sample.iter().all(|id| week.iter().any(|c| c.id == *id)));
            for c in &week {
                prop_assert!(week.iter().any(|d| d.agent == c.agent && sample.contains(&d.id)));
            }
        }
    }

    #[test]
    fn sheets_need_named_criteria_weighing_one_hundred() {
        assert_eq!(check_sheet(&default_sheet()), Ok(()));
        assert_eq!(check_sheet(&[]), Err(SheetError::Count));
        let c = |key: &str, weight| Criterion {
            key: key.into(),
            weight,
        };
        assert_eq!(check_sheet(&vec![c("a", 100); 13]), Err(SheetError::Count));
        assert_eq!(
            check_sheet(&[c("Tone", 100)]),
            Err(SheetError::Key("Tone".into()))
        );
        assert_eq!(
            check_sheet(&[c("", 100)]),
            Err(SheetError::Key(String::new()))
        );
        assert_eq!(
            check_sheet(&[c("tone", 50), c("tone", 50)]),
            Err(SheetError::Key("tone".into()))
        );
        assert_eq!(
            check_sheet(&[c("tone", 60), c("accuracy", 30)]),
            Err(SheetError::Weights)
        );
        assert_eq!(
            check_sheet(&[c("tone", 100), c("accuracy", 0)]),
            Err(SheetError::Weights)
        );
        assert_eq!(check_sheet(&[c("first_contact", 100)]), Ok(()));
    }

    #[test]
    fn a_review_scores_the_weighted_share_of_its_points() {
        let sheet = default_sheet();
        let points = |p: [u8; 5]| -> BTreeMap<String, u8> {
            sheet
                .iter()
                .zip(p)
                .map(|(c, p)| (c.key.clone(), p))
                .collect()
        };
        assert_eq!(score(&sheet, &points([4, 4, 4, 4, 4])), Ok(10_000));
        assert_eq!(score(&sheet, &points([0, 0, 0, 0, 0])), Ok(0));
        // greeting 10×2 + accuracy 30×4 + compliance 20×3 + tone 20×4 + resolution 20×1
        // = 300 of 400.
        assert_eq!(score(&sheet, &points([2, 4, 3, 4, 1])), Ok(7_500));
        assert_eq!(score(&sheet, &points([1, 1, 1, 1, 2])), Ok(3_000));
        assert_eq!(
            score(&sheet, &points([5, 4, 4, 4, 4])),
            Err(SheetError::Points("greeting".into()))
        );
        let mut missing = points([4, 4, 4, 4, 4]);
        missing.remove("tone");
        assert_eq!(
            score(&sheet, &missing),
            Err(SheetError::Points("tone".into()))
        );
        let mut extra = points([4, 4, 4, 4, 4]);
        extra.insert("speed".into(), 4);
        assert_eq!(
            score(&sheet, &extra),
            Err(SheetError::Points("speed".into()))
        );
    }

    #[test]
    fn nobody_reviews_their_own_conversation() {
        assert!(!may_review(7, Some(7)));
        assert!(may_review(8, Some(7)));
        assert!(may_review(8, None));
    }
}
