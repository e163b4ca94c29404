//! `CompensationStore`: exchange rates and the compensation ledger.

use parley::domain::compensation::{Authority, Kind, Money, Outcome, Rate, Stage};
use parley::storage::{Decision, NewCompensation, StoreError};
use parley_app::protocol::StaffRole;

use super::{T0, agent, conversation, each, site};

fn eur(minor: i64) -> Money {
    Money {
        minor,
        currency: "EUR".into(),
        exponent: 2,
    }
}

fn usd(minor: i64) -> Money {
    Money {
        minor,
        currency: "USD".into(),
        exponent: 2,
    }
}

fn rate(currency: &str, valid_from: i64, reference_micros: i64) -> Rate {
    Rate {
        currency: currency.into(),
        valid_from,
        reference_micros,
    }
}

#[tokio::test]
async fn rates_are_added_per_site_and_never_changed() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let admin = agent(&*store, "admin@x", StaffRole::Admin, &[]).await;
        let later = rate("EUR", T0 + 10, 1_100_000);
        store.set_rate("shop", &later, admin, T0).await.unwrap();
        store
            .set_rate("shop", &rate("EUR", T0, 1_080_000), admin, T0)
            .await
            .unwrap();
        assert!(matches!(
            store
                .set_rate("shop", &rate("EUR", T0, 1_090_000), admin, T0)
                .await,
            Err(StoreError::Conflict)
        ));
        store
            .set_rate("shop", &rate("JPY", T0, 6_700), admin, T0)
            .await
            .unwrap();
        assert_eq!(
            store.rates("shop").await.unwrap(),
            vec![rate("EUR", T0, 1_080_000), rate("JPY", T0, 6_700), later]
        );
        assert!(store.rates("other").await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_ledger_keeps_each_proposal_once_with_one_decision() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let junior = agent(&*store, "junior@x", StaffRole::Junior, &[]).await;
        let lead = agent(&*store, "lead@x", StaffRole::Supervisor, &[]).await;
        let c1 = conversation(&*store, "shop", "v1", None).await;
        let c2 = conversation(&*store, "shop", "v2", None).await;
        let elsewhere = conversation(&*store, "other", "v3", None).await;
        let propose = |conversation_id, client_id, amount: Money, reference: Money, at| {
            let store = store.clone();
            async move {
                store
                    .propose(NewCompensation {
                        site: if conversation_id == elsewhere {
                            "other"
                        } else {
                            "shop"
                        },
                        conversation_id,
                        client_id,
                        kind: Kind::Refund,
                        amount: &amount,
                        reference: &reference,
                        rate_micros: (amount.currency != reference.currency).then_some(1_080_000),
                        major: false,
                        reason: "parcel arrived crushed",
                        proposed_by: junior,
                        now: at,
                    })
                    .await
                    .unwrap()
            }
        };
        // 74.00 EUR = 79.92 USD: beyond a junior, it waits.
        let (first, created) = propose(c1, "p-1", eur(7_400), usd(7_992), T0 + 1).await;
        assert!(created);
        assert_eq!(
            (
                first.site.as_str(),
                first.conversation_id,
                first.kind,
                first.proposed_by
            ),
            ("shop", c1, Kind::Refund, junior)
        );
        assert_eq!(
            (first.amount.clone(), first.reference.clone()),
            (eur(7_400), usd(7_992))
        );
        assert_eq!(first.rate_micros, Some(1_080_000));
        assert!(!first.major);
        assert_eq!(first.reason, "parcel arrived crushed");
        assert_eq!(first.decision, None);
        // Sent again: the same line.
        let (again, created) = propose(c1, "p-1", eur(9_999), usd(1), T0 + 2).await;
        assert!(!created);
        assert_eq!(again, first);

        // The supervisor reduces it; a second decision is refused.
        let reduced = Decision {
            outcome: Outcome::Reduced,
            minor: 5_000,
            reference_minor: 5_400,
            decided_by: lead,
            decided_at: T0 + 60_000,
            reason: "half the goods were fine".into(),
        };
        let decided = store.decide(first.id, &reduced).await.unwrap();
        assert_eq!(decided.decision, Some(reduced.clone()));
        let refusal = Decision {
            outcome: Outcome::Refused,
            minor: 0,
            reference_minor: 0,
            ..reduced.clone()
        };
        assert!(matches!(
            store.decide(first.id, &refusal).await,
            Err(StoreError::Conflict)
        ));
        assert_eq!(
            store.compensation(first.id).await.unwrap().decision,
            Some(reduced)
        );
        assert!(matches!(
            store.decide(9_999, &refusal).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.compensation(9_999).await,
            Err(StoreError::NotFound)
        ));

        // Within the limit: granted by its proposer at once.
        let (second, _) = propose(c2, "p-2", usd(2_000), usd(2_000), T0 + 3).await;
        assert_eq!(second.rate_micros, None);
        let granted = Decision {
            outcome: Outcome::Granted,
            minor: 2_000,
            reference_minor: 2_000,
            decided_by: junior,
            decided_at: T0 + 3,
            reason: String::new(),
        };
        store.decide(second.id, &granted).await.unwrap();
        let (third, _) = propose(elsewhere, "p-3", usd(100), usd(100), T0 + 4).await;

        // The site's ledger, newest first; one conversation's; another site's.
        let ids = |lines: Vec<parley::storage::CompensationRecord>| {
            lines.iter().map(|l| l.id).collect::<Vec<_>>()
        };
        assert_eq!(
            ids(store.compensations("shop", None, 10).await.unwrap()),
            vec![second.id, first.id]
        );
        assert_eq!(
            ids(store.compensations("shop", Some(c1), 10).await.unwrap()),
            vec![first.id]
        );
        assert_eq!(
            ids(store.compensations("shop", None, 1).await.unwrap()),
            vec![second.id]
        );
        assert_eq!(
            ids(store.compensations("other", None, 10).await.unwrap()),
            vec![third.id]
        );

        // Only the undecided wait, oldest first, across sites.
        assert_eq!(
            ids(store.waiting_compensations(10).await.unwrap()),
            vec![third.id]
        );
        // Each level of the approval chain is reached once, in the line.
        assert!(
            store
                .escalate_compensation(third.id, Stage::OnCall, T0 + 30)
                .await
                .unwrap()
        );
        assert!(
            !store
                .escalate_compensation(third.id, Stage::OnCall, T0 + 31)
                .await
                .unwrap()
        );
        store
            .escalate_compensation(third.id, Stage::Management, T0 + 60)
            .await
            .unwrap();
        assert_eq!(
            store.compensation(third.id).await.unwrap().escalations,
            vec![(Stage::OnCall, T0 + 30), (Stage::Management, T0 + 60)]
        );
    })
    .await;
}

