//! Issue 15, sites: an admin adds a site, allows the origins of its host
//! pages, brands its launcher, disables and enables it; the embed config,
//! the widget page's `frame-ancestors`, its theme and the visitor socket
//! follow at once, and on another server sharing the store within seconds.
//! `PARLEY_DEMO=off` serves no demo.

use std::time::Duration;

use crate::common;
use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, admin_form, client, get_text};
use serde_json::{Value, json};

/// `/embed/config?site=` as a page of `origin` asks for it: status and body.
async fn launcher(app: &TestApp, site: &str, origin: Option<&str>) -> (u16, Value) {
    let mut req = client().get(app.url(&format!("/embed/config?site={site}")));
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    assert_eq!(
        resp.headers()["access-control-allow-origin"],
        "*",
        "readable by embed.js on any page, to say why"
    );
    (status, resp.json().await.unwrap())
}

/// The widget page's `frame-ancestors` for `site`.
async fn ancestors(app: &TestApp, site: &str) -> String {
    let resp = client()
        .get(app.url(&format!("/widget?site={site}")))
        .send()
        .await
        .unwrap();
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    csp.split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("frame-ancestors "))
        .unwrap_or_default()
        .to_owned()
}

/// The key in a `/desk/sites?site=KEY&…` redirect.
fn key_of(loc: &str) -> String {
    loc.strip_prefix("/desk/sites?site=")
        .and_then(|r| r.split('&').next())
        .unwrap_or_else(|| panic!("no site in {loc}"))
        .to_owned()
}

async fn hello(app: &TestApp, site: &str) -> Value {
    let mut ws = app.visitor().await;
    ws.send(json!({"type": "hello", "v": 1, "site": site, "last_seq": 0}))
        .await;
    ws.recv().await
}

#[tokio::test]
async fn an_admin_adds_a_site_allows_its_pages_and_brands_its_launcher() {
    let app = TestApp::start().await;
    let root = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = admin_form(&app, &root, "/api/admin/sites", &[("name", " Acme Goods ")]).await;
    assert!(loc.ends_with("&saved=created"), "{loc}");
    let key = key_of(&loc);
    assert!(parley::domain::site::is_site_key(&key), "{key}");
    let page = get_text(&app, &root, &format!("/desk/sites?site={key}")).await;
    assert!(page.contains("Acme Goods"));
    let snippet = common::testid_text(&page, "site-snippet").unwrap();
    assert_eq!(
        snippet,
        format!(
            "&lt;script src=\"{}/embed.js\" data-site=\"{key}\" async&gt;&lt;/script&gt;",
            app.origin()
        )
    );

    // A new site is embeddable nowhere until its origins are set.
    let (status, body) = launcher(&app, &key, Some("https://shop.acme.example")).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (403, Some("origin_forbidden"))
    );
    assert_eq!(ancestors(&app, &key).await, "'none'");
    // It talks to customers already (the widget page is framed by no one
    // yet, but the site key is live).
    assert_eq!(hello(&app, &key).await["type"], "welcome");

    let path = format!("/api/admin/sites/{key}");
    let saved = admin_form(
        &app,
        &root,
        &path,
        &[
            ("name", "Acme Goods"),
            (
                "origins",
                "https://Shop.Acme.example/\nhttps://*.brand.example",
            ),
            ("accent", "#0B5D1E"),
            ("position", "start"),
            ("launcher.en", "Ask Acme"),
            ("launcher.de", ""),
        ],
    )
    .await;
    assert_eq!(saved, format!("/desk/sites?site={key}&saved=settings"));
    let (status, body) = launcher(&app, &key, Some("https://shop.acme.example")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["accent"], "#0b5d1e");
    assert_eq!(body["position"], "start");
    assert_eq!(body["labels"]["en"], "Ask Acme");
    assert_eq!(
        body["labels"]["de"], "Chatten Sie mit uns",
        "the translated default"
    );
    assert_eq!(
        launcher(&app, &key, Some("https://eu.brand.example"))
            .await
            .0,
        200
    );
    for foreign in [
        "https://brand.example",
        "http://shop.acme.example",
        "https://evil.example",
        "https://shop.acme.example.evil.example",
    ] {
        assert_eq!(
            launcher(&app, &key, Some(foreign)).await.0,
            403,
            "{foreign}"
        );
    }
    assert_eq!(
        ancestors(&app, &key).await,
        "https://shop.acme.example https://*.brand.example"
    );
    // The widget page carries the accent (the widget sets it as --accent).
    let widget = get_text(&app, &root, &format!("/widget?site={key}")).await;
    assert_eq!(common::widget_boot(&widget).config.accent, "#0b5d1e");

    // Every change is audited.
    let audit = get_text(&app, &root, "/api/admin/audit.json").await;
    assert!(audit.contains("\"site_created\"") && audit.contains("\"site_changed\""));
    app.stop().await;
}

