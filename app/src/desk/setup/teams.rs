//! The regional teams as a form.

use leptos::prelude::*;
use leptos_fluent::tr;

use super::fields::{field_at, label_id, text_of};

/// Weekdays as the calendar writes them.
pub(super) const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Blank shift rows offered per team (to add shifts without script).
pub(super) const NEW_SHIFTS: usize = 3;
/// Blank closure dates offered per team.
pub(super) const NEW_CLOSURES: usize = 2;

/// The regional teams as a form: per team its name, time zone (a list to
/// search), shifts (a weekday with start and end; an end at or before the
/// start runs past midnight; several a day for split shifts), closed
/// dates, supervisor and on-call person from the site's staff; a position
/// and a box to remove. A blank team and blank shift and date rows add.
#[component]
pub(super) fn TeamsForm(
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
                                    {move || crate::i18n::t(label_id(d))}
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
                        <label for=id.clone()>{move || crate::i18n::t(label)}</label>
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
            <crate::desk::security::CsrfField/>
            <h2>{move || tr!("setup-part", { "part" => "teams" })}</h2>
            <p class="hint">{move || tr!("setup-teams-hint")}</p>
            <datalist id="time-zones">{zone_options}</datalist>
            {rows}
            <button type="submit" data-testid="teams-save">{move || tr!("setup-save")}</button>
        </form>
    }
}
