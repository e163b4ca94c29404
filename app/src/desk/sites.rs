//! `/desk/sites` (admins): the sites they administer, a form to add one,
//! and for the chosen site its settings (name, allowed host-page origins,
//! accent colour, launcher position and label per locale, languages,
//! verified identity), the `<script>` snippet to paste, the back-end code
//! that signs a user's identity, and disabling or enabling it. Plain HTML
//! forms: everything works before the WASM loads.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{SiteAdminView, SitesView, load_sites};
use crate::error::ErrorCode;
use crate::i18n::{error_text, language_name};
use crate::locale::{SHIPPED, is_rtl};
use crate::protocol::AgentProfile;

/// The sites page.
#[component]
pub fn SitesPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let chosen = Memo::new(move |_| query.read().get("site"));
    let saved = move || query.read().get("saved");
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    let field = move || query.read().get("field");
    let data = Resource::new(|| (), |_| load_sites());
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "sites-title")/>
        <main class="sites">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("sites-title")}</h1>
            <p class="hint">{move || tr!("sites-intro")}</p>
            {move || saved().map(|what| {
                let shown = what.clone();
                view! {
                <p class="notice" role="status" data-testid="sites-saved" data-saved=shown>
                    {move || match what.as_str() {
                        "created" => tr!("sites-saved-created"),
                        "enabled" => tr!("sites-saved-enabled"),
                        "disabled" => tr!("sites-saved-disabled"),
                        "staff" => tr!("sites-saved-staff"),
                        _ => tr!("sites-saved-settings"),
                    }}
                </p>
                }
            })}
            {move || error().map(|code| view! {
                <p class="error" role="alert" data-testid="sites-error" data-code=code.as_str()>
                    {move || error_text(code)}
                    {field().map(|f| view! { " " <code dir="ltr" data-testid="sites-error-field">{f}</code> })}
                </p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "sites", |view| {
                        view! { <Sites view chosen=chosen.get_untracked()/> }.into_any()
                    })
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Sites(view: SitesView, chosen: Option<String>) -> impl IntoView {
    let SitesView {
        sites,
        may_create,
        origin,
        staff,
    } = view;
    let selected = chosen.and_then(|k| sites.iter().find(|s| s.config.site == k).cloned());
    let current = selected.as_ref().map(|s| s.config.site.clone());
    let list = sites
        .iter()
        .map(|s| {
            let key = s.config.site.clone();
            let here = current.as_deref() == Some(key.as_str());
            let enabled = s.config.enabled;
            view! {
                <li data-site=key.clone() data-enabled=enabled.to_string()>
                    <a href=format!("/desk/sites?site={key}")
                        aria-current=here.then_some("page")>{s.config.name.clone()}</a>
                    " " <code dir="ltr">{key.clone()}</code>
                    {(!enabled).then(|| view! {
                        " " <span class="badge">{move || tr!("sites-disabled")}</span>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <nav aria-labelledby="sites-list-heading">
            <h2 id="sites-list-heading">{move || tr!("sites-list")}</h2>
            <ul data-testid="sites-list" class="sites-list">{list}</ul>
        </nav>
        {match selected {
            Some(site) => view! { <SiteSettings site origin staff/> }.into_any(),
            None if may_create => view! { <CreateSite/> }.into_any(),
            None => view! { <p class="hint">{move || tr!("sites-pick")}</p> }.into_any(),
        }}
    }
}

/// The form that adds a site.
#[component]
fn CreateSite() -> impl IntoView {
    view! {
        <form method="post" action="/api/admin/sites" class="site-create">
            <super::security::CsrfField/>
            <fieldset>
                <legend>{move || tr!("sites-create")}</legend>
                <label for="site-new-name">{move || tr!("sites-name")}</label>
                <input id="site-new-name" name="name" required maxlength="100" autocomplete="organization"
                    data-testid="site-name"/>
            </fieldset>
            <button type="submit" data-testid="site-create">{move || tr!("sites-create-button")}</button>
        </form>
    }
}

/// One site's settings, snippet and availability.
#[component]
fn SiteSettings(site: SiteAdminView, origin: String, staff: Vec<AgentProfile>) -> impl IntoView {
    let SiteAdminView {
        config,
        origins,
        identity_required,
        identity_secret_set,
    } = site;
    let key = config.site.clone();
    let launcher_rows = SHIPPED
        .iter()
        .map(|locale| {
            let locale: &'static str = locale;
            let value = config
                .launcher
                .iter()
                .find(|(l, _)| l == locale)
                .map(|(_, t)| t.clone());
            let missing = value.is_none();
            let id = format!("launcher-{locale}");
            view! {
                <div class="text-row" data-missing=missing.to_string()>
                    <label for=id.clone()>{language_name(locale)}</label>
                    <input id=id.clone() name=format!("launcher.{locale}") lang=locale
                        dir=if is_rtl(locale) { "rtl" } else { "ltr" } maxlength="40"
                        value=value.unwrap_or_default() data-testid=id.clone()/>
                    {missing.then(|| view! {
                        <p class="missing" data-testid=format!("launcher-missing-{locale}")>
                            {move || tr!("sites-launcher-default")}
                        </p>
                    })}
                </div>
            }
        })
        .collect_view();
    let position = config.position.clone();
    let snippet = format!(r#"<script src="{origin}/embed.js" data-site="{key}" async></script>"#);
    let enabled = config.enabled;
    let action = format!("/api/admin/sites/{key}");
    view! {
        <section aria-labelledby="site-heading" data-testid="site-settings" data-site=key.clone()>
            <h2 id="site-heading">{config.name.clone()}</h2>
            <p>{move || tr!("sites-key")} " " <code dir="ltr" data-testid="site-key">{key.clone()}</code></p>
            <form method="post" action=action class="site-form">
                <super::security::CsrfField/>
                <label for="site-edit-name">{move || tr!("sites-name")}</label>
                <input id="site-edit-name" name="name" required maxlength="100"
                    value=config.name.clone() data-testid="site-rename"/>
                <label for="site-origins">{move || tr!("sites-origins")}</label>
                <p class="hint" id="site-origins-hint">{move || tr!("sites-origins-hint")}</p>
                <textarea id="site-origins" name="origins" rows="4" dir="ltr" spellcheck="false"
                    aria-describedby="site-origins-hint" data-testid="site-origins">
                    {origins.join("\n")}
                </textarea>
                <label for="site-accent">{move || tr!("sites-accent")}</label>
                <p class="hint" id="site-accent-hint">{move || tr!("sites-accent-hint")}</p>
                <input id="site-accent" name="accent" type="color" value=config.accent.clone()
                    aria-describedby="site-accent-hint" data-testid="site-accent"/>
                <label for="site-position">{move || tr!("sites-position")}</label>
                <select id="site-position" name="position" data-testid="site-position">
                    <option value="end" selected=position == "end">{move || tr!("sites-position-end")}</option>
                    <option value="start" selected=position == "start">{move || tr!("sites-position-start")}</option>
                </select>
                <fieldset>
                    <legend>{move || tr!("sites-launcher")}</legend>
                    <p class="hint">{move || tr!("sites-launcher-hint")}</p>
                    {launcher_rows}
                </fieldset>
                <label class="check">
                    <input type="checkbox" name="identity_required" checked=identity_required
                        data-testid="site-identity-required"/>
                    {move || tr!("sites-identity")}
                </label>
                <button type="submit" data-testid="site-save">{move || tr!("sites-save")}</button>
            </form>
            <h3>{move || tr!("sites-snippet")}</h3>
            <p class="hint">{move || tr!("sites-snippet-hint")}</p>
            <pre class="snippet"><code dir="ltr" data-testid="site-snippet">{snippet}</code></pre>
            <IdentitySnippets secret_set=identity_secret_set/>
            <p>
                <a href=format!("/desk/setup?site={}", config.site)>{move || tr!("sites-setup-link")}</a>
                " · "
                <a href=format!("/desk/texts?site={}", config.site)>{move || tr!("sites-texts-link")}</a>
            </p>
            <super::texts::LanguagesForm cfg=config.clone() from="sites"/>
            <SiteStaff site=config.site.clone() staff/>
            <form method="post" action=format!("/api/admin/sites/{}/enabled", config.site) class="site-enabled">
                <super::security::CsrfField/>
                <p class="hint">{move || tr!("sites-disable-hint")}</p>
                {if enabled {
                    view! {
                        <button type="submit" class="secondary" data-testid="site-disable">
                            {move || tr!("sites-disable")}
                        </button>
                    }.into_any()
                } else {
                    view! {
                        <input type="hidden" name="enabled" value="on"/>
                        <button type="submit" data-testid="site-enable">{move || tr!("sites-enable")}</button>
                    }.into_any()
                }}
            </form>
        </section>
    }
}

/// Who of the staff works for the site: a box per account the admin
/// manages (an all-sites account is ticked; unticking it keeps its other
/// sites).
#[component]
fn SiteStaff(site: String, staff: Vec<AgentProfile>) -> impl IntoView {
    let rows = staff
        .into_iter()
        .map(|a| {
            let works = a.sites.is_empty() || a.sites.contains(&site);
            let id = format!("site-staff-{}", a.id);
            let all = a.sites.is_empty();
            view! {
                <li>
                    <label for=id.clone()>
                        <input type="checkbox" id=id.clone() name="agent" value=a.id.to_string()
                            checked=works data-testid=id.clone()/>
                        {a.name.clone()} " " <span class="hint" dir="ltr">{a.email.clone()}</span>
                        {all.then(|| view! { " " <span class="badge">{move || tr!("sites-staff-all")}</span> })}
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/api/admin/sites/{site}/staff") class="site-staff">
            <super::security::CsrfField/>
            <fieldset>
                <legend>{move || tr!("sites-staff")}</legend>
                <p class="hint">{move || tr!("sites-staff-hint")}</p>
                <ul data-testid="site-staff">{rows}</ul>
            </fieldset>
            <button type="submit" data-testid="site-staff-save">{move || tr!("sites-staff-save")}</button>
        </form>
    }
}

/// How a site's back-end signs its signed-in user, in four languages: an
/// HMAC-SHA256 of the user's id, keyed with the site's identity secret.
#[component]
fn IdentitySnippets(secret_set: bool) -> impl IntoView {
    const NODE: &str = r#"const crypto = require("crypto");
const hash = crypto.createHmac("sha256", process.env.PARLEY_IDENTITY_SECRET)
  .update(String(user.id)).digest("hex");"#;
    const PYTHON: &str = r#"import hashlib, hmac, os
hash = hmac.new(os.environ["PARLEY_IDENTITY_SECRET"].encode(),
                str(user.id).encode(), hashlib.sha256).hexdigest()"#;
    const PHP: &str =
        r#"$hash = hash_hmac('sha256', (string) $user->id, getenv('PARLEY_IDENTITY_SECRET'));"#;
    const RUST: &str = r#"use hmac::{Hmac, Mac};
let secret = std::env::var("PARLEY_IDENTITY_SECRET")?;
let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes())?;
mac.update(user.id.to_string().as_bytes());
let hash = hex::encode(mac.finalize().into_bytes());"#;
    const PAGE: &str = r#"<script>
  window.Parley = window.Parley || [];
  Parley.push(["identify", { userId: "USER_ID", hash: "HASH", name: "NAME", email: "EMAIL" }]);
</script>"#;
    let langs = [
        ("Node.js", NODE),
        ("Python", PYTHON),
        ("PHP", PHP),
        ("Rust", RUST),
    ];
    view! {
        <details class="identity-snippets" data-testid="identity-snippets">
            <summary>{move || tr!("sites-identity-snippets")}</summary>
            <p class="hint">{move || tr!("sites-identity-hint")}</p>
            {(!secret_set).then(|| view! {
                <p class="hint">{move || tr!("sites-identity-no-secret")}</p>
            })}
            {langs.into_iter().map(|(name, code)| view! {
                <h4>{name}</h4>
                <pre class="snippet"><code dir="ltr" data-lang=name>{code}</code></pre>
            }).collect_view()}
            <h4>{move || tr!("sites-identity-page")}</h4>
            <pre class="snippet"><code dir="ltr">{PAGE}</code></pre>
        </details>
    }
}
