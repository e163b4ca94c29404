//! Customers' uploads around the request: the site's storage quota, the
//! record of a stored file, who of the staff may open one (with its audit
//! line) and the file opened, and the sweep of uploads no conversation
//! named (a widget that uploaded and left), record and file. The HTTP
//! layer checks the token and limits and streams the body.

use axum::http::StatusCode;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::error::ApiError;
use crate::services::audit;
use crate::state::AppState;
use crate::storage::{AttachmentRecord, StoreError};

/// What an attachment's file is sealed for (its id: a file moved to
/// another id does not open).
pub fn purpose(id: &str) -> String {
    format!("attachment:{id}")
}

/// Whether `site` has room for `incoming` more bytes under its quota.
pub async fn site_has_room(
    state: &AppState,
    site: &str,
    incoming: i64,
) -> Result<bool, StoreError> {
    let used = state.store.site_attachment_bytes(site).await?;
    let room = used.saturating_add(incoming) <= state.settings.site_storage_bytes;
    if !room {
        tracing::warn!(%site, used, "upload refused: the site's storage is full");
    }
    Ok(room)
}

/// Records a file stored under `record.id`; the file is deleted if the
/// record cannot be written, so no file is left that nothing names.
pub async fn record(state: &AppState, record: &AttachmentRecord) -> Result<(), StoreError> {
    if let Err(e) = state.store.create_attachment(record).await {
        let _ = tokio::fs::remove_file(state.settings.attachments_dir.join(&record.id)).await;
        return Err(e);
    }
    tracing::info!(visitor = ?record.visitor_id, site = %record.site, id = %record.id, size = record.size, mime = %record.content_type, "attachment stored");
    Ok(())
}

/// The attachment `id` and its bytes, for `agent`: only staff who may see
/// the conversation the file belongs to (seeing another case of the same
/// customer is not enough); a file no case names yet, only the site's
/// admins. Refusals and views are audited.
pub async fn read_for_staff(
    state: &AppState,
    agent: &AgentProfile,
    id: &str,
) -> Result<(AttachmentRecord, Vec<u8>), ApiError> {
    let record = state.store.attachment(id).await?;
    let viewer = state.store.viewer(agent.id, state.clock.now()).await?;
    let allowed = match record.conversation_id {
        Some(c) => {
            let place = state.store.placement(c).await?;
            viewer.sees(&place).then_some(c)
        }
        None => (viewer.is_admin() && viewer.serves_site(&record.site)).then_some(0),
    };
    let Some(conversation) = allowed else {
        tracing::warn!(agent = agent.id, %id, "attachment of a customer outside the agent's scope refused");
        audit::record(
            state,
            audit::Entry::by(agent, "access_refused")
                .site(&record.site)
                .detail(serde_json::json!({ "attachment": id })),
        )
        .await;
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::ConversationForbidden,
        ));
    };
    audit::record(
        state,
        audit::Entry::by(agent, "view_attachment")
            .conversation(&record.site, conversation)
            .detail(serde_json::json!({ "attachment": id })),
    )
    .await;
    let bytes = open(state, id).await?;
    Ok((record, bytes))
}

/// The bytes of stored file `id` (unsealed).
pub async fn open(state: &AppState, id: &str) -> Result<Vec<u8>, ApiError> {
    let stored = match tokio::fs::read(state.settings.attachments_dir.join(id)).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(%id, error = %e, "attachment file missing");
            return Err(ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound));
        }
    };
    // Sealed since issue 13; files stored before are plain.
    if !crate::security::seal::Keyring::is_sealed_file(&stored) {
        return Ok(stored);
    }
    match state.settings.keyring.open_file(&purpose(id), &stored) {
        Ok(bytes) => Ok(bytes),
        Err(e) => {
            tracing::error!(%id, error = %e, "attachment file does not open");
            Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                ErrorCode::Internal,
            ))
        }
    }
}

/// Uploads no conversation names are deleted after this long.
pub const UNATTACHED_TTL_MS: i64 = 3600 * 1000;
/// How often abandoned uploads are looked for.
const SWEEP_EVERY_MS: i64 = 10 * 60 * 1000;

/// Deletes uploads no conversation named within [`UNATTACHED_TTL_MS`]
/// (a widget that uploaded and left), record and file, every ten minutes.
pub async fn sweep(state: AppState) {
    loop {
        let now = state.clock.now();
        let Some(_turn) = state.take_turn(crate::cluster::Job::UploadSweep).await else {
            state.clock.sleep_until(None, SWEEP_EVERY_MS).await;
            continue;
        };
        match state.store.sweep_unattached(now - UNATTACHED_TTL_MS).await {
            Ok(ids) => {
                for id in &ids {
                    let path = state.settings.attachments_dir.join(id);
                    if let Err(e) = tokio::fs::remove_file(&path).await
                        && e.kind() != std::io::ErrorKind::NotFound
                    {
                        tracing::error!(error = %e, %id, "deleting an abandoned upload");
                    }
                }
                if !ids.is_empty() {
                    tracing::info!(count = ids.len(), "abandoned uploads deleted");
                }
            }
            Err(e) => tracing::error!(error = %e, "sweeping abandoned uploads failed"),
        }
        state.clock.sleep_until(None, SWEEP_EVERY_MS).await;
    }
}
