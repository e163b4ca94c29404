//! Bad input never crashes anything: each case gets its error code (and a
//! close where that is right), and the server keeps serving afterwards.

use crate::common;

use std::time::Duration;

use common::*;
use parley::domain::token::{VisitorClaims, sign};
use parley_app::protocol::{MAX_BODY_CHARS, MAX_FRAME_BYTES};
use serde_json::json;

async fn still_serves(app: &TestApp) {
    let (mut v, _) = app.hello(None, 0).await;
    say(&mut v, "ok-1", "still alive").await;
}

#[tokio::test]
async fn malformed_frames_get_codes_and_the_connection_survives() {
    let app = TestApp::start().await;
    let (mut v, _) = app.hello(None, 0).await;
    v.send_raw("{not json").await;
    assert_eq!(v.recv_type("error").await["code"], "invalid_json");
    v.send(json!({"type": "self_destruct"})).await;
    assert_eq!(v.recv_type("error").await["code"], "unknown_frame_type");
    v.send(json!({"type": "send", "body": 42})).await;
    assert_eq!(v.recv_type("error").await["code"], "invalid_frame");
    v.send(json!({"type": "send", "intake": {"category": "other"}, "client_id": "bad id with spaces", "body": "x"}))
        .await;
    assert_eq!(v.recv_type("error").await["code"], "invalid_frame");
    v.inner.send_binary().await;
    assert_eq!(v.recv_type("error").await["code"], "invalid_frame");
    // Still usable.
    say(&mut v, "c-1", "after the noise").await;
    // Past the tolerance the connection is closed.
    for _ in 0..6 {
        v.send_raw("garbage").await;
    }
    let close = v.closed().await.unwrap();
    assert_eq!(close.reason.as_str(), "invalid_json");
    still_serves(&app).await;
    app.stop().await;
}

trait SendBinary {
    async fn send_binary(&mut self);
}

