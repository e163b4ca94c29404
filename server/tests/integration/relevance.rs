//! Search relevance per locale (issue 20): the demo site's knowledge base
//! (`services/demo_kb.json`) indexed as the server indexes it, and for each
//! locale the queries of `relevance.json` — real phrasings customers type —
//! with the article that must come first. Prints top-1 and top-3 accuracy
//! per locale (`cargo test relevance -- --nocapture`) and fails below 80 %
//! top-1 in any locale.

use parley::search::{IndexedVersion, JaDictionary, KbIndex};
use serde_json::Value;

use crate::common::ja_dictionary;

const KB: &str = include_str!("../../src/services/demo_kb.json");
const QUERIES: &str = include_str!("relevance.json");
const MIN_TOP1: f64 = 0.8;

fn demo_index(ja: &JaDictionary) -> (KbIndex, Vec<String>) {
    let kb: Value = serde_json::from_str(KB).expect("demo_kb.json");
    let articles = kb["articles"].as_array().expect("articles");
    let keys: Vec<String> = articles
        .iter()
        .map(|a| a["key"].as_str().expect("key").to_owned())
        .collect();
    let mut versions = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        for (locale, v) in a["versions"].as_object().expect("versions") {
            versions.push(IndexedVersion {
                site: "demo".into(),
                article: i as i64,
                slug: keys[i].clone(),
                locale: locale.clone(),
                title: v["title"].as_str().expect("title").to_owned(),
                body: v["body"].as_str().expect("body").to_owned(),
            });
        }
    }
    let index = KbIndex::new(ja).expect("index");
    let ids: Vec<i64> = (0..articles.len() as i64).collect();
    index
        .replace(&ids, &versions)
        .expect("index the demo articles");
    (index, keys)
}

#[test]
fn relevance_top1_is_at_least_80_percent_in_every_locale() {
    let ja = ja_dictionary();
    assert!(
        ja.tokenizer().is_some(),
        "the Japanese dictionary is missing at {:?}: `./run.sh test` fetches it",
        ja.folder()
    );
    let (index, keys) = demo_index(&ja);
    let queries: Value = serde_json::from_str(QUERIES).expect("relevance.json");
    let mut failing = Vec::new();
    for (locale, cases) in queries.as_object().expect("locales") {
        let cases = cases.as_array().expect("cases");
        assert!(cases.len() >= 15, "{locale}: at least 15 queries");
        let (mut top1, mut top3) = (0, 0);
        for case in cases {
            let query = case["query"].as_str().expect("query");
            let want = case["article"].as_str().expect("article");
            assert!(
                keys.iter().any(|k| k == want),
                "{locale}: no article {want}"
            );
            let hits = index
                .search("demo", locale, "en", query, 3)
                .expect("search");
            let got: Vec<&str> = hits
                .iter()
                .map(|h| keys[h.article as usize].as_str())
                .collect();
            if got.first() == Some(&want) {
                top1 += 1;
            } else {
                println!("relevance miss [{locale}] {query:?}: want {want}, got {got:?}");
            }
            if got.contains(&want) {
                top3 += 1;
            }
        }
        let n = cases.len() as f64;
        let (p1, p3) = (f64::from(top1) / n, f64::from(top3) / n);
        println!(
            "relevance {locale:>5}: top-1 {:5.1} % top-3 {:5.1} % ({top1}/{}, {top3}/{})",
            p1 * 100.0,
            p3 * 100.0,
            cases.len(),
            cases.len()
        );
        if p1 < MIN_TOP1 {
            failing.push(format!("{locale}: top-1 {:.1} %", p1 * 100.0));
        }
    }
    assert!(failing.is_empty(), "below 80 % top-1: {failing:?}");
}

#[test]
fn japanese_is_cut_by_the_dictionary_into_dictionary_forms() {
    let ja = ja_dictionary();
    let index = KbIndex::new(&ja).expect("index");
    let terms = index.terms("ja", "荷物が届かない");
    assert_eq!(
        terms,
        vec!["荷物", "届く"],
        "particles and auxiliaries dropped"
    );
    let terms = index.terms("ja", "送料はいくらですか？");
    assert!(terms.contains(&"送料".to_owned()), "{terms:?}");
}
