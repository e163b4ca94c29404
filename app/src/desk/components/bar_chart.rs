//! A bar chart drawn as SVG when the page is rendered (no chart library
//! in the bundle), hidden from screen readers, with what they read
//! instead: a one-sentence summary and the data table. Mirrored for
//! right-to-left languages.

use leptos::prelude::*;
use leptos_fluent::tr;

/// One bar: its key (`data-key`), label and value (`None`: nothing to
/// show, no bar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bar {
    /// Stable key.
    pub key: String,
    /// What the reader sees.
    pub label: String,
    /// The value.
    pub value: Option<i64>,
}

const WIDTH: i64 = 400;
const LABEL: i64 = 140;
const ROOM: i64 = 200;
const ROW: usize = 22;

/// "Highest: X (v); lowest: Y (w)." — or that there is nothing to show.
fn summary(bars: &[Bar], value_text: &Callback<i64, String>) -> String {
    let known = || bars.iter().filter_map(|b| b.value.map(|v| (b, v)));
    let high = known().max_by_key(|(_, v)| *v);
    let low = known().min_by_key(|(_, v)| *v);
    match (high, low) {
        (Some((h, hv)), Some((l, lv))) => tr!("chart-summary", {
            "count" => bars.len(),
            "high" => h.label.clone(),
            "high_value" => value_text.run(hv),
            "low" => l.label.clone(),
            "low_value" => value_text.run(lv),
        }),
        _ => tr!("chart-empty"),
    }
}

/// The chart `id` (`data-testid="chart-{id}"`, its table `table-{id}`).
#[component]
pub(crate) fn BarChart(
    id: &'static str,
    title: String,
    bars: Vec<Bar>,
    #[prop(into)] value_text: Callback<i64, String>,
    /// Right to left: labels on the right, bars growing leftwards.
    #[prop(optional)]
    rtl: bool,
    /// A target drawn as a line across the bars.
    #[prop(optional)]
    target: Option<i64>,
) -> impl IntoView {
    let max = bars
        .iter()
        .filter_map(|b| b.value)
        .chain(target)
        .max()
        .unwrap_or(0)
        .max(1);
    let height = ROW * bars.len().max(1);
    let x = move |offset: i64| if rtl { WIDTH - offset } else { offset };
    let dir = if rtl { "rtl" } else { "ltr" };
    let said = summary(&bars, &value_text);
    let drawn = bars.clone();
    let target_line = target.map(|t| {
        let at = x(LABEL + t * ROOM / max);
        view! {
            <line class="target" x1=at.to_string() x2=at.to_string() y1="0" y2=height.to_string()></line>
        }
    });
    view! {
        <figure class="chart" data-testid=format!("chart-{id}")>
            <figcaption>{title.clone()}</figcaption>
            <p class="chart-summary" data-testid=format!("summary-{id}")>{said}</p>
            <svg aria-hidden="true" viewBox=format!("0 0 {WIDTH} {height}") width="100%" height=height.to_string()
                direction=dir>
                {drawn.into_iter().enumerate().map(|(i, b)| {
                    let y = i * ROW;
                    let w = b.value.map_or(0, |v| if v > 0 { (v * ROOM / max).max(2) } else { 0 });
                    let start = if rtl { WIDTH - LABEL - w } else { LABEL };
                    let text = b.value.map(|v| value_text.run(v)).unwrap_or_else(|| "—".to_owned());
                    view! {
                        <text x=x(0).to_string() y=(y + 15).to_string() font-size="12">{b.label.clone()}</text>
                        <rect x=start.to_string() y=(y + 4).to_string() width=w.to_string() height="14" class="bar"></rect>
                        <text x=x(LABEL + w + 4).to_string() y=(y + 15).to_string() font-size="11">{text}</text>
                    }
                }).collect_view()}
                {target_line}
            </svg>
            <table class="ledger" data-testid=format!("table-{id}")>
                <caption class="sr-only">{title}</caption>
                <tbody>
                    {bars.into_iter().map(|b| view! {
                        <tr data-key=b.key.clone() data-value=b.value.map(|v| v.to_string()).unwrap_or_default()>
                            <th scope="row">{b.label.clone()}</th>
                            <td>{b.value.map(|v| value_text.run(v)).unwrap_or_else(|| "—".to_owned())}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </figure>
    }
}
