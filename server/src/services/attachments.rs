//! Customers' uploads after the request: the sweep of uploads no
//! conversation named (a widget that uploaded and left), record and file.

use crate::state::AppState;

/// Uploads no conversation names are deleted after this long.
pub const UNATTACHED_TTL_MS: i64 = 3600 * 1000;
/// How often abandoned uploads are looked for.
const SWEEP_EVERY_MS: i64 = 10 * 60 * 1000;

/// Deletes uploads no conversation named within [`UNATTACHED_TTL_MS`]
/// (a widget that uploaded and left), record and file, every ten minutes.
pub async fn sweep(state: AppState) {
    loop {
        let now = state.clock.now();
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
