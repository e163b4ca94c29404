//! The site's bot (issue 20, R-SELF2). With the bot on, a new conversation
//! is the bot's: no SLA clock runs and routing leaves it alone. To each of
//! the customer's messages the bot answers from the knowledge base when the
//! best article covers the question ([`crate::domain::bot`]), quoting it
//! with its help-centre address, or says it fetches a person and hands
//! over. The customer may ask for a person at any time (the widget's
//! button, or typed in any language). A hand-over puts the conversation in
//! the normal queue with its clocks starting then, as if the customer had
//! just written. Turning the bot off hands over everything it holds.

use parley_app::error::ErrorCode;
use parley_app::i18n::lookup;
use parley_app::protocol::{AgentProfile, Author};

use crate::domain::bot::{self, Decision};
use crate::domain::kb::may_edit_kb;
use crate::events::HubEvent;
use crate::services::audit;
use crate::services::workflow::{self, MessageIn, Refusal, Step};
use crate::services::{kb, routing};
use crate::state::AppState;
use crate::storage::{KbEvent, KbEventKind, StoreError};

/// A new conversation of `site`: the bot takes it if the site's bot is on.
pub async fn take(state: &AppState, site: &str, conversation_id: i64) -> Result<bool, StoreError> {
    if !state.store.kb_bot(site).await? {
        return Ok(false);
    }
    state.store.hold_for_bot(conversation_id).await?;
    Ok(true)
}

/// Whether the bot holds conversation `id`.
pub async fn holds(state: &AppState, id: i64) -> Result<bool, StoreError> {
    Ok(state.store.bot_part(id).await?.holding)
}

/// The bot's answer to the customer's message `seq` (`body`) in
/// conversation `id`, which it holds.
pub async fn reply(state: &AppState, id: i64, seq: i64, body: &str) -> Result<(), Refusal> {
    if !holds(state, id).await? {
        // Handed over meanwhile (an earlier message, the button, an agent).
        return Ok(());
    }
    let record = state.store.record(id).await?;
    let locale = customer_locale(state, &record.site, id).await?;
    let hits = if bot::asks_for_person(body) {
        Vec::new()
    } else {
        kb::search(state, &record.site, &locale, body, 1).await?
    };
    let client_id = format!("bot:{seq}");
    let now = state.clock.now();
    match bot::decide(body, hits.first().map(|h| h.coverage)) {
        Decision::Answer => {
            let hit = &hits[0];
            let shown = kb::read_id(state, &record.site, &hit.locale, hit.article).await?;
            let url = format!(
                "{}/help/{}/{}/{}",
                state.settings.public_origin, record.site, shown.locale, shown.article.slug
            );
            // The address last: the widget turns that line into a button
            // opening the article in its help panel.
            let text = format!(
                "{}\n\n{}\n{}\n\n{}\n\n{url}",
                lookup(&locale, "bot-answer"),
                shown.title,
                bot::quote(&shown.body),
                lookup(&locale, "bot-answer-more"),
            );
            say(state, id, &locale, &client_id, &text, now).await?;
            state.store.mark_bot_answered(id).await?;
            state
                .store
                .record_kb_event(&KbEvent {
                    site: record.site.clone(),
                    article_id: shown.article.id,
                    locale: shown.locale.clone(),
                    kind: KbEventKind::Offered,
                    visitor_id: Some(state.store.conversation_visitor(id).await?.1),
                    conversation_id: Some(id),
                    at: now,
                })
                .await?;
            // The agent showing the case sees what was offered.
            crate::services::case_panel::publish_detail(state, id).await;
        }
        Decision::HandOver { asked } => {
            let key = if asked {
                "bot-fetching"
            } else {
                "bot-no-answer"
            };
            say(state, id, &locale, &client_id, &lookup(&locale, key), now).await?;
            hand_over(state, id, now).await?;
        }
    }
    Ok(())
}

/// The language the customer reads in conversation `id` of `site`, else
/// the site's default.
async fn customer_locale(state: &AppState, site: &str, id: i64) -> Result<String, StoreError> {
    Ok(state
        .store
        .summary(id)
        .await?
        .locale
        .or_else(|| state.sites.live(site).map(|c| c.default_locale))
        .unwrap_or_else(|| "en".to_owned()))
}

/// A message of the bot, in the customer's language.
async fn say(
    state: &AppState,
    id: i64,
    locale: &str,
    client_id: &str,
    text: &str,
    now: i64,
) -> Result<(), Refusal> {
    let name = lookup(locale, "bot-name");
    let message = MessageIn {
        channel: Default::default(),
        client_id,
        body: text,
        author: Author::Bot,
        agent_id: None,
        policy_version: None,
        author_name: Some(&name),
    };
    workflow::run(state, id, Step::SiteMessage, Some(message), now).await?;
    Ok(())
}

/// The bot hands conversation `id` to a person: its clocks start now and it
/// joins the queue. `false` when the bot did not hold it (nothing changes).
pub async fn hand_over(state: &AppState, id: i64, now: i64) -> Result<bool, Refusal> {
    if !state.store.mark_handed_over(id, now).await? {
        return Ok(false);
    }
    let outcome = workflow::run(state, id, Step::HandedOver, None, now).await?;
    state.hub.publish_room(
        id,
        HubEvent::Bot {
            conversation_id: id,
            holding: false,
        },
    );
    tracing::info!(
        conversation = id,
        "the bot handed the conversation to a person"
    );
    if outcome.queued {
        routing::spawn_dispatch(state, &outcome.record.site);
    }
    Ok(true)
}

/// The customer asks for a person (the widget's button) in conversation
/// `id`, which must be theirs (checked by the caller).
pub async fn person_asked(state: &AppState, id: i64) -> Result<(), Refusal> {
    if !holds(state, id).await? {
        return Err(ErrorCode::InvalidTransition.into());
    }
    let now = state.clock.now();
    let record = state.store.record(id).await?;
    let locale = customer_locale(state, &record.site, id).await?;
    say(
        state,
        id,
        &locale,
        &format!("bot:person:{now}"),
        &lookup(&locale, "bot-fetching"),
        now,
    )
    .await?;
    hand_over(state, id, now).await?;
    Ok(())
}

/// `actor` turns `site`'s bot on or off (the knowledge base's editors).
pub async fn switch(
    state: &AppState,
    actor: &AgentProfile,
    site: &str,
    on: bool,
) -> Result<(), Refusal> {
    if !may_edit_kb(actor, site) {
        return Err(ErrorCode::NotFound.into());
    }
    set_enabled(state, site, on).await?;
    let action = if on { "kb_bot_on" } else { "kb_bot_off" };
    audit::record(state, audit::Entry::by(actor, action).site(site)).await;
    Ok(())
}

/// Turns `site`'s bot on or off; off hands over what it holds.
async fn set_enabled(state: &AppState, site: &str, on: bool) -> Result<(), Refusal> {
    state.store.set_kb_bot(site, on).await?;
    if !on {
        let now = state.clock.now();
        for id in state.store.bot_held(site).await? {
            hand_over(state, id, now).await?;
        }
    }
    tracing::info!(site, on, "the bot was switched");
    Ok(())
}