#[tokio::test]
async fn bad_settings_are_refused_by_field_and_change_nothing() {
    let app = TestApp::start().await;
    let root = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let before = launcher(&app, "demo", None).await.1;
    let good = [
        ("name", "Northwind Parcel"),
        ("origins", "https://northwind.example"),
        ("accent", "#1f5fbf"),
        ("position", "end"),
    ];
    let with = |k: &'static str, v: &'static str| {
        let mut f: Vec<(&str, &str)> = good.iter().copied().filter(|(n, _)| *n != k).collect();
        f.push((k, v));
        f
    };
    for (form, code, field) in [
        (
            with("origins", "https://ok.example\nhttp://plain.example"),
            "origin_invalid",
            Some("http%3A%2F%2Fplain.example"),
        ),
        (
            with("origins", "https://a.example/path"),
            "origin_invalid",
            Some("https%3A%2F%2Fa.example%2Fpath"),
        ),
        (
            with("origins", "https://a.example; script-src *"),
            "origin_invalid",
            None,
        ),
        (
            with("accent", "#ffeb3b"),
            "contrast_too_low",
            Some("accent"),
        ),
        (with("accent", "yellow"), "config_invalid", Some("accent")),
        (with("name", "   "), "site_name_invalid", Some("name")),
        (with("position", "top"), "config_invalid", Some("position")),
    ] {
        let loc = admin_form(&app, &root, "/api/admin/sites/demo", &form).await;
        assert!(
            loc.starts_with(&format!("/desk/sites?site=demo&error={code}")),
            "{form:?} → {loc}"
        );
        if let Some(field) = field {
            assert!(loc.ends_with(&format!("&field={field}")), "{loc}");
        }
    }
    assert_eq!(
        launcher(&app, "demo", None).await.1,
        before,
        "nothing changed"
    );
    let page = get_text(
        &app,
        &root,
        "/desk/sites?site=demo&error=contrast_too_low&field=accent",
    )
    .await;
    assert!(page.contains("data-code=\"contrast_too_low\""));
    assert!(page.contains("4.5:1"), "the page says what to fix");
    app.stop().await;
}

