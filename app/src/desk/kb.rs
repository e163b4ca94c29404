//! `/desk/kb` (a site's admins and supervisors): the knowledge base
//! (issue 20) — every article with each locale's state (published, draft,
//! missing: customers then read the site's fallback), customers' figures
//! per article and the bot's results; the editor for one locale's version
//! with a live preview laid out as customers see it, and the article's
//! history. Plain forms: the server answers each with a redirect back here.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::security::{CsrfField, DateTime};
use crate::api::{KbArticleView, KbView, load_kb, query_value};
use crate::error::ErrorCode;
use crate::i18n::language_name;
use crate::kb::{Block, blocks};
use crate::locale::{SHIPPED, is_rtl};

/// The knowledge-base page.
#[component]
pub fn KbPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let site = Memo::new(move |_| query.read().get("site").unwrap_or_default());
    let article = Memo::new(move |_| {
        query
            .read()
            .get("article")
            .and_then(|a| a.parse::<i64>().ok())
    });
    // The locale is part of the key so that a tab switch re-renders the
    // editor with the data it was loaded with.
    let locale = Memo::new(move |_| query.read().get("locale"));
    let data = Resource::new(
        move || (site.get(), article.get(), locale.get()),
        |(site, article, _)| load_kb(site, article),
    );
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    let field = move || query.read().get("field");
    let done = move || {
        let q = query.read();
        ["saved", "removed", "bot_on", "bot_off"]
            .into_iter()
            .find(|k| q.get(k).is_some())
    };
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "kb-title")/>
        <main class="texts kb" data-testid="kb-page">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("kb-title")}</h1>
            <p class="hint">{move || tr!("kb-intro")}</p>
            {move || error().map(|code| view! {
                <p class="error" role="alert" data-testid="kb-error" data-code=code.as_str() data-field=field()>
                    {move || crate::i18n::error_text(code)}
                    {field().map(|f| view! { " (" <code>{f}</code> ")" })}
                </p>
            })}
            {move || done().map(|what| view! {
                <p class="notice" role="status" data-testid="kb-done" data-what=what>
                    {move || match what {
                        "saved" => tr!("kb-saved"),
                        "bot_on" => tr!("kb-bot-on"),
                        "bot_off" => tr!("kb-bot-off"),
                        _ => tr!("kb-removed"),
                    }}
                </p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let loaded = data.await;
                    let locale = locale.get_untracked();
                    let chosen = article.get_untracked();
                    let new = query.read_untracked().get("article").as_deref() == Some("new");
                    super::admin_view(loaded, "kb", move |v| view! { <Knowledge v locale chosen new/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

/// What a locale's version looks like in the list: `live`, `draft` or `missing`.
fn state_of(a: &KbArticleView, locale: &str) -> &'static str {
    match a.versions.iter().find(|v| v.locale == locale) {
        Some(v) if v.published => "live",
        Some(_) => "draft",
        None => "missing",
    }
}

#[component]
fn Knowledge(v: KbView, locale: Option<String>, chosen: Option<i64>, new: bool) -> impl IntoView {
    let site_path = query_value(&v.site);
    let fallback = v.default_locale.clone();
    let alone = v.bot_alone;
    let handed = v.handed_over;
    let bot = v.bot;
    let selected = chosen.and_then(|id| v.articles.iter().find(|a| a.id == id).cloned());
    let help = format!("/help/{site_path}/{fallback}");
    view! {
        <form method="get" action="/desk/kb" class="ledger-filter">
            <label for="kb-site">{move || tr!("complaints-site")}</label>
            <select id="kb-site" name="site">
                {v.sites.iter().map(|s| view! { <option value=s.clone() selected=*s == v.site>{s.clone()}</option> }).collect_view()}
            </select>
            <button type="submit" class="secondary">{move || tr!("audit-apply")}</button>
        </form>
        <form method="post" action=format!("/api/admin/sites/{site_path}/kb/bot") class="kb-bot" data-testid="kb-bot-form">
            <CsrfField/>
            <label>
                <input type="checkbox" name="on" checked=bot data-testid="kb-bot"/>
                " " {move || tr!("kb-bot-label")}
            </label>
            <p class="hint">{move || tr!("kb-bot-hint")}</p>
            <button type="submit" class="secondary" data-testid="kb-bot-save">{move || tr!("kb-bot-save")}</button>
        </form>
        <p data-testid="kb-figures">
            {move || tr!("kb-figures", { "alone" => alone, "handed" => handed })}
            " " <a href=help data-testid="kb-help-centre">{move || tr!("kb-help-centre-link")}</a>
        </p>
        <p><a href=format!("/desk/kb?site={site_path}&article=new") data-testid="kb-new">{move || tr!("kb-new")}</a></p>
        <ArticleTable v=v.clone()/>
        {match (selected, new) {
            (Some(a), _) => Some(view! { <Editor v=v.clone() article=Some(a) locale=locale.clone()/> }),
            (None, true) => Some(view! { <Editor v=v.clone() article=None locale=locale.clone()/> }),
            (None, false) => None,
        }}
    }
}

#[component]
fn ArticleTable(v: KbView) -> impl IntoView {
    let site_path = query_value(&v.site);
    if v.articles.is_empty() {
        return view! { <p class="hint">{move || tr!("kb-none")}</p> }.into_any();
    }
    view! {
        <table class="ledger" data-testid="kb-articles">
            <caption>{move || tr!("kb-articles")}</caption>
            <thead><tr>
                <th scope="col">{move || tr!("kb-article-title")}</th>
                {SHIPPED.iter().map(|l| view! { <th scope="col" lang=*l>{language_name(l)}</th> }).collect_view()}
                <th scope="col">{move || tr!("kb-views")}</th>
                <th scope="col">{move || tr!("kb-helpful")}</th>
                <th scope="col">{move || tr!("kb-not-helpful")}</th>
                <th scope="col">{move || tr!("kb-offered")}</th>
            </tr></thead>
            <tbody>
                {v.articles.iter().map(|a| {
                    let title = a
                        .versions
                        .iter()
                        .find(|x| x.locale == v.default_locale)
                        .or(a.versions.first())
                        .map(|x| x.title.clone())
                        .unwrap_or_else(|| a.slug.clone());
                    let href = format!("/desk/kb?site={site_path}&article={}", a.id);
                    let [views, helpful, unhelpful, offered] = a.figures;
                    view! {
                        <tr data-testid="kb-article" data-slug=a.slug.clone()>
                            <td><a href=href>{title}</a> " " <code dir="ltr">{a.slug.clone()}</code></td>
                            {SHIPPED.iter().map(|l| {
                                let state = state_of(a, l);
                                view! {
                                    <td data-locale=*l data-state=state>
                                        {move || tr!("kb-state", { "state" => state })}
                                    </td>
                                }
                            }).collect_view()}
                            <td>{views}</td>
                            <td>{helpful}</td>
                            <td>{unhelpful}</td>
                            <td>{offered}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The editor of one locale's version of an article (a new one: `None`).
#[component]
fn Editor(v: KbView, article: Option<KbArticleView>, locale: Option<String>) -> impl IntoView {
    let site_path = query_value(&v.site);
    let locale = locale
        .filter(|l| SHIPPED.contains(&l.as_str()))
        .unwrap_or_else(|| v.default_locale.clone());
    let version = article
        .as_ref()
        .and_then(|a| a.versions.iter().find(|x| x.locale == locale))
        .cloned();
    let fallback_missing = article.is_some() && version.is_none() && locale != v.default_locale;
    let action = match &article {
        Some(a) => format!("/api/admin/sites/{site_path}/kb/articles/{}", a.id),
        None => format!("/api/admin/sites/{site_path}/kb/articles"),
    };
    let slug = article.as_ref().map(|a| a.slug.clone()).unwrap_or_default();
    let collection = article.as_ref().and_then(|a| a.collection.clone());
    let title = RwSignal::new(
        version
            .as_ref()
            .map(|x| x.title.clone())
            .unwrap_or_default(),
    );
    let body = RwSignal::new(version.as_ref().map(|x| x.body.clone()).unwrap_or_default());
    let published = version.as_ref().is_some_and(|x| x.published);
    let dir = if is_rtl(&locale) { "rtl" } else { "ltr" };
    let fallback_name = language_name(&v.default_locale);
    let language = language_name(&locale);
    let tabs = article.as_ref().map(|a| {
        let id = a.id;
        SHIPPED
            .iter()
            .map(|l| {
                let state = state_of(a, l);
                let href = format!("/desk/kb?site={site_path}&article={id}&locale={l}");
                let current = (*l == locale).then_some("page");
                view! {
                    <li><a href=href lang=*l aria-current=current data-testid="kb-locale-tab" data-locale=*l data-state=state>
                        {language_name(l)} " · " {move || tr!("kb-state", { "state" => state })}
                    </a></li>
                }
            })
            .collect_view()
    });
    let remove = article
        .as_ref()
        .map(|a| format!("/api/admin/sites/{site_path}/kb/articles/{}/remove", a.id));
    let history = v.history.clone();
    let files = article.as_ref().map(|a| (a.id, v.files.clone()));
    let site_for_files = site_path.clone();
    let editing = article.is_some();
    view! {
        <section class="kb-editor" aria-labelledby="kb-editor-title">
            <h2 id="kb-editor-title">{move || if editing { tr!("kb-edit") } else { tr!("kb-new") }}</h2>
            {tabs.map(|t| view! { <nav aria-label=move || tr!("kb-locale")><ul class="kb-tabs">{t}</ul></nav> })}
            {fallback_missing.then(|| {
                let (language, fallback_name) = (language.clone(), fallback_name.clone());
                view! {
                    <p class="notice" data-testid="kb-fallback-note">
                        {move || tr!("kb-fallback-note", { "language" => language.clone(), "fallback" => fallback_name.clone() })}
                    </p>
                }
            })}
            <form method="post" action=action data-testid="kb-form">
                <CsrfField/>
                <input type="hidden" name="locale" value=locale.clone()/>
                <label for="kb-slug">{move || tr!("kb-slug")}</label>
                <input id="kb-slug" name="slug" required maxlength="80" pattern="[a-z0-9]([a-z0-9-]*[a-z0-9])?"
                    dir="ltr" value=slug data-testid="kb-slug"/>
                <label for="kb-collection">{move || tr!("kb-collection")}</label>
                <select id="kb-collection" name="collection" data-testid="kb-collection">
                    <option value="">{move || tr!("kb-no-collection")}</option>
                    {v.collections.iter().map(|c| {
                        let name = c
                            .names
                            .iter()
                            .find(|(l, _)| *l == v.default_locale)
                            .or(c.names.first())
                            .map(|(_, n)| n.clone())
                            .unwrap_or_else(|| c.slug.clone());
                        view! { <option value=c.slug.clone() selected=collection.as_deref() == Some(c.slug.as_str())>{name}</option> }
                    }).collect_view()}
                </select>
                <label for="kb-title">{move || tr!("kb-article-title")} " (" {language.clone()} ")"</label>
                <input id="kb-title" name="title" required maxlength="200" lang=locale.clone() dir=dir
                    prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev))
                    data-testid="kb-title"/>
                <label for="kb-body">{move || tr!("kb-body")}</label>
                <textarea id="kb-body" name="body" rows="12" maxlength="20000" lang=locale.clone() dir=dir
                    aria-describedby="kb-body-hint" data-testid="kb-body"
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))>
                    {body.get_untracked()}
                </textarea>
                <p class="hint" id="kb-body-hint">{move || tr!("kb-body-hint")}</p>
                <label for="kb-published">
                    <input type="checkbox" id="kb-published" name="published" checked=published data-testid="kb-published"/>
                    " " {move || tr!("kb-published")}
                </label>
                <button type="submit" data-testid="kb-save">{move || tr!("kb-save")}</button>
            </form>
            <section class="kb-preview" aria-labelledby="kb-preview-title" data-testid="kb-preview" lang=locale.clone() dir=dir>
                <h3 id="kb-preview-title">{move || tr!("kb-preview")}</h3>
                <h4>{move || title.get()}</h4>
                {move || blocks(&body.get()).into_iter().map(|b| match b {
                    Block::Paragraph(p) => view! { <p>{p}</p> }.into_any(),
                    Block::List(items) => view! { <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul> }.into_any(),
                }).collect_view()}
            </section>
            {files.map(|(id, files)| view! { <Files site_path=site_for_files.clone() article=id files/> })}
            {remove.map(|action| view! {
                <form method="post" action=action>
                    <CsrfField/>
                    <button type="submit" class="danger" data-testid="kb-remove">{move || tr!("kb-remove")}</button>
                </form>
            })}
            {(!history.is_empty()).then(|| view! {
                <section aria-labelledby="kb-history-title">
                    <h3 id="kb-history-title">{move || tr!("kb-history")}</h3>
                    <ol class="kb-history" data-testid="kb-history">
                        {history.into_iter().map(|h| {
                            let action = h.action.clone();
                            view! {
                                <li data-action=h.action.clone()>
                                    <DateTime ms=h.at/> " · " {h.by.clone()} " · "
                                    {move || tr!("kb-action", { "action" => action.clone() })}
                                    {h.locale.clone().map(|l| view! { " · " {language_name(&l)} })}
                                    {h.title.clone().map(|t| view! { " · " <q>{t}</q> })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            })}
        </section>
    }
}

/// An article's files: each with its download and a remove button, and a
/// picker that uploads a new one at once (PDF or image; the server checks
/// the bytes, the size and the site's quota).
#[component]
fn Files(site_path: String, article: i64, files: Vec<crate::api::KbFileView>) -> impl IntoView {
    let status = RwSignal::new(None::<Result<(), ErrorCode>>);
    // Set once the page is live in the browser (the picker works from then).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let upload_url = format!("/api/admin/sites/{site_path}/kb/articles/{article}/files");
    #[cfg(feature = "browser")]
    let session = use_context::<super::security::SessionResource>();
    let picked = move |ev: leptos::ev::Event| {
        #[cfg(feature = "browser")]
        {
            use wasm_bindgen::JsCast;
            let file = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .and_then(|i| i.files())
                .and_then(|f| f.get(0));
            let Some(file) = file else { return };
            let url = upload_url.clone();
            status.set(Some(Ok(())));
            leptos::task::spawn_local(async move {
                let csrf = match session {
                    Some(s) => s.0.await.ok().and_then(|d| d.csrf().map(str::to_owned)),
                    None => None,
                }
                .unwrap_or_default();
                match crate::client::upload_file(&url, file, ("x-csrf-token", &csrf)).await {
                    Ok(_) => {
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().reload();
                        }
                    }
                    Err(code) => status.set(Some(Err(code))),
                }
            });
        }
        #[cfg(not(feature = "browser"))]
        {
            let _ = (ev, &upload_url, status);
        }
    };
    view! {
        <section aria-labelledby="kb-files-title" data-testid="kb-files">
            <h3 id="kb-files-title">{move || tr!("kb-files")}</h3>
            <ul>
                {files.into_iter().map(|f| {
                    let remove = format!("/api/admin/sites/{site_path}/kb/articles/{article}/files/{}/remove", f.id);
                    view! {
                        <li data-testid="kb-file-item">
                            <a href=format!("/api/attachments/{}", f.id) dir="auto">{f.name.clone()}</a>
                            " (" {(f.size + 1023) / 1024} " KB) "
                            <form method="post" action=remove class="inline">
                                <CsrfField/>
                                <button type="submit" class="secondary" data-testid="kb-file-remove">{move || tr!("kb-file-remove")}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label for="kb-file">{move || tr!("kb-file-add")}</label>
            <input type="file" id="kb-file" accept="application/pdf,image/png,image/jpeg,image/gif,image/webp"
                data-testid="kb-file" data-ready=move || ready.get().to_string() on:change=picked/>
            <p role="status" data-testid="kb-file-status">
                {move || match status.get() {
                    Some(Ok(())) => tr!("kb-uploading"),
                    Some(Err(code)) => crate::i18n::error_text(code),
                    None => String::new(),
                }}
            </p>
        </section>
    }
}
