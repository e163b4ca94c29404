//! Knowledge-base search: a tantivy index held in memory, one document per
//! published article version (an article in one locale), each locale's text
//! analysed by that language's analyzer ([`analyzers`]).
//!
//! Ranking is BM25 with the title weighing [`TITLE_BOOST`] times the body; in
//! Latin scripts a word one edit away also matches, weighing less than an
//! exact one. A reader's results come in their locale first, then the
//! site's fallback locale for articles not written in theirs.
//!
//! The index is rebuilt from the database at start and changed by the
//! knowledge-base service on every edit, on every node (see
//! `services::kb`).

pub mod analyzers;
pub mod ja;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, RwLock};

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use ja::JaDictionary;

/// How much more a word in the title counts than one in the body.
pub const TITLE_BOOST: f32 = 3.0;
/// What a word one edit away counts, against an exact one.
const FUZZY_WEIGHT: f32 = 0.4;
/// How many best BM25 matches are re-ranked by the share of words matched.
const CANDIDATES: usize = 30;
/// The shortest Latin-script word for which typos are forgiven.
const FUZZY_MIN_CHARS: usize = 4;

/// The locales with an analyzer (the shipped ones).
pub const LOCALES: &[&str] = parley_app::locale::SHIPPED;

/// A search failure (the index's own; a bug or an exhausted machine).
#[derive(Debug, thiserror::Error)]
#[error("search index: {0}")]
pub struct SearchError(String);

impl From<tantivy::TantivyError> for SearchError {
    fn from(e: tantivy::TantivyError) -> Self {
        SearchError(e.to_string())
    }
}

/// One article version to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexedVersion {
    /// The article's site (its key).
    pub site: String,
    /// The article.
    pub article: i64,
    /// Its address.
    pub slug: String,
    /// Its locale (a shipped one).
    pub locale: String,
    /// Title.
    pub title: String,
    /// Body text.
    pub body: String,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The article.
    pub article: i64,
    /// The locale of the version that matched.
    pub locale: String,
    /// BM25 score (comparable within one search only).
    pub score: f32,
    /// The share of the query's terms the version contains (0–1).
    pub coverage: f32,
    /// The article's address.
    pub slug: String,
    /// The version's title.
    pub title: String,
    /// The start of its body.
    pub snippet: String,
}

/// Characters of the body a hit carries.
pub const SNIPPET_CHARS: usize = 160;

/// The first [`SNIPPET_CHARS`] characters of `body` on one line, with an
/// ellipsis when cut.
pub fn snippet(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(SNIPPET_CHARS) {
        Some((i, _)) => format!("{}…", flat[..i].trim_end()),
        None => flat,
    }
}

#[derive(Clone, Copy)]
struct Fields {
    site: Field,
    article: Field,
    locale: Field,
    title: Field,
    snippet: Field,
    slug: Field,
}

/// The search index of every site's published articles.
pub struct KbIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    text: HashMap<&'static str, (Field, Field)>,
    /// The locales each article is indexed in.
    locales: RwLock<HashMap<i64, BTreeSet<String>>>,
}

impl std::fmt::Debug for KbIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KbIndex").finish_non_exhaustive()
    }
}

