//! Issue 13, tenancy: an admin of one site (acme) tries everything an admin
//! route offers against the other site (demo), its staff and its
//! conversations — by hand for each finding (H1, H2, M3, the audit log,
//! transfers and owners), and by enumerating every admin route from the
//! source so a route added later without the gate fails here.

use crate::common;
use common::client;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, admin_form, csrf, get_text, me};
use serde_json::{Value, json};

const PASSWORD: &str = "a long enough password";

/// Creates an account through the staff form as `admin`; the redirect.
async fn try_create(app: &TestApp, admin: &str, email: &str, role: &str, sites: &str) -> String {
    common::create_staff(app, admin, email, role, sites).await
}

fn created(loc: &str) -> i64 {
    loc.strip_prefix("/desk/staff?saved=")
        .unwrap_or_else(|| panic!("created: {loc}"))
        .parse()
        .unwrap()
}

/// An account's profile as stored (read beside the running server).
async fn profile(app: &TestApp, id: i64) -> Value {
    let dir = app.dir.clone();
    let store = parley::storage::sql::SqlStore::open(&format!(
        "sqlite://{}",
        dir.join("parley.db").display()
    ))
    .await
    .unwrap();
    use parley::storage::prelude::*;
    let a = store.agent(id).await.unwrap();
    store.close().await;
    serde_json::to_value(a).unwrap()
}

/// A site's setup as stored (teams, topics, targets, fees).
async fn setup_of(app: &TestApp, site: &str) -> parley_app::api::SetupView {
    let store = parley::storage::sql::SqlStore::open(&format!(
        "sqlite://{}",
        app.dir.join("parley.db").display()
    ))
    .await
    .unwrap();
    let view = parley::services::setup::setup_json(&store, site)
        .await
        .unwrap();
    store.close().await;
    view
}

/// A world with two sites: the root admin, acme's admin (site-limited) and
/// a demo-only agent; cookies and ids.
struct World {
    app: TestApp,
    root: String,
    acme_admin: String,
    acme_admin_id: i64,
    demo_agent_id: i64,
    demo_agent: String,
}

async fn world() -> World {
    let app = TestApp::start_two_sites().await;
    let root = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let acme_admin_id = created(&try_create(&app, &root, "boss@acme.test", "admin", "acme").await);
    let demo_agent_id = created(&try_create(&app, &root, "ana@demo.test", "mid", "demo").await);
    let acme_admin = app.login("boss@acme.test", PASSWORD).await.unwrap();
    assert_eq!(me(&app, &acme_admin).await["stage"], "signed_in");
    let demo_agent = app.login("ana@demo.test", PASSWORD).await.unwrap();
    World {
        app,
        root,
        acme_admin,
        acme_admin_id,
        demo_agent_id,
        demo_agent,
    }
}

#[tokio::test]
async fn h1_a_site_admin_creates_staff_only_for_their_sites_and_never_admins() {
    let w = world().await;
    let app = &w.app;
    // Before the fix this made an admin of every site.
    assert_eq!(
        try_create(app, &w.acme_admin, "evil@acme.test", "admin", "").await,
        "/desk/staff?error=forbidden"
    );
    assert_eq!(
        try_create(app, &w.acme_admin, "evil2@acme.test", "admin", "acme").await,
        "/desk/staff?error=forbidden"
    );
    assert_eq!(
        try_create(app, &w.acme_admin, "spy@acme.test", "mid", "demo").await,
        "/desk/staff?error=forbidden"
    );
    assert_eq!(
        try_create(app, &w.acme_admin, "spy2@acme.test", "mid", "acme,demo").await,
        "/desk/staff?error=forbidden"
    );
    assert!(
        app.login("evil@acme.test", PASSWORD).await.is_none(),
        "no account was made"
    );
    // Without a list the new account works for the creator's sites.
    let id = created(&try_create(app, &w.acme_admin, "new@acme.test", "mid", "").await);
    assert_eq!(profile(app, id).await["sites"], json!(["acme"]));
    // The root admin may make admins of every site.
    let root_made = created(&try_create(app, &w.root, "peer@root.test", "admin", "").await);
    assert_eq!(profile(app, root_made).await["sites"], json!([]));
    let audit = get_text(app, &w.root, "/api/admin/audit.json").await;
    assert!(audit.contains("\"staff_created\""), "creations are audited");
    w.app.stop().await;
}

