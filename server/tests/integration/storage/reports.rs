//! `ReportStore`: the facts of each conversation whose first-response
//! clock started in the period — owner (else first answerer), team,
//! customer's region and language, clocks, transitions, ratings,
//! complaint — for the whole site or some teams and the general queue.

use parley::domain::metrics::ComplaintFacts;
use parley::storage::{FactQuery, NewComplaint, NewMessage, NewRating, NewTransition, StoredClock};
use parley_app::complaints::Severity;
use parley_app::lifecycle::{Actor, ClockPhase};
use parley_app::protocol::{Author, ClockKind, ConversationStatus, Priority, StaffRole};

use super::{T0, agent, conversation, each, running_clock, site, team};

const MIN: i64 = 60_000;

fn step(
    from: ConversationStatus,
    to: ConversationStatus,
    agent: i64,
    transfer: bool,
) -> NewTransition {
    NewTransition {
        from,
        to,
        actor: Actor::Staff,
        agent_id: Some(agent),
        note: None,
        transfer,
    }
}

fn stopped(kind: ClockKind, started: i64, phase: ClockPhase, business_ms: i64) -> StoredClock {
    let mut c = running_clock(kind, started + 30 * MIN, 5 * MIN);
    c.clock.phase = phase;
    c.clock.consumed_ms = business_ms;
    c.clock.stopped_at = Some(started + business_ms);
    c
}

