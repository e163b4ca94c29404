//! The public help centre (issue 20): server-rendered pages of a site's
//! published articles per locale, for search engines and for people without
//! the widget — `/help/{site}` (to the reader's language),
//! `/help/{site}/{locale}` (contents, or results with `?q=`) and
//! `/help/{site}/{locale}/{slug}` (an article, in the reader's locale or
//! the site's fallback, marked as such). Everything works without script;
//! `/help.js` adds search as one types and answers "did this help?" in
//! place. With `?embed=1` the pages are the widget's help panel: compact,
//! framed by the widget (so the site's origins may be ancestors), links
//! staying in the panel, the answer sent with the widget's visitor token
//! (tying it to the customer's conversation) and "talk to a person" handing
//! the chat to the widget. Searches, views counted and answers are limited
//! per address.

use std::fmt::Write as _;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use parley_app::i18n::{Arg, language_name, lookup, lookup_args};
use parley_app::kb::{Block, blocks};
use parley_app::locale::{is_rtl, negotiate, parse_preferences};
use serde::Deserialize;

use super::help_page::{error, not_found, page, urlencode};
use crate::domain::rate::TokenBucket;
use crate::http::widget::escape_html as esc;
use crate::security::client_addr::limit_key;
use crate::services::kb;
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/help/{site}", get(entry))
        .route("/help/{site}/{locale}", get(contents))
        .route(
            "/help/{site}/{locale}/{slug}",
            get(article)
                .post(super::help_feedback::vote)
                .layer(DefaultBodyLimit::max(super::help_feedback::MAX_VOTE_BYTES)),
        )
        .route("/help/{site}/files/{file}", get(file))
        .route("/help.js", get(script))
}

/// The help centre's script (search as one types, answers in place, the
/// panel's "talk to a person").
async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("help.js"),
    )
        .into_response()
}

/// How a page is shown: on its own, or in the widget's help panel.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub(super) struct Mode {
    #[serde(default, deserialize_with = "flag")]
    embed: bool,
}

fn flag<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Ok(Option::<String>::deserialize(d)?.is_some_and(|v| v == "1"))
}

impl Mode {
    /// The query suffix its links carry.
    fn suffix(self) -> &'static str {
        if self.embed { "?embed=1" } else { "" }
    }
}

