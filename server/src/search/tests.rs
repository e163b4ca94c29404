use super::*;

fn v(site: &str, article: i64, locale: &str, title: &str, body: &str) -> IndexedVersion {
    IndexedVersion {
        site: site.into(),
        article,
        slug: format!("a{article}"),
        locale: locale.into(),
        title: title.into(),
        body: body.into(),
    }
}

fn index(versions: &[IndexedVersion]) -> KbIndex {
    let index = KbIndex::new(&JaDictionary::none()).expect("index");
    let articles: Vec<i64> = versions.iter().map(|v| v.article).collect();
    index.replace(&articles, versions).expect("replace");
    index
}

fn first(index: &KbIndex, site: &str, locale: &str, q: &str) -> Option<(i64, String)> {
    index
        .search(site, locale, "en", q, 5)
        .expect("search")
        .first()
        .map(|h| (h.article, h.locale.clone()))
}

#[test]
fn a_two_character_chinese_word_is_found() {
    let i = index(&[
        v("s1", 1, "zh-CN", "国际运费说明", "运费按重量计算。"),
        v("s1", 2, "zh-CN", "退货政策", "收到商品后三十天内可以退货。"),
    ]);
    assert_eq!(first(&i, "s1", "zh-CN", "运费"), Some((1, "zh-CN".into())));
    assert_eq!(
        first(&i, "s1", "zh-CN", "运费多少"),
        Some((1, "zh-CN".into()))
    );
    assert_eq!(
        first(&i, "s1", "zh-CN", "怎么退货"),
        Some((2, "zh-CN".into()))
    );
}

#[test]
fn sites_never_see_each_others_articles() {
    let i = index(&[
        v("s1", 1, "en", "Shipping fees", "How much shipping costs."),
        v("s2", 2, "en", "Shipping fees", "How much shipping costs."),
    ]);
    let hits = i.search("s2", "en", "en", "shipping", 10).expect("search");
    assert_eq!(hits.iter().map(|h| h.article).collect::<Vec<_>>(), vec![2]);
    assert!(
        i.search("s3", "en", "en", "shipping", 10)
            .expect("search")
            .is_empty()
    );
}

#[test]
fn the_title_outweighs_the_body() {
    let i = index(&[
        v(
            "s1",
            1,
            "en",
            "Returns",
            "Customs forms are needed for returns abroad.",
        ),
        v(
            "s1",
            2,
            "en",
            "Customs forms",
            "Which papers a parcel needs.",
        ),
    ]);
    assert_eq!(first(&i, "s1", "en", "customs").map(|h| h.0), Some(2));
}

#[test]
fn a_typo_in_latin_script_still_finds_the_article() {
    let i = index(&[
        v(
            "s1",
            1,
            "en",
            "Tracking your parcel",
            "Follow the parcel with its tracking number.",
        ),
        v("s1", 2, "en", "Paying by card", "We accept cards."),
    ]);
    assert_eq!(first(&i, "s1", "en", "trakcing").map(|h| h.0), Some(1));
    assert_eq!(first(&i, "s1", "en", "parcle").map(|h| h.0), Some(1));
    let exact = i.search("s1", "en", "en", "tracking", 1).expect("search")[0].score;
    let typo = i.search("s1", "en", "en", "trakcing", 1).expect("search")[0].score;
    assert!(exact > typo, "exact {exact} typo {typo}");
}

#[test]
fn the_readers_locale_comes_first_then_the_fallback_for_articles_not_in_it() {
    let i = index(&[
        v("s1", 1, "en", "Shipping fees", "shipping"),
        v("s1", 1, "de", "Versandkosten", "Versand kostet"),
        v("s1", 2, "en", "Shipping insurance", "shipping insurance"),
    ]);
    let hits = i
        .search("s1", "de", "en", "Versand shipping", 10)
        .expect("search");
    let got: Vec<(i64, &str)> = hits
        .iter()
        .map(|h| (h.article, h.locale.as_str()))
        .collect();
    assert_eq!(got, vec![(1, "de"), (2, "en")], "article 1 only in German");
}

#[test]
fn replacing_an_article_changes_what_is_found_at_once() {
    let i = index(&[v("s1", 1, "en", "Shipping fees", "Old text about parcels.")]);
    assert_eq!(first(&i, "s1", "en", "parcels").map(|h| h.0), Some(1));
    i.replace(
        &[1],
        &[v("s1", 1, "en", "Shipping fees", "New text about customs.")],
    )
    .expect("replace");
    assert_eq!(first(&i, "s1", "en", "parcels"), None);
    assert_eq!(first(&i, "s1", "en", "customs").map(|h| h.0), Some(1));
    i.replace(&[1], &[]).expect("remove");
    assert!(i.is_empty());
    assert!(i.indexed_locales(&[1]).is_empty());
}

#[test]
fn coverage_is_the_share_of_query_terms_found() {
    let i = index(&[v(
        "s1",
        1,
        "en",
        "Shipping fees",
        "What shipping costs to Germany.",
    )]);
    let hit = &i
        .search("s1", "en", "en", "shipping fees japan", 1)
        .expect("search")[0];
    assert!((hit.coverage - 2.0 / 3.0).abs() < 1e-6, "{}", hit.coverage);
}

#[test]
fn a_query_of_stop_words_or_punctuation_finds_nothing() {
    let i = index(&[v("s1", 1, "en", "The shipping", "is it")]);
    assert!(
        i.search("s1", "en", "en", "is it the", 5)
            .expect("search")
            .is_empty()
    );
    assert!(
        i.search("s1", "zh-CN", "en", "？？", 5)
            .expect("search")
            .is_empty()
    );
    assert!(
        i.search("s1", "en", "en", "", 5)
            .expect("search")
            .is_empty()
    );
}

#[test]
fn hits_carry_the_title_and_the_start_of_the_body() {
    let body = format!("{}  end", "word ".repeat(100));
    let i = index(&[v("s1", 1, "en", "Customs forms", &body)]);
    let hit = &i.search("s1", "en", "en", "customs", 1).expect("search")[0];
    assert_eq!(hit.title, "Customs forms");
    assert!(hit.snippet.ends_with('…') && hit.snippet.chars().count() <= SNIPPET_CHARS + 1);
    assert_eq!(snippet("a\n\nb  c"), "a b c");
}