#[tokio::test]
async fn a_disabled_site_loads_nowhere_and_comes_back_when_enabled() {
    let app = TestApp::start().await;
    let root = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = admin_form(&app, &root, "/api/admin/sites/demo/enabled", &[]).await;
    assert_eq!(loc, "/desk/sites?site=demo&saved=disabled");
    assert_eq!(
        launcher(&app, "demo", None).await.1["error"],
        "unknown_site"
    );
    let refused = hello(&app, "demo").await;
    assert_eq!(
        (refused["type"].as_str(), refused["code"].as_str()),
        (Some("error"), Some("unknown_site"))
    );
    assert_eq!(ancestors(&app, "demo").await, "'none'");
    // The widget's own routes give away nothing of it: the page says why it
    // cannot load (no boot data, no name), another language comes without
    // the site's texts; the same as for a site that never existed.
    for site in ["demo", "no-such-site"] {
        let page = get_text(&app, "", &format!("/widget?site={site}&langs=de")).await;
        assert!(
            page.contains("data-code=\"unknown_site\""),
            "{site}: {page}"
        );
        assert!(
            !page.contains("parley-boot") && !page.contains("Northwind"),
            "{site}"
        );
        let switch = client()
            .get(app.url(&format!("/widget/messages?lang=ja&site={site}")))
            .send()
            .await
            .unwrap();
        assert_eq!(switch.status(), 200);
        let switch: Value = switch.json().await.unwrap();
        assert_eq!(switch["config"], Value::Null, "{site}");
        assert_eq!(switch["messages"]["lang"], "ja");
    }
    let unknown_language = client()
        .get(app.url("/widget/messages?lang=xx&site=demo"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown_language.status(), 404);
    assert_eq!(
        unknown_language.json::<Value>().await.unwrap()["code"],
        "not_found"
    );
    // Its admin still sees and can enable it.
    let page = get_text(&app, &root, "/desk/sites?site=demo").await;
    assert!(page.contains("data-testid=\"site-enable\""));
    let loc = admin_form(
        &app,
        &root,
        "/api/admin/sites/demo/enabled",
        &[("enabled", "on")],
    )
    .await;
    assert_eq!(loc, "/desk/sites?site=demo&saved=enabled");
    assert_eq!(launcher(&app, "demo", None).await.0, 200);
    assert_eq!(hello(&app, "demo").await["type"], "welcome");
    let page = get_text(&app, "", "/widget?site=demo&langs=de").await;
    assert_eq!(common::widget_boot(&page).locale, "de");
    let audit = get_text(&app, &root, "/api/admin/audit.json").await;
    assert!(audit.contains("\"site_disabled\"") && audit.contains("\"site_enabled\""));
    app.stop().await;
}

#[tokio::test]
async fn origins_an_admin_added_to_the_demo_survive_a_restart() {
    let app = TestApp::start().await;
    let root = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = admin_form(
        &app,
        &root,
        "/api/admin/sites/demo",
        &[
            ("name", "Northwind Parcel"),
            ("origins", "https://northwind.example"),
            ("accent", "#1f5fbf"),
            ("position", "end"),
        ],
    )
    .await;
    assert!(loc.ends_with("saved=settings"), "{loc}");
    let dir = app.stop().await;
    let app = TestApp::start_in(dir).await;
    let list = ancestors(&app, "demo").await;
    assert!(list.contains("https://northwind.example"), "{list}");
    // The server's own origin is back too (the demo page needs it).
    assert!(list.contains(&app.origin()), "{list}");
    app.stop().await;
}

#[tokio::test]
async fn a_change_made_on_another_server_arrives_within_seconds() {
    let app = TestApp::start().await;
    // Another server sharing the store writes; this one never hears of it
    // directly.
    let store = parley::storage::sql::SqlStore::open(&format!(
        "sqlite://{}",
        app.dir.join("parley.db").display()
    ))
    .await
    .unwrap();
    {
        use parley::storage::prelude::*;
        let mut demo = store
            .sites()
            .await
            .unwrap()
            .into_iter()
            .find(|s| s.key == "demo")
            .unwrap();
        demo.accent = "#000000".into();
        demo.launcher = vec![("en".into(), "Elsewhere".into())];
        store
            .upsert_site(&demo, parley::state::now_ms())
            .await
            .unwrap();
    }
    let started = std::time::Instant::now();
    loop {
        let (_, body) = launcher(&app, "demo", None).await;
        if body["accent"] == "#000000" {
            assert_eq!(body["labels"]["en"], "Elsewhere");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(6),
            "still {body} after {:?}",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("site change followed in {:?}", started.elapsed());
    store.close().await;
    app.stop().await;
}

#[tokio::test]
async fn with_the_demo_off_there_is_no_demo_site_and_no_demo_page() {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut cfg = common::config(&dir);
    cfg.demo = false;
    let app = TestApp::start_config(cfg).await;
    assert_eq!(
        client()
            .get(app.url("/demo"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(launcher(&app, "demo", None).await.0, 404);
    let root = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let page = get_text(&app, &root, "/desk/sites").await;
    assert!(!page.contains("data-site=\"demo\""), "no demo in the list");
    assert!(page.contains("data-testid=\"site-create\""));
    app.stop().await;
}

#[tokio::test]
async fn the_demo_switch_reads_on_and_off_from_the_environment() {
    use clap::Parser;
    for (value, demo) in [("off", false), ("on", true), ("0", false), ("yes", true)] {
        let cfg = parley::config::Config::try_parse_from(["parley", "--demo", value]).unwrap();
        assert_eq!(cfg.demo, demo, "{value}");
    }
    assert!(parley::config::Config::try_parse_from(["parley", "--demo", "maybe"]).is_err());
    assert!(
        parley::config::Config::try_parse_from(["parley"])
            .unwrap()
            .demo
    );
}

/// An account's site list as stored.
async fn sites_of(app: &TestApp, id: i64) -> Vec<String> {
    let store = parley::storage::sql::SqlStore::open(&format!(
        "sqlite://{}",
        app.dir.join("parley.db").display()
    ))
    .await
    .unwrap();
    use parley::storage::prelude::*;
    let sites = store.agent(id).await.unwrap().sites;
    store.close().await;
    sites
}

#[tokio::test]
async fn staff_are_assigned_to_a_site_from_its_page_within_the_tenancy_rules() {
    let app = TestApp::start().await;
    let root = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let key = key_of(&admin_form(&app, &root, "/api/admin/sites", &[("name", "Acme")]).await);
    let id_of = |loc: String| -> i64 {
        loc.strip_prefix("/desk/staff?saved=")
            .unwrap()
            .parse()
            .unwrap()
    };
    let ana = id_of(common::create_staff(&app, &root, "ana@demo.test", "mid", "demo").await);
    let all = id_of(common::create_staff(&app, &root, "bo@all.test", "mid", "").await);
    let page = get_text(&app, &root, &format!("/desk/sites?site={key}")).await;
    assert!(page.contains(&format!("data-testid=\"site-staff-{ana}\"")));
    let staff = format!("/api/admin/sites/{key}/staff");
    let agent = |id: i64| id.to_string();
    // Ana joins Acme (the all-sites account stays ticked: it serves Acme already).
    let loc = admin_form(
        &app,
        &root,
        &staff,
        &[("agent", &agent(ana)), ("agent", &agent(all))],
    )
    .await;
    assert_eq!(loc, format!("/desk/sites?site={key}&saved=staff"));
    assert_eq!(
        sites_of(&app, ana).await,
        vec!["demo".to_owned(), key.clone()]
    );
    assert!(sites_of(&app, all).await.is_empty(), "still every site");
    // Ana leaves demo (from demo's page), and Bo leaves Acme: Bo keeps every other site.
    let loc = admin_form(&app, &root, "/api/admin/sites/demo/staff", &[]).await;
    assert_eq!(loc, "/desk/sites?site=demo&saved=staff");
    assert_eq!(sites_of(&app, ana).await, vec![key.clone()]);
    assert_eq!(sites_of(&app, all).await, vec![key.clone()]);
    // Nobody is left with no site at all (an empty list would mean every site).
    let loc = admin_form(&app, &root, &staff, &[]).await;
    assert!(
        loc.contains("error=profile_invalid&field=ana%40demo.test")
            || loc.contains("error=profile_invalid&field=bo%40all.test"),
        "{loc}"
    );
    assert_eq!(
        sites_of(&app, ana).await,
        vec![key.clone()],
        "nothing changed"
    );
    let audit = get_text(&app, &root, "/api/admin/audit.json").await;
    assert!(audit.contains("staff_profile"), "each change is audited");
    app.stop().await;
}

#[tokio::test]
async fn the_sites_page_shows_each_person_only_what_they_may_manage() {
    let app = TestApp::start().await;
    let root = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let acme = key_of(&admin_form(&app, &root, "/api/admin/sites", &[("name", "Acme")]).await);
    // Nobody signed in, and an agent: refused with their reason.
    let anon = client()
        .get(app.url("/desk/sites"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        anon.contains("data-testid=\"sites-refused\" data-code=\"unauthorized\""),
        "{anon}"
    );
    let agent = common::agent_session(&app, &root, "ag@demo.test").await;
    let page = get_text(&app, &agent, "/desk/sites").await;
    assert!(page.contains("data-testid=\"sites-refused\" data-code=\"forbidden\""));
    // An admin of demo only: demo listed, Acme not, and no form to add a site.
    common::create_staff(&app, &root, "boss@demo.test", "admin", "demo").await;
    let boss = app
        .login("boss@demo.test", "a long enough password")
        .await
        .unwrap();
    let page = get_text(&app, &boss, "/desk/sites").await;
    assert!(page.contains("data-site=\"demo\""));
    assert!(
        !page.contains(&acme) && !page.contains("Acme"),
        "nothing of another site"
    );
    assert!(!page.contains("data-testid=\"site-create\""));
    let page = get_text(&app, &boss, &format!("/desk/sites?site={acme}")).await;
    assert!(
        !page.contains("data-testid=\"site-settings\""),
        "not even by its key"
    );
    app.stop().await;
}
