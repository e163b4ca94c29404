//! The case panel's account of the site's bot (issue 20): whether it still
//! holds the conversation, when it handed over, and the articles it offered
//! with the customer's "did this help?" on each. The bot's own messages
//! are in the conversation above, as the customer saw them.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::protocol::BotView;

/// The bot's part, if it took part.
#[component]
pub fn BotPart(bot: Option<BotView>, locale: Signal<String>) -> impl IntoView {
    bot.map(|b| {
        let handed = b.handed_over_at;
        view! {
            <section class="bot-part" aria-labelledby="bot-heading" data-testid="bot-part"
                data-holding=b.holding.to_string()>
                <h3 id="bot-heading">{move || tr!("case-bot")}</h3>
                <p>
                    {move || match handed {
                        _ if b.holding => tr!("case-bot-holding"),
                        Some(at) => tr!("case-bot-handed", {
                            "time" => super::case::time_text(at, &locale.get())
                        }),
                        None => tr!("case-bot-answered"),
                    }}
                </p>
                {(!b.offered.is_empty()).then(|| view! {
                    <ul data-testid="bot-offered">
                        {b.offered.into_iter().map(|o| {
                            let verdict = match o.helpful {
                                Some(true) => "yes",
                                Some(false) => "no",
                                None => "none",
                            };
                            let title = if o.title.is_empty() { format!("#{}", o.article_id) } else { o.title };
                            view! {
                                <li data-testid="bot-offered-article" data-helpful=verdict>
                                    <span lang=o.locale dir="auto">{title}</span>
                                    " · "
                                    {move || tr!("case-bot-verdict", { "verdict" => verdict })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </section>
        }
    })
}
