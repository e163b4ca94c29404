//! `/desk/setup`: a site's regional teams (business hours, split and
//! overnight shifts, closures, supervisor and on-call person), its topics
//! (names, intake forms, team, skill) and its SLA targets, edited as JSON by
//! admins. The server checks each and, when it refuses, the page names where
//! the problem is.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{SetupView, load_setup};
use crate::error::ErrorCode;
use crate::i18n::error_text;

/// The admin page for a site's setup.
#[component]
pub fn SetupPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let site = Memo::new(move |_| query.read().get("site").unwrap_or_default());
    let saved = move || query.read().get("saved");
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    let at = move || query.read().get("at");
    let data = Resource::new(move || site.get(), load_setup);
    // The title is rendered by the meta context, outside the I18n provider
    // after a client-side navigation: hold the handle here.
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "setup-title")/>
        <main class="texts setup">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("setup-title")}</h1>
            <p class="hint">{move || tr!("setup-intro")}</p>
            {move || saved().map(|part| view! {
                <p class="notice" role="status" data-testid="setup-saved" data-part=part>{move || tr!("texts-saved")}</p>
            })}
            {move || error().map(|code| view! {
                <p class="error" role="alert" id="setup-error" data-testid="setup-error" data-code=code.as_str()>
                    {move || error_text(code)} " "
                    {at().map(|at| view! { <code data-testid="setup-error-at">{at}</code> })}
                </p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let at = at();
                    super::admin_view(data.await, "setup", |view| view! { <SetupForms view at/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn SetupForms(view: SetupView, at: Option<String>) -> impl IntoView {
    let site = view.site.clone();
    let targets =
        view! { <TargetsForm site=site.clone() json=view.targets.clone() at=at.clone()/> };
    let fees = view! { <FeesForm site=site.clone() json=view.fees.clone() at=at.clone()/> };
    let teams = view! {
        <TeamsForm site=site.clone() json=view.teams.clone() at=at.clone()
            staff=view.staff.clone() zones=view.time_zones.clone()/>
    };
    let team_names: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(&view.teams)
        .unwrap_or_default()
        .iter()
        .map(|t| text_of(t.get("name")))
        .collect();
    let topics = view! { <TopicsForm site=site.clone() json=view.topics.clone() at=at.clone() teams=team_names/> };
    let parts = [
        ("teams", view.teams),
        ("topics", view.topics),
        ("targets", view.targets),
        ("fees", view.fees),
    ];
    let json_forms = parts
        .into_iter()
        .map(|(part, json)| {
            let id = format!("setup-{part}");
            view! {
                <form method="post" action=format!("/api/admin/sites/{site}/setup/{part}") class="setup-form">
                    <super::security::CsrfField/>
                    <fieldset>
                        <legend>{move || tr!("setup-part", { "part" => part })} " (JSON)"</legend>
                        <p class="hint">{move || tr!("setup-hint", { "part" => part })}</p>
                        <label for=id.clone() class="sr-only">{move || tr!("setup-part", { "part" => part })}</label>
                        <textarea id=id.clone() name="json" rows="16" spellcheck="false" dir="ltr"
                            class="json" data-testid=id.clone()>{json}</textarea>
                    </fieldset>
                    <button type="submit" data-testid=format!("{id}-save")>{move || tr!("setup-save")}</button>
                </form>
            }
        })
        .collect_view();
    view! {
        {teams}
        {topics}
        {targets}
        {fees}
        <h2>{move || tr!("setup-json")}</h2>
        <p class="hint">{move || tr!("setup-json-hint")}</p>
        {json_forms}
    }
}

/// The SLA targets in the order they are shown, with their kind (`min`:
/// minutes, `days`: working days, `pct`: percent).
const TARGETS: [(&str, &str); 12] = [
    ("urgent_first_response", "min"),
    ("routine_first_response", "min"),
    ("consultation_first_response", "min"),
    ("chat_first_reply", "min"),
    ("next_response", "min"),
    ("progress_update", "min"),
    ("complaint_registration", "min"),
    ("urgent_resolution", "min"),
    ("routine_resolution", "min"),
    ("consultation_resolution", "min"),
    ("follow_up_working_days", "days"),
    ("warn_percent", "pct"),
];

/// The message that names a setup field, by its key (ids written out, so
/// the locale tests see each one used).
fn label_id(key: &str) -> &'static str {
    match key {
        "urgent_first_response" => "setup-target-urgent-first-response",
        "routine_first_response" => "setup-target-routine-first-response",
        "consultation_first_response" => "setup-target-consultation-first-response",
        "chat_first_reply" => "setup-target-chat-first-reply",
        "next_response" => "setup-target-next-response",
        "progress_update" => "setup-target-progress-update",
        "complaint_registration" => "setup-target-complaint-registration",
        "urgent_resolution" => "setup-target-urgent-resolution",
        "routine_resolution" => "setup-target-routine-resolution",
        "consultation_resolution" => "setup-target-consultation-resolution",
        "follow_up_working_days" => "setup-target-follow-up-working-days",
        "warn_percent" => "setup-target-warn-percent",
        "key" => "setup-fee-key",
        "names" => "setup-fee-names",
        "currency" => "setup-fee-currency",
        "first_kg" => "setup-fee-first-kg",
        "first_price" => "setup-fee-first-price",
        "step_kg" => "setup-fee-step-kg",
        "step_price" => "setup-fee-step-price",
        "max_kg" => "setup-fee-max-kg",
        "supervisor" => "setup-team-supervisor",
        "on_call" => "setup-team-on-call",
        "mon" => "setup-day-mon",
        "tue" => "setup-day-tue",
        "wed" => "setup-day-wed",
        "thu" => "setup-day-thu",
        "fri" => "setup-day-fri",
        "sat" => "setup-day-sat",
        "sun" => "setup-day-sun",
        "text" => "setup-kind-text",
        "number" => "setup-kind-number",
        "date" => "setup-kind-date",
        "country" => "setup-kind-country",
        "reference" => "setup-kind-reference",
        "upload" => "setup-kind-upload",
        "urgent" => "setup-priority-urgent",
        "routine" => "setup-priority-routine",
        _ => "setup-priority-consultation",
    }
}

/// The field a refusal's place names within `part` (`targets.warn_percent`
/// → `warn_percent`, `fees[0].currency` → `[0].currency`).
fn field_at<'a>(at: Option<&'a str>, part: &str) -> Option<&'a str> {
    let rest = at?.strip_prefix(part)?;
    Some(rest.strip_prefix('.').unwrap_or(rest))
}

/// The SLA targets as a form: one number per target, checked by the server
/// like the JSON (a refused field is marked).
#[component]
fn TargetsForm(site: String, json: String, at: Option<String>) -> impl IntoView {
    let values: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&json).unwrap_or_default();
    let wrong = field_at(at.as_deref(), "targets").map(str::to_owned);
    let rows = TARGETS
        .iter()
        .map(|(key, unit)| {
            let (key, unit): (&'static str, &'static str) = (key, unit);
            let id = format!("target-{key}");
            let value = values.get(key).map(|v| v.to_string()).unwrap_or_default();
            let invalid = wrong.as_deref() == Some(key);
            let label = label_id(key);
            view! {
                <div class="target-row">
                    <label for=id.clone()>{move || crate::i18n::text(label)}</label>
                    <input id=id.clone() type="number" name=format!("{key}:n") value=value min="1" step="1"
                        inputmode="numeric" required aria-invalid=invalid.then_some("true")
                        aria-describedby=invalid.then_some("setup-error") data-testid=id.clone()/>
                    <span class="unit">{move || tr!("setup-unit", { "unit" => unit })}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/api/admin/sites/{site}/setup/targets") class="setup-form targets-form"
            data-testid="targets-form">
            <super::security::CsrfField/>
            <fieldset>
                <legend>{move || tr!("setup-targets")}</legend>
                <p class="hint">{move || tr!("setup-targets-hint")}</p>
                {rows}
            </fieldset>
            <button type="submit" data-testid="targets-save">{move || tr!("setup-save")}</button>
        </form>
    }
}

/// The fee calculator's price lines as a form: a row per line (and a blank
/// one to add), each with its names per language, currency, bands and
/// prices, a position and a box to remove it.
#[component]
fn FeesForm(site: String, json: String, at: Option<String>) -> impl IntoView {
    let mut lines: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
    lines.push(serde_json::json!({}));
    let wrong = field_at(at.as_deref(), "fees").map(str::to_owned);
    let count = lines.len();
    let rows = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let text = |v: Option<&serde_json::Value>| match v {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let is_new = i + 1 == count;
            let input = |field: &'static str, kind: &'static str, value: String| {
                let name = format!("[{i}].{field}");
                let id = format!("fee-{i}-{}", field.replace('.', "-"));
                let invalid = wrong.as_deref() == Some(name.as_str())
                    || wrong
                        .as_deref()
                        .is_some_and(|w| field.starts_with("names.") && w == format!("[{i}].names"));
                let label = label_id(field.split('.').next().unwrap_or(field));
                let lang = field.strip_prefix("names.").map(str::to_owned);
                view! {
                    <div class="fee-field">
                        <label for=id.clone()>
                            {move || crate::i18n::text(label)}
                            {lang.clone().map(|l| view! { " (" {crate::i18n::language_name(&l)} ")" })}
                        </label>
                        <input id=id.clone() name=name type=kind value=value dir="auto"
                            aria-invalid=invalid.then_some("true")
                            aria-describedby=invalid.then_some("setup-error") data-testid=id.clone()/>
                    </div>
                }
            };
            let names = crate::locale::SHIPPED
                .iter()
                .map(|l| {
                    let field: &'static str = match *l {
                        "en" => "names.en",
                        "de" => "names.de",
                        "es" => "names.es",
                        "ar" => "names.ar",
                        "ja" => "names.ja",
                        _ => "names.zh-CN",
                    };
                    input(field, "text", text(line.get("names").and_then(|n| n.get(*l))))
                })
                .collect_view();
            let order_id = format!("fee-{i}-order");
            let remove_id = format!("fee-{i}-remove");
            view! {
                <fieldset class="fee-row" data-testid=format!("fee-row-{i}") data-new=is_new.to_string()>
                    <legend>
                        {move || if is_new { tr!("setup-fee-new") } else { tr!("setup-fee-line", { "n" => i + 1 }) }}
                    </legend>
                    {input("key", "text", text(line.get("key")))}
                    {names}
                    {input("currency", "text", text(line.get("currency")))}
                    {input("first_kg", "text", text(line.get("first_kg")))}
                    {input("first_price", "text", text(line.get("first_price")))}
                    {input("step_kg", "text", text(line.get("step_kg")))}
                    {input("step_price", "text", text(line.get("step_price")))}
                    {input("max_kg", "text", text(line.get("max_kg")))}
                    <div class="fee-field">
                        <label for=order_id.clone()>{move || tr!("setup-order")}</label>
                        <input id=order_id.clone() type="number" name=format!("[{i}]._order:n")
                            value=(i + 1).to_string() min="1" step="1" data-testid=order_id.clone()/>
                    </div>
                    {(!is_new).then(|| view! {
                        <label class="check" for=remove_id.clone()>
                            <input type="checkbox" id=remove_id.clone() name=format!("[{i}]._remove:b")
                                data-testid=remove_id.clone()/>
                            {move || tr!("setup-remove")}
                        </label>
                    })}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/api/admin/sites/{site}/setup/fees") class="setup-form fees-form"
            data-testid="fees-form">
            <super::security::CsrfField/>
            <h2>{move || tr!("setup-part", { "part" => "fees" })}</h2>
            <p class="hint">{move || tr!("setup-fees-hint")}</p>
            {rows}
            <button type="submit" data-testid="fees-save">{move || tr!("setup-save")}</button>
        </form>
    }
}

/// Weekdays as the calendar writes them.
const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Blank shift rows offered per team (to add shifts without script).
const NEW_SHIFTS: usize = 3;
/// Blank closure dates offered per team.
const NEW_CLOSURES: usize = 2;

/// A JSON value as a form field's text.
fn text_of(v: Option<&serde_json::Value>) -> String {
    match v {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// The regional teams as a form: per team its name, time zone (a list to
/// search), shifts (a weekday with start and end; an end at or before the
/// start runs past midnight; several a day for split shifts), closed
/// dates, supervisor and on-call person from the site's staff; a position
/// and a box to remove. A blank team and blank shift and date rows add.
#[component]
fn TeamsForm(
    site: String,
    json: String,
    at: Option<String>,
    staff: Vec<(String, String)>,
    zones: Vec<String>,
) -> impl IntoView {
    let mut teams: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
    teams.push(serde_json::json!({}));
    let count = teams.len();
    let wrong = field_at(at.as_deref(), "teams").map(str::to_owned);
    let rows = teams
        .into_iter()
        .enumerate()
        .map(|(i, team)| {
            let is_new = i + 1 == count;
            let p = format!("[{i}]");
            let marked = |place: &str| wrong.as_deref() == Some(format!("{p}.{place}").as_str());
            let calendar_wrong = marked("calendar");
            let cal = team.get("calendar").cloned().unwrap_or_default();
            let mut shifts: Vec<serde_json::Value> = cal
                .get("shifts")
                .and_then(|s| s.as_array().cloned())
                .unwrap_or_default();
            shifts.extend(std::iter::repeat_n(serde_json::json!({}), NEW_SHIFTS));
            let mut closures: Vec<String> = cal
                .get("closures")
                .and_then(|c| c.as_array())
                .map(|c| c.iter().map(|d| text_of(Some(d))).collect())
                .unwrap_or_default();
            closures.extend(std::iter::repeat_n(String::new(), NEW_CLOSURES));
            let shift_rows = shifts
                .iter()
                .enumerate()
                .map(|(j, s)| {
                    let day = text_of(s.get("day"));
                    let id = format!("team-{i}-shift-{j}");
                    let options = DAYS
                        .iter()
                        .map(|d| {
                            let d: &'static str = d;
                            view! {
                                <option value=d selected=day == d>
                                    {move || crate::i18n::text(label_id(d))}
                                </option>
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="shift-row" data-testid=id.clone()>
                            <label for=format!("{id}-day")>{move || tr!("setup-shift-day")}</label>
                            <select id=format!("{id}-day") name=format!("{p}.calendar.shifts[{j}].day")
                                data-testid=format!("{id}-day")>
                                <option value="" selected=day.is_empty()>"—"</option>
                                {options}
                            </select>
                            <label for=format!("{id}-start")>{move || tr!("setup-shift-start")}</label>
                            <input type="time" id=format!("{id}-start") name=format!("{p}.calendar.shifts[{j}].start")
                                value=text_of(s.get("start")) data-testid=format!("{id}-start")/>
                            <label for=format!("{id}-end")>{move || tr!("setup-shift-end")}</label>
                            <input type="time" id=format!("{id}-end") name=format!("{p}.calendar.shifts[{j}].end")
                                value=text_of(s.get("end")) data-testid=format!("{id}-end")/>
                            {(!day.is_empty()).then(|| view! {
                                <label class="check" for=format!("{id}-remove")>
                                    <input type="checkbox" id=format!("{id}-remove")
                                        name=format!("{p}.calendar.shifts[{j}]._remove:b")
                                        data-testid=format!("{id}-remove")/>
                                    {move || tr!("setup-remove")}
                                </label>
                            })}
                        </div>
                    }
                })
                .collect_view();
            let closure_rows = closures
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    let id = format!("team-{i}-closure-{k}");
                    view! {
                        <div class="closure-row">
                            <label for=id.clone()>{move || tr!("setup-closure")}</label>
                            <input type="date" id=id.clone() name=format!("{p}.calendar.closures[{k}]")
                                value=d.clone() data-testid=id.clone()/>
                        </div>
                    }
                })
                .collect_view();
            let person = |field: &'static str| {
                let chosen = text_of(team.get(field));
                let id = format!("team-{i}-{}", field.replace('_', "-"));
                let options = staff
                    .iter()
                    .map(|(email, name)| {
                        view! {
                            <option value=email.clone() selected=chosen == *email>
                                {format!("{name} <{email}>")}
                            </option>
                        }
                    })
                    .collect_view();
                let label = label_id(field);
                view! {
                    <div class="team-field">
                        <label for=id.clone()>{move || crate::i18n::text(label)}</label>
                        <select id=id.clone() name=format!("{p}.{field}") data-testid=id.clone()
                            aria-invalid=marked(field).then_some("true")>
                            <option value="" selected=chosen.is_empty()>{move || tr!("setup-nobody")}</option>
                            {options}
                        </select>
                    </div>
                }
            };
            let name_id = format!("team-{i}-name");
            let zone_id = format!("team-{i}-zone");
            view! {
                <fieldset class="team-row" data-testid=format!("team-row-{i}") data-new=is_new.to_string()>
                    <legend>
                        {move || if is_new { tr!("setup-team-new") } else { tr!("setup-team", { "n" => i + 1 }) }}
                    </legend>
                    <div class="team-field">
                        <label for=name_id.clone()>{move || tr!("setup-team-name")}</label>
                        <input id=name_id.clone() name=format!("{p}.name") value=text_of(team.get("name"))
                            maxlength="40" aria-invalid=marked("name").then_some("true")
                            aria-describedby=marked("name").then_some("setup-error") data-testid=name_id.clone()/>
                    </div>
                    <div class="team-field">
                        <label for=zone_id.clone()>{move || tr!("setup-team-zone")}</label>
                        <input id=zone_id.clone() name=format!("{p}.calendar.time_zone") list="time-zones"
                            value=text_of(cal.get("time_zone")) autocomplete="off" dir="ltr"
                            aria-invalid=calendar_wrong.then_some("true")
                            aria-describedby=calendar_wrong.then_some("setup-error") data-testid=zone_id.clone()/>
                    </div>
                    <fieldset class="shifts" data-invalid=calendar_wrong.then_some("true")>
                        <legend>{move || tr!("setup-shifts")}</legend>
                        <p class="hint">{move || tr!("setup-shifts-hint")}</p>
                        {shift_rows}
                    </fieldset>
                    <fieldset class="closures">
                        <legend>{move || tr!("setup-closures")}</legend>
                        {closure_rows}
                    </fieldset>
                    {person("supervisor")}
                    {person("on_call")}
                    <div class="team-field">
                        <label for=format!("team-{i}-order")>{move || tr!("setup-order")}</label>
                        <input id=format!("team-{i}-order") type="number" name=format!("{p}._order:n")
                            value=(i + 1).to_string() min="1" step="1"/>
                    </div>
                    {(!is_new).then(|| view! {
                        <p class="hint">{move || tr!("setup-team-kept")}</p>
                    })}
                </fieldset>
            }
        })
        .collect_view();
    let zone_options = zones
        .into_iter()
        .map(|z| view! { <option value=z/> })
        .collect_view();
    view! {
        <form method="post" action=format!("/api/admin/sites/{site}/setup/teams") class="setup-form teams-form"
            data-testid="teams-form">
            <super::security::CsrfField/>
            <h2>{move || tr!("setup-part", { "part" => "teams" })}</h2>
            <p class="hint">{move || tr!("setup-teams-hint")}</p>
            <datalist id="time-zones">{zone_options}</datalist>
            {rows}
            <button type="submit" data-testid="teams-save">{move || tr!("setup-save")}</button>
        </form>
    }
}

/// Kinds of form fields, as written.
const KINDS: [&str; 6] = ["text", "number", "date", "country", "reference", "upload"];
/// Priorities, as written.
const PRIORITIES: [&str; 3] = ["urgent", "routine", "consultation"];

/// A `<select>` of `values` named `name` with `chosen` selected, a blank
/// first choice (a blank row stays blank), labels from `label(value)`.
fn choice(
    id: String,
    name: String,
    values: Vec<String>,
    chosen: String,
    label: impl Fn(&str) -> String + Clone + Send + Sync + 'static,
    invalid: bool,
) -> impl IntoView {
    let options = values
        .into_iter()
        .map(|v| {
            let selected = v == chosen;
            let label = label.clone();
            let shown = v.clone();
            view! { <option value=v selected=selected>{move || label(&shown)}</option> }
        })
        .collect_view();
    view! {
        <select id=id.clone() name=name data-testid=id aria-invalid=invalid.then_some("true")
            aria-describedby=invalid.then_some("setup-error")>
            <option value="" selected=chosen.is_empty()>"—"</option>
            {options}
        </select>
    }
}

/// One text per shipped language, named `{prefix}.{locale}`; the row of the
/// site's default language is marked when `invalid`.
fn per_language(
    id: String,
    prefix: String,
    texts: Option<serde_json::Value>,
    invalid: bool,
) -> AnyView {
    crate::locale::SHIPPED
        .iter()
        .map(|l| {
            let l: &'static str = l;
            let field_id = format!("{id}-{l}");
            let value = text_of(texts.as_ref().and_then(|t| t.get(l)));
            view! {
                <div class="fee-field">
                    <label for=field_id.clone()>{crate::i18n::language_name(l)}</label>
                    <input id=field_id.clone() name=format!("{prefix}.{l}") value=value lang=l dir="auto"
                        aria-invalid=invalid.then_some("true") data-testid=field_id.clone()/>
                </div>
            }
        })
        .collect_view()
        .into_any()
}

/// Topics as a form: per topic its key, names per language, priority,
/// complaint flag, team and skill, and its intake fields (kind, label per
/// language, pattern, example, required) added, reordered and removed;
/// a blank topic and a blank field per topic add.
#[component]
fn TopicsForm(site: String, json: String, at: Option<String>, teams: Vec<String>) -> impl IntoView {
    let mut topics: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
    topics.push(serde_json::json!({}));
    let count = topics.len();
    let wrong = field_at(at.as_deref(), "topics").map(str::to_owned);
    let rows = topics
        .into_iter()
        .enumerate()
        .map(|(i, topic)| {
            let is_new = i + 1 == count;
            let p = format!("[{i}]");
            let marked = |place: &str| wrong.as_deref() == Some(format!("{p}.{place}").as_str());
            let mut fields: Vec<serde_json::Value> = topic
                .get("fields")
                .and_then(|f| f.as_array().cloned())
                .unwrap_or_default();
            fields.push(serde_json::json!({}));
            let field_count = fields.len();
            let field_rows = fields
                .iter()
                .enumerate()
                .map(|(j, f)| {
                    let q = format!("{p}.fields[{j}]");
                    let id = format!("topic-{i}-field-{j}");
                    let at_field = |place: &str| marked(&format!("fields[{j}].{place}"));
                    let new_field = j + 1 == field_count;
                    view! {
                        <fieldset class="field-row" data-testid=id.clone()>
                            <legend>
                                {move || if new_field { tr!("setup-field-new") } else { tr!("setup-field", { "n" => j + 1 }) }}
                            </legend>
                            <div class="fee-field">
                                <label for=format!("{id}-key")>{move || tr!("setup-field-key")}</label>
                                <input id=format!("{id}-key") name=format!("{q}.key") value=text_of(f.get("key"))
                                    dir="ltr" aria-invalid=at_field("key").then_some("true") data-testid=format!("{id}-key")/>
                            </div>
                            <div class="fee-field">
                                <label for=format!("{id}-kind")>{move || tr!("setup-field-kind")}</label>
                                {choice(format!("{id}-kind"), format!("{q}.kind"),
                                    KINDS.iter().map(|k| (*k).to_owned()).collect(), text_of(f.get("kind")),
                                    |k| crate::i18n::text(label_id(k)), at_field("kind"))}
                            </div>
                            <fieldset class="labels">
                                <legend>{move || tr!("setup-field-labels")}</legend>
                                {per_language(format!("{id}-label"), format!("{q}.labels"), f.get("labels").cloned(), at_field("labels"))}
                            </fieldset>
                            <div class="fee-field">
                                <label for=format!("{id}-pattern")>{move || tr!("setup-field-pattern")}</label>
                                <input id=format!("{id}-pattern") name=format!("{q}.pattern") value=text_of(f.get("pattern"))
                                    dir="ltr" spellcheck="false" aria-invalid=at_field("pattern").then_some("true")
                                    data-testid=format!("{id}-pattern")/>
                            </div>
                            <div class="fee-field">
                                <label for=format!("{id}-example")>{move || tr!("setup-field-example")}</label>
                                <input id=format!("{id}-example") name=format!("{q}.example") value=text_of(f.get("example"))
                                    dir="ltr" data-testid=format!("{id}-example")/>
                            </div>
                            <label class="check" for=format!("{id}-required")>
                                <input type="checkbox" id=format!("{id}-required") name=format!("{q}.required:b")
                                    checked=f.get("required").and_then(|r| r.as_bool()).unwrap_or(false)
                                    data-testid=format!("{id}-required")/>
                                {move || tr!("setup-field-required")}
                            </label>
                            <div class="fee-field">
                                <label for=format!("{id}-order")>{move || tr!("setup-order")}</label>
                                <input id=format!("{id}-order") type="number" name=format!("{q}._order:n")
                                    value=(j + 1).to_string() min="1" step="1"/>
                            </div>
                            {(!new_field).then(|| view! {
                                <label class="check" for=format!("{id}-remove")>
                                    <input type="checkbox" id=format!("{id}-remove") name=format!("{q}._remove:b")
                                        data-testid=format!("{id}-remove")/>
                                    {move || tr!("setup-remove")}
                                </label>
                            })}
                        </fieldset>
                    }
                })
                .collect_view();
            let id = format!("topic-{i}");
            view! {
                <fieldset class="topic-row" data-testid=format!("topic-row-{i}") data-new=is_new.to_string()>
                    <legend>
                        {move || if is_new { tr!("setup-topic-new") } else { tr!("setup-topic", { "n" => i + 1 }) }}
                    </legend>
                    <div class="fee-field">
                        <label for=format!("{id}-key")>{move || tr!("setup-topic-key")}</label>
                        <input id=format!("{id}-key") name=format!("{p}.key") value=text_of(topic.get("key"))
                            dir="ltr" aria-invalid=marked("key").then_some("true")
                            aria-describedby=marked("key").then_some("setup-error") data-testid=format!("{id}-key")/>
                    </div>
                    <fieldset class="labels">
                        <legend>{move || tr!("setup-topic-names")}</legend>
                        {per_language(format!("{id}-name"), format!("{p}.names"), topic.get("names").cloned(), marked("names"))}
                    </fieldset>
                    <div class="fee-field">
                        <label for=format!("{id}-priority")>{move || tr!("setup-topic-priority")}</label>
                        {choice(format!("{id}-priority"), format!("{p}.priority"),
                            PRIORITIES.iter().map(|k| (*k).to_owned()).collect(), text_of(topic.get("priority")),
                            |k| crate::i18n::text(label_id(k)), marked("priority"))}
                    </div>
                    <div class="fee-field">
                        <label for=format!("{id}-team")>{move || tr!("setup-topic-team")}</label>
                        {choice(format!("{id}-team"), format!("{p}.team"), teams.clone(),
                            text_of(topic.get("team")), |t| t.to_owned(), marked("team"))}
                    </div>
                    <div class="fee-field">
                        <label for=format!("{id}-skill")>{move || tr!("setup-topic-skill")}</label>
                        <input id=format!("{id}-skill") name=format!("{p}.skill") value=text_of(topic.get("skill"))
                            dir="ltr" data-testid=format!("{id}-skill")/>
                    </div>
                    <label class="check" for=format!("{id}-complaint")>
                        <input type="checkbox" id=format!("{id}-complaint") name=format!("{p}.complaint:b")
                            checked=topic.get("complaint").and_then(|c| c.as_bool()).unwrap_or(false)
                            data-testid=format!("{id}-complaint")/>
                        {move || tr!("setup-topic-complaint")}
                    </label>
                    <div class="fields">{field_rows}</div>
                    <div class="fee-field">
                        <label for=format!("{id}-order")>{move || tr!("setup-order")}</label>
                        <input id=format!("{id}-order") type="number" name=format!("{p}._order:n")
                            value=(i + 1).to_string() min="1" step="1"/>
                    </div>
                    {(!is_new).then(|| view! {
                        <label class="check" for=format!("{id}-remove")>
                            <input type="checkbox" id=format!("{id}-remove") name=format!("{p}._remove:b")
                                data-testid=format!("{id}-remove")/>
                            {move || tr!("setup-remove")}
                        </label>
                    })}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/api/admin/sites/{site}/setup/topics") class="setup-form topics-form"
            data-testid="topics-form">
            <super::security::CsrfField/>
            <h2>{move || tr!("setup-part", { "part" => "topics" })}</h2>
            <p class="hint">{move || tr!("setup-topics-hint")}</p>
            {rows}
            <button type="submit" data-testid="topics-save">{move || tr!("setup-save")}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_setup_field_has_its_own_label() {
        let mut ids = Vec::new();
        for (key, _) in TARGETS {
            assert!(label_id(key).starts_with("setup-target-"), "{key}");
            ids.push(label_id(key));
        }
        for key in DAYS {
            assert!(label_id(key).starts_with("setup-day-"), "{key}");
            ids.push(label_id(key));
        }
        for key in KINDS {
            assert!(label_id(key).starts_with("setup-kind-"), "{key}");
            ids.push(label_id(key));
        }
        for key in PRIORITIES {
            assert!(label_id(key).starts_with("setup-priority-"), "{key}");
            ids.push(label_id(key));
        }
        for key in [
            "key",
            "names",
            "currency",
            "first_kg",
            "first_price",
            "step_kg",
            "step_price",
            "max_kg",
        ] {
            assert!(label_id(key).starts_with("setup-fee-"), "{key}");
            ids.push(label_id(key));
        }
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "no two fields share a label");
        assert_eq!(
            field_at(Some("targets.warn_percent"), "targets"),
            Some("warn_percent")
        );
        assert_eq!(
            field_at(Some("fees[0].currency"), "fees"),
            Some("[0].currency")
        );
        assert_eq!(field_at(Some("teams[1].calendar"), "fees"), None);
        assert_eq!(field_at(None, "fees"), None);
    }
}