/// A published article's file, downloaded (never shown in place).
async fn file(
    State(state): State<AppState>,
    Path((site, file)): Path<(String, String)>,
) -> Response {
    let record = match kb::public_file(&state, &site, &file).await {
        Ok(r) => r,
        Err(e) if e.code == parley_app::error::ErrorCode::NotFound => return not_found("en"),
        Err(e) => return error("en", e.code),
    };
    let bytes = match crate::services::attachments::open(&state, &record.id).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let mut resp = (StatusCode::OK, bytes).into_response();
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&record.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&crate::http::attachments::disposition(
        false,
        &record.file_name,
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    resp
}

/// The locales `site` offers, if it is live.
fn offered(
    state: &AppState,
    site: &str,
) -> Option<(parley_app::api::WidgetConfig, Vec<&'static str>)> {
    let config = state.sites.live(site)?;
    let offered = config.offered();
    Some((config, offered))
}

async fn entry(
    State(state): State<AppState>,
    Path(site): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some((config, offered)) = offered(&state, &site) else {
        return not_found("en");
    };
    let wanted = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(parse_preferences)
        .unwrap_or_default();
    let fallback = offered
        .iter()
        .find(|l| **l == config.default_locale)
        .or(offered.first())
        .copied()
        .unwrap_or("en");
    let locale = negotiate(&wanted, &offered, fallback);
    Redirect::to(&format!("/help/{}/{locale}", urlencode(&site))).into_response()
}

#[derive(Deserialize)]
struct Search {
    q: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    embed: bool,
}

async fn contents(
    State(state): State<AppState>,
    Path((site, locale)): Path<(String, String)>,
    Query(search): Query<Search>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let Some((config, offered)) = offered(&state, &site) else {
        return not_found("en");
    };
    let Some(locale) = offered.iter().copied().find(|l| *l == locale) else {
        return not_found(&config.default_locale);
    };
    let query = search
        .q
        .as_deref()
        .map(crate::domain::kb::query)
        .unwrap_or("");
    let mode = Mode {
        embed: search.embed,
    };
    let mut html = head(&config, locale, &lookup(locale, "help-title"), mode);
    search_form(&mut html, &site, locale, query, mode);
    // The script swaps this box for a fresh page's as the reader types.
    html.push_str("<div id=\"help-results-box\" aria-live=\"polite\">");
    if query.is_empty() {
        match kb::contents(&state, &site, locale).await {
            Ok(groups) => {
                for (collection, articles) in groups {
                    let name = collection
                        .as_ref()
                        .and_then(|c| {
                            c.names
                                .get(locale)
                                .or_else(|| c.names.get(&config.default_locale))
                                .or_else(|| c.names.values().next())
                        })
                        .cloned()
                        .unwrap_or_else(|| lookup(locale, "help-other-articles"));
                    let _ = write!(html, "<section><h2>{}</h2><ul>", esc(&name));
                    for a in articles {
                        let _ = write!(
                            html,
                            "<li><a href=\"/help/{site}/{locale}/{slug}{embed}\"{lang}>{title}</a></li>",
                            site = urlencode(&site),
                            slug = a.article.slug,
                            embed = mode.suffix(),
                            lang = other_lang(&a.locale, locale),
                            title = esc(&a.title),
                        );
                    }
                    html.push_str("</ul></section>");
                }
            }
            Err(e) => return error(locale, e.code),
        }
    } else {
        let ip = state.client_ip(peer, &headers);
        let now = state.clock.now();
        if !state.allow_creation(
            &format!("kb-search:{}", limit_key(&ip)),
            now,
            TokenBucket::for_kb_searches,
        ) {
            tracing::warn!(%ip, "help-centre search refused: too many from this address");
            return error(locale, parley_app::error::ErrorCode::RateLimited);
        }
        match kb::search(&state, &site, locale, query, crate::domain::kb::MAX_RESULTS).await {
            Ok(hits) => {
                let _ = write!(
                    html,
                    "<h2 data-testid=\"help-results\">{}</h2>",
                    esc(&lookup_args(
                        locale,
                        "help-results",
                        &[("query", Arg::Str(query.to_owned()))]
                    ))
                );
                if hits.is_empty() {
                    let _ = write!(html, "<p>{}</p>", esc(&lookup(locale, "help-no-results")));
                }
                html.push_str("<ol>");
                for hit in hits {
                    let _ = write!(
                        html,
                        "<li data-testid=\"help-result\"><a href=\"/help/{site}/{locale}/{slug}{embed}\"{lang}>{title}</a><p{lang}>{snippet}</p></li>",
                        site = urlencode(&site),
                        slug = hit.slug,
                        embed = mode.suffix(),
                        lang = other_lang(&hit.locale, locale),
                        title = esc(&hit.title),
                        snippet = esc(&hit.snippet),
                    );
                }
                html.push_str("</ol>");
            }
            Err(e) => return error(locale, e.code),
        }
    }
    html.push_str("</div>");
    languages(&mut html, &site, locale, &offered, "", mode);
    finish(&state, &site, html)
}

async fn article(
    State(state): State<AppState>,
    Path((site, locale, slug)): Path<(String, String, String)>,
    Query(mode): Query<Mode>,
    Query(voted): Query<super::help_feedback::Voted>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let Some((config, offered)) = offered(&state, &site) else {
        return not_found("en");
    };
    let Some(locale) = offered.iter().copied().find(|l| *l == locale) else {
        return not_found(&config.default_locale);
    };
    let shown = match kb::read(&state, &site, locale, &slug).await {
        Ok(a) => a,
        Err(e) if e.code == parley_app::error::ErrorCode::NotFound => return not_found(locale),
        Err(e) => return error(locale, e.code),
    };
    super::help_feedback::count_view(&state, peer, &headers, &site, locale, &slug).await;
    let mut html = head(&config, locale, &shown.title, mode);
    search_form(&mut html, &site, locale, "", mode);
    // Results of a search typed here appear above the article.
    html.push_str("<div id=\"help-results-box\" aria-live=\"polite\" data-empty></div>");
    let lang = other_lang(&shown.locale, locale);
    let _ = write!(
        html,
        "<article data-testid=\"help-article\"{lang}><h2>{}</h2>",
        esc(&shown.title)
    );
    if shown.locale != locale {
        let _ = write!(
            html,
            "<p class=\"notice\" data-testid=\"help-fallback\" lang=\"{locale}\">{}</p>",
            esc(&lookup_args(
                locale,
                "help-shown-in",
                &[("language", Arg::Str(language_name(&shown.locale)))]
            ))
        );
    }
    body_html(&mut html, &shown.body);
    let files = kb::files(&state, &shown.article).await.unwrap_or_default();
    if !files.is_empty() {
        let _ = write!(
            html,
            "<section data-testid=\"help-files\" lang=\"{locale}\"><h3>{}</h3><ul>",
            esc(&lookup(locale, "help-files"))
        );
        for f in files {
            let _ = write!(
                html,
                "<li><a href=\"/help/{}/files/{}\" download data-testid=\"help-file\" dir=\"auto\">{}</a> ({} KB)</li>",
                urlencode(&site),
                f.id,
                esc(&f.file_name),
                (f.size + 1023) / 1024
            );
        }
        html.push_str("</ul></section>");
    }
    html.push_str("</article>");
    super::help_feedback::vote_form(&mut html, &site, locale, &slug, mode.embed, voted.voted);
    let _ = write!(
        html,
        "<p><a href=\"/help/{}/{locale}{}\">{}</a></p>",
        urlencode(&site),
        mode.suffix(),
        esc(&lookup(locale, "help-back"))
    );
    languages(
        &mut html,
        &site,
        locale,
        &offered,
        &format!("/{slug}"),
        mode,
    );
    finish(&state, &site, html)
}

/// An article body's blocks as HTML.
pub fn body_html(html: &mut String, body: &str) {
    for block in blocks(body) {
        match block {
            Block::Paragraph(p) => {
                let _ = write!(html, "<p>{}</p>", esc(&p));
            }
            Block::List(items) => {
                html.push_str("<ul>");
                for i in items {
                    let _ = write!(html, "<li>{}</li>", esc(&i));
                }
                html.push_str("</ul>");
            }
        }
    }
}

/// ` lang="…"` when a text is in another language than the page.
fn other_lang(text: &str, page: &str) -> String {
    if text == page {
        String::new()
    } else {
        format!(
            " lang=\"{text}\" dir=\"{}\"",
            if is_rtl(text) { "rtl" } else { "ltr" }
        )
    }
}

fn head(config: &parley_app::api::WidgetConfig, locale: &str, title: &str, mode: Mode) -> String {
    let mut html = String::with_capacity(16 * 1024);
    let _ = write!(
        html,
        "<!doctype html><html lang=\"{locale}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · {site}</title><link rel=\"stylesheet\" href=\"/pkg/parley.css\">\
         <script src=\"/help.js\" defer></script></head>\
         <body class=\"help{embed_class}\" data-site=\"{key}\"><main data-testid=\"help-center\"><header><p class=\"help-site\">{site}</p>\
         <h1><a href=\"/help/{key}/{locale}{embed}\">{help}</a></h1></header>",
        dir = if is_rtl(locale) { "rtl" } else { "ltr" },
        title = esc(title),
        site = esc(&config.name),
        key = urlencode(&config.site),
        help = esc(&lookup(locale, "help-title")),
        embed_class = if mode.embed { " embed" } else { "" },
        embed = mode.suffix(),
    );
    html
}

fn search_form(html: &mut String, site: &str, locale: &str, query: &str, mode: Mode) {
    let _ = write!(
        html,
        "<form role=\"search\" method=\"get\" action=\"/help/{site}/{locale}\">\
         <label for=\"help-q\">{label}</label> \
         <input id=\"help-q\" type=\"search\" name=\"q\" value=\"{q}\" maxlength=\"200\" autocomplete=\"off\" data-testid=\"help-search\"> \
         {hidden}<button type=\"submit\">{button}</button></form>",
        site = urlencode(site),
        hidden = if mode.embed {
            "<input type=\"hidden\" name=\"embed\" value=\"1\">"
        } else {
            ""
        },
        label = esc(&lookup(locale, "help-search-label")),
        q = esc(query),
        button = esc(&lookup(locale, "help-search-button")),
    );
}

fn languages(
    html: &mut String,
    site: &str,
    locale: &str,
    offered: &[&str],
    rest: &str,
    mode: Mode,
) {
    let _ = write!(
        html,
        "<nav aria-label=\"{}\"><ul class=\"help-languages\">",
        esc(&lookup(locale, "help-languages"))
    );
    for l in offered {
        if *l == locale {
            continue;
        }
        let _ = write!(
            html,
            "<li><a href=\"/help/{}/{l}{rest}{}\" lang=\"{l}\" hreflang=\"{l}\">{}</a></li>",
            urlencode(site),
            mode.suffix(),
            esc(&language_name(l))
        );
    }
    html.push_str("</ul></nav>");
}

fn finish(state: &AppState, site: &str, mut html: String) -> Response {
    html.push_str("</main></body></html>");
    let mut resp = page(StatusCode::OK, html);
    // The widget's help panel: framed by the widget (this origin), itself
    // framed by the site's pages.
    let origins = state.allowed_origins(site);
    let policy = format!(
        "{HELP_POLICY}; frame-ancestors 'self' {}",
        origins.join(" ")
    );
    if let Ok(v) = HeaderValue::from_str(policy.trim_end()) {
        resp.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, v);
    }
    resp
}

/// The help pages' policy (their own script and styles, fetches to this
/// origin, forms only here).
const HELP_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; form-action 'self'; base-uri 'none'";
