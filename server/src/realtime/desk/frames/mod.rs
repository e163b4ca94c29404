//! The desk's frames, one file per frame (or per group of frames that are
//! one workflow step each), in the manner of mini-redis's `cmd/`: this
//! dispatcher decodes a frame, checks that the sender may act on the
//! conversation it names ([`frame_target`] and `Session::authorize`, below
//! every handler so a new frame cannot skip them), and calls the frame's
//! handler. Handlers push their answers to the session's outbox.

use parley_app::error::ErrorCode;
use parley_app::protocol::{DESK_FRAME_TYPES, DeskFrame, decode};

use crate::domain::access::Access;
use crate::realtime::desk::session::{Flow, Session};
use crate::services::compensation::Proposal;
use crate::services::workflow::Step;

mod access;
mod availability;
mod compensation;
mod customer;
mod note;
mod open;
mod query;
mod received;
mod send;
mod steps;
mod transfer;
mod typing;

/// The conversation a frame acts on, and the access it needs.
fn frame_target(frame: &DeskFrame) -> Option<(i64, Access, Option<String>)> {
    let full = |id: &i64| Some((*id, Access::Full, None));
    match frame {
        DeskFrame::Open {
            conversation_id, ..
        }
        | DeskFrame::SuggestArticles {
            conversation_id, ..
        }
        | DeskFrame::SimilarCases {
            conversation_id, ..
        } => Some((*conversation_id, Access::ReadOnly, None)),
        DeskFrame::Send {
            conversation_id,
            client_id,
            ..
        }
        | DeskFrame::Note {
            conversation_id,
            client_id,
            ..
        } => Some((*conversation_id, Access::Full, Some(client_id.clone()))),
        DeskFrame::Typing {
            conversation_id, ..
        }
        | DeskFrame::Received {
            conversation_id, ..
        }
        | DeskFrame::Transition {
            conversation_id, ..
        }
        | DeskFrame::SetFacts {
            conversation_id, ..
        }
        | DeskFrame::Transfer {
            conversation_id, ..
        }
        | DeskFrame::SetPriority {
            conversation_id, ..
        }
        | DeskFrame::SetCustomer {
            conversation_id, ..
        }
        | DeskFrame::SetComplex {
            conversation_id, ..
        }
        | DeskFrame::RaiseComplaint {
            conversation_id, ..
        }
        | DeskFrame::TrackOrder {
            conversation_id, ..
        }
        | DeskFrame::AddToLibrary {
            conversation_id, ..
        }
        | DeskFrame::EmailTranscript { conversation_id } => full(conversation_id),
        DeskFrame::ProposeCompensation {
            conversation_id,
            client_id,
            ..
        } => Some((*conversation_id, Access::Full, Some(client_id.clone()))),
        // Approvers may decide proposals on conversations they do not
        // otherwise see: the handler checks the approval rule.
        // Break-glass frames are about conversations the sender may not see;
        // their handlers check what applies.
        DeskFrame::Hello { .. }
        | DeskFrame::Query { .. }
        | DeskFrame::SetAvailability { .. }
        | DeskFrame::RequestAccess { .. }
        | DeskFrame::DecideAccess { .. }
        | DeskFrame::DecideCompensation { .. } => None,
    }
}

