//! `/desk/texts`: what a site says to customers, per locale, with the missing
//! translations marked and the fallback named (admins only).

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{TEXT_KINDS, WidgetConfig, load_site_texts};
use crate::error::ErrorCode;
use crate::i18n::error_text;
use crate::i18n::language_name;
use crate::locale::{SHIPPED, is_rtl};

/// The admin page for operator texts.
#[component]
pub fn TextsPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let site = Memo::new(move |_| query.read().get("site").unwrap_or_default());
    let saved = move || query.read().get("saved").is_some();
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    let data = Resource::new(move || site.get(), load_site_texts);
    // The title is rendered by the meta context, outside the I18n provider
    // after a client-side navigation: hold the handle here.
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "texts-title")/>
        <main class="texts">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("texts-title")}</h1>
            <Show when=saved>
                <p class="notice" role="status" data-testid="texts-saved">{move || tr!("texts-saved")}</p>
            </Show>
            {move || error().map(|code| view! {
                <p class="error" role="alert" data-code=code.as_str()>{move || error_text(code)}</p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "texts", |cfg| view! { <TextsForm cfg/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn TextsForm(cfg: WidgetConfig) -> impl IntoView {
    let default_locale = cfg.default_locale.clone();
    let fallback = move || language_name(&default_locale);
    let text_of = |kind: &str, locale: &str| {
        cfg.texts(kind)
            .iter()
            .find(|(l, _)| l == locale)
            .map(|(_, t)| t.clone())
    };
    let missing = TEXT_KINDS
        .iter()
        .map(|kind| {
            SHIPPED
                .iter()
                .filter(|l| text_of(kind, l).is_none())
                .count()
        })
        .sum::<usize>();
    let kinds = TEXT_KINDS
        .iter()
        .map(|kind| {
            let kind: &'static str = kind;
            let rows = SHIPPED
                .iter()
                .map(|locale| {
                    let locale: &'static str = locale;
                    let value = text_of(kind, locale);
                    let is_missing = value.is_none();
                    let id = format!("{kind}-{locale}");
                    let fallback = fallback.clone();
                    view! {
                        <div class="text-row" data-missing=is_missing.to_string()>
                            <label for=id.clone()>{language_name(locale)}</label>
                            <textarea id=id name=format!("{kind}.{locale}") lang=locale
                                dir=if is_rtl(locale) { "rtl" } else { "ltr" }
                                maxlength="1000" rows="2" data-testid=format!("text-{kind}-{locale}")>
                                {value.unwrap_or_default()}
                            </textarea>
                            {is_missing.then(|| view! {
                                <p class="missing" data-testid=format!("missing-{kind}-{locale}")>
                                    {move || tr!("texts-missing", { "fallback" => fallback() })}
                                </p>
                            })}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset data-testid=format!("texts-{kind}")>
                    <legend>{move || tr!("texts-kind", { "kind" => kind })}</legend>
                    {rows}
                </fieldset>
            }
        })
        .collect_view();
    let topics = view! { <TopicTexts cfg=cfg.clone()/> };
    let intro_fallback = fallback.clone();
    let languages = view! { <LanguagesForm cfg=cfg.clone() from="texts"/> };
    view! {
        {languages}
        <p>{move || tr!("texts-intro", { "fallback" => intro_fallback() })}</p>
        <p data-testid="texts-missing-count" data-count=missing>
            {move || tr!("texts-missing-count", { "count" => missing })}
        </p>
        <form method="post" action=format!("/api/admin/sites/{}/texts", cfg.site) class="texts-form">
            <super::security::CsrfField/>
            {kinds}
            <button type="submit" data-testid="texts-save">
            {move || tr!("texts-save")}</button>
        </form>
        {topics}
    }
}

/// The site's topics and their form labels in every locale, with the ones
/// still missing a translation marked (customers then get the site default's).
#[component]
fn TopicTexts(cfg: WidgetConfig) -> impl IntoView {
    let default_locale = cfg.default_locale.clone();
    let cell = move |texts: &std::collections::BTreeMap<String, String>,
                     locale: &'static str,
                     id: String| {
        let text = texts.get(locale).cloned();
        let missing = text.is_none();
        view! {
            <td data-testid=id data-missing=missing.to_string() lang=locale dir="auto">
                {text.unwrap_or_else(|| "—".to_owned())}
            </td>
        }
    };
    let missing: usize = cfg
        .categories
        .iter()
        .map(|c| {
            SHIPPED
                .iter()
                .filter(|l| !c.names.contains_key(**l))
                .count()
                + c.fields
                    .iter()
                    .map(|f| {
                        SHIPPED
                            .iter()
                            .filter(|l| !f.labels.contains_key(**l))
                            .count()
                    })
                    .sum::<usize>()
        })
        .sum::<usize>()
        + cfg
            .fees
            .iter()
            .map(|f| {
                SHIPPED
                    .iter()
                    .filter(|l| !f.names.contains_key(**l))
                    .count()
            })
            .sum::<usize>();
    let fallback = language_name(&default_locale);
    view! {
        <section aria-labelledby="topics-heading" class="topic-texts">
            <h2 id="topics-heading">{move || tr!("texts-topics")}</h2>
            <p class="hint" data-testid="topics-missing-count" data-count=missing>
                {move || tr!("texts-topics-missing", { "count" => missing, "fallback" => fallback.clone() })}
            </p>
            // A wide table scrolls sideways: focusable and named for keyboards (a
            // group, not a second region named like the section).
            <div class="table-scroll" tabindex="0" role="group" aria-labelledby="topics-heading">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{move || tr!("texts-topic")}</th>
                            {SHIPPED.iter().map(|l| view! { <th scope="col">{language_name(l)}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        {cfg.categories.iter().map(|c| {
                            let key = c.key.clone();
                            let name_row = view! {
                                <tr class="topic">
                                    <th scope="row"><code>{key.clone()}</code></th>
                                    {SHIPPED.iter().map(|l| cell(&c.names, l, format!("topic-{key}-{l}"))).collect_view()}
                                </tr>
                            };
                            let field_rows = c.fields.iter().map(|f| {
                                let id = format!("label-{key}-{}", f.key);
                                view! {
                                    <tr class="field">
                                        <th scope="row">{format!("  {}", f.key)}</th>
                                        {SHIPPED.iter().map(|l| cell(&f.labels, l, format!("{id}-{l}"))).collect_view()}
                                    </tr>
                                }
                            }).collect_view();
                            view! { {name_row} {field_rows} }
                        }).collect_view()}
                        // The fee calculator's lines are named per locale too.
                        {cfg.fees.iter().map(|f| {
                            let key = f.key.clone();
                            view! {
                                <tr class="fee">
                                    <th scope="row">
                                        <code>{key.clone()}</code> " "
                                        <span class="hint">{move || tr!("widget-fees-open")}</span>
                                    </th>
                                    {SHIPPED.iter().map(|l| cell(&f.names, l, format!("fee-{key}-{l}"))).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The languages a site offers and its default, as a form that posts to
/// the site's languages route and comes back to the page `from` names.
#[component]
pub(crate) fn LanguagesForm(cfg: WidgetConfig, from: &'static str) -> impl IntoView {
    let offered: Vec<&'static str> = cfg.offered();
    let all_offered = cfg.languages.is_empty();
    let languages = SHIPPED
        .iter()
        .map(|locale| {
            let locale: &'static str = locale;
            let checked = all_offered || offered.contains(&locale);
            view! {
                <label class="offer">
                    <input type="checkbox" name=format!("offer.{locale}") checked=checked
                        data-testid=format!("offer-{locale}")/>
                    {language_name(locale)}
                </label>
            }
        })
        .collect_view();
    let defaults = SHIPPED
        .iter()
        .map(|locale| {
            let locale: &'static str = locale;
            let selected = cfg.default_locale == locale;
            view! { <option value=locale selected=selected>{language_name(locale)}</option> }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/api/admin/sites/{}/languages", cfg.site)
            class="languages-form">
            <super::security::CsrfField/>
            <input type="hidden" name="from" value=from/>
            <fieldset>
                <legend>{move || tr!("texts-languages")}</legend>
                <p class="hint">{move || tr!("texts-languages-hint")}</p>
                <div class="offers">{languages}</div>
                <label for="default-locale">{move || tr!("texts-default")}</label>
                <select id="default-locale" name="default" data-testid="default-locale">{defaults}</select>
            </fieldset>
            <button type="submit" data-testid="languages-save">{move || tr!("texts-languages-save")}</button>
        </form>
    }
}
