//! Compensation in the desk (issue 18): the case panel's ledger of the open
//! conversation with a form to propose (kind, amount, currency, reason,
//! major complaint), and the approvals waiting for this agent, live, with
//! approve / reduce / refuse. The server decides who may grant what; the
//! desk only says beforehand whether a proposal will need approval.

use leptos::prelude::*;
use leptos_fluent::tr;

use super::state::{DeskState, new_client_id};
use crate::compensation::{Amount, CompensationView, Kind, Verdict};
use crate::notices::money_text;
use crate::protocol::{AuthorityView, DeskFrame};

impl DeskState {
    /// Proposes compensation on the open conversation.
    pub fn propose_compensation(
        self,
        kind: Kind,
        amount: String,
        currency: String,
        reason: String,
        major: bool,
    ) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        self.field_error.set(None);
        self.send(&DeskFrame::ProposeCompensation {
            conversation_id,
            client_id: new_client_id(),
            kind,
            amount,
            currency,
            reason,
            major,
        });
    }

    /// Decides a waiting proposal.
    pub fn decide_compensation(
        self,
        compensation_id: i64,
        verdict: Verdict,
        amount: Option<String>,
        reason: String,
    ) {
        self.send(&DeskFrame::DecideCompensation {
            compensation_id,
            verdict,
            amount,
            reason,
        });
    }

    /// A ledger line changed: the approvals list and the open case follow.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub fn compensation_changed(self, c: CompensationView) {
        let mine = c.decision.is_none() && (c.approvers.contains(&self.agent_id) || self.admin);
        self.approvals.update(|l| {
            l.retain(|o| o.id != c.id);
            if mine {
                l.push(c.clone());
            }
        });
        if self.selected.get_untracked() == Some(c.conversation_id) {
            self.detail.update(|d| {
                if let Some(d) = d {
                    d.compensations.retain(|o| o.id != c.id);
                    d.compensations.insert(0, c);
                    d.compensations.sort_by_key(|c| std::cmp::Reverse(c.id));
                }
            });
        }
    }
}

fn kind_name(kind: Kind) -> String {
    tr!("compensation-kind", { "kind" => kind.as_str() })
}

fn locale() -> Signal<String> {
    let i18n = expect_context::<leptos_fluent::I18n>();
    Signal::derive(move || i18n.language.get().id.to_string())
}

/// What a ledger line says of where it stands.
fn standing(c: &CompensationView, locale: &str, now: i64) -> String {
    match &c.decision {
        Some(d) => {
            let given = Amount {
                minor: d.minor,
                ..c.amount.clone()
            };
            tr!("compensation-decided", {
                "outcome" => d.outcome.as_str(),
                "who" => d.decided_by_name.clone(),
                "amount" => money_text(&given, locale),
            })
        }
        None => {
            let stage = c.stage.map(|s| s.as_str()).unwrap_or("supervisors");
            let by = c.answer_by.unwrap_or_default();
            let left = super::countdown::countdown(by, now);
            tr!("compensation-waiting", { "stage" => stage, "left" => left })
        }
    }
}

/// One ledger line, with the decision controls for those it waits for.
#[component]
pub(crate) fn LedgerLine(state: DeskState, c: CompensationView) -> impl IntoView {
    let locale = locale();
    let asked = c.decision.is_none() && (c.approvers.contains(&state.agent_id) || state.admin);
    let own = c.proposed_by == state.agent_id;
    let outcome = c
        .decision
        .as_ref()
        .map(|d| d.outcome.as_str())
        .unwrap_or("waiting");
    let overdue = c.decision.is_none();
    let answer_by = c.answer_by.unwrap_or(i64::MAX);
    let amount = c.amount.clone();
    let reference = (c.reference.currency != c.amount.currency).then(|| c.reference.clone());
    let reason = c.reason.clone();
    let decided_reason = c
        .decision
        .as_ref()
        .map(|d| d.reason.clone())
        .filter(|r| !r.is_empty());
    let line = c.clone();
    let late = move || overdue && state.now.get() >= answer_by;
    let proposer = c.proposed_by_name.clone();
    let decide = (asked && !own).then(|| c.clone());
    view! {
        <li class="compensation-line" data-testid="compensation-line" data-id=c.id
            data-outcome=outcome data-stage=c.stage.map(|s| s.as_str()) data-major=c.major.to_string()
            class:overdue=late>
            <p>
                <strong>{move || kind_name(c.kind)}</strong> " "
                <span data-testid="compensation-amount">{move || money_text(&amount, &locale.get())}</span>
                {reference.map(|r| view! {
                    " " <span class="hint">{move || tr!("compensation-reference", { "amount" => money_text(&r, &locale.get()) })}</span>
                })}
                {c.major.then(|| view! { " " <span class="badge">{move || tr!("compensation-major")}</span> })}
            </p>
            <p class="hint" dir="auto">
                {move || tr!("compensation-proposed", { "who" => proposer.clone() })} ": " {reason}
            </p>
            <p data-testid="compensation-standing" role="status">
                {move || standing(&line, &locale.get(), state.now.get())}
            </p>
            {decided_reason.map(|r| view! { <q dir="auto">{r}</q> })}
            {decide.map(|c| view! { <DecideForm state c/> })}
        </li>
    }
}

