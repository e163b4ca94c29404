//! `/desk/webhooks` (admins): a site's webhook endpoints (issue 19) —
//! adding one (its URL and the events it wants), its signing secret for
//! the receiver's check, whether deliveries to it are failing, its latest
//! deliveries with their answers, a button to send one again, removing it.
//! Plain forms: the server answers each with a redirect back here.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::security::{CsrfField, DateTime};
use crate::api::{WebhookDeliveryView, WebhooksView, load_webhooks, query_value};
use crate::error::ErrorCode;

/// The webhooks page.
#[component]
pub fn WebhooksPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let site = Memo::new(move |_| query.read().get("site").unwrap_or_default());
    let data = Resource::new(move || site.get(), load_webhooks);
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    let done = move || {
        let q = query.read();
        ["added", "removed", "redelivered", "lookup"]
            .into_iter()
            .find(|k| q.get(k).is_some())
    };
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "webhooks-title")/>
        <main class="texts webhooks">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("webhooks-title")}</h1>
            <p class="hint">{move || tr!("webhooks-intro")}</p>
            {move || error().map(|code| view! {
                <p class="error" role="alert" data-testid="webhook-error" data-code=code.as_str()>
                    {move || crate::i18n::error_text(code)}
                </p>
            })}
            {move || done().map(|what| view! {
                <p class="notice" role="status" data-testid="webhook-done" data-what=what>
                    {move || tr!("webhooks-done", { "what" => what })}
                </p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "webhooks", |v| view! { <Endpoints v/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Endpoints(v: WebhooksView) -> impl IntoView {
    let site_path = query_value(&v.site);
    let add = format!("/api/admin/sites/{site_path}/webhooks");
    view! {
        <form method="get" action="/desk/webhooks" class="ledger-filter">
            <label for="hooks-site">{move || tr!("complaints-site")}</label>
            <select id="hooks-site" name="site">
                {v.sites.iter().map(|s| view! { <option value=s.clone() selected=*s == v.site>{s.clone()}</option> }).collect_view()}
            </select>
            <button type="submit" class="secondary">{move || tr!("audit-apply")}</button>
        </form>
        <form method="post" action=add class="webhook-new" data-testid="webhook-form">
            <CsrfField/>
            <label for="hook-url">{move || tr!("webhooks-url")}</label>
            <input id="hook-url" name="url" type="url" required maxlength="2000" dir="ltr"
                placeholder="https://shop.example/parley/webhooks" data-testid="webhook-url"/>
            <fieldset>
                <legend>{move || tr!("webhooks-events")}</legend>
                {v.events.iter().map(|e| {
                    let id = format!("hook-event-{}", e.replace('.', "-"));
                    let label_for = id.clone();
                    view! {
                        <label for=label_for>
                            <input type="checkbox" id=id name="events" value=e.clone() checked=true
                                data-testid="webhook-event"/>
                            " " <code>{e.clone()}</code>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <button type="submit" data-testid="webhook-add">{move || tr!("webhooks-add")}</button>
        </form>
        {v.endpoints.is_empty().then(|| view! { <p class="hint">{move || tr!("webhooks-none")}</p> })}
        <Lookup site_path=site_path.clone() lookup=v.lookup.clone()/>
        {v.endpoints.into_iter().map(|e| {
            let remove = format!("/api/admin/sites/{site_path}/webhooks/{}/remove", e.id);
            let site_path = site_path.clone();
            let heading = format!("webhook-{}", e.id);
            let labelled = heading.clone();
            view! {
                <section class="webhook" data-testid="webhook" data-id=e.id aria-labelledby=labelled>
                    <h2 id=heading dir="ltr"><code>{e.url.clone()}</code></h2>
                    <p>{move || tr!("webhooks-events")} ": "
                        {e.events.iter().map(|ev| view! { <code>{ev.clone()}</code> " " }).collect_view()}
                    </p>
                    <p>{move || tr!("webhooks-secret")} ": "
                        <code data-testid="webhook-secret" dir="ltr">{e.secret.clone()}</code>
                    </p>
                    {match e.failing_since {
                        Some(ms) => view! {
                            <p class="error" data-testid="webhook-failing">{move || tr!("webhooks-failing")} " " <DateTime ms/></p>
                        }.into_any(),
                        None => view! { <p data-testid="webhook-healthy">{move || tr!("webhooks-healthy")}</p> }.into_any(),
                    }}
                    <form method="post" action=remove>
                        <CsrfField/>
                        <button type="submit" class="danger" data-testid="webhook-remove">{move || tr!("webhooks-remove")}</button>
                    </form>
                    <Deliveries site_path deliveries=e.deliveries/>
                </section>
            }
        }).collect_view()}
    }
}

#[component]
fn Deliveries(site_path: String, deliveries: Vec<WebhookDeliveryView>) -> impl IntoView {
    view! {
        <table class="ledger" data-testid="webhook-deliveries">
            <caption>{move || tr!("webhooks-log")}</caption>
            <thead><tr>
                <th scope="col">{move || tr!("webhooks-event")}</th>
                <th scope="col">{move || tr!("webhooks-when")}</th>
                <th scope="col">{move || tr!("webhooks-attempts")}</th>
                <th scope="col">{move || tr!("webhooks-answer")}</th>
                <th scope="col"><span class="sr-only">{move || tr!("webhooks-redeliver")}</span></th>
            </tr></thead>
            <tbody>
                {deliveries.into_iter().map(|d| {
                    let again = format!("/api/admin/sites/{site_path}/webhooks/deliveries/{}/redeliver", d.id);
                    let state = if d.delivered_at.is_some() { "delivered" } else if d.gave_up_at.is_some() { "given-up" } else { "pending" };
                    let status = d.last_status;
                    let error = d.last_error.clone();
                    view! {
                        <tr data-testid="webhook-delivery" data-id=d.id data-event=d.event.clone() data-state=state
                            data-status=status.map(|s| s.to_string())>
                            <td><code>{d.event.clone()}</code></td>
                            <td><DateTime ms=d.created_at/></td>
                            <td>{d.attempts}</td>
                            <td>
                                {move || tr!("webhooks-state", { "state" => state })}
                                {status.filter(|s| *s > 0).map(|s| view! { " · HTTP " {s} })}
                                {error.clone().map(|e| view! { " · " <span dir="ltr">{e}</span> })}
                            </td>
                            <td>
                                <form method="post" action=again>
                                    <CsrfField/>
                                    <button type="submit" class="secondary" data-testid="webhook-redeliver">{move || tr!("webhooks-redeliver")}</button>
                                </form>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// The site's order-lookup endpoint ("Track my order"): its URL (blank
/// removes it) and the secret its requests are signed with.
#[component]
fn Lookup(site_path: String, lookup: Option<(String, String)>) -> impl IntoView {
    let action = format!("/api/admin/sites/{site_path}/order-lookup");
    let (url, secret) = lookup.unzip();
    view! {
        <section class="order-lookup" aria-labelledby="lookup-title" data-testid="order-lookup">
            <h2 id="lookup-title">{move || tr!("lookup-title")}</h2>
            <p class="hint">{move || tr!("lookup-intro")}</p>
            <form method="post" action=action>
                <CsrfField/>
                <label for="lookup-url">{move || tr!("webhooks-url")}</label>
                <input id="lookup-url" name="url" type="url" maxlength="2000" dir="ltr"
                    value=url placeholder="https://shop.example/parley/orders" data-testid="lookup-url"/>
                <button type="submit" data-testid="lookup-save">{move || tr!("lookup-save")}</button>
            </form>
            {secret.map(|s| view! {
                <p>{move || tr!("webhooks-secret")} ": " <code data-testid="lookup-secret" dir="ltr">{s}</code></p>
            })}
        </section>
    }
}
