//! Issue 20: the knowledge base. The demo site's articles on the public help
//! centre in every locale (search included, two-character Chinese words
//! too); an editor's change is live at once — on this server and, through
//! the change feed, on another node; a version missing in the reader's
//! locale is shown in the site's fallback, marked; people who may not edit
//! a site's articles cannot.

use std::time::{Duration, Instant};

use crate::common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, admin_form, client, create_staff};

async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let resp = client()
        .get(app.url(path))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.text().await.unwrap())
}

/// The article addresses of a results page, in order.
fn results(html: &str) -> Vec<String> {
    html.split("data-testid=\"help-result\"><a href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap_or("").to_owned())
        .collect()
}

fn q(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn the_help_centre_serves_every_locale_and_finds_short_chinese_words() {
    let app = TestApp::start().await;
    // The reader's language, among the site's.
    let resp = client()
        .get(app.url("/help/demo"))
        .header("accept-language", "ja-JP,ja;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    assert_eq!(resp.headers()["location"], "/help/demo/ja");

    for (locale, query, want) in [
        ("zh-CN", "运费", "shipping-fees"),
        ("zh-CN", "运费多少", "shipping-fees"),
        ("ja", "荷物が届かない", "parcel-not-arrived"),
        ("ar", "أين طردي", "track-parcel"),
        ("es", "¿cuánto cuesta el envío?", "shipping-fees"),
        ("de", "Sendung verfolgen", "track-parcel"),
        ("en", "where is my parcel", "track-parcel"),
        ("en", "trakcing", "track-parcel"),
    ] {
        let (status, html) = page(&app, &format!("/help/demo/{locale}?q={}", q(query))).await;
        assert_eq!(status, 200, "{locale} {query}");
        assert_eq!(
            results(&html).first().map(String::as_str),
            Some(format!("/help/demo/{locale}/{want}").as_str()),
            "{locale} {query}"
        );
    }

    let (status, html) = page(&app, "/help/demo/ar").await;
    assert_eq!(status, 200);
    assert!(html.contains("lang=\"ar\" dir=\"rtl\""));
    assert!(
        html.contains("الشحن والتوصيل"),
        "collections named in Arabic"
    );
    let (status, html) = page(&app, "/help/demo/zh-CN/shipping-fees").await;
    assert_eq!(status, 200);
    assert!(html.contains("data-testid=\"help-article\"") && html.contains("运费多少"));
    assert!(!html.contains("help-fallback"));
    let (_, html) = page(&app, "/help/demo/en?q=zzzzqqq").await;
    assert!(results(&html).is_empty() && html.contains("No article matches"));

    for missing in [
        "/help/nowhere/en",
        "/help/demo/fr",
        "/help/demo/en/no-such-article",
        "/help/nowhere",
    ] {
        let (status, html) = page(&app, missing).await;
        assert_eq!(status, 404, "{missing}");
        assert!(html.contains("data-code=\"not_found\""), "{missing}");
    }
    // Markup in a query is text.
    let (_, html) = page(
        &app,
        &format!("/help/demo/en?q={}", q("<script>x</script>")),
    )
    .await;
    assert!(!html.contains("<script>x"));
    app.stop().await;
}

/// Creates or changes an article through the desk's form; the redirect.
async fn save(app: &TestApp, cookie: &str, path: &str, fields: &[(&str, &str)]) -> String {
    admin_form(app, cookie, path, fields).await
}

#[tokio::test]
async fn an_edit_is_live_at_once_and_only_the_sites_editors_may_make_one() {
    let app = TestApp::start_two_sites().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let created = save(
        &app,
        &admin,
        "/api/admin/sites/demo/kb/articles",
        &[
            ("slug", "drone-parts"),
            ("collection", "shipping"),
            ("locale", "en"),
            ("title", "Shipping drone parts"),
            (
                "body",
                "Propellers and quadcopter frames ship by air.\n\n- frames\n- propellers",
            ),
            ("published", "on"),
        ],
    )
    .await;
    let id: i64 = created
        .split("saved=")
        .nth(1)
        .and_then(|s| s.split('&').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{created}"));
    // Found at once, in English and (as the fallback) from a Japanese reader.
    let (_, html) = page(&app, "/help/demo/en?q=quadcopter").await;
    assert_eq!(results(&html), vec!["/help/demo/en/drone-parts"]);
    let (_, html) = page(&app, "/help/demo/ja?q=quadcopter").await;
    assert_eq!(results(&html), vec!["/help/demo/ja/drone-parts"]);
    let (status, html) = page(&app, "/help/demo/ja/drone-parts").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("data-testid=\"help-fallback\""),
        "shown in English, marked"
    );
    assert!(html.contains("<li>propellers</li>"), "lists laid out");

    // A draft in German is not shown; published, it replaces the fallback.
    let path = format!("/api/admin/sites/demo/kb/articles/{id}");
    let fields = |published: &'static str| {
        [
            ("slug", "drone-parts"),
            ("collection", "shipping"),
            ("locale", "de"),
            ("title", "Drohnenteile versenden"),
            ("body", "Propeller und Rahmen versenden wir per Luftfracht."),
            ("published", published),
        ]
    };
    save(&app, &admin, &path, &fields("")).await;
    let (_, html) = page(&app, "/help/demo/de/drone-parts").await;
    assert!(html.contains("help-fallback"), "a draft is not shown");
    save(&app, &admin, &path, &fields("on")).await;
    let (_, html) = page(&app, "/help/demo/de/drone-parts").await;
    assert!(!html.contains("help-fallback") && html.contains("Drohnenteile"));
    let (_, html) = page(&app, "/help/demo/de?q=Drohnenteile").await;
    assert_eq!(results(&html), vec!["/help/demo/de/drone-parts"]);

    // Changed text: the old words no longer find it.
    save(
        &app,
        &admin,
        &path,
        &[
            ("slug", "drone-parts"),
            ("collection", "shipping"),
            ("locale", "en"),
            ("title", "Shipping drone parts"),
            ("body", "Gimbals ship by sea."),
            ("published", "on"),
        ],
    )
    .await;
    let (_, html) = page(&app, "/help/demo/en?q=quadcopter").await;
    assert!(results(&html).is_empty());
    let (_, html) = page(&app, "/help/demo/en?q=gimbals").await;
    assert_eq!(results(&html).len(), 1);

    // Bad input is refused with the field named; nothing changes.
    for (fields, code, field) in [
        (
            vec![
                ("slug", "Drone Parts"),
                ("locale", "en"),
                ("title", "T"),
                ("body", "B"),
            ],
            "slug_invalid",
            "slug",
        ),
        (
            vec![
                ("slug", "drone-parts"),
                ("locale", "en"),
                ("title", "T"),
                ("body", "B"),
            ],
            "slug_taken",
            "slug",
        ),
        (
            vec![
                ("slug", "x"),
                ("locale", "fr"),
                ("title", "T"),
                ("body", "B"),
            ],
            "invalid_frame",
            "locale",
        ),
        (
            vec![
                ("slug", "x"),
                ("locale", "en"),
                ("title", ""),
                ("body", "B"),
            ],
            "message_empty",
            "title",
        ),
        (
            vec![
                ("slug", "x"),
                ("locale", "en"),
                ("title", "T"),
                ("body", ""),
                ("published", "on"),
            ],
            "message_empty",
            "body",
        ),
        (
            vec![
                ("slug", "x"),
                ("collection", "nope"),
                ("locale", "en"),
                ("title", "T"),
                ("body", "B"),
            ],
            "not_found",
            "collection",
        ),
    ] {
        let loc = save(&app, &admin, "/api/admin/sites/demo/kb/articles", &fields).await;
        assert!(
            loc.contains(&format!("error={code}")) && loc.contains(&format!("field={field}")),
            "{loc}"
        );
    }

    // Not an editor of the site: agents, and a supervisor of another site.
    let agent = {
        create_staff(&app, &admin, "agent@kb.test", "mid", "demo").await;
        app.login("agent@kb.test", "a long enough password")
            .await
            .unwrap()
    };
    let elsewhere = {
        create_staff(&app, &admin, "sup@kb.test", "supervisor", "acme").await;
        app.login("sup@kb.test", "a long enough password")
            .await
            .unwrap()
    };
    for (cookie, status) in [(&agent, 403), (&elsewhere, 404)] {
        let token = crate::common::csrf(&app, cookie).await;
        for target in [
            path.clone(),
            format!("{path}/remove"),
            "/api/admin/sites/demo/kb/articles".into(),
        ] {
            let mut form = fields("on").to_vec();
            form.push(("_csrf", &token));
            let resp = client()
                .post(app.url(&target))
                .header("cookie", cookie.as_str())
                .header("origin", app.origin())
                .form(&form)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), status, "{target}");
        }
        let resp = client()
            .get(app.url("/api/admin/sites/demo/kb"))
            .header("cookie", cookie.as_str())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), status);
    }
    let (_, html) = page(&app, "/help/demo/de/drone-parts").await;
    assert!(html.contains("Drohnenteile"), "unchanged");
    // A supervisor of the site may.
    create_staff(&app, &admin, "sup2@kb.test", "supervisor", "demo").await;
    let sup = app
        .login("sup2@kb.test", "a long enough password")
        .await
        .unwrap();
    let loc = save(&app, &sup, &path, &fields("on")).await;
    assert!(loc.contains("saved="), "{loc}");

    // The editor's view: versions, history with who, and the article's figures.
    let view: serde_json::Value = client()
        .get(app.url(&format!("/api/admin/sites/demo/kb?article={id}")))
        .header("cookie", admin.as_str())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let article = view["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(article["versions"].as_array().unwrap().len(), 2);
    let history = view["history"].as_array().unwrap();
    assert_eq!(history[0]["by"], "sup2@kb.test");
    assert!(
        history
            .iter()
            .any(|h| h["action"] == "unpublished" || h["action"] == "published")
    );
    assert!(
        view["articles"].as_array().unwrap().len() > 18,
        "the demo's articles and this one"
    );

    // Removed: gone from search and pages.
    let loc = save(&app, &admin, &format!("{path}/remove"), &[]).await;
    assert!(loc.contains(&format!("removed={id}")), "{loc}");
    let (_, html) = page(&app, "/help/demo/en?q=gimbals").await;
    assert!(results(&html).is_empty());
    assert_eq!(page(&app, "/help/demo/en/drone-parts").await.0, 404);
    app.stop().await;
}