#[tokio::test]
async fn h2_a_site_admin_cannot_change_another_sites_settings() {
    let w = world().await;
    let app = &w.app;
    let before = setup_of(app, "demo").await;
    let token = csrf(app, &w.acme_admin).await;
    let attempts: &[(&str, &[(&str, &str)])] = &[
        ("/api/admin/sites/demo/setup/teams", &[("json", "[]")]),
        ("/api/admin/sites/demo/setup/topics", &[("json", "[]")]),
        ("/api/admin/sites/demo/setup/targets", &[("json", "{}")]),
        ("/api/admin/sites/demo/setup/fees", &[("json", "[]")]),
        (
            "/api/admin/sites/demo/canned",
            &[("key", "hijack"), ("text.en", "Send your card number")],
        ),
        ("/api/admin/sites/demo/compliance", &[("rules.en", "")]),
        (
            "/api/admin/sites/demo/texts",
            &[("greeting.en", "hijacked")],
        ),
        (
            "/api/admin/sites/demo/languages",
            &[("offer.en", "on"), ("default", "en")],
        ),
        (
            "/api/admin/sites/demo/privacy",
            &[("retention_days", "1"), ("new_secret", "on")],
        ),
        // The site's back-end connections: keys, webhooks, order lookup.
        (
            "/api/admin/sites/demo/api-keys",
            &[("name", "stolen"), ("scope", "write")],
        ),
        (
            "/api/admin/sites/demo/webhooks",
            &[
                ("url", "https://attacker.example/h"),
                ("events", "message.created"),
            ],
        ),
        ("/api/admin/sites/demo/webhooks/1/remove", &[]),
        ("/api/admin/sites/demo/webhooks/deliveries/1/redeliver", &[]),
        (
            "/api/admin/sites/demo/order-lookup",
            &[("url", "https://attacker.example/orders")],
        ),
    ];
    for (path, form) in attempts {
        let mut form = form.to_vec();
        form.push(("_csrf", &token));
        let resp = client()
            .post(app.url(path))
            .header("cookie", &w.acme_admin)
            .header("origin", app.origin())
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 404, "{path}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["code"], "not_found", "{path}");
    }
    let after = setup_of(app, "demo").await;
    assert_eq!(before, after, "demo's setup is unchanged");
    let staff = get_text(app, &w.root, "/desk/staff").await;
    assert!(!staff.contains("hijack") && !staff.contains("Send your card number"));
    assert!(
        staff.contains("unconditional refund"),
        "demo's compliance rules are still there"
    );
    // Their own site is theirs to change.
    let own = admin_form(
        app,
        &w.acme_admin,
        "/api/admin/sites/acme/compliance",
        &[("rules.en", "!free money")],
    )
    .await;
    assert_eq!(own, "/desk/staff?saved=compliance");
    w.app.stop().await;
}

