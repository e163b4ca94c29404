//! What the widget asks of the server: the first message with its intake
//! (checked with the server's own rules first), contact details, the
//! confirmation and rating of a resolution, the language, typing. Each
//! hands over to the session in the browser and does nothing on the server.

use leptos::prelude::*;

use crate::error::ErrorCode;
use crate::i18n::activate_language;
use crate::intake::validate_facts;
use crate::protocol::{ContactDetails, Intake};
use crate::widget::state::WidgetState;

/// Whether the first message still needs a category and its facts.
pub(crate) fn needs_intake(state: WidgetState) -> bool {
    !state.has_conversation.get() && state.config.with_value(|c| !c.categories.is_empty())
}

/// The intake to send with the first message, checked with the same rules the
/// server applies; on a problem the field is marked and nothing is sent.
pub(crate) fn checked_intake(state: WidgetState) -> Result<Option<Intake>, ()> {
    if !needs_intake(state) {
        return Ok(None);
    }
    let fail = |code: ErrorCode, field: String| {
        state.field_error.set(Some((code, field)));
        Err(())
    };
    let Some(key) = state.category.get_untracked() else {
        return fail(ErrorCode::CategoryRequired, "category".into());
    };
    let Some(category) = state
        .config
        .with_value(|c| c.categories.iter().find(|x| x.key == key).cloned())
    else {
        return fail(ErrorCode::CategoryRequired, "category".into());
    };
    let countries = state.config.with_value(|c| c.countries.clone());
    let codes: Vec<&str> = countries.iter().map(String::as_str).collect();
    match validate_facts(&category, &state.facts.get_untracked(), true, &codes) {
        Ok(facts) => Ok(Some(Intake {
            category: key,
            facts,
        })),
        Err(e) => fail(e.code, e.field),
    }
}

pub(crate) fn send_message(state: WidgetState, body: String) -> bool {
    let Ok(intake) = checked_intake(state) else {
        return false;
    };
    state.field_error.set(None);
    #[cfg(feature = "hydrate")]
    crate::widget::session::send(state, body, intake);
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, body, intake);
    true
}

pub(crate) fn send_contact(state: WidgetState, details: ContactDetails, consent: bool) {
    #[cfg(feature = "hydrate")]
    crate::widget::session::contact(state, details, consent);
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, details, consent);
}

pub(crate) fn confirm(state: WidgetState, solved: bool) {
    #[cfg(feature = "hydrate")]
    crate::widget::session::confirm(state, solved);
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, solved);
}

pub(crate) fn rate(state: WidgetState, score: u8, comment: String) {
    #[cfg(feature = "hydrate")]
    crate::widget::session::rate(state, score, comment);
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, score, comment);
}

/// The customer picked a language: switch live, remember it, tell the server.
pub(crate) fn switch_language(state: WidgetState, tag: String) {
    let Some(tag) = crate::locale::match_one(&tag, crate::locale::SHIPPED) else {
        return;
    };
    activate_language(tag);
    #[cfg(feature = "hydrate")]
    crate::widget::session::language_chosen(state, tag);
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}

pub(crate) fn typing(state: WidgetState) {
    #[cfg(feature = "hydrate")]
    crate::widget::session::typing(state);
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}

pub(crate) fn close_widget(state: WidgetState) {
    #[cfg(feature = "hydrate")]
    crate::client::post_to_host(&state.host.get_value(), &js_sys::Object::new(), "close");
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}