impl SendBinary
    for tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>
{
    async fn send_binary(&mut self) {
        use futures_util::SinkExt;
        self.send(tokio_tungstenite::tungstenite::Message::Binary(
            vec![1, 2, 3].into(),
        ))
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn oversized_frame_closes_with_1009() {
    let app = TestApp::start().await;
    let (mut v, _) = app.hello(None, 0).await;
    let huge = "x".repeat(MAX_FRAME_BYTES + 1);
    v.send(
        json!({"type": "send", "intake": {"category": "other"}, "client_id": "big", "body": huge}),
    )
    .await;
    assert_eq!(v.recv_type("error").await["code"], "frame_too_large");
    let close = v.closed().await.expect("a close frame");
    assert_eq!(u16::from(close.code), 1009);
    assert_eq!(close.reason.as_str(), "frame_too_large");
    still_serves(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn message_limits_are_enforced_per_message() {
    let app = TestApp::start().await;
    let (mut v, _) = app.hello(None, 0).await;
    let long = "y".repeat(MAX_BODY_CHARS + 1);
    v.send(
        json!({"type": "send", "intake": {"category": "other"}, "client_id": "long", "body": long}),
    )
    .await;
    let e = v.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["client_id"].as_str()),
        (Some("message_too_long"), Some("long"))
    );
    v.send(json!({"type": "send", "intake": {"category": "other"}, "client_id": "empty", "body": "   "}))
        .await;
    assert_eq!(v.recv_type("error").await["code"], "message_empty");
    app.stop().await;
}

#[tokio::test]
async fn rate_limit_refuses_floods_and_recovers() {
    let app = TestApp::start().await;
    let (mut v, _) = app.hello(None, 0).await;
    for i in 0..30 {
        v.send(json!({"type": "send", "intake": {"category": "other"}, "client_id": format!("f-{i}"), "body": "flood"}))
            .await;
    }
    let mut acks = 0;
    let mut limited = 0;
    while acks + limited < 30 {
        let f = v.recv().await;
        match f["type"].as_str() {
            Some("ack") => acks += 1,
            Some("error") => {
                assert_eq!(f["code"], "rate_limited");
                limited += 1;
            }
            _ => {}
        }
    }
    assert!(acks <= 9 && limited >= 21, "acks {acks}, limited {limited}");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    say(&mut v, "later", "calm again").await;
    app.stop().await;
}

#[tokio::test]
async fn wrong_site_and_protocol_errors_close_the_connection() {
    let app = TestApp::start().await;
    let mut v = app.visitor().await;
    v.send(json!({"type": "hello", "v": 1, "site": "no-such-site"}))
        .await;
    assert_eq!(v.recv_type("error").await["code"], "unknown_site");
    assert_eq!(v.closed().await.unwrap().reason.as_str(), "unknown_site");

    let mut v = app.visitor().await;
    v.send(json!({"type": "send", "intake": {"category": "other"}, "client_id": "x", "body": "before hello"}))
        .await;
    assert_eq!(v.recv_type("error").await["code"], "hello_required");
    v.closed().await;

    let mut v = app.visitor().await;
    v.send(json!({"type": "hello", "v": 99, "site": "demo"}))
        .await;
    assert_eq!(v.recv_type("error").await["code"], "unsupported_version");
    v.closed().await;
    still_serves(&app).await;
    app.stop().await;
}

#[tokio::test]
async fn forged_and_expired_tokens_are_refused() {
    let app = TestApp::start().await;
    let (_, welcome) = app.hello(None, 0).await;
    let good = welcome["token"].as_str().unwrap();
    let vid = welcome["visitor_id"].as_str().unwrap();

    let forged = sign(
        b"an attacker's own key, 32+ bytes long",
        &VisitorClaims {
            vid: vid.into(),
            site: "demo".into(),
            exp: i64::MAX,
        },
    );
    let mut tampered = good.to_owned();
    tampered.replace_range(5..6, if &good[5..6] == "A" { "B" } else { "A" });
    let expired = sign(
        SECRET.as_bytes(),
        &VisitorClaims {
            vid: vid.into(),
            site: "demo".into(),
            exp: 1,
        },
    );
    let other_site = sign(
        SECRET.as_bytes(),
        &VisitorClaims {
            vid: vid.into(),
            site: "elsewhere".into(),
            exp: i64::MAX,
        },
    );
    for (token, code) in [
        (forged.as_str(), "token_invalid"),
        (tampered.as_str(), "token_invalid"),
        ("garbage", "token_invalid"),
        (other_site.as_str(), "token_invalid"),
        (expired.as_str(), "token_expired"),
    ] {
        let mut v = app.visitor().await;
        v.send(json!({"type": "hello", "v": 1, "site": "demo", "token": token}))
            .await;
        assert_eq!(v.recv_type("error").await["code"], code, "{token}");
        assert_eq!(v.closed().await.unwrap().reason.as_str(), code);
    }
    // The genuine token still works and keeps the identity.
    let (_, again) = app.hello(Some(good), 0).await;
    assert_eq!(again["visitor_id"], vid);
    app.stop().await;
}

#[tokio::test]
async fn foreign_origins_are_refused_at_the_handshake() {
    let app = TestApp::start().await;
    let err = Ws::connect(app.addr, "/ws/visitor", None, Some("https://evil.example"))
        .await
        .err()
        .unwrap();
    match err {
        tokio_tungstenite::tungstenite::Error::Http(resp) => {
            assert_eq!(resp.status(), 403);
            let body = String::from_utf8(resp.body().clone().unwrap_or_default()).unwrap();
            assert!(body.contains("origin_forbidden"), "{body}");
        }
        other => panic!("expected HTTP 403, got {other:?}"),
    }
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let err = Ws::connect(
        app.addr,
        "/ws/desk",
        Some(&cookie),
        Some("https://evil.example"),
    )
    .await
    .err()
    .unwrap();
    assert!(matches!(err, tokio_tungstenite::tungstenite::Error::Http(r) if r.status() == 403));
    app.stop().await;
}

#[tokio::test]
async fn the_desk_requires_a_valid_session() {
    let app = TestApp::start().await;
    for cookie in [None, Some("parley_session=forged-token")] {
        let err = Ws::connect(app.addr, "/ws/desk", cookie, Some(&app.origin()))
            .await
            .err()
            .unwrap();
        assert!(matches!(err, tokio_tungstenite::tungstenite::Error::Http(r) if r.status() == 401));
    }
    assert_eq!(app.login(ADMIN_EMAIL, "wrong password").await, None);
    assert_eq!(app.login("nobody@test.local", ADMIN_PASSWORD).await, None);
    let client = common::client();
    let resp = client
        .post(app.url("/api/auth/login"))
        .form(&[("email", ADMIN_EMAIL), ("password", "nope")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["location"],
        "/desk?error=invalid_credentials"
    );
    let resp = client
        .post(app.url("/api/auth/login"))
        .header("origin", "https://evil.example")
        .form(&[("email", ADMIN_EMAIL), ("password", ADMIN_PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);

    // Desk requests on things that do not exist.
    let (mut desk, _) = app.desk().await;
    desk.send(json!({"type": "open", "conversation_id": 999}))
        .await;
    assert_eq!(desk.recv_type("error").await["code"], "not_found");
    desk.send(json!({"type": "transition", "conversation_id": 999, "action": "resolve"}))
        .await;
    assert_eq!(desk.recv_type("error").await["code"], "not_found");
    desk.send(json!({"type": "send", "conversation_id": 999, "client_id": "z", "body": "hi"}))
        .await;
    let e = desk.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["client_id"].as_str()),
        (Some("not_found"), Some("z"))
    );

    // Logout ends the session server-side (and needs the CSRF token).
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let refused = client
        .post(app.url("/api/auth/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "logout without the CSRF token");
    let token = common::csrf(&app, &cookie).await;
    client
        .post(app.url("/api/auth/logout"))
        .header("cookie", &cookie)
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    let err = Ws::connect(app.addr, "/ws/desk", Some(&cookie), Some(&app.origin()))
        .await
        .err()
        .unwrap();
    assert!(matches!(err, tokio_tungstenite::tungstenite::Error::Http(r) if r.status() == 401));
    app.stop().await;
}

#[tokio::test]
async fn pages_and_loader_are_served_with_the_right_headers() {
    let app = TestApp::start().await;
    let client = common::client();
    let js = client.get(app.url("/embed.js")).send().await.unwrap();
    assert!(
        js.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    let js = js.text().await.unwrap();
    assert!(js.contains("data-testid=\"launcher\"") && js.contains("/embed/config?site="));
    // The launcher's labels come with the site's launcher settings.
    let config = common::get_json(&app, "", "/embed/config?site=demo").await;
    assert_eq!(config["labels"]["zh-CN"], "在线咨询");

    let widget = client
        .get(app.url("/widget?site=demo"))
        .send()
        .await
        .unwrap();
    let csp = widget.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let port = app.addr.port();
    assert!(
        csp.ends_with(&format!(
            "; frame-ancestors http://127.0.0.1:{port} http://localhost:{port}"
        )),
        "{csp}"
    );
    // The widget page's one inline script is named by its hash.
    assert!(
        csp.starts_with("default-src 'self'; script-src 'self' 'sha256-"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(widget.headers()["x-content-type-options"], "nosniff");
    assert_eq!(
        widget.headers()["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    let hash = csp
        .split("'sha256-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .unwrap()
        .to_owned();
    let html = widget.text().await.unwrap();
    assert_eq!(common::widget_boot(&html).config.name, "Northwind Parcel");
    // Every script the page carries is allowed by that policy: data, or
    // the one inline script whose hash the policy names.
    let scripts: Vec<&str> = html.split("<script").skip(1).collect();
    assert_eq!(scripts.len(), 2, "{html}");
    for s in scripts {
        let (tag, rest) = s.split_once('>').unwrap();
        let body = rest.split("</script>").next().unwrap();
        if tag.contains("type=\"application/json\"") {
            continue;
        }
        use base64::Engine;
        use sha2::Digest;
        let digest = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body));
        assert_eq!(
            digest, hash,
            "a script the policy does not allow: <script{tag}>{body}"
        );
    }

    // `lang=` forces the language, as `langs=` ranks preferences.
    let zh = client
        .get(app.url("/widget?site=demo&lang=zh-CN"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let boot = common::widget_boot(&zh);
    assert_eq!(boot.locale, "zh-CN");
    assert_eq!(
        boot.config.greeting("zh-CN"),
        Some("您好！请问有什么可以帮您？"),
        "site greeting in the reader's locale"
    );
    assert!(zh.contains("lang=\"zh-CN\""));

    let unknown = client
        .get(app.url("/widget?site=nope"))
        .send()
        .await
        .unwrap();
    assert!(
        unknown.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .ends_with("; frame-ancestors 'none'")
    );
    assert!(
        unknown
            .text()
            .await
            .unwrap()
            .contains("data-code=\"unknown_site\"")
    );

    let desk = client.get(app.url("/desk")).send().await.unwrap();
    assert_eq!(desk.headers()["x-frame-options"], "DENY");
    assert!(
        desk.text()
            .await
            .unwrap()
            .contains("data-testid=\"login-email\"")
    );

    // The demo host page lives on the other loopback name: a different origin.
    let demo = client.get(app.url("/demo")).send().await.unwrap();
    assert_eq!(demo.status(), 307);
    assert_eq!(
        demo.headers()["location"],
        format!("http://localhost:{port}/demo")
    );
    let demo = client
        .get(format!("http://localhost:{port}/demo"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(demo.contains(&format!(
        "<script src=\"http://127.0.0.1:{port}/embed.js\" data-site=\"demo\" async>"
    )));
    assert_eq!(
        client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ok"
    );
    app.stop().await;
}

#[tokio::test]
async fn admins_edit_operator_texts_per_locale_and_the_widget_falls_back_explicitly() {
    let app = TestApp::start().await;
    let client = common::client();
    let url = app.url("/api/admin/sites/demo/texts");

    // Not signed in, foreign origin, unknown site.
    let anon = client
        .post(&url)
        .form(&[("greeting.en", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status(), 401);
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let token = common::csrf(&app, &cookie).await;
    let token = token.as_str();
    let no_token = client
        .post(&url)
        .header("cookie", &cookie)
        .form(&[("greeting.en", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), 403, "CSRF token missing");
    let foreign = client
        .post(&url)
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .form(&[("greeting.en", "x"), ("_csrf", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    let nope = client
        .post(app.url("/api/admin/sites/nope/texts"))
        .header("cookie", &cookie)
        .form(&[("greeting.en", "x"), ("_csrf", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(nope.status(), 404);
    let long = "x".repeat(1001);
    let too_long = client
        .post(&url)
        .header("cookie", &cookie)
        .form(&[("greeting.en", long.as_str()), ("_csrf", token)])
        .send()
        .await
        .unwrap();
    assert_eq!(
        too_long.headers()["location"],
        "/desk/texts?site=demo&error=text_too_long"
    );

    // Custom English, German removed.
    let saved = client
        .post(&url)
        .header("cookie", &cookie)
        .form(&[
            ("greeting.en", "Welcome to Northwind!"),
            ("greeting.de", "  "),
            ("_csrf", token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.headers()["location"], "/desk/texts?site=demo&saved=1");
    let page = |path| common::get_text(&app, &cookie, path);
    let admin_page = page("/desk/texts?site=demo").await;
    assert!(
        admin_page.contains("data-testid=\"missing-greeting-de\""),
        "German is shown as missing"
    );
    assert!(!admin_page.contains("data-testid=\"missing-greeting-en\""));
    assert!(admin_page.contains("data-count=\"1\""));
    // The widget: English readers get the new text, German readers the explicit fallback.
    let greeting = |html: String, locale: &str| {
        common::widget_boot(&html)
            .config
            .greeting(locale)
            .map(str::to_owned)
    };
    assert_eq!(
        greeting(page("/widget?site=demo&langs=en").await, "en").as_deref(),
        Some("Welcome to Northwind!")
    );
    let de = page("/widget?site=demo&langs=de").await;
    assert!(de.contains("lang=\"de\""));
    assert_eq!(
        greeting(de, "de").as_deref(),
        Some("Welcome to Northwind!"),
        "falls back to the site default"
    );
    assert!(
        greeting(page("/widget?site=demo&langs=ja").await, "ja")
            .is_some_and(|g| g.contains("こんにちは！")),
        "other locales untouched"
    );

    // Survives a restart (first-start seeding must not overwrite it).
    let dir = app.stop().await;
    let app = TestApp::start_in(dir).await;
    let html = common::http()
        .get(app.url("/widget?site=demo&langs=en"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        greeting(html, "en").as_deref(),
        Some("Welcome to Northwind!"),
        "admin texts survive a restart"
    );
    let de = common::http()
        .get(app.url("/widget?site=demo&langs=de"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        greeting(de, "de").as_deref(),
        Some("Welcome to Northwind!"),
        "a removed text stays removed"
    );
    // The page is refused to anonymous readers.
    let anon = common::http()
        .get(app.url("/desk/texts?site=demo"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(anon.contains("data-code=\"unauthorized\""));
    app.stop().await;
}

#[tokio::test]
async fn admins_restrict_the_offered_languages() {
    let app = TestApp::start().await;
    let client = common::client();
    let url = app.url("/api/admin/sites/demo/languages");
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let token = common::csrf(&app, &cookie).await;
    let post = |fields: Vec<(&'static str, &'static str)>| {
        let (client, url, cookie) = (client.clone(), url.clone(), cookie.clone());
        let token = token.clone();
        async move {
            let mut fields: Vec<(&str, &str)> = fields;
            fields.push(("_csrf", &token));
            client
                .post(url)
                .header("cookie", cookie)
                .form(&fields)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        client
            .post(&url)
            .form(&[("default", "en")])
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    let bad = post(vec![("offer.en", "on"), ("default", "ja")]).await;
    assert_eq!(
        bad.headers()["location"],
        "/desk/texts?site=demo&error=default_not_offered"
    );

    let ok = post(vec![
        ("offer.en", "on"),
        ("offer.de", "on"),
        ("default", "de"),
    ])
    .await;
    assert_eq!(ok.headers()["location"], "/desk/texts?site=demo&saved=1");
    let widget = |langs: &'static str| {
        let url = app.url(&format!("/widget?site=demo&langs={langs}"));
        async move {
            common::http()
                .get(url)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let ja = widget("ja-JP").await;
    assert!(
        ja.contains("lang=\"de\""),
        "a language the site does not offer gets its default"
    );
    assert_eq!(
        common::widget_boot(&ja).config.offered(),
        ["en", "de"],
        "the switcher offers only English and Deutsch"
    );
    assert!(widget("en-GB,de").await.contains("lang=\"en\""));

    // Survives a restart.
    let dir = app.stop().await;
    let app = TestApp::start_in(dir).await;
    let ja = common::http()
        .get(app.url("/widget?site=demo&langs=ja"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ja.contains("lang=\"de\""));
    app.stop().await;
}