#[tokio::test]
async fn m3_a_site_admin_cannot_touch_accounts_or_settings_beyond_their_sites() {
    let w = world().await;
    let app = &w.app;
    let root_id = me(app, &w.root).await["agent"]["id"].as_i64().unwrap();
    let token = csrf(app, &w.acme_admin).await;
    for target in [w.demo_agent_id, root_id] {
        for action in ["unlock", "reset-second-factor", "end-sessions", "routing"] {
            let path = format!("/api/admin/staff/{target}/{action}");
            let resp = client()
                .post(app.url(&path))
                .header("cookie", &w.acme_admin)
                .header("origin", app.origin())
                .form(&[
                    ("_csrf", token.as_str()),
                    ("sites", "acme"),
                    ("capacity", "1"),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 404, "{path}");
        }
    }
    // Nothing happened to them: both still signed in, demo's agent still demo's.
    assert_eq!(me(app, &w.root).await["stage"], "signed_in");
    assert_eq!(me(app, &w.demo_agent).await["stage"], "signed_in");
    assert_eq!(
        profile(app, w.demo_agent_id).await["sites"],
        json!(["demo"])
    );
    // The second-factor policy holds for every site: not theirs to change.
    let resp = client()
        .post(app.url("/api/security/mfa-policy"))
        .header("cookie", &w.acme_admin)
        .header("origin", app.origin())
        .form(&[("_csrf", token.as_str()), ("admin", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    // Their own staff they do manage.
    let mine = created(&try_create(app, &w.acme_admin, "cy@acme.test", "mid", "acme").await);
    let ok = admin_form(
        app,
        &w.acme_admin,
        &format!("/api/admin/staff/{mine}/end-sessions"),
        &[],
    )
    .await;
    assert_eq!(ok, "/desk/staff?saved=sessions");
    // Nor may they widen an account they manage to all sites or another site.
    for sites in ["", "demo"] {
        let loc = admin_form(
            app,
            &w.acme_admin,
            &format!("/api/admin/staff/{mine}/routing"),
            &[("sites", sites), ("capacity", "1")],
        )
        .await;
        assert_eq!(loc, "/desk/staff?error=forbidden", "sites={sites:?}");
    }
    let _ = w.acme_admin_id;
    w.app.stop().await;
}

#[tokio::test]
async fn low_audit_lines_of_other_sites_staff_and_typed_e_mails_stay_hidden() {
    let w = world().await;
    let app = &w.app;
    // A failed sign-in with a typed e-mail, and the demo agent's sign-in.
    let resp = client()
        .post(app.url("/api/auth/login"))
        .form(&[
            ("email", "typo-victim@elsewhere.test"),
            ("password", "nope nope"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let mine = get_text(app, &w.acme_admin, "/api/admin/audit.json").await;
    let rows: Vec<Value> = serde_json::from_str(&mine).unwrap();
    assert!(!rows.is_empty(), "their own sign-in at least");
    assert!(!mine.contains("typo-victim"), "typed e-mails: {mine}");
    assert!(
        !mine.contains("ana@demo.test"),
        "other sites' staff: {mine}"
    );
    assert!(
        !rows
            .iter()
            .any(|r| r["actor"] == ADMIN_EMAIL && r["action"] == "sign_in"),
        "the root admin's sign-ins: {mine}"
    );
    assert!(mine.contains("boss@acme.test"));
    let page = get_text(app, &w.acme_admin, "/desk/audit").await;
    assert!(!page.contains("typo-victim") && !page.contains("ana@demo.test"));
    let all = get_text(app, &w.root, "/api/admin/audit.json").await;
    assert!(all.contains("typo-victim") && all.contains("ana@demo.test"));
    w.app.stop().await;
}

#[tokio::test]
async fn low_transfers_and_owners_take_only_staff_of_the_conversations_site() {
    let w = world().await;
    let app = &w.app;
    let acme_agent = created(&try_create(app, &w.root, "only@acme.test", "senior", "acme").await);
    let (_customer, _token, demo_id) = app.customer(None, "where is my parcel").await;
    let (mut desk, _) = app.desk().await;
    common::show(&mut desk, demo_id).await;
    desk.send(json!({"type": "transfer", "conversation_id": demo_id, "agent_id": acme_agent}))
        .await;
    assert_eq!(desk.recv_type("error").await["code"], "not_found");
    desk.send(json!({"type": "set_customer", "conversation_id": demo_id, "tier": "core", "owner_id": acme_agent}))
        .await;
    assert_eq!(desk.recv_type("error").await["code"], "not_found");
    // Demo's own agent is accepted.
    desk.send(json!({"type": "set_customer", "conversation_id": demo_id, "tier": "core", "owner_id": w.demo_agent_id}))
        .await;
    common::detail_where(&mut desk, demo_id, |d| d["owner_id"] == w.demo_agent_id).await;
    w.app.stop().await;
}

/// Every `.route("PATH", METHOD(` in the server's HTTP modules.
pub fn declared_routes() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for chunk in text.split(".route(").skip(1) {
            let chunk = chunk.trim_start();
            let Some(rest) = chunk.strip_prefix('"') else {
                continue;
            };
            let route = rest.split('"').next().unwrap().to_owned();
            let after = &rest[route.len() + 1..];
            let method = after
                .trim_start_matches([',', ' ', '\n'])
                .split('(')
                .next()
                .unwrap()
                .trim()
                .to_owned();
            out.push((method, route));
        }
    }
    out.sort();
    assert!(out.len() > 20, "routes found: {out:?}");
    out
}

/// The Leptos server functions declared in the app crate.
pub fn server_functions() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/api");
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        text.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let mut out: Vec<String> = text
        .split("#[server(endpoint = \"")
        .skip(1)
        .map(|s| format!("/api/{}", s.split('"').next().unwrap()))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn every_admin_route_refuses_the_wrong_person() {
    let w = world().await;
    let app = &w.app;
    let (_customer, _token, demo_conversation) = app.customer(None, "hello").await;
    let routes = declared_routes();
    let admin_routes: Vec<_> = routes
        .iter()
        .filter(|(_, r)| r.starts_with("/api/admin") || r.starts_with("/api/security/"))
        .collect();
    assert!(admin_routes.len() >= 15, "{admin_routes:?}");
    let fill = |route: &str| {
        route
            .replace("{site}", "demo")
            .replace("{part}", "teams")
            .replace(
                "{id}",
                &if route.contains("/conversations/") {
                    demo_conversation.to_string()
                } else {
                    w.demo_agent_id.to_string()
                },
            )
    };
    let agent_token = csrf(app, &w.demo_agent).await;
    let acme_token = csrf(app, &w.acme_admin).await;
    // A password-only session: the root admin makes the second factor
    // mandatory for agents; a new agent's sign-in then stops at enrolment.
    // (The root admin's own session is signed in already.)
    let loc = admin_form(app, &w.root, "/api/security/mfa-policy", &[("mid", "on")]).await;
    assert_eq!(loc, "/desk/security?saved=policy");
    created(&try_create(app, &w.root, "half@demo.test", "mid", "demo").await);
    let half = app.login("half@demo.test", PASSWORD).await.unwrap();
    assert_eq!(me(app, &half).await["stage"], "enrol");
    let half_token = csrf(app, &half).await;
    let send = |method: &str, path: &str, cookie: Option<(&str, &str)>| {
        let mut req = match method {
            "get" => client().get(app.url(path)),
            _ => client().post(app.url(path)),
        };
        req = req.header("origin", app.origin());
        if let Some((cookie, token)) = cookie {
            req = req.header("cookie", cookie).header("x-csrf-token", token);
        }
        req.form(&[("json", "[]"), ("capacity", "1"), ("confirm", "on")])
            .send()
    };
    for (method, route) in &admin_routes {
        let path = fill(route);
        // Nobody signed in.
        let anon = send(method, &path, None).await.unwrap();
        assert_eq!(anon.status(), 401, "anonymous {method} {path}");
        // A session that has only given its password.
        let pending = send(method, &path, Some((&half, &half_token)))
            .await
            .unwrap();
        assert_eq!(pending.status(), 401, "password-only {method} {path}");
        // A signed-in agent who is not an admin.
        let agent = send(method, &path, Some((&w.demo_agent, &agent_token)))
            .await
            .unwrap();
        assert_eq!(agent.status(), 403, "agent {method} {path}");
        // An admin of another site: every route that names a site, an
        // account or a conversation of demo; the global policy.
        let target = parley::http::guard::target(&path).unwrap();
        let foreign = send(method, &path, Some((&w.acme_admin, &acme_token)))
            .await
            .unwrap();
        match target {
            parley::http::guard::Target::Any => {
                // Open to every admin: the rows are filtered (tested above).
                assert!(
                    foreign.status().is_success() || foreign.status().is_redirection(),
                    "acme admin {method} {path}: {}",
                    foreign.status()
                );
                if foreign.status().is_redirection() {
                    let loc = foreign.headers()["location"].to_str().unwrap();
                    assert!(!loc.contains("saved="), "{path} → {loc}");
                }
            }
            parley::http::guard::Target::Global => {
                assert_eq!(foreign.status(), 403, "acme admin {method} {path}")
            }
            _ => assert_eq!(foreign.status(), 404, "acme admin {method} {path}"),
        }
    }
    // The demo conversation still exists for its admin (erase was refused).
    let (mut desk, _) = app.desk().await;
    let d = common::detail_of(&mut desk, demo_conversation).await;
    assert_eq!(d["conversation_id"], demo_conversation);
    w.app.stop().await;
}
