//! Second factor, sessions and the audit log (issue 5):
//! - the code step of sign-in and the enrolment (QR code + key) that a role
//!   with a mandatory second factor goes through before the desk opens;
//! - `/desk/security`: one's own second factor, fresh recovery codes (shown
//!   once), live sessions; for admins, which roles must use a second factor;
//! - `/desk/audit`: the audit log, filtered and exported (admins).
//!
//! Every form is plain HTML posting with the session's CSRF token.

use leptos::prelude::*;

use crate::api::query_value;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{
    AuditQuery, AuditView, DeskSession, SecurityReply, SecurityRequest, SecurityStatus, security,
    whoami,
};
use crate::error::ErrorCode;
use crate::i18n::error_text;
use crate::protocol::StaffRole;

/// The browser's desk session, loaded once per page.
#[derive(Clone, Copy)]
pub struct SessionResource(pub Resource<Result<DeskSession, ErrorCode>>);

/// Loads the session and makes it available to the page's forms.
pub fn provide_session() -> SessionResource {
    let r = SessionResource(Resource::new(|| (), |_| whoami()));
    provide_context(r);
    r
}

/// The hidden CSRF field every state-changing form carries.
#[component]
pub fn CsrfField() -> impl IntoView {
    let session = use_context::<SessionResource>();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let token = match session {
                    Some(s) => s.0.await.ok().and_then(|d| d.csrf().map(str::to_owned)),
                    None => None,
                };
                view! { <input type="hidden" name="_csrf" value=token.unwrap_or_default()/> }
            })}
        </Suspense>
    }
}

/// A date and time in the reader's locale (filled in by the browser's
/// `Intl`; the server sends the ISO instant).
#[component]
pub fn DateTime(ms: i64) -> impl IntoView {
    let text = RwSignal::new(String::new());
    #[cfg(feature = "browser")]
    {
        let i18n = expect_context::<leptos_fluent::I18n>();
        Effect::new(move |_| {
            let locale = i18n.language.get().id.to_string();
            text.set(crate::client::format_date_time(ms, &locale));
        });
    }
    view! { <time data-ms=ms.to_string()>{move || text.get()}</time> }
}

fn error_from_query() -> impl Fn() -> Option<ErrorCode> + Copy {
    let query = use_query_map();
    move || query.read().get("error").and_then(|e| ErrorCode::parse(&e))
}

fn error_line(code: ErrorCode, testid: &'static str) -> impl IntoView {
    view! {
        <p class="error" role="alert" data-testid=testid data-code=code.as_str()>
            {move || error_text(code)}
        </p>
    }
}

/// The current password and a new one (the rules: at least 12
/// characters, not a common password, not the account's e-mail or name).
#[component]
fn PasswordForm(csrf: String) -> impl IntoView {
    view! {
        <form method="post" action="/api/auth/password" class="password-form" data-testid="password-form">
            <input type="hidden" name="_csrf" value=csrf/>
            <label for="password-current">{move || tr!("password-current")}</label>
            <input id="password-current" name="current" type="password" required
                autocomplete="current-password" data-testid="password-current"/>
            <label for="password-new">{move || tr!("password-new")}</label>
            <input id="password-new" name="new" type="password" required minlength="12"
                autocomplete="new-password" aria-describedby="password-rules" data-testid="password-new"/>
            <p class="hint" id="password-rules">{move || tr!("password-rules")}</p>
            <button type="submit" data-testid="password-submit">{move || tr!("password-submit")}</button>
        </form>
    }
}

/// Sign-in, last step when an admin required it: a new password.
#[component]
pub fn NewPasswordPage(csrf: String) -> impl IntoView {
    let error = error_from_query();
    let logout_csrf = csrf.clone();
    view! {
        <main class="login">
            <div class="login-form">
                <h1>{move || tr!("password-heading")}</h1>
                <p class="notice" role="status" data-testid="password-required">{move || tr!("password-required")}</p>
                {move || error().map(|code| error_line(code, "login-error"))}
                <PasswordForm csrf/>
            </div>
            <form method="post" action="/api/auth/logout">
                <input type="hidden" name="_csrf" value=logout_csrf/>
                <button type="submit" class="link">{move || tr!("logout")}</button>
            </form>
        </main>
    }
}