#[tokio::test]
async fn another_node_sees_an_edit_within_its_follow_interval() {
    let Some((a, b)) = crate::cluster::two_nodes("kb").await else {
        return;
    };
    let admin = a.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    save(
        &a,
        &admin,
        "/api/admin/sites/demo/kb/articles",
        &[
            ("slug", "hovercraft"),
            ("locale", "en"),
            ("title", "Hovercraft delivery"),
            ("body", "Hovercraft reach islands."),
            ("published", "on"),
        ],
    )
    .await;
    let started = Instant::now();
    loop {
        let (_, html) = page(&b, "/help/demo/en?q=hovercraft").await;
        if results(&html) == vec!["/help/demo/en/hovercraft"] {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "node b never indexed the article"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    println!(
        "kb change reached the other node in {} ms",
        started.elapsed().as_millis()
    );
    a.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn a_sites_back_end_creates_and_changes_articles_through_the_api() {
    let app = TestApp::start_two_sites().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let write = crate::common::api_key(&app, &admin, "demo", "write").await;
    let read = crate::common::api_key(&app, &admin, "demo", "read").await;
    let acme = crate::common::api_key(&app, &admin, "acme", "write").await;
    let send = |method: &'static str, path: &str, key: &str, body: Option<serde_json::Value>| {
        let mut req = match method {
            "get" => client().get(app.url(path)),
            _ => client().post(app.url(path)),
        };
        req = req.header("authorization", format!("Bearer {key}"));
        if let Some(b) = body {
            req = req.json(&b);
        }
        async move {
            let resp = req.send().await.unwrap();
            let status = resp.status().as_u16();
            (
                status,
                resp.json::<serde_json::Value>().await.unwrap_or_default(),
            )
        }
    };
    let article = serde_json::json!({
        "slug": "pallet-freight",
        "collection": "shipping",
        "versions": [
            {"locale": "en", "title": "Pallet freight", "body": "Pallets ship by truck across the EU.", "published": true},
            {"locale": "zh-CN", "title": "托盘货运", "body": "托盘通过卡车运往欧盟各地。", "published": true},
            {"locale": "de", "title": "Palettenversand", "body": "Entwurf", "published": false}
        ]
    });
    let (status, made) = send("post", "/api/v1/kb/articles", &write, Some(article.clone())).await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_i64().unwrap();
    assert_eq!(made["versions"].as_array().unwrap().len(), 3);
    // Live at once, in Chinese too; the German draft is not shown.
    let (_, html) = page(&app, &format!("/help/demo/zh-CN?q={}", q("托盘"))).await;
    assert_eq!(results(&html), vec!["/help/demo/zh-CN/pallet-freight"]);
    let (_, html) = page(&app, "/help/demo/de/pallet-freight").await;
    assert!(html.contains("help-fallback"));

    // Changed through the API: published in German.
    let change = serde_json::json!({
        "slug": "pallet-freight",
        "collection": "shipping",
        "versions": [{"locale": "de", "title": "Palettenversand", "body": "Paletten fahren per Lkw durch die EU.", "published": true}]
    });
    let (status, changed) = send(
        "post",
        &format!("/api/v1/kb/articles/{id}"),
        &write,
        Some(change.clone()),
    )
    .await;
    assert_eq!(status, 200, "{changed}");
    let (_, html) = page(&app, "/help/demo/de?q=Paletten").await;
    assert_eq!(results(&html), vec!["/help/demo/de/pallet-freight"]);
    let (status, listed) = send("get", "/api/v1/kb/articles", &read, None).await;
    assert_eq!(status, 200);
    assert!(
        listed["articles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == id)
    );
    let (status, one) = send("get", &format!("/api/v1/kb/articles/{id}"), &read, None).await;
    assert_eq!(
        (status, one["slug"].as_str()),
        (200, Some("pallet-freight"))
    );

    // The wrong key: read-only, or another site's.
    assert_eq!(
        send("post", "/api/v1/kb/articles", &read, Some(article.clone()))
            .await
            .0,
        403
    );
    assert_eq!(
        send("get", &format!("/api/v1/kb/articles/{id}"), &acme, None)
            .await
            .0,
        404
    );
    assert_eq!(
        send(
            "post",
            &format!("/api/v1/kb/articles/{id}"),
            &acme,
            Some(change)
        )
        .await
        .0,
        404
    );
    // Bad bodies: the field named.
    let (status, err) = send("post", "/api/v1/kb/articles", &write, Some(article)).await;
    assert_eq!(
        (status, err["code"].as_str(), err["field"].as_str()),
        (400, Some("slug_taken"), Some("slug"))
    );
    let bad = serde_json::json!({"slug": "x", "versions": [{"locale": "fr", "title": "T", "body": "B", "published": false}]});
    let (status, err) = send("post", "/api/v1/kb/articles", &write, Some(bad)).await;
    assert_eq!((status, err["field"].as_str()), (400, Some("locale")));

    // The history names the key.
    let view: serde_json::Value = client()
        .get(app.url(&format!("/api/admin/sites/demo/kb?article={id}")))
        .header("cookie", admin.as_str())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        view["history"][0]["by"]
            .as_str()
            .unwrap()
            .starts_with("api:key-")
    );
    app.stop().await;
}

#[tokio::test]
async fn articles_carry_files_customers_download_once_published() {
    let app = TestApp::start().await;
    // The demo's customs article ships with its invoice template.
    let (_, html) = page(&app, "/help/demo/de/customs-documents").await;
    let link = html
        .split("data-testid=\"help-file\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .map(|s| s.split('"').next().unwrap_or("").to_owned())
        .unwrap();
    assert!(link.starts_with("/help/demo/files/"), "{link}");
    let resp = client().get(app.url(&link)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert!(
        resp.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert!(resp.bytes().await.unwrap().starts_with(b"%PDF-"));

    // A draft article's file stays private until it is published.
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = save(
        &app,
        &admin,
        "/api/admin/sites/demo/kb/articles",
        &[
            ("slug", "eori"),
            ("locale", "en"),
            ("title", "EORI numbers"),
            ("body", ""),
        ],
    )
    .await;
    let id: i64 = loc
        .split("saved=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let token = crate::common::csrf(&app, &admin).await;
    let upload = |body: Vec<u8>, name: &'static str| {
        client()
            .post(app.url(&format!("/api/admin/sites/demo/kb/articles/{id}/files")))
            .header("cookie", admin.as_str())
            .header("origin", app.origin())
            .header("x-csrf-token", token.as_str())
            .header("x-file-name", name)
            .body(body)
    };
    let resp = upload(b"%PDF-1.4\n% EORI form\n".to_vec(), "eori-form.pdf")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let file: serde_json::Value = resp.json().await.unwrap();
    let file_id = file["id"].as_str().unwrap().to_owned();
    assert_eq!(file["file_name"], "eori-form.pdf");
    // What is not a PDF or an image is refused by its bytes.
    let resp = upload(b"<html><script>alert(1)</script>".to_vec(), "x.pdf")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 415);
    let public = format!("/help/demo/files/{file_id}");
    assert_eq!(
        client()
            .get(app.url(&public))
            .send()
            .await
            .unwrap()
            .status(),
        404,
        "a draft's file"
    );
    save(
        &app,
        &admin,
        &format!("/api/admin/sites/demo/kb/articles/{id}"),
        &[
            ("slug", "eori"),
            ("locale", "en"),
            ("title", "EORI numbers"),
            ("body", "Businesses need one."),
            ("published", "on"),
        ],
    )
    .await;
    assert_eq!(
        client()
            .get(app.url(&public))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let (_, html) = page(&app, "/help/demo/en/eori").await;
    assert!(html.contains("eori-form.pdf"));
    // The editor sees it; removed, it is gone for customers.
    let view: serde_json::Value = client()
        .get(app.url(&format!("/api/admin/sites/demo/kb?article={id}")))
        .header("cookie", admin.as_str())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(view["files"][0]["name"], "eori-form.pdf");
    let loc = save(
        &app,
        &admin,
        &format!("/api/admin/sites/demo/kb/articles/{id}/files/{file_id}/remove"),
        &[],
    )
    .await;
    assert!(loc.contains("saved="), "{loc}");
    assert_eq!(
        client()
            .get(app.url(&public))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
    app.stop().await;
}

/// A customer reading `locale` who wrote `body`; the conversation's id.
async fn customer_in(app: &TestApp, locale: &str, body: &str) -> (crate::common::Ws, i64) {
    let mut ws = app.visitor().await;
    ws.send(serde_json::json!({"type": "hello", "v": 1, "site": "demo", "locale": locale}))
        .await;
    ws.recv_type("welcome").await;
    ws.send(
        serde_json::json!({"type": "send", "client_id": "c1", "body": body,
        "intake": {"category": "other", "facts": {}}}),
    )
    .await;
    let id = ws.recv_type("ack").await["message"]["conversation_id"]
        .as_i64()
        .unwrap();
    (ws, id)
}

#[tokio::test]
async fn agents_get_articles_for_the_conversation_in_the_customers_language() {
    let app = TestApp::start_two_sites().await;
    let (_zh, zh) = customer_in(&app, "zh-CN", "你好，运费多少？").await;
    let (_en, en) = customer_in(&app, "en", "Hi, where is my parcel? It was sent a week ago").await;
    let (mut desk, _) = app.desk().await;
    desk.send(serde_json::json!({"type": "suggest_articles", "conversation_id": zh}))
        .await;
    let answer = desk.recv_type("articles").await;
    assert_eq!(answer["conversation_id"], zh);
    let first = &answer["articles"][0];
    assert_eq!(
        (first["slug"].as_str(), first["locale"].as_str()),
        (Some("shipping-fees"), Some("zh-CN"))
    );
    assert!(first["body"].as_str().unwrap().contains("首重"));
    assert!(
        first["url"]
            .as_str()
            .unwrap()
            .ends_with("/help/demo/zh-CN/shipping-fees"),
        "{first}"
    );
    // The agent's own words, still in the customer's language.
    desk.send(
        serde_json::json!({"type": "suggest_articles", "conversation_id": zh, "query": "退货"}),
    )
    .await;
    let answer = desk.recv_type("articles").await;
    assert_eq!(answer["articles"][0]["slug"], "returns");
    assert_eq!(answer["articles"][0]["locale"], "zh-CN");
    desk.send(serde_json::json!({"type": "suggest_articles", "conversation_id": en}))
        .await;
    let answer = desk.recv_type("articles").await;
    assert_eq!(answer["articles"][0]["slug"], "track-parcel");
    desk.send(
        serde_json::json!({"type": "suggest_articles", "conversation_id": en, "query": "qqqzzz"}),
    )
    .await;
    assert_eq!(
        desk.recv_type("articles").await["articles"],
        serde_json::json!([])
    );

    // Staff of another site get nothing about this conversation.
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    create_staff(&app, &admin, "acme-kb@x.test", "mid", "acme").await;
    let cookie = app
        .login("acme-kb@x.test", "a long enough password")
        .await
        .unwrap();
    let mut other =
        crate::common::Ws::connect(app.addr, "/ws/desk", Some(&cookie), Some(&app.origin()))
            .await
            .unwrap();
    other
        .send(serde_json::json!({"type": "hello", "v": 1}))
        .await;
    other.recv_type("welcome").await;
    other
        .send(serde_json::json!({"type": "suggest_articles", "conversation_id": zh}))
        .await;
    let refused = other.recv_type("error").await;
    assert!(
        ["not_found", "forbidden"].contains(&refused["code"].as_str().unwrap()),
        "{refused}"
    );
    assert!(
        other
            .try_recv_type("articles", Duration::from_millis(300))
            .await
            .is_none()
    );
    app.stop().await;
}
