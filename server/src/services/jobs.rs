//! The server's background jobs, started together and stopped together:
//! SLA alerts and escalation, routing rounds, publishing case updates,
//! retention, the sweeps of abandoned uploads and old idempotency keys,
//! following site changes made on other servers, and drawing each site's
//! ended week for its QA review, and mailing replies.

use tokio::sync::mpsc::UnboundedReceiver;
use tokio::task::JoinHandle;

use crate::services::{
    api_keys, attachments, case_library, case_panel, escalation, kb, mail, personal, qa, routing,
    site_directory, webhooks,
};
use crate::state::AppState;

/// The running jobs; dropping this stops them.
pub struct Jobs(Vec<JoinHandle<()>>);

impl Jobs {
    /// Starts every job on `state`; `case_updates` receives the
    /// conversations whose list entry and case panel are to be published
    /// (the sender is `state.case_updates`).
    pub fn start(
        state: &AppState,
        case_updates: UnboundedReceiver<crate::events::CaseUpdate>,
    ) -> Jobs {
        Jobs(vec![
            tokio::spawn(escalation::watch(state.clone())),
            tokio::spawn(routing::watch(state.clone())),
            tokio::spawn(case_panel::publish_cases(state.clone(), case_updates)),
            tokio::spawn(personal::watch(state.clone())),
            tokio::spawn(attachments::sweep(state.clone())),
            tokio::spawn(site_directory::follow(state.clone())),
            tokio::spawn(kb::follow(state.clone())),
            tokio::spawn(case_library::follow(state.clone())),
            tokio::spawn(api_keys::sweep(state.clone())),
            tokio::spawn(webhooks::watch(state.clone())),
            tokio::spawn(qa::watch(state.clone())),
            tokio::spawn(mail::watch(state.clone())),
            tokio::spawn(mail::imap::watch(state.clone())),
        ])
    }
}

impl Drop for Jobs {
    fn drop(&mut self) {
        for job in &self.0 {
            job.abort();
        }
    }
}
