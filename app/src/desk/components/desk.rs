//! `Desk`: the signed-in desk — its state, connection, header and panes.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::i18n::error_text;
use crate::protocol::AgentProfile;
use crate::timeline::Timeline;

use crate::desk::state::DeskState;

use crate::desk::components::availability::AvailabilitySelect;
use crate::desk::components::conversation_list::ConversationList;
use crate::desk::components::conversation_view::ConversationView;
use crate::desk::components::language_select::DeskLanguageSelect;

#[component]
pub(crate) fn Desk(agent: AgentProfile, csrf: String) -> impl IntoView {
    let state = DeskState {
        conversations: RwSignal::new(Vec::new()),
        selected: RwSignal::new(None),
        timeline: RwSignal::new(Timeline::new()),
        customer_typing: RwSignal::new(Vec::new()),
        online: RwSignal::new(None),
        notice: RwSignal::new(None),
        field_error: RwSignal::new(None),
        detail: RwSignal::new(None),
        alerts: RwSignal::new(Vec::new()),
        agent_id: agent.id,
        admin: agent.role == crate::protocol::StaffRole::Admin,
        approvals: RwSignal::new(Vec::new()),
        complaint_alerts: RwSignal::new(Vec::new()),
        read_only: RwSignal::new(None),
        forbidden: RwSignal::new(None),
        access_requests: RwSignal::new(Vec::new()),
        csrf: StoredValue::new(csrf.clone()),
        now: RwSignal::new(0),
        countries: StoredValue::new(Vec::new()),
        query: RwSignal::new(crate::inbox::InboxQuery {
            closed: true,
            ..Default::default()
        }),
        categories: RwSignal::new(Vec::new()),
        agents: RwSignal::new(Vec::new()),
        teams: RwSignal::new(Vec::new()),
        compliance: RwSignal::new(Vec::new()),
        canned: RwSignal::new(Vec::new()),
        held: RwSignal::new(None),
        mentions: RwSignal::new(Vec::new()),
        open_summary: RwSignal::new(None),
        tracking: RwSignal::new(None),
        articles: RwSignal::new(None),
        library: RwSignal::new(None),
        #[cfg(feature = "browser")]
        session: StoredValue::new_local(None),
    };
    #[cfg(feature = "browser")]
    Effect::new(move |prev: Option<()>| {
        if prev.is_none() {
            crate::desk::session::start(state);
            state.now.set(js_sys::Date::now() as i64);
            if let Ok(handle) = set_interval_with_handle(
                move || state.now.set(js_sys::Date::now() as i64),
                std::time::Duration::from_secs(1),
            ) {
                on_cleanup(move || handle.clear());
            }
        }
    });
    let name = agent.name.clone();
    let is_admin = agent.role == crate::protocol::StaffRole::Admin;
    let supervises = is_admin || agent.role == crate::protocol::StaffRole::Supervisor;
    view! {
        <div class="desk">
            <header class="desk-header">
                <h1>{move || tr!("desk-title")}</h1>
                <p class="connection" role="status"
                    data-online=move || state.online.get().map(|o| o.to_string())>
                    {move || match state.online.get() {
                        None => String::new(),
                        Some(true) => tr!("connection-online"),
                        Some(false) => tr!("connection-reconnecting"),
                    }}
                </p>
                <p class="whoami">{move || tr!("signed-in-as", { "name" => name.clone() })}</p>
                <AvailabilitySelect state/>
                <DeskLanguageSelect/>
                {is_admin.then(|| view! {
                    <a href="/desk/sites" data-testid="sites-link">{move || tr!("sites-title")}</a>
                    <a href="/desk/texts" data-testid="texts-link">{move || tr!("texts-link")}</a>
                    <a href="/desk/staff" data-testid="staff-link">{move || tr!("staff-link")}</a>
                    <a href="/desk/setup" data-testid="setup-link">{move || tr!("setup-title")}</a>
                    <a href="/desk/api-keys" data-testid="api-keys-link">{move || tr!("api-keys-title")}</a>
                    <a href="/desk/webhooks" data-testid="webhooks-link">{move || tr!("webhooks-title")}</a>
                })}
                {supervises.then(|| view! {
                    <a href="/desk/kb" data-testid="kb-link">{move || tr!("kb-title")}</a>
                    <a href="/desk/reports" data-testid="reports-link">{move || tr!("reports-title")}</a>
                })}
                <a href="/desk/library" data-testid="library-link">{move || tr!("library-title")}</a>
                <a href="/desk/qa" data-testid="qa-link">{move || tr!("qa-title")}</a>
                <a href="/desk/complaints" data-testid="complaints-link">{move || tr!("complaints-title")}</a>
                <a href="/desk/security" data-testid="security-link">{move || tr!("security-title")}</a>
                <form method="post" action="/api/auth/logout">
                    <input type="hidden" name="_csrf" value=csrf/>
                    <button type="submit" class="link">{move || tr!("logout")}</button>
                </form>
            </header>
            {move || state.notice.get().map(|code| view! {
                <p class="notice error" role="alert" data-testid="desk-notice" data-code=code.as_str()>{error_text(code)}</p>
            })}
            <crate::desk::case::AlertBanner state/>
            <crate::desk::complaint::ComplaintAlerts state/>
            <crate::desk::case::MentionBanner state/>
            <crate::desk::access::AccessPanel state/>
            <crate::desk::compensation::ApprovalsPanel state/>
            <main class="desk-body">
                <ConversationList state/>
                <ConversationView state/>
                <Show when=move || state.selected.get().is_some()>
                    <crate::desk::case::CasePanel state/>
                </Show>
            </main>
        </div>
    }
}