#[tokio::test]
async fn a_reports_facts_come_from_each_conversations_records() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let ben = agent(&*store, "ben@x", StaffRole::Mid, &[]).await;
        let emea = team(&*store, "shop", "EMEA", None).await;
        let apac = team(&*store, "shop", "APAC", None).await;
        let save = |id: i64,
                    f: Box<dyn Fn(&mut parley::storage::ConversationRecord) + Send>,
                    t: Option<NewTransition>,
                    at: i64| {
            let store = store.clone();
            async move {
                let mut r = store.record(id).await.unwrap();
                f(&mut r);
                store.save_record(&r, t, at).await.unwrap();
            }
        };
        let say =
            |id: i64, author: Author, agent_id: Option<i64>, client: &'static str, at: i64| {
                let store = store.clone();
                async move {
                    store
                        .append_message(
                            NewMessage {
                                channel: Default::default(),
                                conversation_id: id,
                                client_id: client,
                                author,
                                agent_id,
                                body: "text",
                                now: at,
                                policy_version: None,
                                notice: None,
                                author_name: None,
                            },
                            None,
                        )
                        .await
                        .unwrap();
                }
            };

        // One: EMEA, owned by Ana, answered on time, resolved, reopened,
        // rated 4, with a complaint closed after 2 hours; its follow-up met.
        let one = conversation(&*store, "shop", "v-one", Some(emea)).await;
        save(
            one,
            Box::new(move |r| {
                r.assignee_id = Some(ana);
                r.status = ConversationStatus::Resolved;
                r.clocks = vec![
                    stopped(ClockKind::FirstResponse, T0, ClockPhase::Met, 4 * MIN),
                    stopped(ClockKind::FollowUp, T0, ClockPhase::Met, MIN),
                ];
            }),
            Some(step(
                ConversationStatus::Received,
                ConversationStatus::Resolved,
                ana,
                false,
            )),
            T0 + 10 * MIN,
        )
        .await;
        say(one, Author::Agent, Some(ana), "a1", T0 + 4 * MIN).await;
        store
            .rate(
                one,
                &NewRating {
                    score: 4,
                    comment: "",
                    locale: Some("en"),
                    now: T0 + 11 * MIN,
                },
            )
            .await
            .unwrap();
        save(
            one,
            Box::new(|r| r.status = ConversationStatus::Reopened),
            Some(step(
                ConversationStatus::Resolved,
                ConversationStatus::Reopened,
                ana,
                false,
            )),
            T0 + 12 * MIN,
        )
        .await;
        let (complaint, _) = store
            .raise_complaint(NewComplaint {
                site: "shop",
                conversation_id: one,
                category: None,
                summary: "late",
                severity: Severity::Ordinary,
                team_id: Some(emea),
                raised_by: None,
                now: T0 + MIN,
            })
            .await
            .unwrap();
        let mut closed = complaint.clone();
        closed.steps.resolved_at = Some(T0 + 121 * MIN);
        store
            .update_complaint(
                &closed,
                &parley::storage::ComplaintStep {
                    action: "resolve".into(),
                    agent_id: Some(ana),
                    agent_name: None,
                    at: T0 + 121 * MIN,
                    note: String::new(),
                },
            )
            .await
            .unwrap();

        // Two: APAC, nobody owns it, Ben answered (late), transferred.
        let two = conversation(&*store, "shop", "v-two", Some(apac)).await;
        save(
            two,
            Box::new(|r| {
                r.priority = Priority::Urgent;
                r.clocks = vec![stopped(
                    ClockKind::FirstResponse,
                    T0 + MIN,
                    ClockPhase::Breached,
                    40 * MIN,
                )];
            }),
            Some(step(
                ConversationStatus::Received,
                ConversationStatus::Received,
                ben,
                true,
            )),
            T0 + 41 * MIN,
        )
        .await;
        say(two, Author::Customer, None, "c1", T0 + MIN).await;
        say(two, Author::Agent, Some(ben), "b1", T0 + 41 * MIN).await;

        // Three: the general queue, a clock still running, nobody answered.
        let three = conversation(&*store, "shop", "v-three", None).await;
        save(
            three,
            Box::new(|r| {
                r.clocks = vec![running_clock(ClockKind::FirstResponse, T0 + 32 * MIN, MIN)]
            }),
            None,
            T0 + 2 * MIN,
        )
        .await;
        // Left out: no clock (the bot answered it), another site, an
        // earlier period.
        conversation(&*store, "shop", "v-bot", None).await;
        let elsewhere = conversation(&*store, "other", "v-other", None).await;
        save(
            elsewhere,
            Box::new(|r| {
                r.clocks = vec![running_clock(ClockKind::FirstResponse, T0 + 30 * MIN, MIN)]
            }),
            None,
            T0,
        )
        .await;
        let old = conversation(&*store, "shop", "v-old", Some(emea)).await;
        save(
            old,
            Box::new(|r| {
                r.clocks = vec![stopped(
                    ClockKind::FirstResponse,
                    T0 - 86_400_000,
                    ClockPhase::Met,
                    MIN,
                )]
            }),
            None,
            T0,
        )
        .await;

        let q = FactQuery {
            site: "shop".into(),
            teams: None,
            from: T0 - 1000,
            until: T0 + 86_400_000,
        };
        let facts = store.case_facts(&q).await.unwrap();
        let ids: Vec<i64> = facts.iter().map(|f| f.id).collect();
        assert_eq!(
            ids,
            [one, two, three],
            "oldest clock first; the others left out"
        );
        let (f1, f2, f3) = (&facts[0], &facts[1], &facts[2]);
        assert_eq!(f1.opened_at, T0);
        assert_eq!(f1.agent.as_deref(), Some(ana.to_string().as_str()));
        assert_eq!(f1.team.as_deref(), Some(emea.to_string().as_str()));
        assert_eq!(
            (f1.region.as_deref(), f1.language.as_deref()),
            (Some("Europe"), Some("en"))
        );
        assert!(f1.answered && f1.resolved && f1.reopened && !f1.transferred);
        let fr = f1.first_response.unwrap();
        assert_eq!((fr.phase, fr.business_ms), (ClockPhase::Met, 4 * MIN));
        assert_eq!(f1.follow_up.map(|c| c.phase), Some(ClockPhase::Met));
        assert_eq!(f1.ratings, [4]);
        assert_eq!(
            f1.complaint,
            Some(ComplaintFacts {
                raised_at: T0 + MIN,
                closed_at: Some(T0 + 121 * MIN)
            })
        );

        assert_eq!(
            f2.agent.as_deref(),
            Some(ben.to_string().as_str()),
            "the first to answer"
        );
        assert_eq!(f2.priority, Priority::Urgent);
        assert!(f2.answered && !f2.resolved && f2.transferred);
        assert_eq!(
            f2.first_response.map(|c| c.phase),
            Some(ClockPhase::Breached)
        );
        assert_eq!(
            (f2.follow_up, f2.complaint, f2.ratings.len()),
            (None, None, 0)
        );

        assert_eq!((f3.agent.as_deref(), f3.team.as_deref()), (None, None));
        assert!(!f3.answered);
        assert_eq!(
            f3.first_response.map(|c| (c.phase, c.due_at)),
            Some((ClockPhase::Running, T0 + 32 * MIN))
        );

        // A supervisor's teams: theirs and the general queue.
        let mine = store
            .case_facts(&FactQuery {
                teams: Some(vec![emea]),
                ..q.clone()
            })
            .await
            .unwrap();
        assert_eq!(mine.iter().map(|f| f.id).collect::<Vec<_>>(), [one, three]);
        let none = store
            .case_facts(&FactQuery {
                teams: Some(vec![]),
                ..q.clone()
            })
            .await
            .unwrap();
        assert_eq!(none.iter().map(|f| f.id).collect::<Vec<_>>(), [three]);
        // The period's end is exclusive.
        let before = store
            .case_facts(&FactQuery { until: T0, ..q })
            .await
            .unwrap();
        assert!(before.is_empty());
    })
    .await;
}
