//! `/desk/api-keys` (admins): a site's API keys for its back-end (issue
//! 19): each with its name, scope, first characters, when it was made and
//! last used, and a revoke button; a form that makes one and shows it this
//! once (a server function, so the key never sits in a URL or a log).

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::security::{CsrfField, DateTime};
use crate::api::{ApiKeysView, CreateApiKey, load_api_keys, query_value};

/// The API keys page.
#[component]
pub fn ApiKeysPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let site = Memo::new(move |_| query.read().get("site").unwrap_or_default());
    let revoked = move || query.read().get("revoked").is_some();
    let create = ServerAction::<CreateApiKey>::new();
    let data = Resource::new(
        move || (site.get(), create.version().get()),
        |(s, _)| load_api_keys(s),
    );
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "api-keys-title")/>
        <main class="texts api-keys">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("api-keys-title")}</h1>
            <p class="hint">{move || tr!("api-keys-intro")}</p>
            <p><a href="/api/v1/docs" data-testid="api-docs-link">{move || tr!("api-docs-reference")}</a></p>
            {move || revoked().then(|| view! {
                <p class="notice" role="status" data-testid="api-key-revoked">{move || tr!("api-key-revoked")}</p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "api-keys", move |v| view! { <Keys v create/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Keys(v: ApiKeysView, create: ServerAction<CreateApiKey>) -> impl IntoView {
    let site = v.site.clone();
    let site_path = query_value(&v.site);
    let made = create.value();
    view! {
        <form method="get" action="/desk/api-keys" class="ledger-filter">
            <label for="keys-site">{move || tr!("complaints-site")}</label>
            <select id="keys-site" name="site">
                {v.sites.iter().map(|s| view! { <option value=s.clone() selected=*s == v.site>{s.clone()}</option> }).collect_view()}
            </select>
            <button type="submit" class="secondary">{move || tr!("audit-apply")}</button>
        </form>
        <ActionForm action=create attr:class="api-key-new" attr:data-testid="api-key-form">
            <input type="hidden" name="site" value=site/>
            <label for="key-name">{move || tr!("api-key-name")}</label>
            <input id="key-name" name="name" required maxlength="80" data-testid="api-key-name"/>
            <label for="key-scope">{move || tr!("api-key-scope")}</label>
            <select id="key-scope" name="scope" data-testid="api-key-scope">
                {["read", "write"].into_iter().map(|s| view! {
                    <option value=s>{move || tr!("api-key-scope-option", { "scope" => s })}</option>
                }).collect_view()}
            </select>
            <button type="submit" data-testid="api-key-create">{move || tr!("api-key-create")}</button>
        </ActionForm>
        {move || made.get().map(|r| match r {
            Ok(k) => view! {
                <p class="notice" role="status">{move || tr!("api-key-created")}</p>
                <p><output data-testid="api-key-created" data-id=k.id dir="ltr"><code>{k.key.clone()}</code></output></p>
            }.into_any(),
            Err(code) => view! {
                <p class="error" role="alert" data-testid="api-key-error" data-code=code.as_str()>
                    {move || crate::i18n::error_text(code)}
                </p>
            }.into_any(),
        })}
        <table class="ledger" data-testid="api-keys">
            <caption class="sr-only">{move || tr!("api-keys-title")}</caption>
            <thead><tr>
                <th scope="col">{move || tr!("api-key-name")}</th>
                <th scope="col">{move || tr!("api-key-scope")}</th>
                <th scope="col">{move || tr!("api-key-prefix")}</th>
                <th scope="col">{move || tr!("api-key-last-used")}</th>
                <th scope="col">{move || tr!("api-key-state")}</th>
            </tr></thead>
            <tbody>
                {v.keys.into_iter().map(|k| {
                    let revoke = format!("/api/admin/sites/{site_path}/api-keys/{}/revoke", k.id);
                    let scope = k.scope.clone();
                    view! {
                        <tr data-testid="api-key" data-id=k.id data-revoked=k.revoked_at.is_some().to_string()>
                            <td dir="auto">{k.name.clone()}</td>
                            <td>{move || tr!("api-key-scope-option", { "scope" => scope.clone() })}</td>
                            <td dir="ltr"><code>{format!("{}…", k.prefix)}</code></td>
                            <td>{match k.last_used_at {
                                Some(ms) => view! { <DateTime ms/> }.into_any(),
                                None => view! { {move || tr!("api-key-never")} }.into_any(),
                            }}</td>
                            <td>{match k.revoked_at {
                                Some(ms) => view! { {move || tr!("api-key-revoked-at")} " " <DateTime ms/> }.into_any(),
                                None => view! {
                                    <form method="post" action=revoke>
                                        <CsrfField/>
                                        <button type="submit" class="danger" data-testid="api-key-revoke">{move || tr!("api-key-revoke")}</button>
                                    </form>
                                }.into_any(),
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}
