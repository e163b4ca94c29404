//! "Did this help?" on help-centre articles (issue 20), and the views they
//! count. The form works without script (a redirect back, thanked); the
//! help centre's script sends it in place, with the widget's visitor token
//! when the page is the widget's help panel, so the answer joins the
//! customer's conversation for the agent. Each address may send
//! [`TokenBucket::for_kb_feedback`]; a bad token is refused, never
//! silently dropped to an anonymous answer.

use std::fmt::Write as _;

use axum::Form;
use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use parley_app::error::ErrorCode;
use parley_app::i18n::lookup;
use serde::Deserialize;

use super::attachments::visitor_bearer;
use super::help_page::{error, urlencode};
use crate::domain::rate::TokenBucket;
use crate::http::widget::escape_html as esc;
use crate::security::client_addr::limit_key;
use crate::services::kb_feedback;
use crate::state::AppState;
use crate::storage::KbEventKind;

/// The largest answer body (`helpful=yes`).
pub(super) const MAX_VOTE_BYTES: usize = 256;

/// `?voted=yes|no` after the script-less form.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Voted {
    #[serde(default)]
    pub voted: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Vote {
    helpful: String,
    #[serde(default)]
    embed: Option<String>,
}

/// Whether an address may send one more view or answer now.
fn allowed(state: &AppState, peer: std::net::SocketAddr, headers: &HeaderMap) -> bool {
    let ip = state.client_ip(peer, headers);
    state.allow_creation(
        &format!("kb-feedback:{}", limit_key(&ip)),
        state.clock.now(),
        TokenBucket::for_kb_feedback,
    )
}

/// Counts a reader's view of an article (beyond the address's budget the
/// page is served uncounted).
pub(super) async fn count_view(
    state: &AppState,
    peer: std::net::SocketAddr,
    headers: &HeaderMap,
    site: &str,
    locale: &str,
    slug: &str,
) {
    if !allowed(state, peer, headers) {
        return;
    }
    if let Err(e) = kb_feedback::record(state, site, locale, slug, KbEventKind::Viewed, None).await
    {
        tracing::warn!(code = %e.code, site, slug, "an article view was not counted");
    }
}

/// `POST /help/{site}/{locale}/{slug}`: the reader's answer.
pub(super) async fn vote(
    State(state): State<AppState>,
    Path((site, locale, slug)): Path<(String, String, String)>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Form(vote): Form<Vote>,
) -> Response {
    let scripted = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let refuse = |status: StatusCode, code: ErrorCode| {
        tracing::info!(%code, site, slug, "an article answer was refused");
        if scripted {
            (status, Json(serde_json::json!({ "code": code.as_str() }))).into_response()
        } else {
            error(&locale, code)
        }
    };
    let kind = match vote.helpful.as_str() {
        "yes" => KbEventKind::Helpful,
        "no" => KbEventKind::NotHelpful,
        _ => return refuse(StatusCode::BAD_REQUEST, ErrorCode::InvalidFrame),
    };
    let visitor = match visitor_bearer(&state, &headers, state.clock.now()) {
        Ok(None) => None,
        Ok(Some(claims)) if claims.site == site => Some(claims.vid),
        Ok(Some(_)) => return refuse(StatusCode::FORBIDDEN, ErrorCode::UnknownSite),
        Err(code) => return refuse(StatusCode::UNAUTHORIZED, code),
    };
    if !allowed(&state, peer, &headers) {
        return refuse(StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited);
    }
    match kb_feedback::record(&state, &site, &locale, &slug, kind, visitor.as_deref()).await {
        Ok(()) if scripted => StatusCode::NO_CONTENT.into_response(),
        Ok(()) => Redirect::to(&format!(
            "/help/{}/{}/{}?voted={}{}#help-vote",
            urlencode(&site),
            urlencode(&locale),
            urlencode(&slug),
            vote.helpful,
            if vote.embed.as_deref() == Some("1") {
                "&embed=1"
            } else {
                ""
            }
        ))
        .into_response(),
        Err(e) if e.code == ErrorCode::NotFound => refuse(StatusCode::NOT_FOUND, e.code),
        Err(e) => refuse(StatusCode::INTERNAL_SERVER_ERROR, e.code),
    }
}

/// "Did this help? Yes / No" under an article (thanks once answered), and
/// in the widget's panel "Talk to a person".
pub(super) fn vote_form(
    html: &mut String,
    site: &str,
    locale: &str,
    slug: &str,
    embed: bool,
    voted: Option<String>,
) {
    let _ = write!(
        html,
        "<section id=\"help-vote\" class=\"help-vote\" data-testid=\"help-vote\" lang=\"{locale}\">"
    );
    let thanks = esc(&lookup(locale, "help-vote-thanks"));
    if voted.is_some() {
        let _ = write!(
            html,
            "<p role=\"status\" data-testid=\"help-vote-thanks\">{thanks}</p>"
        );
    } else {
        let _ = write!(
            html,
            "<form method=\"post\" action=\"/help/{site}/{locale}/{slug}\" data-thanks=\"{thanks}\">\
             <fieldset><legend>{question}</legend>{hidden}\
             <button type=\"submit\" name=\"helpful\" value=\"yes\" data-testid=\"help-vote-yes\">{yes}</button> \
             <button type=\"submit\" name=\"helpful\" value=\"no\" data-testid=\"help-vote-no\">{no}</button>\
             </fieldset></form>",
            site = urlencode(site),
            slug = urlencode(slug),
            question = esc(&lookup(locale, "help-vote-question")),
            hidden = if embed {
                "<input type=\"hidden\" name=\"embed\" value=\"1\">"
            } else {
                ""
            },
            yes = esc(&lookup(locale, "help-vote-yes")),
            no = esc(&lookup(locale, "help-vote-no")),
        );
    }
    if embed {
        let _ = write!(
            html,
            "<p><button type=\"button\" class=\"help-person\" data-parley-person data-testid=\"help-talk-to-person\">{}</button></p>",
            esc(&lookup(locale, "help-talk-to-person"))
        );
    }
    html.push_str("</section>");
}