/// Sign-in, second step: the authenticator code or a recovery code.
#[component]
pub fn CodeForm(csrf: String) -> impl IntoView {
    let error = error_from_query();
    let logout_csrf = csrf.clone();
    view! {
        <main class="login">
            <form method="post" action="/api/auth/mfa" class="login-form" data-testid="code-form">
                <h1>{move || tr!("code-heading")}</h1>
                <p class="hint">{move || tr!("code-hint")}</p>
                {move || error().map(|code| error_line(code, "login-error"))}
                <input type="hidden" name="_csrf" value=csrf/>
                <label for="mfa-code">{move || tr!("code-label")}</label>
                <input id="mfa-code" name="code" type="text" inputmode="numeric"
                    autocomplete="one-time-code" required maxlength="16" data-testid="mfa-code"/>
                <button type="submit" data-testid="mfa-submit">{move || tr!("code-submit")}</button>
            </form>
            <form method="post" action="/api/auth/logout">
                <input type="hidden" name="_csrf" value=logout_csrf/>
                <button type="submit" class="link">{move || tr!("logout")}</button>
            </form>
        </main>
    }
}

/// Sign-in, second step for a role that must use a second factor and has
/// none yet: set one up.
#[component]
pub fn EnrolPage(csrf: String) -> impl IntoView {
    let error = error_from_query();
    view! {
        <main class="login enrol">
            <div class="login-form">
                <h1>{move || tr!("enrol-heading")}</h1>
                <p class="notice" role="status" data-testid="enrol-required">{move || tr!("enrol-required")}</p>
                {move || error().map(|code| error_line(code, "login-error"))}
                <TotpEnrol csrf/>
            </div>
        </main>
    }
}