impl Session {
    /// Decodes one frame, checks the sender may act on its conversation,
    /// and hands it to its file.
    pub(in crate::realtime::desk) async fn frame(&mut self, text: &str) -> Flow {
        let frame = match decode::<DeskFrame>(text, DESK_FRAME_TYPES) {
            Ok(f) => f,
            Err(e) => return self.bad_frame(e.into()).await,
        };
        let mut access = Access::Full;
        if let Some((id, need, client_id)) = frame_target(&frame) {
            match self.authorize(id, need).await {
                Ok((_, a)) => access = a,
                Err(refusal) => return self.refuse(refusal, client_id).await,
            }
        }
        match frame {
            DeskFrame::Hello { .. } => self.bad_frame(ErrorCode::InvalidFrame).await,
            DeskFrame::Open {
                conversation_id,
                after_seq,
            } => {
                // From now on its panel's changes (only its) reach this desk.
                self.panel.show(conversation_id);
                self.open(conversation_id, after_seq, access).await
            }
            DeskFrame::Send {
                conversation_id,
                client_id,
                body,
                confirmed,
            } => self.send(conversation_id, client_id, body, confirmed).await,
            DeskFrame::Typing {
                conversation_id,
                on,
            } => self.typing(conversation_id, on).await,
            DeskFrame::Received {
                conversation_id,
                seq,
                read,
            } => self.received(conversation_id, seq, read).await,
            DeskFrame::Transition {
                conversation_id,
                action,
            } => self.transition(conversation_id, action).await,
            DeskFrame::SetFacts {
                conversation_id,
                facts,
            } => self.set_facts(conversation_id, facts).await,
            DeskFrame::Transfer {
                conversation_id,
                team,
                agent_id,
                note,
                escalate,
            } => {
                self.transfer(conversation_id, team, agent_id, note, escalate)
                    .await
            }
            DeskFrame::SetComplex {
                conversation_id,
                complex,
            } => self.step(conversation_id, Step::Complex(complex)).await,
            DeskFrame::RaiseComplaint {
                conversation_id,
                summary,
                severity,
            } => {
                let raised = crate::services::complaints::raise_by_staff(
                    &self.state,
                    &self.agent,
                    conversation_id,
                    &summary,
                    severity,
                )
                .await;
                match raised {
                    Ok(()) => Flow::Continue,
                    Err(refusal) => self.refuse(refusal, None).await,
                }
            }
            DeskFrame::SuggestArticles {
                conversation_id,
                query,
            } => {
                match crate::services::kb::suggest(&self.state, conversation_id, query.as_deref())
                    .await
                {
                    Ok(articles) => {
                        self.emit(parley_app::protocol::DeskEvent::Articles {
                            conversation_id,
                            articles,
                        });
                        Flow::Continue
                    }
                    Err(refusal) => self.refuse(refusal, None).await,
                }
            }
            DeskFrame::SimilarCases {
                conversation_id,
                query,
            } => self.library(conversation_id, query.as_deref()).await,
            DeskFrame::AddToLibrary {
                conversation_id,
                demand,
                solution,
            } => {
                match crate::services::case_library::add(
                    &self.state,
                    &self.agent,
                    conversation_id,
                    &demand,
                    &solution,
                )
                .await
                {
                    Ok(()) => self.library(conversation_id, None).await,
                    Err(refusal) => self.refuse(refusal, None).await,
                }
            }
            DeskFrame::EmailTranscript { conversation_id } => {
                match crate::services::mail::transcript_for_staff(&self.state, conversation_id)
                    .await
                {
                    Ok(()) => Flow::Continue,
                    Err(refusal) => self.refuse(refusal, None).await,
                }
            }
            DeskFrame::TrackOrder {
                conversation_id,
                order,
            } => {
                let (tracking, code) = match crate::services::tracking::for_staff(
                    &self.state,
                    &self.agent,
                    conversation_id,
                    &order,
                )
                .await
                {
                    Ok(t) => (Some(t), None),
                    Err(r) => (None, Some(r.code)),
                };
                self.emit(parley_app::protocol::DeskEvent::Tracking {
                    conversation_id,
                    tracking,
                    code,
                });
                Flow::Continue
            }
            DeskFrame::Query { query } => self.query(query).await,
            DeskFrame::SetPriority {
                conversation_id,
                priority,
            } => self.set_priority(conversation_id, priority).await,
            DeskFrame::SetAvailability { availability } => {
                self.set_availability(availability).await
            }
            DeskFrame::SetCustomer {
                conversation_id,
                tier,
                owner_id,
            } => self.set_customer(conversation_id, tier, owner_id).await,
            DeskFrame::Note {
                conversation_id,
                client_id,
                body,
            } => self.note(conversation_id, client_id, body).await,
            DeskFrame::RequestAccess {
                conversation_id,
                reason,
            } => self.request_access(conversation_id, reason).await,
            DeskFrame::DecideAccess {
                request_id,
                approve,
                minutes,
            } => self.decide_access(request_id, approve, minutes).await,
            DeskFrame::ProposeCompensation {
                conversation_id,
                client_id,
                kind,
                amount,
                currency,
                reason,
                major,
            } => {
                let proposal = Proposal {
                    client_id,
                    kind,
                    amount,
                    currency,
                    reason,
                    major,
                };
                self.propose_compensation(conversation_id, proposal).await
            }
            DeskFrame::DecideCompensation {
                compensation_id,
                verdict,
                amount,
                reason,
            } => {
                self.decide_compensation(compensation_id, verdict, amount, reason)
                    .await
            }
        }
    }
}

impl Session {
    /// Answers `similar_cases` (and a successful `add_to_library`) with
    /// the conversation's own case and the cases like it.
    async fn library(&mut self, conversation_id: i64, query: Option<&str>) -> Flow {
        match crate::services::case_library::similar(&self.state, conversation_id, query).await {
            Ok((own, cases)) => {
                self.emit(parley_app::protocol::DeskEvent::Library {
                    conversation_id,
                    own,
                    cases,
                });
                Flow::Continue
            }
            Err(refusal) => self.refuse(refusal, None).await,
        }
    }
}
