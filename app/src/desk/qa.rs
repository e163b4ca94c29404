//! `/desk/qa` (issue 21, R-QA3): the weekly QA review. Supervisors and
//! admins see a site's week — when and with which seed it was drawn, the
//! sample (drawn or added by hand) with each review, the conversations
//! closed and not sampled, the score sheet — and fill reviews of
//! conversations they did not handle; everyone sees the reviews of their
//! own conversations. The server draws, scores and decides; this page
//! displays and posts plain forms.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::security::{CsrfField, DateTime};
use crate::api::{load_qa, query_value};
use crate::qa::{QaCriterion, QaReviewView, QaSampleRow, QaView, QaWeekView};

/// Empty rows the sheet form offers for new criteria.
const NEW_ROWS: usize = 2;

/// A score in basis points as a percentage.
fn score_text(bp: u32) -> String {
    format!("{} %", crate::fees::decimal_text(i64::from(bp), 2))
}

/// The quality-review page.
#[component]
pub fn QaPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let asked = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("site").unwrap_or_default(),
            q.get("week").unwrap_or_default(),
        )
    });
    let outcome = super::form_outcome("done");
    let data = Resource::new(move || asked.get(), |(site, week)| load_qa(site, week));
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "qa-title")/>
        <main class="texts qa">
            <h1>{move || tr!("qa-title")}</h1>
            {move || match outcome.get() {
                (Some(done), _) => Some(view! {
                    <p role="status" data-testid="qa-done" data-done=done.clone()>
                        {tr!("qa-done", { "done" => done.clone() })}
                    </p>
                }.into_any()),
                (None, Some(code)) => Some(view! { <super::FormError form="qa" code/> }.into_any()),
                _ => None,
            }}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "qa", |v| view! { <Qa v/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Qa(v: QaView) -> impl IntoView {
    let sites = v.sites.clone();
    view! {
        {v.week.map(|w| view! { <Week w sites/> })}
        <section class="qa-mine" aria-labelledby="qa-mine-title" data-testid="qa-mine">
            <h2 id="qa-mine-title">{move || tr!("qa-mine-title")}</h2>
            {v.mine.is_empty().then(|| view! { <p>{move || tr!("qa-mine-none")}</p> })}
            <ul class="qa-reviews">
                {v.mine.into_iter().map(|r| {
                    let (conversation, score) = (r.conversation, r.score);
                    view! {
                        <li data-testid="qa-my-review" data-conversation=conversation data-score=score>
                            <ReviewText r/>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// A review: its score, who and when, the points, the comment.
#[component]
fn ReviewText(r: QaReviewView) -> impl IntoView {
    view! {
        <p>
            <strong>{score_text(r.score)}</strong>" · "
            {tr!("qa-reviewed-by", { "name" => r.reviewer.clone(), "agent" => r.agent.clone(), "conversation" => r.conversation })}
            " "<DateTime ms=r.at/>
        </p>
        <ul class="qa-points">
            {r.criteria.into_iter().map(|c| view! {
                <li data-key=c.key.clone() data-points=c.points>
                    {tr!("qa-points", { "criterion" => tr!("qa-criterion", { "key" => c.key.clone() }), "points" => c.points, "weight" => c.weight })}
                </li>
            }).collect_view()}
        </ul>
        {(!r.comment.is_empty()).then(|| view! { <blockquote class="qa-comment">{r.comment.clone()}</blockquote> })}
    }
}

#[component]
fn Week(w: QaWeekView, sites: Vec<String>) -> impl IntoView {
    let site = w.site.clone();
    let base = format!("/api/admin/sites/{}/qa", query_value(&site));
    let nav = |week: &str| format!("/desk/qa?site={}&week={}", query_value(&site), week);
    let previous = nav(&w.previous);
    let next = nav(&w.next);
    let sampled = w.samples.len();
    view! {
        <form method="get" action="/desk/qa" class="report-filter" data-testid="qa-filter">
            <label for="qa-site">{move || tr!("report-site")}</label>
            <select id="qa-site" name="site" data-testid="qa-site">
                {sites.into_iter().map(|s| {
                    let selected = s == w.site;
                    view! { <option value=s.clone() selected=selected>{s.clone()}</option> }
                }).collect_view()}
            </select>
            <label for="qa-week">{move || tr!("qa-week-label")}</label>
            <input id="qa-week" type="date" name="week" value=w.week.clone() data-testid="qa-week"/>
            <button type="submit" data-testid="qa-apply">{move || tr!("report-apply")}</button>
        </form>
        <h2 data-testid="qa-week-title" data-week=w.week.clone()>
            {tr!("qa-week-title", { "from" => w.week.clone(), "until" => w.last_day.clone(), "tz" => w.time_zone.clone() })}
        </h2>
        <p class="qa-nav">
            <a href=previous data-testid="qa-previous">{move || tr!("qa-previous")}</a>
            " · "
            <a href=next data-testid="qa-next">{move || tr!("qa-next")}</a>
        </p>
        <p data-testid="qa-scope">{if w.whole_site { tr!("report-scope-site") } else { tr!("report-scope-teams") }}</p>
        <p data-testid="qa-counts" data-closed=w.closed data-sampled=sampled>
            {tr!("qa-counts", { "closed" => w.closed, "sampled" => sampled })}
        </p>
        {match (w.drawn_at, w.seed.clone()) {
            (Some(at), Some(seed)) => view! {
                <p data-testid="qa-drawn" data-seed=seed.clone()>
                    {tr!("qa-drawn", { "seed" => seed.clone() })}" "<DateTime ms=at/>
                    {(!w.ended).then(|| tr!("qa-drawn-early"))}
                </p>
            }.into_any(),
            _ => view! {
                <p data-testid="qa-not-drawn">{if w.ended { tr!("qa-not-drawn-ended") } else { tr!("qa-not-drawn") }}</p>
            }.into_any(),
        }}
        <form method="post" action=format!("{base}/draw") data-testid="qa-draw-form">
            <CsrfField/>
            <input type="hidden" name="week" value=w.week.clone()/>
            <button type="submit" data-testid="qa-draw">{move || tr!("qa-draw")}</button>
        </form>
        <Samples samples=w.samples.clone() sheet=w.sheet.clone() base=base.clone() week=w.week.clone()/>
        <section aria-labelledby="qa-unsampled-title">
            <h2 id="qa-unsampled-title">{move || tr!("qa-unsampled-title")}</h2>
            <ul class="qa-unsampled" data-testid="qa-unsampled">
                {w.unsampled.into_iter().map(|c| {
                    let label = tr!("qa-conversation", { "id" => c.conversation, "agent" => c.agent.clone() });
                    view! {
                        <li data-conversation=c.conversation>
                            <a href=format!("/desk?c={}", c.conversation)>{label.clone()}</a>" "<DateTime ms=c.closed_at/>
                            <form method="post" action=format!("{base}/samples") class="inline">
                                <CsrfField/>
                                <input type="hidden" name="week" value=w.week.clone()/>
                                <input type="hidden" name="conversation" value=c.conversation/>
                                <button type="submit" data-testid="qa-add" aria-label=tr!("qa-add-label", { "conversation" => c.conversation })>{tr!("qa-add")}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <Sheet sheet=w.sheet base week=w.week/>
    }
}

#[component]
fn Samples(
    samples: Vec<QaSampleRow>,
    sheet: Vec<QaCriterion>,
    base: String,
    week: String,
) -> impl IntoView {
    view! {
        <section aria-labelledby="qa-sample-title">
            <h2 id="qa-sample-title">{move || tr!("qa-sample-title")}</h2>
            {samples.is_empty().then(|| view! { <p>{move || tr!("qa-sample-none")}</p> })}
            <ul class="qa-samples" data-testid="qa-samples">
                {samples.into_iter().map(|s| {
                    let label = tr!("qa-conversation", { "id" => s.conversation, "agent" => s.agent.clone() });
                    let how = match &s.added_by {
                        Some(name) => tr!("qa-added-by", { "name" => name.clone() }),
                        None => tr!("qa-drawn-by-lot"),
                    };
                    let reviewed = s.review.is_some();
                    view! {
                        <li data-testid="qa-sample" data-conversation=s.conversation data-reviewed=reviewed.to_string()
                            data-added=if s.added_by.is_some() { "hand" } else { "draw" }>
                            <p><a href=format!("/desk?c={}", s.conversation)>{label}</a>" · "{how}</p>
                            {match (s.review, s.may_review) {
                                (Some(r), _) => view! { <ReviewText r/> }.into_any(),
                                (None, true) => view! {
                                    <ReviewForm conversation=s.conversation sheet=sheet.clone() base=base.clone() week=week.clone()/>
                                }.into_any(),
                                (None, false) => view! { <p data-testid="qa-own">{tr!("qa-own")}</p> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn ReviewForm(
    conversation: i64,
    sheet: Vec<QaCriterion>,
    base: String,
    week: String,
) -> impl IntoView {
    let comment_id = format!("qa-comment-{conversation}");
    view! {
        <form method="post" action=format!("{base}/reviews") class="qa-review" data-testid="qa-review-form">
            <CsrfField/>
            <input type="hidden" name="week" value=week/>
            <input type="hidden" name="conversation" value=conversation/>
            {sheet.into_iter().map(|c| {
                let id = format!("qa-points-{conversation}-{}", c.key);
                let name = format!("points.{}", c.key);
                view! {
                    <label for=id.clone()>{tr!("qa-criterion-weighted", { "criterion" => tr!("qa-criterion", { "key" => c.key.clone() }), "weight" => c.weight })}</label>
                    <select id=id name=name data-testid=format!("qa-points-{}", c.key) required>
                        <option value="" selected>{tr!("qa-points-choose")}</option>
                        {(0..=4).rev().map(|p| view! {
                            <option value=p>{tr!("qa-points-option", { "points" => p })}</option>
                        }).collect_view()}
                    </select>
                }
            }).collect_view()}
            <label for=comment_id.clone()>{move || tr!("qa-comment")}</label>
            <textarea id=comment_id name="comment" maxlength="4000" rows="2" data-testid="qa-comment"></textarea>
            <button type="submit" data-testid="qa-review-save">{move || tr!("qa-review-save")}</button>
        </form>
    }
}

#[component]
fn Sheet(sheet: Vec<QaCriterion>, base: String, week: String) -> impl IntoView {
    let rows: Vec<(usize, String, String)> = sheet
        .into_iter()
        .map(|c| (c.key, c.weight.to_string()))
        .chain(std::iter::repeat_n(
            (String::new(), String::new()),
            NEW_ROWS,
        ))
        .enumerate()
        .map(|(i, (k, w))| (i, k, w))
        .collect();
    view! {
        <section aria-labelledby="qa-sheet-title" data-testid="qa-sheet">
            <h2 id="qa-sheet-title">{move || tr!("qa-sheet-title")}</h2>
            <p>{move || tr!("qa-sheet-help")}</p>
            <form method="post" action=format!("{base}/sheet") data-testid="qa-sheet-form">
                <CsrfField/>
                <input type="hidden" name="week" value=week/>
                <table>
                    <thead><tr>
                        <th scope="col">{move || tr!("qa-sheet-key")}</th>
                        <th scope="col">{move || tr!("qa-sheet-weight")}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(i, key, weight)| {
                            let key_label = tr!("qa-sheet-key-row", { "row" => i + 1 });
                            let weight_label = tr!("qa-sheet-weight-row", { "row" => i + 1 });
                            view! {
                                <tr>
                                    <td><input name=format!("key.{i}") value=key pattern="[a-z_]{1,32}" maxlength="32"
                                        aria-label=key_label data-testid="qa-sheet-key"/></td>
                                    <td><input name=format!("weight.{i}") value=weight type="number" min="1" max="100"
                                        aria-label=weight_label data-testid="qa-sheet-weight"/></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <button type="submit" data-testid="qa-sheet-save">{move || tr!("qa-sheet-save")}</button>
            </form>
        </section>
    }
}
