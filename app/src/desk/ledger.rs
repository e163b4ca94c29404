//! `/desk/complaints`: the complaint ledger (R-CMP1) with its filters
//! (state, overdue, topic, owner, severity, dates), CSV export, and one
//! complaint's case view with its clocks, history, compensation and the
//! forms for its next step (plain forms: they work before the script
//! loads). `/desk/complaints/analysis`: the monthly analysis (R-CMP3), each
//! chart with its data table, and CSV.

use leptos::prelude::*;

use crate::api::query_value;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::complaint::{clock_name, standing_name, step_name};
use super::components::bar_chart::{Bar, BarChart};
use super::security::{CsrfField, DateTime};
use crate::api::{load_analysis, load_complaints};
use crate::complaints::{
    AnalysisView, CaseView, ComplaintView, Figure, LedgerFilter, LedgerView, RootCause, Severity,
    Step,
};
use crate::error::ErrorCode;
use crate::i18n::error_text;

/// The filters as a query string (for the CSV link).
fn query_of(f: &LedgerFilter) -> String {
    let mut pairs: Vec<String> = Vec::new();
    let mut push = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            pairs.push(format!("{k}={}", query_value(&v)));
        }
    };
    push("site", f.site.clone());
    push("state", f.state.clone());
    push("overdue", f.overdue.then(|| "true".to_owned()));
    push("category", f.category.clone());
    push("owner", f.owner.map(|o| o.to_string()));
    push("severity", f.severity.map(|s| s.as_str().to_owned()));
    push("from", f.from.clone());
    push("until", f.until.clone());
    pairs.join("&")
}

fn locale() -> Signal<String> {
    let i18n = expect_context::<leptos_fluent::I18n>();
    Signal::derive(move || i18n.language.get().id.to_string())
}

/// A root cause's name: the site's own, else the shipped one for the
/// default keys, else the key.
pub(crate) fn cause_name(causes: &[RootCause], key: &str, locale: &str) -> String {
    match causes.iter().find(|c| c.key == key) {
        Some(c) if !c.names.is_empty() => c.name(locale).to_owned(),
        _ => tr!("complaint-root-cause", { "key" => key.to_owned() }),
    }
}

