//! E-mail in the case panel (issue 22): where the conversation began,
//! whether the customer can be mailed, the mails sent to them with their
//! state, the files their mails brought, and sending them the transcript
//! at their request.

use leptos::prelude::*;
use leptos_fluent::tr;

use super::security::DateTime;
use super::state::DeskState;
use crate::protocol::{Channel, DeskFrame, MailView};

/// The case panel's e-mail part (nothing when Parley sends no mail and the
/// conversation did not begin with one).
#[component]
pub(crate) fn MailSection(
    state: DeskState,
    conversation_id: i64,
    mail: Option<MailView>,
) -> impl IntoView {
    mail.map(|m| {
        let channel = m.channel.as_str();
        let began = match m.channel {
            Channel::Email => "email",
            Channel::Chat => "chat",
        };
        view! {
            <section class="mail-part" aria-labelledby="mail-heading" data-testid="case-mail"
                data-channel=channel data-reachable=m.reachable.to_string()>
                <h3 id="mail-heading">{move || tr!("case-mail")}</h3>
                <p>{move || tr!("case-mail-began", { "channel" => began })}</p>
                <p data-testid="mail-reachable">
                    {move || match (m.reachable, m.unsubscribed_at.is_some()) {
                        (_, true) => tr!("case-mail-unsubscribed"),
                        (true, false) => tr!("case-mail-reachable"),
                        (false, false) => tr!("case-mail-unreachable"),
                    }}
                </p>
                {(!m.mails.is_empty()).then(|| view! {
                    <ul data-testid="mail-log">
                        {m.mails.iter().cloned().map(|e| {
                            let (kind, st) = (e.kind.clone(), e.state.clone());
                            view! {
                                <li data-testid="mail-entry" data-kind=e.kind.clone() data-state=e.state.clone()>
                                    {move || tr!("case-mail-kind", { "kind" => kind.clone() })}
                                    " · "
                                    {move || tr!("case-mail-state", { "state" => st.clone(), "attempts" => e.attempts })}
                                    " · "
                                    <DateTime ms=e.done_at.unwrap_or(e.created_at)/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
                {(!m.files.is_empty()).then(|| view! {
                    <h4 id="mail-files-heading">{move || tr!("case-mail-files")}</h4>
                    <ul data-testid="mail-files" aria-labelledby="mail-files-heading">
                        {m.files.iter().cloned().map(|f| {
                            let href = format!("/api/attachments/{}", f.file.id);
                            let name = f.file.file_name.clone();
                            let kb = (f.file.size + 1023) / 1024;
                            view! {
                                <li data-testid="mail-file" data-type=f.file.content_type.clone() data-seq=f.seq>
                                    <a href=href target="_blank" rel="noopener" dir="auto">
                                        {move || tr!("case-mail-file", { "name" => name.clone(), "kb" => kb, "seq" => f.seq })}
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
                {(m.reachable && m.unsubscribed_at.is_none()).then(|| view! {
                    <button type="button" data-testid="mail-transcript"
                        on:click=move |_| { state.send(&DeskFrame::EmailTranscript { conversation_id }); }>
                        {move || tr!("case-mail-transcript")}
                    </button>
                })}
            </section>
        }
    })
}
