//! Knowledge-base search benchmark (issue 20): indexes 10,000 articles in
//! each of the six locales (60,000 versions, one site: the worst case for a
//! query), then runs the relevance test set's queries against it.
//!
//! Prints the index time, the index size, and query latency (p50/p99/max).
//!
//!   cargo run --release -p parley --example kb_bench [-- --articles N]
//!
//! The articles are built from the demo knowledge base's sentences
//! (`services/demo_kb.json`), drawn at random per article, so the index
//! holds real words of each language with realistic frequencies. Japanese
//! needs the dictionary (`PARLEY_JA_DICT` or `.tools/ipadic/dict`).

use std::path::PathBuf;
use std::time::Instant;

use parley::search::{IndexedVersion, JaDictionary, KbIndex, LOCALES};
use serde_json::Value;

const KB: &str = include_str!("../src/services/demo_kb.json");
const QUERIES: &str = include_str!("../tests/integration/relevance.json");

/// A small deterministic generator (xorshift): the same corpus every run.
struct Draw(u64);

impl Draw {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn sentences(text: &str) -> Vec<String> {
    text.split_inclusive(['.', '。', '!', '?', '？', '！', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn main() {
    let mut articles = 10_000usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--articles" {
            articles = args.next().and_then(|n| n.parse().ok()).unwrap_or(articles);
        }
    }
    let ja = JaDictionary::at(std::env::var_os("PARLEY_JA_DICT").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.tools/ipadic/dict"),
        PathBuf::from,
    ));
    let started = Instant::now();
    let japanese = ja.tokenizer().is_some();
    println!(
        "Japanese dictionary: {} ({} ms)",
        if japanese {
            "compiled"
        } else {
            "MISSING (character pairs)"
        },
        started.elapsed().as_millis()
    );

    let kb: Value = serde_json::from_str(KB).unwrap_or(Value::Null);
    let mut pools: Vec<(&str, Vec<String>, Vec<String>)> = Vec::new();
    for &locale in LOCALES {
        let (mut titles, mut lines) = (Vec::new(), Vec::new());
        for a in kb["articles"].as_array().into_iter().flatten() {
            let v = &a["versions"][locale];
            titles.push(v["title"].as_str().unwrap_or_default().to_owned());
            lines.extend(sentences(v["body"].as_str().unwrap_or_default()));
        }
        pools.push((locale, titles, lines));
    }
    let mut draw = Draw(0x9E37_79B9_7F4A_7C15);
    let mut versions = Vec::with_capacity(articles * LOCALES.len());
    for article in 0..articles as i64 {
        for (locale, titles, lines) in &pools {
            let title = format!("{} {}", titles[draw.next(titles.len())], article);
            let n = 3 + draw.next(4);
            let body: Vec<&str> = (0..n)
                .map(|_| lines[draw.next(lines.len())].as_str())
                .collect();
            versions.push(IndexedVersion {
                site: "demo".into(),
                article,
                slug: format!("article-{article}"),
                locale: (*locale).to_owned(),
                title,
                body: body.join(" "),
            });
        }
    }
    let bytes: usize = versions.iter().map(|v| v.title.len() + v.body.len()).sum();
    println!(
        "corpus: {} articles x {} locales = {} versions, {:.1} MB of text",
        articles,
        LOCALES.len(),
        versions.len(),
        bytes as f64 / 1e6
    );

    let index = match KbIndex::new(&ja) {
        Ok(i) => i,
        Err(e) => return eprintln!("{e}"),
    };
    let ids: Vec<i64> = (0..articles as i64).collect();
    let started = Instant::now();
    for chunk in ids.chunks(2_000) {
        let (from, to) = (chunk[0], chunk[chunk.len() - 1]);
        let part: Vec<IndexedVersion> = versions
            .iter()
            .filter(|v| v.article >= from && v.article <= to)
            .cloned()
            .collect();
        if let Err(e) = index.replace(chunk, &part) {
            return eprintln!("{e}");
        }
    }
    let took = started.elapsed();
    println!(
        "index time: {:.2} s ({:.0} versions/s); {} documents",
        took.as_secs_f64(),
        versions.len() as f64 / took.as_secs_f64(),
        index.len()
    );
    println!("index size: {:.1} MB", index.size_bytes() as f64 / 1e6);

    let queries: Value = serde_json::from_str(QUERIES).unwrap_or(Value::Null);
    let mut cases = Vec::new();
    for (locale, list) in queries.as_object().into_iter().flatten() {
        for c in list.as_array().into_iter().flatten() {
            cases.push((
                locale.clone(),
                c["query"].as_str().unwrap_or_default().to_owned(),
            ));
        }
    }
    // Warm-up, then every query 10 times.
    for (locale, q) in &cases {
        let _ = index.search("demo", locale, "en", q, 5);
    }
    let mut micros = Vec::new();
    for _ in 0..10 {
        for (locale, q) in &cases {
            let t = Instant::now();
            let _ = index.search("demo", locale, "en", q, 5);
            micros.push(t.elapsed().as_micros() as u64);
        }
    }
    micros.sort_unstable();
    let at =
        |p: f64| micros[((micros.len() as f64 * p) as usize).min(micros.len() - 1)] as f64 / 1000.0;
    println!(
        "query latency over {} searches (top 5, reader's locale then fallback): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        micros.len(),
        at(0.50),
        at(0.99),
        micros[micros.len() - 1] as f64 / 1000.0
    );
}