#[tokio::test]
async fn authority_limits_default_to_usd_50_and_100_until_set() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        assert_eq!(
            store.compensation_authority("shop").await.unwrap(),
            Authority::default()
        );
        let euro = Authority {
            currency: "EUR".into(),
            exponent: 2,
            junior: 4_000,
            mid: 9_000,
        };
        store
            .set_compensation_authority("shop", &euro)
            .await
            .unwrap();
        assert_eq!(store.compensation_authority("shop").await.unwrap(), euro);
        assert_eq!(
            store.compensation_authority("other").await.unwrap(),
            Authority::default()
        );
        assert!(matches!(
            store.set_compensation_authority("nowhere", &euro).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

/// The ledger cannot be rewritten behind Parley's back either: the
/// database itself refuses to change or delete a line, on both backends.
#[tokio::test]
async fn the_ledger_is_append_only_in_the_database() {
    use sqlx::Executor;
    let dir = tempfile::tempdir().unwrap();
    let mut urls = vec![format!(
        "sqlite://{}",
        dir.path().join("ledger.db").display()
    )];
    urls.extend(crate::common::postgres_database("ledger").await);
    for url in urls {
        let store = parley::storage::sql::SqlStore::open(&url).await.unwrap();
        let store: std::sync::Arc<dyn parley::storage::Store> = std::sync::Arc::new(store);
        site(&*store, "shop").await;
        let junior = agent(&*store, "junior@x", StaffRole::Junior, &[]).await;
        let c = conversation(&*store, "shop", "v1", None).await;
        let (line, _) = store
            .propose(NewCompensation {
                site: "shop",
                conversation_id: c,
                client_id: "p-1",
                kind: Kind::Coupon,
                amount: &usd(1_000),
                reference: &usd(1_000),
                rate_micros: None,
                major: false,
                reason: "late",
                proposed_by: junior,
                now: T0,
            })
            .await
            .unwrap();
        let granted = Decision {
            outcome: Outcome::Granted,
            minor: 1_000,
            reference_minor: 1_000,
            decided_by: junior,
            decided_at: T0,
            reason: String::new(),
        };
        store.decide(line.id, &granted).await.unwrap();
        let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
            .await
            .unwrap();
        for sql in [
            "UPDATE compensations SET minor = 99999",
            "DELETE FROM compensations",
            "UPDATE compensation_decisions SET outcome = 'refused'",
            "DELETE FROM compensation_decisions",
        ] {
            let err = conn.execute(sql).await.unwrap_err();
            assert!(
                err.to_string().contains("append-only"),
                "{url} {sql}: {err}"
            );
        }
        assert_eq!(
            store.compensation(line.id).await.unwrap().decision,
            Some(granted)
        );
    }
}
