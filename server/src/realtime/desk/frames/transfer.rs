//! `transfer`: to another team's queue and/or another agent of the site,
//! with a hand-off note.

use parley_app::error::ErrorCode;

use crate::error::store_code;
use crate::services::workflow::Step;

use crate::realtime::desk::session::{Flow, Session};

impl Session {
    /// Checks the team and the new holder, then runs the step.
    pub(in crate::realtime::desk) async fn transfer(
        &mut self,
        conversation_id: i64,
        team: Option<String>,
        agent_id: Option<i64>,
        note: Option<String>,
    ) -> Flow {
        let to_team = match team {
            None => None,
            Some(name) => {
                let found = match self.state.store.record(conversation_id).await {
                    Ok(r) => self
                        .state
                        .store
                        .teams(&r.site)
                        .await
                        .map(|ts| ts.into_iter().find(|t| t.name == name).map(|t| t.id)),
                    Err(e) => Err(e),
                };
                match found {
                    Ok(Some(id)) => Some(id),
                    Ok(None) => {
                        return self.refuse(ErrorCode::NotFound.into(), None).await;
                    }
                    Err(e) => return self.refuse(store_code(e).into(), None).await,
                }
            }
        };
        if let Some(a) = agent_id
            && let Err(code) = self.holder_of(conversation_id, a).await
        {
            return self.refuse(code.into(), None).await;
        }
        let step = Step::Transfer {
            agent_id: self.agent.id,
            to_team,
            to_agent: agent_id,
            note: note.map(|n| n.chars().take(1000).collect()),
        };
        self.step(conversation_id, step).await
    }
}
