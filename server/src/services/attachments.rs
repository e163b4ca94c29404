//! Customers' uploads around the request: the site's storage quota, the
//! record of a stored file, who of the staff may open one (with its audit
//! line) and the file opened, and the sweep of uploads no conversation
//! named (a widget that uploaded and left), record and file, and the
//! storing of a file's bytes (from an HTTP body or a mail's part) with its
//! checks. The HTTP layer checks the token and the senders' budgets.

use axum::http::StatusCode;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::domain::attachment::{self, MAX_BYTES};
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

/// A file arriving: whose it is and what its sender says of it.
pub struct Upload<'a> {
    /// The site it is stored for (and counted against).
    pub site: &'a str,
    /// The customer it came from (`None`: staff).
    pub visitor: Option<&'a str>,
    /// The name the sender gave it (masked and made safe before it is kept).
    pub claimed_name: &'a str,
    /// The size the sender announced, if any (refused early when too big).
    pub declared: Option<u64>,
}

/// Stores the bytes of `body` as a file of `upload.site` (from the widget,
/// the knowledge base or a mail): the declared size, the site's quota and
/// a free upload slot are checked before a byte is read; the body is
/// streamed to a temporary file (0600), sealed, counted, hashed and typed
/// from its first bytes; only a complete, accepted file is renamed into
/// place and recorded.
pub async fn store<S, E>(
    state: &AppState,
    upload: Upload<'_>,
    body: S,
) -> Result<AttachmentRecord, ApiError>
where
    S: futures_util::Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    use rand::RngCore;
    let now = state.clock.now();
    let who = upload.visitor.unwrap_or("staff");
    if upload.declared.is_some_and(|n| n > MAX_BYTES as u64) {
        tracing::warn!(visitor = %who, declared = ?upload.declared, "upload too large (declared)");
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::AttachmentTooLarge,
        ));
    }
    let incoming = upload.declared.map_or(MAX_BYTES as i64, |n| n as i64);
    if !site_has_room(state, upload.site, incoming).await? {
        return Err(ApiError::new(
            StatusCode::INSUFFICIENT_STORAGE,
            ErrorCode::StorageQuota,
        ));
    }
    let Ok(_slot) = state.uploads.clone().try_acquire_owned() else {
        tracing::warn!("upload refused: every upload slot is busy");
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
        ));
    };
    let mut raw = [0u8; 16];
    rand::rng().fill_bytes(&mut raw);
    let id = hex::encode(raw);
    let dir = &state.settings.attachments_dir;
    let tmp = dir.join(format!(".{id}.part"));
    let (header, sealer) = state.settings.keyring.seal_file(&purpose(&id));
    let received = match receive(dir, &tmp, body, header, sealer).await {
        Ok(r) => r,
        Err(refusal) => {
            let _ = tokio::fs::remove_file(&tmp).await;
            tracing::warn!(visitor = %who, code = %refusal.1, "upload body refused");
            return Err(ApiError::new(refusal.0, refusal.1));
        }
    };
    let Some(file_type) = attachment::sniff(&received.head) else {
        let _ = tokio::fs::remove_file(&tmp).await;
        tracing::warn!(visitor = %who, "upload of an unaccepted type refused");
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::AttachmentType,
        ));
    };
    // Renamed only when complete, so a crash never leaves a half file
    // under a recorded id.
    if let Err(e) = tokio::fs::rename(&tmp, dir.join(&id)).await {
        let _ = tokio::fs::remove_file(&tmp).await;
        tracing::error!(error = %e, "storing an attachment failed");
        return Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
        ));
    }
    let stored = AttachmentRecord {
        id: id.clone(),
        site: upload.site.to_owned(),
        visitor_id: upload.visitor.map(str::to_owned),
        file_name: attachment::safe_file_name(
            &parley_app::redact::masked(upload.claimed_name),
            file_type,
        ),
        content_type: file_type.mime.to_owned(),
        size: received.size as i64,
        sha256: received.sha256,
        created_at: now,
        conversation_id: None,
    };
    record(state, &stored).await?;
    Ok(stored)
}

/// A body written to disk.
struct Received {
    /// Its first bytes (enough to tell the type).
    head: Vec<u8>,
    size: usize,
    sha256: String,
}

/// Streams `body` into `tmp` (created 0600 in `dir`, made 0700), sealed
/// (AES-256-GCM, chunk by chunk, the key id in `header`), at most
/// [`MAX_BYTES`] of plaintext, synced to disk; the refusal to send otherwise.
async fn receive<S, E>(
    dir: &std::path::Path,
    tmp: &std::path::Path,
    mut body: S,
    header: Vec<u8>,
    mut sealer: crate::security::seal::FileSealer,
) -> Result<Received, (StatusCode, ErrorCode)>
where
    S: futures_util::Stream<Item = Result<axum::body::Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    use futures_util::StreamExt;
    use sha2::Digest;
    use tokio::io::AsyncWriteExt;
    let internal = |e: std::io::Error| {
        tracing::error!(error = %e, "writing an upload failed");
        (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
    };
    crate::security::files::private_dir(dir).map_err(internal)?;
    let mut file = crate::security::files::create_private(tmp)
        .await
        .map_err(internal)?;
    let sealing = |e: crate::security::seal::SealError| {
        tracing::error!(error = %e, "sealing an upload failed");
        (StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
    };
    file.write_all(&header).await.map_err(internal)?;
    let mut hasher = sha2::Sha256::new();
    let mut head = Vec::with_capacity(16);
    let mut size = 0usize;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| {
            tracing::warn!(error = %e, "upload body broke off");
            (StatusCode::BAD_REQUEST, ErrorCode::InvalidFrame)
        })?;
        size += chunk.len();
        if size > MAX_BYTES {
            return Err((StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::AttachmentTooLarge));
        }
        if head.len() < 16 {
            let take = (16 - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        hasher.update(&chunk);
        let sealed = sealer.push(&chunk).map_err(sealing)?;
        file.write_all(&sealed).await.map_err(internal)?;
    }
    let last = sealer.finish().map_err(sealing)?;
    file.write_all(&last).await.map_err(internal)?;
    file.sync_all().await.map_err(internal)?;
    Ok(Received {
        head,
        size,
        sha256: hex::encode(hasher.finalize()),
    })
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