impl KbIndex {
    /// An empty index; Japanese is analysed with `ja`.
    pub fn new(ja: &JaDictionary) -> Result<Self, SearchError> {
        let mut schema = Schema::builder();
        let fields = Fields {
            site: schema.add_text_field("site", tantivy::schema::STRING),
            article: schema.add_i64_field("article", INDEXED | FAST | STORED),
            locale: schema.add_text_field("locale", tantivy::schema::STRING | STORED),
            title: schema.add_text_field("title", STORED),
            snippet: schema.add_text_field("snippet", STORED),
            slug: schema.add_text_field("slug", STORED),
        };
        let mut text = HashMap::new();
        for &locale in LOCALES {
            let options = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(&analyzers::name(locale))
                    .set_index_option(IndexRecordOption::WithFreqs),
            );
            let key = analyzers::name(locale);
            let title = schema.add_text_field(&format!("title_{key}"), options.clone());
            let body = schema.add_text_field(&format!("body_{key}"), options);
            text.insert(locale, (title, body));
        }
        let index = Index::create_in_ram(schema.build());
        for &locale in LOCALES {
            index
                .tokenizers()
                .register(&analyzers::name(locale), analyzers::analyzer(locale, ja));
        }
        let writer = index.writer_with_num_threads(1, 32 * 1024 * 1024)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(KbIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            text,
            locales: RwLock::default(),
        })
    }

    /// Replaces everything indexed for each article named in `articles`
    /// with `versions` (an article with no version left is removed), and
    /// makes the change visible to searches.
    pub fn replace(
        &self,
        articles: &[i64],
        versions: &[IndexedVersion],
    ) -> Result<(), SearchError> {
        let mut writer = self
            .writer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut locales = self
            .locales
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for &a in articles {
            writer.delete_term(Term::from_field_i64(self.fields.article, a));
            locales.remove(&a);
        }
        for v in versions {
            let Some(&(title, body)) = self.text.get(v.locale.as_str()) else {
                continue;
            };
            let mut doc = TantivyDocument::default();
            doc.add_text(self.fields.site, &v.site);
            doc.add_i64(self.fields.article, v.article);
            doc.add_text(self.fields.locale, &v.locale);
            doc.add_text(self.fields.title, &v.title);
            doc.add_text(self.fields.slug, &v.slug);
            doc.add_text(self.fields.snippet, snippet(&v.body));
            doc.add_text(title, &v.title);
            doc.add_text(body, &v.body);
            writer.add_document(doc)?;
            locales
                .entry(v.article)
                .or_default()
                .insert(v.locale.clone());
        }
        writer.commit()?;
        drop(locales);
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// The terms `text` yields in `locale`.
    pub fn terms(&self, locale: &str, text: &str) -> Vec<String> {
        let Ok(mut analyzer) = self.index.tokenizer_for_field(self.text_fields(locale).0) else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut out: Vec<String> = Vec::new();
        while let Some(t) = stream.next() {
            if !out.contains(&t.text) {
                out.push(t.text.clone());
            }
        }
        out
    }

    fn text_fields(&self, locale: &str) -> (Field, Field) {
        self.text
            .get(locale)
            .or_else(|| self.text.get("en"))
            .copied()
            .unwrap_or((self.fields.locale, self.fields.locale))
    }

    /// The site's articles best matching `query` for a reader of `locale`:
    /// versions in `locale` first, then versions in `fallback` of articles
    /// without a `locale` version; at most `limit`.
    pub fn search(
        &self,
        site: &str,
        locale: &str,
        fallback: &str,
        query: &str,
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let mut hits = self.search_in(site, locale, query, limit)?;
        if fallback != locale && hits.len() < limit {
            let locales = self
                .locales
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let more = self.search_in(site, fallback, query, limit)?;
            let seen: BTreeSet<i64> = hits.iter().map(|h| h.article).collect();
            hits.extend(
                more.into_iter()
                    .filter(|h| !seen.contains(&h.article))
                    .filter(|h| !locales.get(&h.article).is_some_and(|l| l.contains(locale)))
                    .take(limit - hits.len()),
            );
        }
        Ok(hits)
    }

    fn search_in(
        &self,
        site: &str,
        locale: &str,
        query: &str,
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let terms = self.terms(locale, query);
        if terms.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let (title, body) = self.text_fields(locale);
        let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for t in &terms {
            for (field, weight) in [(title, TITLE_BOOST), (body, 1.0)] {
                let term = Term::from_field_text(field, t);
                words.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
                        weight,
                    )),
                ));
                if analyzers::latin(locale) && t.chars().count() >= FUZZY_MIN_CHARS {
                    words.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(
                            Box::new(FuzzyTermQuery::new(term, 1, true)),
                            weight * FUZZY_WEIGHT,
                        )),
                    ));
                }
            }
        }
        let query = BooleanQuery::new(vec![
            (Occur::Must, self.site_and_locale(site, locale)),
            (Occur::Must, Box::new(BooleanQuery::new(words))),
        ]);
        let searcher = self.reader.searcher();
        let top = searcher.search(
            &query,
            &TopDocs::with_limit(limit.max(CANDIDATES)).order_by_score(),
        )?;
        // Coordination: a version matching more of the query's words ranks
        // above one matching a single word many times (BM25 alone lets a
        // short title with one common word win).
        let mut containing: Vec<HashSet<DocAddress>> = Vec::with_capacity(terms.len());
        for t in &terms {
            let one = BooleanQuery::new(vec![
                (Occur::Must, self.site_and_locale(site, locale)),
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Should, term_query(title, t)),
                        (Occur::Should, term_query(body, t)),
                    ])),
                ),
            ]);
            containing.push(searcher.search(&one, &DocSetCollector)?);
        }
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let Some(article) = doc.get_first(self.fields.article).and_then(|v| v.as_i64()) else {
                continue;
            };
            let text = |f: Field| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            let covered = containing.iter().filter(|s| s.contains(&address)).count();
            let coverage = covered as f32 / terms.len() as f32;
            hits.push(Hit {
                article,
                locale: locale.to_owned(),
                score: score * coverage.max(1.0 / terms.len() as f32),
                coverage,
                slug: text(self.fields.slug),
                title: text(self.fields.title),
                snippet: text(self.fields.snippet),
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits.truncate(limit);
        Ok(hits)
    }

    fn site_and_locale(&self, site: &str, locale: &str) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, term_query(self.fields.site, site)),
            (Occur::Must, term_query(self.fields.locale, locale)),
        ]))
    }

    /// Documents indexed (article versions).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes the index's files take (segments, in memory).
    pub fn size_bytes(&self) -> u64 {
        self.reader
            .searcher()
            .space_usage()
            .map(|u| u.total().get_bytes())
            .unwrap_or(0)
    }

    /// The locales each article of `articles` is indexed in.
    pub fn indexed_locales(&self, articles: &[i64]) -> BTreeMap<i64, Vec<String>> {
        let locales = self
            .locales
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        articles
            .iter()
            .filter_map(|a| locales.get(a).map(|l| (*a, l.iter().cloned().collect())))
            .collect()
    }
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

#[cfg(test)]
mod tests;
