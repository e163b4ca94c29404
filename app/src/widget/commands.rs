//! What the widget asks of the server: the first message with its intake
//! (checked with the server's own rules first), contact details, the
//! confirmation and rating of a resolution, the language, typing.

use crate::error::ErrorCode;
use crate::intake::validate_facts;
use crate::protocol::Intake;
use crate::widget::session;
use crate::widget::state::{read, write};

/// Whether the first message still needs a category and its facts.
pub(crate) fn needs_intake() -> bool {
    read(|s| !s.has_conversation && !s.config.categories.is_empty())
}

/// The intake to send with the first message, checked with the same rules the
/// server applies; on a problem the field is marked and nothing is sent.
pub(crate) fn checked_intake() -> Result<Option<Intake>, ()> {
    if !needs_intake() {
        return Ok(None);
    }
    let checked = read(|s| {
        let key = s
            .category
            .clone()
            .ok_or((ErrorCode::CategoryRequired, "category".to_owned()))?;
        let category = s
            .config
            .categories
            .iter()
            .find(|x| x.key == key)
            .ok_or((ErrorCode::CategoryRequired, "category".to_owned()))?;
        let codes: Vec<&str> = s.config.countries.iter().map(String::as_str).collect();
        validate_facts(category, &s.facts, true, &codes)
            .map(|facts| Intake {
                category: key.clone(),
                facts,
            })
            .map_err(|e| (e.code, e.field))
    });
    match checked {
        Ok(intake) => Ok(Some(intake)),
        Err(error) => {
            write(|s| s.field_error = Some(error));
            Err(())
        }
    }
}

/// Sends what the composer holds; `false` (the draft stays) when the intake
/// form still has a problem.
pub(crate) fn send_message(body: String) -> bool {
    let Ok(intake) = checked_intake() else {
        return false;
    };
    write(|s| s.field_error = None);
    session::send(body, intake);
    true
}

/// The customer picked a language: switch live, remember it, tell the server.
pub(crate) fn switch_language(tag: &str) {
    let Some(tag) = crate::locale::match_one(tag, crate::locale::SHIPPED) else {
        return;
    };
    crate::widget::language::switch(tag);
    session::language_chosen(tag);
}

/// Asks the host page to close the widget.
pub(crate) fn close_widget() {
    session::post("close", None);
}