/// Approve, reduce (to an amount) or refuse (reason required for both).
#[component]
fn DecideForm(state: DeskState, c: CompensationView) -> impl IntoView {
    let id = c.id;
    let amount = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let amount_id = format!("reduce-{id}");
    let reason_id = format!("decide-reason-{id}");
    let send = move |verdict: Verdict| {
        let amount = (verdict == Verdict::Reduce).then(|| amount.get_untracked());
        state.decide_compensation(id, verdict, amount, reason.get_untracked());
    };
    view! {
        <form class="decide" data-testid="compensation-decide" on:submit=move |ev| ev.prevent_default()>
            <label for=reason_id.clone()>{move || tr!("compensation-decide-reason")}</label>
            <input id=reason_id type="text" maxlength="500" data-testid="compensation-decide-reason"
                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))/>
            <label for=amount_id.clone()>{move || tr!("compensation-reduce-to", { "currency" => c.amount.currency.clone() })}</label>
            <input id=amount_id type="text" inputmode="decimal" data-testid="compensation-reduce-amount"
                prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
            <div class="buttons">
                <button type="button" data-testid="compensation-approve" on:click=move |_| send(Verdict::Approve)>
                    {move || tr!("compensation-approve")}
                </button>
                <button type="button" class="secondary" data-testid="compensation-reduce" on:click=move |_| send(Verdict::Reduce)>
                    {move || tr!("compensation-reduce")}
                </button>
                <button type="button" class="danger" data-testid="compensation-refuse" on:click=move |_| send(Verdict::Refuse)>
                    {move || tr!("compensation-refuse")}
                </button>
            </div>
        </form>
    }
}

/// The case panel's compensation: the conversation's ledger and the form.
#[component]
pub(crate) fn CompensationSection(
    state: DeskState,
    lines: Vec<CompensationView>,
    authority: Option<AuthorityView>,
) -> impl IntoView {
    let kind = RwSignal::new(Kind::Refund);
    let currency_default = authority
        .as_ref()
        .map(|a| a.currency.clone())
        .unwrap_or_else(|| "USD".into());
    let amount = RwSignal::new(String::new());
    let currency = RwSignal::new(currency_default);
    let reason = RwSignal::new(String::new());
    let major = RwSignal::new(false);
    let locale = locale();
    let limit = authority.as_ref().and_then(|a| {
        a.limit.map(|minor| Amount {
            minor,
            currency: a.currency.clone(),
            exponent: a.exponent,
        })
    });
    let field_error = move |field: &'static str| {
        state
            .field_error
            .get()
            .filter(|(_, f)| f == field)
            .map(|(code, _)| crate::i18n::error_text(code))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.propose_compensation(
            kind.get_untracked(),
            amount.get_untracked(),
            currency.get_untracked(),
            reason.get_untracked(),
            major.get_untracked(),
        );
    };
    view! {
        <section class="compensation" aria-labelledby="compensation-heading" data-testid="compensation">
            <h3 id="compensation-heading">{move || tr!("compensation-heading")}</h3>
            <ol data-testid="compensation-ledger">
                {lines.into_iter().map(|c| view! { <LedgerLine state c/> }).collect_view()}
            </ol>
            <form class="propose" data-testid="compensation-form" on:submit=submit>
                <label for="compensation-kind">{move || tr!("compensation-kind-label")}</label>
                <select id="compensation-kind" data-testid="compensation-kind"
                    on:change=move |ev| if let Some(k) = Kind::parse(&event_target_value(&ev)) { kind.set(k) }>
                    {Kind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=move || kind.get() == k>{move || kind_name(k)}</option>
                    }).collect_view()}
                </select>
                <label for="compensation-amount">{move || tr!("compensation-amount")}</label>
                <input id="compensation-amount" type="text" inputmode="decimal" required
                    data-testid="compensation-amount-input" aria-describedby="compensation-limit"
                    prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev))/>
                {move || field_error("amount").map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <label for="compensation-currency">{move || tr!("compensation-currency")}</label>
                <input id="compensation-currency" type="text" maxlength="3" required autocapitalize="characters"
                    data-testid="compensation-currency"
                    prop:value=move || currency.get() on:input=move |ev| currency.set(event_target_value(&ev))/>
                {move || field_error("currency").map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <label for="compensation-reason">{move || tr!("compensation-reason")}</label>
                <textarea id="compensation-reason" rows="2" maxlength="500" required data-testid="compensation-reason"
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <label class="check">
                    <input type="checkbox" data-testid="compensation-major"
                        prop:checked=move || major.get() on:change=move |ev| major.set(event_target_checked(&ev))/>
                    {move || tr!("compensation-major-label")}
                </label>
                <p class="hint" id="compensation-limit" data-testid="compensation-limit">
                    {move || match &limit {
                        Some(l) => tr!("compensation-limit", { "amount" => money_text(l, &locale.get()) }),
                        None => tr!("compensation-no-limit"),
                    }}
                </p>
                <button type="submit" data-testid="compensation-propose">{move || tr!("compensation-propose")}</button>
            </form>
        </section>
    }
}

/// Proposals waiting for this agent's decision, from any conversation
/// (the on-call person may not otherwise see it).
#[component]
pub(crate) fn ApprovalsPanel(state: DeskState) -> impl IntoView {
    view! {
        <section class="approvals" aria-label=move || tr!("compensation-approvals") data-testid="approvals"
            hidden=move || state.approvals.with(Vec::is_empty)>
            <h2>{move || tr!("compensation-approvals")}</h2>
            <ol>
                <For each=move || state.approvals.get() key=|c| (c.id, c.stage) let:c>
                    <LedgerLine state c/>
                </For>
            </ol>
        </section>
    }
}
