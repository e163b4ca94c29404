//! Issue 13, second factor and sign-in abuse, as an attacker would try them
//! against a real server: a password-only session reaching for the audit log
//! and the owner's sessions (M1), guessing codes on sessions opened before
//! the lock and in parallel (M2), a flood of sign-ins against the hashing
//! memory (the real binary, its peak RSS read from /proc), CSRF on every
//! state-changing route (enumerated from the source), and the
//! `account_locked` oracle for unknown e-mails.

use crate::common;
use crate::tenancy::{declared_routes, server_functions};
use common::client;

use std::sync::Arc;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, csrf, me};
use parley::security::totp;
use parley::state::ManualClock;
use serde_json::Value;

/// A server with the product's default (admins need a second factor), a
/// manual clock, and 127.0.0.1 trusted as a proxy (so a test can speak for
/// many addresses); the admin enrolled: their session and key.
async fn enrolled() -> (TestApp, Arc<ManualClock>, String, String) {
    let dir = tempfile::tempdir().unwrap().keep();
    let clock = Arc::new(ManualClock::default());
    clock.set(parley::state::now_ms());
    let mut cfg = common::config(&dir);
    cfg.mfa_for_admins = true;
    cfg.clock = Some(clock.clone());
    cfg.trusted_proxies = Some("127.0.0.1".into());
    let app = TestApp::start_config(cfg).await;
    let (session, secret) = common::enrolled_admin(app.addr, clock.get()).await;
    (app, clock, session, secret.expect("enrolled now"))
}

