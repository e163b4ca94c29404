//! What Parley itself tells a customer in their conversation: a system
//! message whose [`Notice`] every reader sees in their own language (the
//! stored body is a plain English copy for transcripts and exports).
//! Stored once per `client_id`, published like any message, with the case
//! panel rebuilt (what the notice reports changed it).

use parley_app::compensation::Notice;
use parley_app::protocol::Author;

use crate::services::case_panel::{self, Change};
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::NewMessage;

/// Appends `notice` to conversation `conversation_id` at `at` (once: a
/// repeat of `client_id` stores nothing more).
pub async fn tell(
    state: &AppState,
    conversation_id: i64,
    client_id: &str,
    notice: &Notice,
    at: i64,
) -> Result<(), Refusal> {
    let body = notice.plain();
    let appended = state
        .store
        .append_message(
            NewMessage {
                channel: Default::default(),
                conversation_id,
                client_id,
                author: Author::System,
                agent_id: None,
                body: &body,
                now: at,
                policy_version: None,
                notice: Some(notice),
                author_name: None,
            },
            None,
        )
        .await?;
    if appended.created {
        let record = state.store.record(conversation_id).await?;
        let change = Change {
            panel: true,
            moved: false,
        };
        case_panel::publish(state, Some(&appended.message), &record, change).await;
    }
    Ok(())
}