/// The ledger page.
#[component]
pub fn ComplaintsPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        let text = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
        LedgerFilter {
            site: text("site"),
            state: text("state"),
            overdue: text("overdue").is_some(),
            category: text("category"),
            owner: text("owner").and_then(|o| o.parse().ok()),
            severity: text("severity").and_then(|s| Severity::parse(&s)),
            from: text("from"),
            until: text("until"),
        }
    });
    let id = Memo::new(move |_| query.read().get("id").and_then(|v| v.parse::<i64>().ok()));
    let saved = move || query.read().get("saved").is_some();
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    let locale = locale();
    let data = Resource::new(
        move || (filter.get(), id.get(), locale.get()),
        |(f, id, l)| load_complaints(f, id, l),
    );
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "complaints-title")/>
        <main class="texts complaints">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("complaints-title")}</h1>
            {move || saved().then(|| view! {
                <p class="notice" role="status" data-testid="complaint-saved">{move || tr!("texts-saved")}</p>
            })}
            {move || error().map(|code| view! {
                <p class="error" role="alert" data-testid="complaint-error" data-code=code.as_str()>{move || error_text(code)}</p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "complaints", |v| view! { <Ledger v/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Ledger(v: LedgerView) -> impl IntoView {
    let f = v.filter.clone();
    let csv = format!("/api/complaints.csv?{}", query_of(&f));
    let selected = |a: Option<&str>, b: &str| a == Some(b);
    let states = [
        "open",
        "closed",
        "raised",
        "registered",
        "investigated",
        "resolved",
        "answered",
    ];
    let case = v.case.clone();
    let owners = v.owners.clone();
    view! {
        {case.map(|c| view! { <Case c owners=owners.clone()/> })}
        <form method="get" action="/desk/complaints" class="ledger-filter" data-testid="complaint-filter">
            <label for="f-site">{move || tr!("complaints-site")}</label>
            <select id="f-site" name="site">
                <option value="">{move || tr!("complaints-all")}</option>
                {v.sites.iter().map(|s| view! {
                    <option value=s.clone() selected=selected(f.site.as_deref(), s)>{s.clone()}</option>
                }).collect_view()}
            </select>
            <label for="f-state">{move || tr!("complaints-state")}</label>
            <select id="f-state" name="state" data-testid="filter-state">
                <option value="">{move || tr!("complaints-all")}</option>
                {states.into_iter().map(|s| view! {
                    <option value=s selected=selected(f.state.as_deref(), s)>
                        {move || tr!("complaints-state-option", { "state" => s })}
                    </option>
                }).collect_view()}
            </select>
            <label class="check">
                <input type="checkbox" name="overdue" value="true" checked=f.overdue data-testid="filter-overdue"/>
                {move || tr!("complaints-overdue")}
            </label>
            <label for="f-category">{move || tr!("complaints-category")}</label>
            <select id="f-category" name="category" data-testid="filter-category">
                <option value="">{move || tr!("complaints-all")}</option>
                {v.categories.iter().map(|(k, n)| view! {
                    <option value=k.clone() selected=selected(f.category.as_deref(), k)>{n.clone()}</option>
                }).collect_view()}
            </select>
            <label for="f-owner">{move || tr!("complaints-owner")}</label>
            <select id="f-owner" name="owner" data-testid="filter-owner">
                <option value="">{move || tr!("complaints-all")}</option>
                {v.owners.iter().map(|(id, n)| view! {
                    <option value=id.to_string() selected=f.owner == Some(*id)>{n.clone()}</option>
                }).collect_view()}
            </select>
            <label for="f-severity">{move || tr!("complaints-severity")}</label>
            <select id="f-severity" name="severity" data-testid="filter-severity">
                <option value="">{move || tr!("complaints-all")}</option>
                {Severity::ALL.into_iter().map(|s| view! {
                    <option value=s.as_str() selected=f.severity == Some(s)>
                        {move || tr!("complaint-severity", { "severity" => s.as_str() })}
                    </option>
                }).collect_view()}
            </select>
            <label for="f-from">{move || tr!("audit-from")}</label>
            <input id="f-from" name="from" type="date" value=f.from.clone().unwrap_or_default()/>
            <label for="f-until">{move || tr!("audit-until")}</label>
            <input id="f-until" name="until" type="date" value=f.until.clone().unwrap_or_default()/>
            <button type="submit" data-testid="filter-apply">{move || tr!("audit-apply")}</button>
        </form>
        <p>
            <a href=csv download="complaints.csv" data-testid="complaints-export">{move || tr!("complaints-export")}</a>
            " · "
            <a href="/desk/complaints/analysis" data-testid="analysis-link">{move || tr!("analysis-title")}</a>
        </p>
        <table class="ledger" data-testid="complaint-ledger">
            <caption class="sr-only">{move || tr!("complaints-title")}</caption>
            <thead><tr>
                <th scope="col">"#"</th>
                <th scope="col">{move || tr!("complaints-raised")}</th>
                <th scope="col">{move || tr!("complaints-customer")}</th>
                <th scope="col">{move || tr!("complaints-category")}</th>
                <th scope="col">{move || tr!("complaints-severity")}</th>
                <th scope="col">{move || tr!("complaints-owner")}</th>
                <th scope="col">{move || tr!("complaints-state")}</th>
                <th scope="col">{move || tr!("complaints-clocks")}</th>
            </tr></thead>
            <tbody>
                {v.complaints.into_iter().map(|c| view! { <Row c/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn Row(c: ComplaintView) -> impl IntoView {
    let step = c.step;
    let severity = c.severity;
    let open = c.clocks.iter().rev().find(|k| k.done_at.is_none()).cloned();
    view! {
        <tr data-testid="complaint-row" data-id=c.id data-step=step.as_str() data-overdue=c.overdue.to_string()
            data-severity=severity.as_str() class:overdue=c.overdue>
            <td><a href=format!("/desk/complaints?id={}", c.id)>{c.id}</a></td>
            <td><DateTime ms=c.raised_at/></td>
            <td>{c.customer.clone()}</td>
            <td>{c.category.clone().unwrap_or_default()}</td>
            <td>{move || tr!("complaint-severity", { "severity" => severity.as_str() })}</td>
            <td>{c.owner.clone().unwrap_or_default()}</td>
            <td>{move || step_name(step)}</td>
            <td>{open.map(|k| view! {
                {move || clock_name(k.clock)} ": " {move || standing_name(k.standing)}
            })}</td>
        </tr>
    }
}

/// One complaint: facts, clocks, history, compensation and its next step.
#[component]
fn Case(c: CaseView, owners: Vec<(i64, String)>) -> impl IntoView {
    let locale = locale();
    let k = c.complaint.clone();
    let id = k.id;
    let action = format!("/api/complaints/{id}/act");
    let next = k.step.next();
    let causes = c.root_causes.clone();
    let cause = k.root_cause.clone();
    let step = k.step;
    let severity = k.severity;
    view! {
        <section class="complaint-case" aria-labelledby="case-title" data-testid="complaint-case"
            data-id=id data-step=step.as_str()>
            <h2 id="case-title">{move || tr!("complaint-case", { "id" => id.to_string() })}</h2>
            <dl>
                <dt>{move || tr!("complaints-customer")}</dt>
                <dd><a href=format!("/desk?c={}", k.conversation_id)>{k.customer.clone()}</a></dd>
                {(!c.linked.is_empty()).then(|| view! {
                    <dt>{move || tr!("complaint-linked")}</dt>
                    <dd data-testid="case-linked">
                        {c.linked.iter().map(|l| view! {
                            <a href=format!("/desk?c={l}") data-conversation=*l>{format!("#{l}")}</a> " "
                        }).collect_view()}
                    </dd>
                })}
                <dt>{move || tr!("complaint-summary")}</dt>
                <dd dir="auto" data-testid="case-summary">{k.summary.clone()}</dd>
                <dt>{move || tr!("complaints-severity")}</dt>
                <dd>{move || tr!("complaint-severity", { "severity" => severity.as_str() })}</dd>
                <dt>{move || tr!("complaints-owner")}</dt>
                <dd data-testid="case-owner">{k.owner.clone().unwrap_or_default()}</dd>
                <dt>{move || tr!("complaints-state")}</dt>
                <dd data-testid="case-step">{move || step_name(step)}</dd>
                <dt>{move || tr!("complaint-result")}</dt>
                <dd dir="auto">{k.result.clone()}</dd>
                <dt>{move || tr!("complaint-cause")}</dt>
                <dd data-testid="case-cause">{cause.clone().map(|key| {
                    let causes = causes.clone();
                    move || cause_name(&causes, &key, &locale.get())
                })}</dd>
            </dl>
            <table class="ledger" data-testid="case-clocks">
                <caption>{move || tr!("complaints-clocks")}</caption>
                <thead><tr>
                    <th scope="col">{move || tr!("complaints-clock")}</th>
                    <th scope="col">{move || tr!("complaints-due")}</th>
                    <th scope="col">{move || tr!("complaints-done")}</th>
                    <th scope="col">{move || tr!("complaints-standing")}</th>
                </tr></thead>
                <tbody>
                    {k.clocks.iter().map(|clock| {
                        let (which, standing) = (clock.clock, clock.standing);
                        view! {
                            <tr data-clock=which.as_str() data-standing=standing.as_str()>
                                <td>{move || clock_name(which)}</td>
                                <td>{clock.due_at.map(|ms| view! { <DateTime ms/> })}</td>
                                <td>{clock.done_at.map(|ms| view! { <DateTime ms/> })}</td>
                                <td>{move || standing_name(standing)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <h3>{move || tr!("complaint-history")}</h3>
            <ol class="history" data-testid="case-history">
                {c.steps.iter().map(|s| {
                    let action = s.action.clone();
                    let attr = action.clone();
                    let who = s.who.clone();
                    view! {
                        <li data-action=attr>
                            {move || tr!("complaint-history-line", { "action" => action.clone(), "who" => who.clone() })}
                            " " <DateTime ms=s.at/>
                            {(!s.note.is_empty()).then(|| view! { <q dir="auto">{s.note.clone()}</q> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {(!c.compensations.is_empty()).then(|| view! {
                <h3>{move || tr!("compensation-heading")}</h3>
                <ul data-testid="case-compensation">
                    {c.compensations.clone().into_iter().map(|l| {
                        let outcome = l.decision.as_ref().map(|d| d.outcome.as_str()).unwrap_or("waiting");
                        let amount = l.amount.clone();
                        let kind = l.kind;
                        view! {
                            <li data-outcome=outcome>
                                {move || tr!("compensation-kind", { "kind" => kind.as_str() })} " "
                                {move || crate::notices::money_text(&amount, &locale.get())} " · "
                                {move || tr!("complaints-outcome", { "outcome" => outcome })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            {next.filter(|_| c.may_act).map(|next| view! {
                <form method="post" action=action.clone() class="complaint-step" data-testid="complaint-step-form">
                    <CsrfField/>
                    <input type="hidden" name="step" value=next.as_str()/>
                    {(next == Step::Resolved).then(|| view! {
                        <label for="step-result">{move || tr!("complaint-result")}</label>
                        <textarea id="step-result" name="result" rows="2" maxlength="2000" required data-testid="step-result"></textarea>
                    })}
                    {(next == Step::Closed).then(|| {
                        let causes = c.root_causes.clone();
                        view! {
                            <label for="step-cause">{move || tr!("complaint-cause")}</label>
                            <select id="step-cause" name="root_cause" required data-testid="step-cause">
                                {causes.iter().map(|rc| {
                                    let key = rc.key.clone();
                                    let value = key.clone();
                                    let all = causes.clone();
                                    view! { <option value=value>{move || cause_name(&all, &key, &locale.get())}</option> }
                                }).collect_view()}
                            </select>
                        }
                    })}
                    <label for="step-note">{move || tr!("complaint-note")}</label>
                    <textarea id="step-note" name="note" rows="2" maxlength="2000" data-testid="step-note"></textarea>
                    <button type="submit" data-testid="step-submit" data-step=next.as_str()>
                        {move || tr!("complaint-take-step", { "step" => next.as_str() })}
                    </button>
                </form>
            })}
            {(c.may_act && !c.others.is_empty()).then(|| view! {
                <form method="post" action=action.clone() class="complaint-link" data-testid="complaint-link-form">
                    <CsrfField/>
                    <label for="case-link">{move || tr!("complaint-link")}</label>
                    <select id="case-link" name="link" data-testid="case-link">
                        {c.others.iter().map(|(oid, preview)| view! {
                            <option value=oid.to_string()>{format!("#{oid} · {preview}")}</option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="secondary" data-testid="case-link-save">{move || tr!("complaint-link-save")}</button>
                </form>
            })}
            {c.may_act.then(|| view! {
                <form method="post" action=action.clone() class="complaint-owner" data-testid="complaint-owner-form">
                    <CsrfField/>
                    <label for="case-owner-select">{move || tr!("complaints-owner")}</label>
                    <select id="case-owner-select" name="owner" data-testid="case-owner-select">
                        {owners.iter().map(|(oid, n)| view! {
                            <option value=oid.to_string() selected=k.owner_id == Some(*oid)>{n.clone()}</option>
                        }).collect_view()}
                    </select>
                    <label for="case-severity">{move || tr!("complaints-severity")}</label>
                    <select id="case-severity" name="severity">
                        {Severity::ALL.into_iter().map(|s| view! {
                            <option value=s.as_str() selected=s == severity>
                                {move || tr!("complaint-severity", { "severity" => s.as_str() })}
                            </option>
                        }).collect_view()}
                    </select>
                    <button type="submit" class="secondary" data-testid="case-owner-save">{move || tr!("setup-save")}</button>
                </form>
            })}
        </section>
    }
}

/// The monthly analysis page.
#[component]
pub fn AnalysisPage() -> impl IntoView {
    let query = use_query_map();
    let site = Memo::new(move |_| query.read().get("site").unwrap_or_default());
    let month = Memo::new(move |_| query.read().get("month").unwrap_or_default());
    let locale = locale();
    let data = Resource::new(
        move || (site.get(), month.get(), locale.get()),
        |(s, m, l)| load_analysis(s, m, l),
    );
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "analysis-title")/>
        <main class="texts analysis">
            <p><a href="/desk/complaints">{move || tr!("complaints-title")}</a></p>
            <h1>{move || tr!("analysis-title")}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "analysis", |a| view! { <Analysis a/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

/// A chart of the analysis's figures (`value < 0`: nothing to show).
#[component]
fn Chart(
    id: &'static str,
    title: String,
    figures: Vec<Figure>,
    #[prop(into)] value_text: Callback<i64, String>,
) -> impl IntoView {
    let bars = figures
        .into_iter()
        .map(|f| Bar {
            key: f.key,
            label: f.label,
            value: (f.value >= 0).then_some(f.value),
        })
        .collect();
    let rtl = crate::locale::is_rtl(&locale().get_untracked());
    view! { <BarChart id title bars value_text rtl/> }
}

fn percent(bp: i64) -> String {
    if bp < 0 {
        "—".to_owned()
    } else {
        format!("{} %", crate::fees::decimal_text(bp, 2))
    }
}

#[component]
fn Analysis(a: AnalysisView) -> impl IntoView {
    let locale = locale();
    let csv = format!(
        "/api/complaints/analysis.csv?site={}&month={}",
        query_value(&a.site),
        query_value(&a.month)
    );
    let comp_csv = format!("/api/compensations.csv?site={}", query_value(&a.site));
    let name_or = |figures: Vec<Figure>, name: &dyn Fn(&str) -> String| -> Vec<Figure> {
        figures
            .into_iter()
            .map(|f| {
                let label = if f.label.is_empty() {
                    name(&f.key)
                } else {
                    f.label.clone()
                };
                Figure { label, ..f }
            })
            .collect()
    };
    let loc = locale.get_untracked();
    let by_category = name_or(a.by_category.clone(), &|k| {
        if k.is_empty() {
            tr!("complaints-no-topic")
        } else {
            k.to_owned()
        }
    });
    let by_cause = name_or(a.by_root_cause.clone(), &|k| cause_name(&[], k, &loc));
    let on_time = name_or(a.on_time.clone(), &|k| {
        crate::complaints::ComplaintClock::parse(k)
            .map(clock_name)
            .unwrap_or_default()
    });
    let compensation = name_or(
        a.compensation.clone(),
        &|k| tr!("compensation-kind", { "kind" => k.to_owned() }),
    );
    let (currency, exponent) = (a.currency.clone(), a.exponent);
    let money = move |minor: i64| {
        crate::notices::money_text(
            &crate::compensation::Amount {
                minor,
                currency: currency.clone(),
                exponent,
            },
            &locale.get_untracked(),
        )
    };
    let share = a.share_basis_points;
    let over = share > 500;
    view! {
        <form method="get" action="/desk/complaints/analysis" class="ledger-filter" data-testid="analysis-filter">
            <label for="a-site">{move || tr!("complaints-site")}</label>
            <select id="a-site" name="site">
                {a.sites.iter().map(|s| view! { <option value=s.clone() selected=*s == a.site>{s.clone()}</option> }).collect_view()}
            </select>
            <label for="a-month">{move || tr!("analysis-month")}</label>
            <input id="a-month" name="month" type="month" value=a.month.clone() data-testid="analysis-month"/>
            <button type="submit">{move || tr!("audit-apply")}</button>
        </form>
        <p>
            <a href=csv download="complaints-analysis.csv" data-testid="analysis-export">{move || tr!("complaints-export")}</a>
            " · "
            <a href=comp_csv download="compensations.csv" data-testid="compensation-export">{move || tr!("analysis-compensation-export")}</a>
        </p>
        <p data-testid="analysis-share" data-complaints=a.complaints data-conversations=a.conversations
            data-basis-points=share class:over-target=over>
            {move || tr!("analysis-share", {
                "complaints" => a.complaints,
                "conversations" => a.conversations,
                "share" => percent(share),
            })}
        </p>
        <Chart id="category" title=tr!("analysis-by-category") figures=by_category value_text=|v: i64| v.to_string()/>
        <Chart id="root-cause" title=tr!("analysis-by-root-cause") figures=by_cause value_text=|v: i64| v.to_string()/>
        <Chart id="on-time" title=tr!("analysis-on-time") figures=on_time value_text=percent/>
        <Chart id="compensation" title=tr!("analysis-compensation") figures=compensation value_text=money/>
        <Chart id="trend" title=tr!("analysis-trend") figures=a.trend.clone() value_text=|v: i64| v.to_string()/>
    }
}
