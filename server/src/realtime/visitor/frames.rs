//! The widget's frames after `hello`: `send` (a message, with the intake of
//! the first), `typing`, `received`, `contact`, `confirm`, `rate`, `language`
//! — decoded, rate-limited per kind, and handed to the workflow.

use parley_app::error::ErrorCode;
use parley_app::lifecycle::Actor;
use parley_app::protocol::{
    Channel, Intake, StatusAction, VISITOR_FRAME_TYPES, VisitorEvent, VisitorFrame, decode,
    validate_body, validate_client_id,
};

use crate::domain::rate::VisitorFrameKind;
use crate::error::store_code;
use crate::events::HubEvent;
use crate::realtime::wire::{self, Tx};
use crate::services::visitor;
use crate::services::workflow::{self, MessageIn, Step};
use crate::services::{bot, routing};

use super::session::{Flow, Session, shipped_locale};

impl Session {
    pub(super) async fn frame(&mut self, tx: &mut Tx, text: &str) -> Flow {
        if !self.frames.try_take(self.state.clock.now()) {
            return self.limited(tx).await;
        }
        let frame = match decode::<VisitorFrame>(text, VISITOR_FRAME_TYPES) {
            Ok(f) => f,
            Err(e) => return self.bad_frame(tx, e.into()).await,
        };
        match frame {
            VisitorFrame::Contact { details, consent } => {
                if !self.allowed(VisitorFrameKind::Contact) {
                    return self.limited(tx).await;
                }
                self.contact(tx, details, consent).await
            }
            VisitorFrame::Hello { .. } => self.bad_frame(tx, ErrorCode::InvalidFrame).await,
            VisitorFrame::Track { order, contact } => {
                if !self.allowed(VisitorFrameKind::Track) {
                    return self.limited(tx).await;
                }
                self.track(tx, &order, contact.as_deref()).await
            }
            VisitorFrame::Send {
                client_id,
                body,
                intake,
            } => self.send(tx, client_id, body, intake).await,
            VisitorFrame::Confirm { solved } => {
                let id = match self.step_on_conversation(tx).await {
                    Ok(id) => id,
                    Err(flow) => return flow,
                };
                let action = if solved {
                    StatusAction::Confirm
                } else {
                    StatusAction::NotSolved
                };
                let step = Step::Action {
                    actor: Actor::Customer,
                    agent_id: None,
                    action,
                };
                let now = self.state.clock.now();
                match workflow::run(&self.state, id, step, None, now).await {
                    Ok(_) => Flow::Continue,
                    Err(refusal) => self.refuse(tx, refusal, None).await,
                }
            }
            VisitorFrame::Rate { score, comment } => self.rate(tx, score, comment).await,
            VisitorFrame::TalkToPerson => {
                let id = match self.step_on_conversation(tx).await {
                    Ok(id) => id,
                    Err(flow) => return flow,
                };
                match bot::person_asked(&self.state, id).await {
                    Ok(()) => Flow::Continue,
                    Err(refusal) => self.refuse(tx, refusal, None).await,
                }
            }
            VisitorFrame::Locale { locale } => {
                let Some(locale) = shipped_locale(&locale) else {
                    return self.bad_frame(tx, ErrorCode::InvalidFrame).await;
                };
                if self.locale.as_deref() == Some(locale) {
                    return Flow::Continue;
                }
                if !self.allowed(VisitorFrameKind::Locale) {
                    return self.limited(tx).await;
                }
                self.locale = Some(locale.to_owned());
                let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
                    return Flow::Continue;
                };
                match visitor::set_locale(&self.state, id, locale).await {
                    Ok(()) => Flow::Continue,
                    Err(e) => Flow::Close(store_code(e)),
                }
            }
            VisitorFrame::Typing { on } => {
                // Only a change is forwarded; repeats cost nothing.
                let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
                    return Flow::Continue;
                };
                if on == self.typing_on {
                    return Flow::Continue;
                }
                if !self.allowed(VisitorFrameKind::Typing) {
                    return self.limited(tx).await;
                }
                self.typing_on = on;
                self.state.hub.publish(
                    id,
                    HubEvent::CustomerTyping {
                        conversation_id: id,
                        on,
                    },
                );
                Flow::Continue
            }
            VisitorFrame::Received { seq } => {
                // Coalesced: only a receipt beyond the last one written, and
                // never beyond what this socket delivered; over the budget
                // it waits for the next one (or the end of the session).
                let seq = seq.min(self.last_sent_seq);
                if self.conversation.is_none() || seq <= self.received_written {
                    return Flow::Continue;
                }
                self.received_pending = self.received_pending.max(seq);
                if !self.allowed(VisitorFrameKind::Received) {
                    return Flow::Continue;
                }
                match self.flush_received().await {
                    Ok(()) => Flow::Continue,
                    Err(code) => Flow::Close(code),
                }
            }
        }
    }

    /// Contact details with consent: masked, checked, sealed and stored
    /// apart from the conversation, the consent recorded with it.
    pub(super) async fn contact(
        &mut self,
        tx: &mut Tx,
        details: parley_app::protocol::ContactDetails,
        consent: bool,
    ) -> Flow {
        if !consent {
            return self
                .refuse(tx, ErrorCode::ConsentRequired.into(), None)
                .await;
        }
        let Some(conversation) = self.conversation.as_ref().map(|c| c.id) else {
            // Consent is recorded with a conversation: write first.
            return self.refuse(tx, ErrorCode::InvalidFrame.into(), None).await;
        };
        let saved =
            visitor::save_contact(&self.state, self.customer(), conversation, details).await;
        let fields = match saved {
            Ok(f) => f,
            Err(refusal) => return self.refuse(tx, refusal, None).await,
        };
        match wire::send(tx, &VisitorEvent::ContactSaved { fields }).await {
            Ok(()) => Flow::Continue,
            Err(()) => Flow::Close(ErrorCode::Internal),
        }
    }

    /// "Track my order": the site's back-end is asked for the customer
    /// (their own orders when verified, else with the e-mail or postcode
    /// they gave); the journey, or why there is none. The order is kept
    /// for the conversation the customer may start next.
    pub(super) async fn track(&mut self, tx: &mut Tx, order: &str, contact: Option<&str>) -> Flow {
        let user = match crate::services::personal::remembered_identity(
            &self.state,
            &self.site,
            &self.visitor_id,
        )
        .await
        {
            Ok(u) => u,
            Err(e) => return self.refuse(tx, e.into(), None).await,
        };
        let asker = match (&user, contact) {
            (Some(user_id), _) => crate::domain::tracking::Asker::Verified { user_id },
            (None, Some(contact)) => crate::domain::tracking::Asker::Anonymous { contact },
            (None, None) => crate::domain::tracking::Asker::Anonymous { contact: "" },
        };
        let locale = self.locale.clone().unwrap_or_else(|| "en".into());
        match crate::services::tracking::lookup(&self.state, &self.site, order, asker, &locale)
            .await
        {
            Ok(tracking) => {
                tracing::info!(visitor = %self.visitor_id, steps = tracking.steps.len(), "order tracked");
                self.tracked_order = Some(tracking.order.clone());
                match wire::send(tx, &VisitorEvent::Tracking { tracking }).await {
                    Ok(()) => Flow::Continue,
                    Err(()) => Flow::Close(ErrorCode::Internal),
                }
            }
            Err(refusal) => self.refuse(tx, refusal, None).await,
        }
    }

    /// A workflow step on the customer's conversation: within the step
    /// budget, and only once there is a conversation.
    async fn step_on_conversation(&mut self, tx: &mut Tx) -> Result<i64, Flow> {
        if !self.allowed(VisitorFrameKind::Step) {
            return Err(self.limited(tx).await);
        }
        match self.conversation.as_ref().map(|c| c.id) {
            Some(id) => Ok(id),
            None => Err(self
                .refuse(tx, ErrorCode::InvalidTransition.into(), None)
                .await),
        }
    }

    pub(super) async fn send(
        &mut self,
        tx: &mut Tx,
        client_id: String,
        body: String,
        intake: Option<Intake>,
    ) -> Flow {
        if validate_client_id(&client_id).is_err() {
            return self.bad_frame(tx, ErrorCode::InvalidFrame).await;
        }
        let body = match validate_body(&body) {
            Ok(b) => b.to_owned(),
            Err(code) => return self.refuse(tx, code.into(), Some(client_id)).await,
        };
        // Card numbers never reach storage, the desk or the log.
        let body = match parley_app::redact::mask_cards(&body) {
            Some(m) => {
                tracing::info!(visitor = %self.visitor_id, "card number masked in a message");
                m
            }
            None => body,
        };
        let mut intake = intake;
        if self.conversation.is_none()
            && let (Some(i), Some(order)) = (intake.as_mut(), self.tracked_order.as_deref())
        {
            // Started after tracking an order: it carries the order number.
            visitor::with_tracked_order(&self.state, &self.site, i, order).await;
        }
        if let Some(i) = intake.as_mut()
            && parley_app::redact::mask_facts(&mut i.facts)
        {
            tracing::info!(visitor = %self.visitor_id, "card number masked in form facts");
        }
        let now = self.state.clock.now();
        if !self.state.allow_visitor_message(&self.visitor_id, now) {
            return self
                .refuse(tx, ErrorCode::RateLimited.into(), Some(client_id))
                .await;
        }
        let mut took = false;
        let conversation_id = match &self.conversation {
            Some(c) => c.id,
            None => {
                // The first message opens the conversation with its category
                // and facts, validated again here whatever the widget checked.
                let opened = visitor::open_conversation(
                    &self.state,
                    self.customer(),
                    intake.as_ref(),
                    &body,
                )
                .await;
                let created = match opened {
                    Ok(c) => c,
                    Err(refusal) => return self.refuse(tx, refusal, Some(client_id)).await,
                };
                self.room = Some(self.state.hub.subscribe_conversation(created.id));
                let id = created.id;
                self.conversation = Some(created);
                match bot::take(&self.state, &self.site, id).await {
                    Ok(t) => took = t,
                    Err(e) => return Flow::Close(store_code(e)),
                }
                id
            }
        };
        // While the bot holds the conversation, the customer writes to it:
        // no clock, no routing; it answers after the acknowledgement.
        if took {
            self.bot_may_hold = true;
        }
        let to_bot = self.bot_may_hold
            && match bot::holds(&self.state, conversation_id).await {
                Ok(h) => h,
                Err(e) => return Flow::Close(store_code(e)),
            };
        self.bot_may_hold = to_bot;
        let message = MessageIn::customer(&client_id, &body, Channel::Chat);
        let outcome = match workflow::run(
            &self.state,
            conversation_id,
            if to_bot {
                Step::ToBot
            } else {
                Step::CustomerMessage
            },
            Some(message),
            now,
        )
        .await
        {
            Ok(o) => o,
            Err(refusal) => return self.refuse(tx, refusal, Some(client_id)).await,
        };
        // Durably stored: only now is it acknowledged (the workflow published it).
        let Some(message) = outcome.message else {
            return Flow::Close(ErrorCode::Internal);
        };
        if let Some(c) = self.conversation.as_mut() {
            c.status = outcome.record.status;
        }
        let message_seq = message.seq;
        if wire::send(tx, &VisitorEvent::Ack { client_id, message })
            .await
            .is_err()
        {
            tracing::debug!("visitor left before the ack");
        }
        if took {
            // The widget offers "talk to a person" while the bot holds it.
            let _ = wire::send(tx, &VisitorEvent::Bot { holding: true }).await;
        }
        if to_bot && outcome.created {
            let (state, seq) = (self.state.clone(), message_seq);
            tokio::spawn(async move {
                if let Err(refusal) = bot::reply(&state, conversation_id, seq, &body).await {
                    tracing::error!(conversation = conversation_id, code = %refusal.code, "the bot could not answer");
                }
            });
        }
        if outcome.queued {
            // It just joined a queue (new, back from resolved, or the first
            // answer to a proactive notice): route it (after the ack, so the
            // customer hears where they stand once their message is safe).
            // Later messages while it waits change nothing routing looks at.
            routing::spawn_dispatch(&self.state, &self.site);
        }
        Flow::Continue
    }

    /// The customer's rating of the latest resolution: checked, card
    /// numbers masked, stored once, and shown in the case panel.
    pub(super) async fn rate(&mut self, tx: &mut Tx, score: u8, comment: String) -> Flow {
        let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
            return self
                .refuse(tx, ErrorCode::InvalidTransition.into(), None)
                .await;
        };
        let comment = match parley_app::rating::validate(score, &comment) {
            Ok(c) => parley_app::redact::masked(c),
            Err(code) => return self.refuse(tx, code.into(), None).await,
        };
        // A valid rating costs a write: it takes from the step budget.
        if !self.allowed(VisitorFrameKind::Step) {
            return self.limited(tx).await;
        }
        if let Err(refusal) = visitor::rate(&self.state, self.customer(), id, score, &comment).await
        {
            return self.refuse(tx, refusal, None).await;
        }
        match wire::send(tx, &VisitorEvent::Rated { score }).await {
            Ok(()) => Flow::Continue,
            Err(()) => Flow::Close(ErrorCode::Internal),
        }
    }
}