/// The QR code, the key, and the form that proves the app has it.
#[component]
fn TotpEnrol(csrf: String) -> impl IntoView {
    let enrolment = Resource::new(|| (), |_| security(SecurityRequest::BeginTotp));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let csrf = csrf.clone();
                Suspend::new(async move {
                    match enrolment.await {
                        Ok(SecurityReply::Totp(t)) => view! {
                            <section class="enrol-steps" data-testid="totp-enrol">
                                <p class="hint">{move || tr!("enrol-hint")}</p>
                                <div class="qr" role="img" aria-label=move || tr!("enrol-qr") inner_html=t.qr_svg></div>
                                <p>
                                    {move || tr!("enrol-secret")} " "
                                    <code data-testid="totp-secret" dir="ltr">{t.secret}</code>
                                </p>
                                <form method="post" action="/api/auth/totp">
                                    <input type="hidden" name="_csrf" value=csrf/>
                                    <label for="totp-code">{move || tr!("code-label")}</label>
                                    <input id="totp-code" name="code" type="text" inputmode="numeric"
                                        autocomplete="one-time-code" required maxlength="6"
                                        data-testid="totp-code"/>
                                    <button type="submit" data-testid="totp-submit">{move || tr!("enrol-submit")}</button>
                                </form>
                            </section>
                        }.into_any(),
                        Err(code) => error_line(code, "totp-refused").into_any(),
                        _ => error_line(ErrorCode::Internal, "totp-refused").into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// `/desk/security`.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let session = provide_session();
    let status = Resource::new(|| (), |_| security(SecurityRequest::Status));
    let error = error_from_query();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "security-title")/>
        <main class="texts security">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("security-title")}</h1>
            {move || error().map(|code| error_line(code, "security-error"))}
            <Show when=saved>
                <p class="notice" role="status" data-testid="security-saved">{move || tr!("texts-saved")}</p>
            </Show>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let desk = session.0.await;
                    let (role, all_sites, csrf) = match desk {
                        Ok(DeskSession::SignedIn { agent, csrf }) => (agent.role, agent.sites.is_empty(), csrf),
                        _ => return error_line(ErrorCode::Unauthorized, "security-refused").into_any(),
                    };
                    match status.await {
                        Ok(SecurityReply::Status(s)) => view! {
                            <SecurityForms status=s role all_sites csrf/>
                        }.into_any(),
                        Err(code) => error_line(code, "security-refused").into_any(),
                        _ => error_line(ErrorCode::Internal, "security-refused").into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// `all_sites`: the viewer works for every site (the second-factor policy,
/// which holds for every site, is theirs to change).
#[component]
fn SecurityForms(
    status: SecurityStatus,
    role: StaffRole,
    all_sites: bool,
    csrf: String,
) -> impl IntoView {
    let SecurityStatus {
        totp_enabled,
        recovery_left,
        fresh_codes,
        mfa_required,
        sessions,
        sites,
    } = status;
    let privacy_csrf = csrf.clone();
    let password_csrf = csrf.clone();
    let has_fresh = !fresh_codes.is_empty();
    let enrol_csrf = csrf.clone();
    let sessions_csrf = csrf.clone();
    view! {
        <section aria-labelledby="totp-heading">
            <h2 id="totp-heading">{move || tr!("enrol-heading")}</h2>
            {if totp_enabled {
                view! {
                    <p data-testid="totp-state" data-on="true">{move || tr!("security-totp-on")}</p>
                    <p data-testid="recovery-left">{move || tr!("security-recovery-left", { "count" => recovery_left })}</p>
                }.into_any()
            } else {
                view! {
                    <p data-testid="totp-state" data-on="false">{move || tr!("security-totp-off")}</p>
                    <TotpEnrol csrf=enrol_csrf/>
                }.into_any()
            }}
            {has_fresh.then(|| view! {
                <div class="fresh-codes" role="status">
                    <p>{move || tr!("security-fresh-codes")}</p>
                    <ul data-testid="recovery-codes">
                        {fresh_codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
                    </ul>
                    <p><a href="/desk" data-testid="continue-to-desk">{move || tr!("desk-back")}</a></p>
                </div>
            })}
        </section>
        <section aria-labelledby="password-heading">
            <h2 id="password-heading">{move || tr!("password-heading")}</h2>
            <PasswordForm csrf=password_csrf/>
        </section>
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{move || tr!("security-sessions")}</h2>
            <ul class="sessions" data-testid="sessions">
                {sessions.into_iter().map(|s| view! {
                    <li data-current=s.current.to_string()>
                        <DateTime ms=s.created_at/> " · " {s.ip.unwrap_or_default()}
                        {s.current.then(|| view! { " · " <strong>{move || tr!("security-session-current")}</strong> })}
                    </li>
                }).collect_view()}
            </ul>
            <form method="post" action="/api/auth/sessions/revoke">
                <input type="hidden" name="_csrf" value=sessions_csrf/>
                <button type="submit" data-testid="revoke-sessions">{move || tr!("security-revoke-others")}</button>
            </form>
        </section>
        {(role == StaffRole::Admin).then(|| view! {
            <section aria-labelledby="policy-heading">
                <h2 id="policy-heading">{move || tr!("security-policy")}</h2>
                {all_sites.then(|| view! {
                <form method="post" action="/api/security/mfa-policy" data-testid="mfa-policy">
                    <input type="hidden" name="_csrf" value=csrf/>
                    <fieldset>
                        <legend>{move || tr!("security-policy-hint")}</legend>
                        {StaffRole::ALL.into_iter().map(|r| {
                            let id = format!("mfa-{}", r.as_str());
                            let label_for = id.clone();
                            let checked = mfa_required.contains(&r);
                            view! {
                                <label for=label_for>
                                    <input type="checkbox" id=id name=r.as_str() value="on" checked=checked/>
                                    {move || tr!("staff-role-name", { "role" => r.as_str() })}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    <button type="submit">{move || tr!("texts-save")}</button>
                </form>
                })}
                <p><a href="/desk/audit" data-testid="audit-link">{move || tr!("audit-title")}</a></p>
            </section>
        })}
        {sites.into_iter().map(|p| view! { <SitePrivacyForm p csrf=privacy_csrf.clone()/> }).collect_view()}
    }
}

/// A site's retention period and identity verification (admins).
#[component]
fn SitePrivacyForm(p: crate::api::SitePrivacy, csrf: String) -> impl IntoView {
    let site = p.site.clone();
    let id = |k: &str| format!("privacy-{}-{k}", p.site);
    view! {
        <section class="site-privacy" data-testid=format!("privacy-{}", p.site)>
            <h2>{move || tr!("privacy-heading", { "site" => p.name.clone() })}</h2>
            <form method="post" action=format!("/api/admin/sites/{site}/privacy")>
                <input type="hidden" name="_csrf" value=csrf/>
                <label for=id("days")>{move || tr!("privacy-retention")}</label>
                <input id=id("days") name="retention_days" type="number" min="1" max="3650"
                    inputmode="numeric" required value=p.retention_days.to_string()
                    data-testid=id("days")/>
                <p class="hint">{move || tr!("privacy-retention-hint")}</p>
                <label for=id("required")>
                    <input type="checkbox" id=id("required") name="identity_required"
                        checked=p.identity_required data-testid=id("required")/>
                    {move || tr!("privacy-identity-required")}
                </label>
                <p class="hint">{move || tr!("privacy-identity-hint")}</p>
                {p.identity_secret.map(|secret| view! {
                    <p>{move || tr!("privacy-identity-secret")} " "
                        <code dir="ltr" data-testid=id("secret")>{secret}</code></p>
                })}
                <label for=id("new")>
                    <input type="checkbox" id=id("new") name="new_secret"/>
                    {move || tr!("privacy-new-secret")}
                </label>
                <button type="submit" data-testid=id("save")>{move || tr!("texts-save")}</button>
            </form>
        </section>
    }
}

/// `/desk/audit` (admins).
#[component]
pub fn AuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        let text = |k: &str| q.get(k).filter(|v| !v.trim().is_empty());
        AuditQuery {
            action: text("action"),
            actor: text("actor"),
            conversation: text("conversation").and_then(|v| v.trim().parse().ok()),
            from: text("from"),
            until: text("until"),
        }
    });
    let rows = Resource::new(
        move || filter.get(),
        |f| security(SecurityRequest::Audit(f)),
    );
    let i18n = expect_context::<leptos_fluent::I18n>();
    let export = move || {
        let q = query.read();
        let pairs: Vec<String> = ["action", "actor", "conversation", "from", "until"]
            .iter()
            .filter_map(|k| {
                q.get(k)
                    .filter(|v| !v.is_empty())
                    .map(|v| format!("{k}={}", query_value(&v)))
            })
            .collect();
        format!("/api/admin/audit.json?{}", pairs.join("&"))
    };
    let value = move |k: &'static str| move || query.read().get(k).unwrap_or_default();
    view! {
        <Title text=move || tr!(i18n, "audit-title")/>
        <main class="texts audit">
            <p><a href="/desk/security">{move || tr!("security-title")}</a></p>
            <h1>{move || tr!("audit-title")}</h1>
            <form method="get" action="/desk/audit" class="audit-filter" data-testid="audit-filter">
                <label for="audit-action">{move || tr!("audit-action")}</label>
                <input id="audit-action" name="action" value=value("action") data-testid="audit-action"/>
                <label for="audit-actor">{move || tr!("audit-actor")}</label>
                <input id="audit-actor" name="actor" type="email" value=value("actor")/>
                <label for="audit-conversation">{move || tr!("audit-conversation")}</label>
                <input id="audit-conversation" name="conversation" inputmode="numeric" value=value("conversation")/>
                <label for="audit-from">{move || tr!("audit-from")}</label>
                <input id="audit-from" name="from" type="date" value=value("from")/>
                <label for="audit-until">{move || tr!("audit-until")}</label>
                <input id="audit-until" name="until" type="date" value=value("until")/>
                <button type="submit" data-testid="audit-apply">{move || tr!("audit-apply")}</button>
            </form>
            <p><a href=export download="audit.json" data-testid="audit-export">{move || tr!("audit-export")}</a></p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(SecurityReply::Audit(rows)) => view! { <AuditTable rows/> }.into_any(),
                        Err(code) => error_line(code, "audit-refused").into_any(),
                        _ => error_line(ErrorCode::Internal, "audit-refused").into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn AuditTable(rows: Vec<AuditView>) -> impl IntoView {
    let count = rows.len();
    view! {
        <p class="hint" data-testid="audit-count">{move || tr!("audit-count", { "count" => count })}</p>
        // A wide table scrolls sideways: focusable and named for keyboards.
        <div class="table-scroll" tabindex="0" role="region" aria-label=move || tr!("audit-title")>
            <table class="audit-log" data-testid="audit-log">
                <thead>
                    <tr>
                        <th scope="col">{move || tr!("audit-when")}</th>
                        <th scope="col">{move || tr!("audit-actor")}</th>
                        <th scope="col">{move || tr!("audit-action")}</th>
                        <th scope="col">{move || tr!("audit-conversation")}</th>
                        <th scope="col">{move || tr!("audit-detail")}</th>
                        <th scope="col">{move || tr!("audit-ip")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr data-action=r.action.clone()>
                            <td><DateTime ms=r.at/></td>
                            <td dir="ltr">{r.actor}</td>
                            <td><code>{r.action.clone()}</code></td>
                            <td>{r.conversation_id.map(|c| format!("#{c}"))}</td>
                            <td><code dir="ltr">{r.detail}</code></td>
                            <td dir="ltr">{r.ip}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
