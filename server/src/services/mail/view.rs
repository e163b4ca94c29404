//! A conversation's e-mail as the case panel shows it.

use crate::state::AppState;
use crate::storage::StoreError;

/// Conversation `id`'s e-mail for the case panel (`None` when Parley sends
/// no mail and the conversation did not begin with one).
pub async fn view(
    state: &AppState,
    id: i64,
) -> Result<Option<parley_app::protocol::MailView>, StoreError> {
    let c = state.store.conversation(id).await?;
    let channel = c.channel;
    if state.settings.mail.smtp_url.is_none() && channel.is_chat() {
        return Ok(None);
    }
    let reachable = super::render::customer_address(state, &c.site, &c.visitor_id)
        .await?
        .is_some();
    let thread = state.store.mail_thread(id).await?;
    let mails = state
        .store
        .conversation_mails(id, 10)
        .await?
        .into_iter()
        .map(|m| parley_app::protocol::MailEntry {
            kind: m.kind.as_str().to_owned(),
            state: match (m.sent_at, m.gave_up_at, m.attempts) {
                (Some(_), _, _) => "sent",
                (None, Some(_), _) => "given_up",
                (None, None, 0) => "queued",
                (None, None, _) => "retrying",
            }
            .to_owned(),
            created_at: m.created_at,
            done_at: m.sent_at.or(m.gave_up_at),
            attempts: m.attempts,
        })
        .collect();
    let files = state
        .store
        .mail_files(id)
        .await?
        .into_iter()
        .map(|f| parley_app::protocol::MailFileView {
            file: parley_app::protocol::AttachmentInfo {
                id: f.file.id,
                file_name: f.file.file_name,
                content_type: f.file.content_type,
                size: f.file.size,
            },
            seq: f.message_seq,
        })
        .collect();
    Ok(Some(parley_app::protocol::MailView {
        channel,
        reachable,
        unsubscribed_at: thread.unsubscribed_at,
        mails,
        files,
    }))
}