/// Signs in with the password from `address`; the redirect and the cookie.
async fn password_from(app: &TestApp, address: &str, password: &str) -> (String, Option<String>) {
    let resp = client()
        .post(app.url("/api/auth/login"))
        .header("x-forwarded-for", address)
        .form(&[("email", ADMIN_EMAIL), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let cookie = resp
        .headers()
        .get("set-cookie")
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned());
    (
        resp.headers()["location"].to_str().unwrap().to_owned(),
        cookie,
    )
}

/// Posts a code on a pending session from `address`; the redirect.
async fn code_from(app: &TestApp, session: &str, address: &str, code: &str) -> String {
    let token = csrf(app, session).await;
    let resp = client()
        .post(app.url("/api/auth/mfa"))
        .header("cookie", session)
        .header("x-forwarded-for", address)
        .form(&[("code", code), ("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    resp.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn m1_a_password_alone_reads_nothing_and_revokes_nothing() {
    let (app, _clock, owner, _secret) = enrolled().await;
    let (to, pending) = password_from(&app, "198.51.100.1", ADMIN_PASSWORD).await;
    assert_eq!(to, "/desk");
    let pending = pending.unwrap();
    assert_eq!(me(&app, &pending).await["stage"], "code");
    // The audit page renders its rows through the security server function:
    // none for a session whose code is still due.
    let page = common::get_text(&app, &pending, "/desk/audit").await;
    assert!(!page.contains("data-testid=\"audit-log\""), "{page}");
    assert!(!page.contains("sign_in"), "no audit rows leak");
    let export = client()
        .get(app.url("/api/admin/audit.json"))
        .header("cookie", &pending)
        .send()
        .await
        .unwrap();
    assert_eq!(export.status(), 401);
    let security = common::get_text(&app, &pending, "/desk/security").await;
    assert!(!security.contains("data-testid=\"sessions\""));
    // Revoking "other" sessions with the pending one leaves the owner's alone.
    let token = csrf(&app, &pending).await;
    let resp = client()
        .post(app.url("/api/auth/sessions/revoke"))
        .header("cookie", &pending)
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["location"],
        "/desk?error=unauthorized",
        "refused"
    );
    assert_eq!(me(&app, &owner).await["stage"], "signed_in");
    // The desk socket is for full sessions only (as before).
    let refused = common::Ws::connect(app.addr, "/ws/desk", Some(&pending), Some(&app.origin()))
        .await
        .err()
        .unwrap();
    assert!(matches!(refused, tokio_tungstenite::tungstenite::Error::Http(r) if r.status() == 401));
    app.stop().await;
}

#[tokio::test]
async fn m2_the_code_step_locks_with_the_account_even_on_open_sessions() {
    let (app, clock, _owner, secret) = enrolled().await;
    // The attacker holds the password and opens a code-step session first.
    let (_, early) = password_from(&app, "198.51.100.7", ADMIN_PASSWORD).await;
    let early = early.unwrap();
    assert_eq!(me(&app, &early).await["stage"], "code");
    // Five wrong codes (another address each: no source throttle) lock it.
    for i in 0..5 {
        let to = code_from(&app, &early, &format!("203.0.113.{i}"), "000000").await;
        assert_eq!(to, "/desk?error=code_invalid", "guess {i}");
    }
    // Now even the right code on that open session is refused.
    clock.advance(60_000);
    let right = totp::code_at(&secret, clock.get()).unwrap();
    assert_eq!(
        code_from(&app, &early, "203.0.113.50", &right).await,
        "/desk?error=account_locked"
    );
    assert_eq!(me(&app, &early).await["stage"], "code");
    let audit = common::db_text(&app).contains("account_locked");
    assert!(audit, "the lock is audited");
    app.stop().await;
}

#[tokio::test]
async fn m2_parallel_code_guesses_cannot_outrun_the_lock() {
    let (app, clock, _owner, secret) = enrolled().await;
    // Twenty code-step sessions, from twenty addresses.
    let mut sessions = Vec::new();
    for i in 0..20 {
        let (_, s) = password_from(&app, &format!("198.51.100.{}", 100 + i), ADMIN_PASSWORD).await;
        sessions.push(s.unwrap());
    }
    // All guess at once.
    let guesses = sessions.iter().enumerate().map(|(i, s)| {
        let app = &app;
        async move { code_from(app, s, &format!("203.0.113.{}", 100 + i), "000000").await }
    });
    let answers = futures_util::future::join_all(guesses).await;
    let verified = answers
        .iter()
        .filter(|a| a.as_str() == "/desk?error=code_invalid")
        .count();
    let locked = answers
        .iter()
        .filter(|a| a.as_str() == "/desk?error=account_locked")
        .count();
    assert_eq!(
        verified, 5,
        "only five guesses are ever checked: {answers:?}"
    );
    assert_eq!(locked, 15, "{answers:?}");
    clock.advance(60_000);
    let right = totp::code_at(&secret, clock.get()).unwrap();
    assert_eq!(
        code_from(&app, &sessions[19], "203.0.113.250", &right).await,
        "/desk?error=account_locked"
    );
    app.stop().await;
}

#[tokio::test]
async fn unknown_e_mails_answer_like_locked_accounts() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = common::admin_form(
        &app,
        &admin,
        "/api/admin/staff",
        &[
            ("email", "real@test.local"),
            ("name", "Real"),
            ("password", "a long enough password"),
        ],
    )
    .await;
    assert!(loc.contains("saved="));
    let answers = |email: &'static str| {
        let app = &app;
        async move {
            let mut out = Vec::new();
            for _ in 0..6 {
                let resp = client()
                    .post(app.url("/api/auth/login"))
                    .form(&[("email", email), ("password", "wrong password 123")])
                    .send()
                    .await
                    .unwrap();
                out.push(resp.headers()["location"].to_str().unwrap().to_owned());
            }
            out
        }
    };
    let real = answers("real@test.local").await;
    // Fresh address budget: the source throttle is per address and would
    // answer `too_many_attempts` to both after ten.
    let app2 = TestApp::start().await;
    let fake = {
        let mut out = Vec::new();
        for _ in 0..6 {
            let resp = client()
                .post(app2.url("/api/auth/login"))
                .form(&[
                    ("email", "nobody@test.local"),
                    ("password", "wrong password 123"),
                ])
                .send()
                .await
                .unwrap();
            out.push(resp.headers()["location"].to_str().unwrap().to_owned());
        }
        out
    };
    assert_eq!(real.last().unwrap(), "/desk?error=account_locked");
    assert_eq!(real, fake, "the answers tell nobody which accounts exist");
    app.stop().await;
    app2.stop().await;
}

#[tokio::test]
async fn every_state_change_without_the_csrf_token_is_refused() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    // The server functions the middleware knows are those the app declares.
    let mut known: Vec<String> = parley::http::auth::SERVER_FUNCTIONS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    known.sort();
    assert_eq!(known, server_functions());
    let mut changes: Vec<String> = declared_routes()
        .into_iter()
        .filter(|(m, _)| m != "get")
        .map(|(_, r)| r)
        .collect();
    changes.extend(server_functions());
    let exempt = parley::http::auth::CSRF_EXEMPT;
    let mut tried = 0;
    for route in changes.iter().filter(|r| !exempt.contains(&r.as_str())) {
        let path = route
            .replace("{site}", "demo")
            .replace("{part}", "teams")
            .replace("{id}", "1");
        // The session cookie, no token, no Origin (a forged or scripted post).
        let resp = client()
            .post(app.url(&path))
            .header("cookie", &admin)
            .form(&[("json", "[]")])
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 403, "{path}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["code"], "csrf_invalid", "{path}");
        tried += 1;
    }
    assert!(tried >= 20, "{tried}");
    // The one the review found: the security server function, no slash.
    let resp = client()
        .post(app.url("/api/security"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    // Server functions called by the desk's own pages (same Origin) work.
    let resp = client()
        .post(app.url("/api/whoami"))
        .header("cookie", &admin)
        .header("origin", app.origin())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    app.stop().await;
}

/// Peak resident memory of a process, in KiB.
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[tokio::test]
async fn a_flood_of_sign_ins_hashes_two_passwords_at_a_time() {
    // The real binary, so its memory is its own.
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    let server = common::ServerProcess::spawn_with_env(
        dir.path(),
        port,
        &[("PARLEY_TRUSTED_PROXIES", "127.0.0.1")],
    )
    .await;
    let base = format!("http://{}", server.addr);
    let before = peak_rss_kib(server.child.id());
    // 120 sign-ins at once, each from its own address (no throttle applies).
    let tries = (0..120).map(|i| {
        let base = base.clone();
        async move {
            let resp = client()
                .post(format!("{base}/api/auth/login"))
                .header(
                    "x-forwarded-for",
                    format!("10.9.{}.{}", i / 200, i % 200 + 1),
                )
                .form(&[
                    ("email", format!("flood{i}@test.local")),
                    ("password", "not the password".into()),
                ])
                .send()
                .await
                .unwrap();
            match resp.headers().get("location") {
                Some(l) => l.to_str().unwrap().to_owned(),
                // A sign-in still queued when its request timed out.
                None => resp.status().to_string(),
            }
        }
    });
    let answers = futures_util::future::join_all(tries).await;
    assert!(
        answers
            .iter()
            .all(|a| a == "/desk?error=invalid_credentials"
                || a == "/desk?error=too_many_attempts"
                || a.starts_with("408")),
        "{answers:?}"
    );
    let peak = peak_rss_kib(server.child.id());
    eprintln!(
        "sign-in flood: peak RSS {before} KiB before, {peak} KiB after 120 parallel sign-ins"
    );
    // Argon2 takes 19 MiB a hash: before the hashing pool, this flood left
    // the server ~390 MB larger (every hash on its own blocking thread).
    assert!(
        peak < before + 100 * 1024,
        "peak RSS grew from {before} KiB to {peak} KiB"
    );
    // The owner still signs in.
    let resp = client()
        .post(format!("{base}/api/auth/login"))
        .form(&[("email", ADMIN_EMAIL), ("password", ADMIN_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["location"], "/desk");
}

/// Posts the password form with `cookie`; the redirect.
async fn change_password(app: &TestApp, cookie: &str, current: &str, new: &str) -> String {
    let token = csrf(app, cookie).await;
    let resp = client()
        .post(app.url("/api/auth/password"))
        .header("cookie", cookie)
        .form(&[
            ("current", current),
            ("new", new),
            ("_csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    resp.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn staff_change_their_password_and_admins_can_require_a_new_one() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let old = "a long enough password";
    let ana = common::agent_session(&app, &admin, "ana@test.local").await;
    let ana_elsewhere = app.login("ana@test.local", old).await.unwrap();
    // Wrong current password, and a new one the rules refuse.
    assert_eq!(
        change_password(&app, &ana, "not my password", "another fine password").await,
        "/desk/security?error=invalid_credentials"
    );
    assert_eq!(
        change_password(&app, &ana, old, "too short").await,
        "/desk/security?error=password_too_short"
    );
    assert_eq!(
        change_password(&app, &ana, old, "password1234").await,
        "/desk/security?error=password_common"
    );
    // Changed: her other session ends, the old password is gone.
    assert_eq!(
        change_password(&app, &ana, old, "a brand new passphrase").await,
        "/desk/security?saved=password"
    );
    assert_eq!(me(&app, &ana).await["stage"], "signed_in");
    assert_eq!(me(&app, &ana_elsewhere).await["stage"], "signed_out");
    assert!(app.login("ana@test.local", old).await.is_none());
    let ana = app
        .login("ana@test.local", "a brand new passphrase")
        .await
        .unwrap();
    assert_eq!(me(&app, &ana).await["stage"], "signed_in");

    // An admin requires a new one: her sessions end at once, and at her next
    // sign-in she can do nothing else until she sets one.
    let ana_id = me(&app, &ana).await["agent"]["id"].as_i64().unwrap();
    let loc = common::admin_form(
        &app,
        &admin,
        &format!("/api/admin/staff/{ana_id}/require-new-password"),
        &[],
    )
    .await;
    assert_eq!(loc, "/desk/staff?saved=password");
    assert_eq!(me(&app, &ana).await["stage"], "signed_out");
    let pending = app
        .login("ana@test.local", "a brand new passphrase")
        .await
        .unwrap();
    assert_eq!(me(&app, &pending).await["stage"], "new_password");
    let refused = common::Ws::connect(app.addr, "/ws/desk", Some(&pending), Some(&app.origin()))
        .await
        .err()
        .unwrap();
    assert!(matches!(refused, tokio_tungstenite::tungstenite::Error::Http(r) if r.status() == 401));
    let page = common::get_text(&app, &pending, "/desk").await;
    assert!(page.contains("data-testid=\"password-required\""));
    assert_eq!(
        change_password(
            &app,
            &pending,
            "a brand new passphrase",
            "yet another passphrase"
        )
        .await,
        "/desk?saved=password"
    );
    assert_eq!(me(&app, &pending).await["stage"], "signed_in");
    // Signed in normally from then on; both changes are in the audit log.
    let again = app
        .login("ana@test.local", "yet another passphrase")
        .await
        .unwrap();
    assert_eq!(me(&app, &again).await["stage"], "signed_in");
    let audit = common::get_text(&app, &admin, "/api/admin/audit.json").await;
    assert!(
        audit.contains("\"password_changed\"") && audit.contains("\"password_reset_required\"")
    );
    assert!(
        !audit.contains("brand new passphrase"),
        "never the password"
    );
    app.stop().await;
}
