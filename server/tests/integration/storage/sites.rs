//! `SiteStore`: sites, their texts and settings.

use std::collections::BTreeMap;

use parley::domain::sla::SlaPolicy;
use parley::storage::{Site, StoreError};
use parley_app::compliance::{PhraseRule, RuleAction};
use parley_app::fees::FeeLine;
use parley_app::protocol::StaffRole;

use super::{T0, each, site};

fn shop() -> Site {
    Site {
        key: "shop".into(),
        name: "Shop".into(),
        default_locale: "de".into(),
        allowed_origins: vec!["https://shop.example".into()],
        greetings: vec![("de".into(), "Hallo".into()), ("en".into(), "Hello".into())],
        away: vec![("en".into(), "Back soon".into())],
        confirm: vec![("en".into(), "Solved?".into())],
        rating: vec![("en".into(), "Rate us".into())],
        languages: vec!["de".into(), "en".into()],
        launcher: vec![("de".into(), "Fragen?".into())],
        accent: "#0b5d1e".into(),
        position: parley::domain::site::LauncherPosition::Start,
        enabled: true,
    }
}

#[tokio::test]
async fn a_site_reads_back_as_written_and_an_upsert_updates_it() {
    each(|store| async move {
        assert!(store.sites().await.unwrap().is_empty());
        store.upsert_site(&shop(), T0).await.unwrap();
        site(&*store, "other").await;
        let sites = store.sites().await.unwrap();
        assert_eq!(sites.len(), 2);
        assert_eq!(sites.iter().find(|s| s.key == "shop"), Some(&shop()));

        let mut changed = shop();
        changed.name = "Shop GmbH".into();
        changed.allowed_origins = vec![];
        changed.greetings = vec![("de".into(), "Guten Tag".into())];
        store.upsert_site(&changed, T0 + 1).await.unwrap();
        let read = store.sites().await.unwrap();
        let read = read.iter().find(|s| s.key == "shop").unwrap();
        assert_eq!(read.name, "Shop GmbH");
        assert!(read.allowed_origins.is_empty());
        // Texts are merged by locale: `de` replaced, `en` kept.
        assert_eq!(
            read.greetings,
            vec![
                ("de".to_string(), "Guten Tag".to_string()),
                ("en".to_string(), "Hello".to_string())
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_new_site_is_created_once_and_disabled_sites_are_still_listed() {
    each(|store| async move {
        store.create_site(&shop(), T0).await.unwrap();
        assert!(matches!(
            store.create_site(&shop(), T0 + 1).await,
            Err(StoreError::Conflict)
        ));
        let mut off = shop();
        off.enabled = false;
        off.accent = "#000000".into();
        off.position = parley::domain::site::LauncherPosition::End;
        store.upsert_site(&off, T0 + 2).await.unwrap();
        let sites = store.sites().await.unwrap();
        assert_eq!(sites, vec![off]);
    })
    .await;
}

#[tokio::test]
async fn every_change_to_a_site_moves_its_change_mark() {
    each(|store| async move {
        assert_eq!(store.sites_changed_at().await.unwrap(), 0);
        store.create_site(&shop(), T0).await.unwrap();
        let created = store.sites_changed_at().await.unwrap();
        assert_eq!(created, T0);
        // Texts, an explicit touch and an upsert each move it forward, even
        // with a clock that did not (two changes in one millisecond).
        store
            .set_site_text("shop", "launcher", "en", Some("Ask us"))
            .await
            .unwrap();
        let after_text = store.sites_changed_at().await.unwrap();
        assert!(after_text > created);
        store.touch_site("shop", T0).await.unwrap();
        let touched = store.sites_changed_at().await.unwrap();
        assert!(touched > after_text);
        store.upsert_site(&shop(), T0).await.unwrap();
        assert!(store.sites_changed_at().await.unwrap() > touched);
        store.touch_site("shop", T0 + 60_000).await.unwrap();
        assert_eq!(store.sites_changed_at().await.unwrap(), T0 + 60_000);
        assert!(matches!(
            store.touch_site("nowhere", T0).await,
            Err(StoreError::NotFound)
        ));
        let read = store.sites().await.unwrap();
        assert_eq!(
            read[0].launcher,
            vec![
                ("de".to_string(), "Fragen?".to_string()),
                ("en".to_string(), "Ask us".to_string()),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn site_texts_are_set_and_removed_per_kind_and_locale() {
    each(|store| async move {
        store.upsert_site(&shop(), T0).await.unwrap();
        store
            .set_site_text("shop", "away", "de", Some("Gleich zurück"))
            .await
            .unwrap();
        store
            .set_site_text("shop", "greeting", "en", None)
            .await
            .unwrap();
        let s = store.sites().await.unwrap().remove(0);
        assert_eq!(
            s.away,
            vec![
                ("de".to_string(), "Gleich zurück".to_string()),
                ("en".to_string(), "Back soon".to_string())
            ]
        );
        assert_eq!(s.greetings, vec![("de".to_string(), "Hallo".to_string())]);
        assert!(matches!(
            store.set_site_text("nope", "away", "de", Some("x")).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn canned_replies_are_site_texts_grouped_by_key() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        for (key, locale, body) in [
            ("canned:delay", "en", "Your parcel is delayed"),
            ("canned:delay", "de", "Ihr Paket verspätet sich"),
            ("canned:address", "en", "Please confirm your address"),
        ] {
            store
                .set_site_text("shop", key, locale, Some(body))
                .await
                .unwrap();
        }
        store
            .set_site_text("other", "canned:delay", "en", Some("other site"))
            .await
            .unwrap();
        let replies = store.canned_replies("shop").await.unwrap();
        let keys: Vec<&str> = replies.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["address", "delay"]);
        assert_eq!(
            replies[1].texts,
            vec![
                ("de".to_string(), "Ihr Paket verspätet sich".to_string()),
                ("en".to_string(), "Your parcel is delayed".to_string())
            ]
        );
        // Greetings are site texts too, but not canned replies.
        assert!(store.canned_replies("nobody").await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn identity_secret_and_requirement_round_trip() {
    each(|store| async move {
        site(&*store, "shop").await;
        assert_eq!(store.site_identity("shop").await.unwrap(), (None, false));
        store
            .set_site_identity("shop", Some("sealed-secret"), true)
            .await
            .unwrap();
        assert_eq!(
            store.site_identity("shop").await.unwrap(),
            (Some("sealed-secret".to_string()), true)
        );
        store.set_site_identity("shop", None, false).await.unwrap();
        assert_eq!(store.site_identity("shop").await.unwrap(), (None, false));
    })
    .await;
}

fn rule(locale: &str, phrase: &str, action: RuleAction) -> PhraseRule {
    PhraseRule {
        locale: locale.into(),
        phrase: phrase.into(),
        action,
    }
}

#[tokio::test]
async fn compliance_rules_are_replaced_per_locale_and_each_change_raises_the_version() {
    each(|store| async move {
        site(&*store, "shop").await;
        let empty = store.compliance_policy("shop").await.unwrap();
        assert!(empty.rules.is_empty());
        let v1 = store
            .set_compliance_rules(
                "shop",
                &[
                    ("en", vec![rule("en", "guarantee", RuleAction::Block)]),
                    ("de", vec![rule("de", "garantiert", RuleAction::Warn)]),
                ],
            )
            .await
            .unwrap();
        assert!(v1 > empty.version);
        let v2 = store
            .set_compliance_rules(
                "shop",
                &[("en", vec![rule("en", "refund", RuleAction::Warn)])],
            )
            .await
            .unwrap();
        assert!(v2 > v1);
        let p = store.compliance_policy("shop").await.unwrap();
        assert_eq!(p.version, v2);
        let mut rules = p.rules.clone();
        rules.sort_by(|a, b| a.locale.cmp(&b.locale));
        assert_eq!(
            rules,
            vec![
                rule("de", "garantiert", RuleAction::Warn),
                rule("en", "refund", RuleAction::Warn)
            ]
        );
        assert!(matches!(
            store.compliance_policy("nope").await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.set_compliance_rules("nope", &[]).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn fee_lines_and_sla_policy_are_kept_per_site() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        assert!(store.fee_lines("shop").await.unwrap().is_empty());
        let line = FeeLine {
            key: "us-air".into(),
            names: BTreeMap::from([("en".to_string(), "US air".to_string())]),
            currency: "CNY".into(),
            exponent: 2,
            first_grams: 500,
            first_price: 12_000,
            step_grams: 500,
            step_price: 4_000,
            max_grams: Some(30_000),
        };
        store
            .set_fee_lines("shop", std::slice::from_ref(&line))
            .await
            .unwrap();
        assert_eq!(store.fee_lines("shop").await.unwrap(), vec![line]);
        assert!(store.fee_lines("other").await.unwrap().is_empty());
        assert!(matches!(
            store.set_fee_lines("nope", &[]).await,
            Err(StoreError::NotFound)
        ));

        assert_eq!(
            store.sla_policy("shop").await.unwrap(),
            SlaPolicy::default()
        );
        let policy = SlaPolicy {
            urgent_first_response: 3,
            ..SlaPolicy::default()
        };
        store.set_sla_policy("shop", &policy).await.unwrap();
        assert_eq!(store.sla_policy("shop").await.unwrap(), policy);
        assert_eq!(
            store.sla_policy("other").await.unwrap(),
            SlaPolicy::default()
        );
        assert!(matches!(
            store.sla_policy("nope").await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn second_factor_policy_starts_with_admins_and_is_set_per_role() {
    each(|store| async move {
        assert_eq!(store.mfa_required().await.unwrap(), vec![StaffRole::Admin]);
        store
            .set_mfa_required(StaffRole::Supervisor, true)
            .await
            .unwrap();
        store
            .set_mfa_required(StaffRole::Admin, false)
            .await
            .unwrap();
        assert_eq!(
            store.mfa_required().await.unwrap(),
            vec![StaffRole::Supervisor]
        );
    })
    .await;
}
