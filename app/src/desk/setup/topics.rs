//! Topics and their intake fields as a form.

use leptos::prelude::*;
use leptos_fluent::tr;

use super::fields::{field_at, label_id, text_of};

/// Kinds of form fields, as written.
pub(super) const KINDS: [&str; 6] = ["text", "number", "date", "country", "reference", "upload"];
/// Priorities, as written.
pub(super) const PRIORITIES: [&str; 3] = ["urgent", "routine", "consultation"];

/// A `<select>` of `values` named `name` with `chosen` selected, a blank
/// first choice (a blank row stays blank), labels from `label(value)`.
pub(super) fn choice(
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
pub(super) fn per_language(
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
pub(super) fn TopicsForm(
    site: String,
    json: String,
    at: Option<String>,
    teams: Vec<String>,
) -> impl IntoView {
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
                                    |k| crate::i18n::t(label_id(k)), at_field("kind"))}
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
                            |k| crate::i18n::t(label_id(k)), marked("priority"))}
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
            <crate::desk::security::CsrfField/>
            <h2>{move || tr!("setup-part", { "part" => "topics" })}</h2>
            <p class="hint">{move || tr!("setup-topics-hint")}</p>
            {rows}
            <button type="submit" data-testid="topics-save">{move || tr!("setup-save")}</button>
        </form>
    }
}
