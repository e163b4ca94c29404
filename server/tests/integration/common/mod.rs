//! Test harness: a real Parley server on a free loopback port with its own
//! SQLite file, real websocket clients, and a helper to run the real binary.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub const ADMIN_EMAIL: &str = "admin@test.local";
pub const ADMIN_PASSWORD: &str = "correct horse battery staple";
pub const SECRET: &str = "test-secret-test-secret-test-secret-0123";

/// A running in-process server.
pub struct TestApp {
    pub addr: SocketAddr,
    pub dir: PathBuf,
    /// `PARLEY_PUBLIC_URL` when the test set one (nodes behind one name).
    public_url: Option<String>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

pub fn config(dir: &Path) -> parley::config::Config {
    let mut c =
        parley::config::Config::for_data_dir(dir.to_path_buf(), "127.0.0.1:0".parse().unwrap());
    c.admin_email = Some(ADMIN_EMAIL.into());
    c.admin_password = Some(ADMIN_PASSWORD.into());
    c.secret = Some(SECRET.into());
    // Tests of other features sign the admin in many times a minute; the
    // security tests start servers with the default (mandatory) instead.
    c.mfa_for_admins = false;
    c.ja_dictionary = ja_dictionary().folder().map(Path::to_path_buf);
    c
}

impl TestApp {
    pub async fn start() -> TestApp {
        let dir = tempfile::tempdir().unwrap().keep();
        Self::start_in(dir).await
    }

    pub async fn start_in(dir: PathBuf) -> TestApp {
        Self::start_with(dir, None).await
    }

    /// A server whose time only moves when the test moves `clock`.
    pub async fn start_with_clock(clock: std::sync::Arc<parley::state::ManualClock>) -> TestApp {
        let dir = tempfile::tempdir().unwrap().keep();
        Self::start_with(dir, Some(clock)).await
    }

    async fn start_with(
        dir: PathBuf,
        clock: Option<std::sync::Arc<parley::state::ManualClock>>,
    ) -> TestApp {
        let mut cfg = config(&dir);
        cfg.clock = clock;
        Self::start_config(cfg).await
    }

    /// A server with a configuration the test adjusted.
    pub async fn start_config(cfg: parley::config::Config) -> TestApp {
        // `RUST_LOG=parley=debug cargo test … -- --nocapture` shows the server's log.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .try_init();
        let dir = cfg.data_dir.clone();
        let public_url = cfg.public_url.clone();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            parley::run(cfg, listener, async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        wait_healthy(addr).await;
        TestApp {
            addr,
            dir,
            public_url,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// A server with a second site, `acme`, beside the demo one.
    pub async fn start_two_sites() -> TestApp {
        let app = TestApp::start().await;
        let dir = app.stop().await;
        {
            use parley::storage::prelude::*;
            let store = parley::storage::sql::SqlStore::open(&format!(
                "sqlite://{}",
                dir.join("parley.db").display()
            ))
            .await
            .unwrap();
            store.upsert_site(&site("acme", "Acme"), 0).await.unwrap();
            store.close().await;
        }
        TestApp::start_in(dir).await
    }

    /// Stops serving and waits for the server to shut down.
    pub async fn stop(mut self) -> PathBuf {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = tokio::time::timeout(Duration::from_secs(10), t).await;
        }
        self.dir.clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn origin(&self) -> String {
        match &self.public_url {
            Some(url) => url.clone(),
            None => format!("http://{}", self.addr),
        }
    }

    pub async fn visitor(&self) -> Ws {
        Ws::connect(self.addr, "/ws/visitor", None, Some(&self.origin()))
            .await
            .unwrap()
    }

    /// A visitor that said hello; returns the socket and the welcome.
    pub async fn hello(&self, token: Option<&str>, last_seq: i64) -> (Ws, Value) {
        let mut ws = self.visitor().await;
        ws.send(json!({"type": "hello", "v": 1, "site": "demo", "token": token, "last_seq": last_seq, "locale": "en"})).await;
        let welcome = ws.recv_type("welcome").await;
        (ws, welcome)
    }

    pub async fn login(&self, email: &str, password: &str) -> Option<String> {
        login(self.addr, email, password).await
    }

    /// A customer (new, or returning with `token`) who wrote `body` on topic
    /// "other"; their socket, token and conversation id.
    pub async fn customer(&self, token: Option<&str>, body: &str) -> (Ws, String, i64) {
        let (mut v, welcome) = self.hello(token, 0).await;
        let token = welcome["token"].as_str().unwrap().to_owned();
        v.send(json!({"type": "send", "client_id": "first", "body": body,
            "intake": {"category": "other", "facts": {}}}))
            .await;
        let ack = loop {
            let f = v.recv().await;
            assert_ne!(f["type"], "error", "{f}");
            if f["type"] == "ack" {
                break f;
            }
        };
        (
            v,
            token,
            ack["message"]["conversation_id"].as_i64().unwrap(),
        )
    }

    /// A signed-in desk that said hello; returns the socket and the welcome.
    pub async fn desk(&self) -> (Ws, Value) {
        let cookie = self
            .login(ADMIN_EMAIL, ADMIN_PASSWORD)
            .await
            .expect("admin signs in");
        let mut ws = Ws::connect(self.addr, "/ws/desk", Some(&cookie), Some(&self.origin()))
            .await
            .unwrap();
        ws.send(json!({"type": "hello", "v": 1})).await;
        let welcome = ws.recv_type("welcome").await;
        (ws, welcome)
    }
}

pub async fn wait_healthy(addr: SocketAddr) {
    let client = http();
    for _ in 0..200 {
        if let Ok(r) = client.get(format!("http://{addr}/healthz")).send().await
            && r.status().is_success()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server at {addr} never became healthy");
}

/// The session's state as `/api/auth/me` reports it (`stage`, `csrf`, `agent`).
pub async fn me(app: &TestApp, cookie: &str) -> Value {
    http()
        .get(app.url("/api/auth/me"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The session's CSRF token.
pub async fn csrf(app: &TestApp, cookie: &str) -> String {
    me(app, cookie).await["csrf"]
        .as_str()
        .expect("a session has a CSRF token")
        .to_owned()
}

/// Posts an admin form (same origin, with the session cookie and its CSRF
/// token); returns the redirect's `Location`.
pub async fn admin_form(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> String {
    let (status, location) = post_form(app, cookie, path, form).await;
    assert_eq!(status, 303, "{path}");
    location
}

/// Posts `form` (with the CSRF token) as `cookie`, not following the
/// answer: its status and `Location` (empty when none).
pub async fn post_form(
    app: &TestApp,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let token = csrf(app, cookie).await;
    let mut form = form.to_vec();
    form.push(("_csrf", &token));
    let resp = client()
        .post(app.url(path))
        .header("cookie", cookie)
        .header("origin", app.origin())
        .form(&form)
        .send()
        .await
        .unwrap();
    let location = resp
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (resp.status().as_u16(), location)
}

/// A new API key of `site` with `scope` (`read` or `write`), made by the
/// admin `cookie` at the desk (`201`).
pub async fn api_key(app: &TestApp, cookie: &str, site: &str, scope: &str) -> String {
    let token = csrf(app, cookie).await;
    let resp = client()
        .post(app.url(&format!("/api/admin/sites/{site}/api-keys")))
        .header("cookie", cookie)
        .header("origin", app.origin())
        .form(&[("name", "Back-end"), ("scope", scope), ("_csrf", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let body: Value = resp.json().await.unwrap();
    body["key"].as_str().unwrap().to_owned()
}

/// An HTTP client that does not follow redirects (forms answer with them).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(HTTP_TIMEOUT)
        .build()
        .unwrap()
}

/// How long a test waits for any HTTP answer: a server that never answers
/// fails the test where it waits instead of holding up the whole run.
pub const HTTP_TIMEOUT: Duration = Duration::from_secs(60);

/// An HTTP client that follows redirects, with [`HTTP_TIMEOUT`].
pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(HTTP_TIMEOUT)
        .build()
        .unwrap()
}

/// Signs in through the HTML form endpoint; returns the `name=value` cookie.
pub async fn login(addr: SocketAddr, email: &str, password: &str) -> Option<String> {
    let client = client();
    let resp = client
        .post(format!("http://{addr}/api/auth/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 303);
    let cookie = resp
        .headers()
        .get("set-cookie")?
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    Some(cookie.split(';').next().unwrap().to_owned())
}

/// A widget's upload of `body` as `name` to the server at `addr`, from
/// `origin` (Parley's own unless a test says otherwise) with the visitor
/// `token`; the status and the JSON answer.
pub async fn upload_from(
    addr: SocketAddr,
    origin: &str,
    token: Option<&str>,
    name: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    let mut req = http()
        .post(format!("http://{addr}/api/attachments"))
        .header("origin", origin)
        .header("x-file-name", name)
        .body(body);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// [`upload_from`] the server's own origin, the photo [`PNG`].
pub async fn upload_png(addr: SocketAddr, token: &str, name: &str) -> Value {
    upload_from(
        addr,
        &format!("http://{addr}"),
        Some(token),
        name,
        PNG.to_vec(),
    )
    .await
    .1
}

/// A real 1×1 PNG.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// The text of the element with `data-testid="{testid}"` in server-rendered
/// HTML (the first text node after its opening tag).
pub fn testid_text(html: &str, testid: &str) -> Option<String> {
    html.split(&format!("data-testid=\"{testid}\""))
        .nth(1)
        .and_then(|rest| rest.split('>').nth(1))
        .and_then(|rest| rest.split('<').next())
        .map(str::to_owned)
}

/// GETs `path` with the session cookie and parses the JSON answer.
pub async fn get_json(app: &TestApp, cookie: &str, path: &str) -> Value {
    http()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// GETs `path` with the session cookie and returns the page.
pub async fn get_text(app: &TestApp, cookie: &str, path: &str) -> String {
    http()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// What the widget of site `demo` is configured with (its server function).
pub async fn widget_config(app: &TestApp) -> Value {
    http()
        .post(app.url("/api/widget_config"))
        .form(&[("site", "demo")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// An admin's staff form for a new account (`name` = the e-mail, password
/// "a long enough password"); the redirect (`saved=<id>` or `error=<code>`).
pub async fn create_staff(
    app: &TestApp,
    admin: &str,
    email: &str,
    role: &str,
    sites: &str,
) -> String {
    admin_form(
        app,
        admin,
        "/api/admin/staff",
        &[
            ("email", email),
            ("name", email),
            ("password", "a long enough password"),
            ("role", role),
            ("sites", sites),
        ],
    )
    .await
}

/// A site record for tests that add one beside the demo site.
pub fn site(key: &str, name: &str) -> parley::storage::Site {
    parley::storage::Site {
        key: key.into(),
        name: name.into(),
        ..Default::default()
    }
}

/// An admin creates a mid agent `email` (password "a long enough password")
/// through the staff form; returns the agent's session cookie.
pub async fn agent_session(app: &TestApp, admin: &str, email: &str) -> String {
    let loc = admin_form(
        app,
        admin,
        "/api/admin/staff",
        &[
            ("email", email),
            ("name", "Ag"),
            ("password", "a long enough password"),
        ],
    )
    .await;
    assert!(loc.starts_with("/desk/staff?saved="), "{loc}");
    app.login(email, "a long enough password").await.unwrap()
}

/// Opens `id` in a desk (its case panel's changes reach that desk from
/// then on, as they do the desk showing it) without waiting for anything.
pub async fn show(desk: &mut Ws, id: i64) {
    desk.send(json!({"type": "open", "conversation_id": id}))
        .await;
}

/// Opens `id` in a desk and returns its detail (other conversations' live
/// details are skipped).
pub async fn detail_of(desk: &mut Ws, id: i64) -> Value {
    desk.send(json!({"type": "open", "conversation_id": id}))
        .await;
    detail_where(desk, id, |_| true).await
}

/// The next `detail` for conversation `id` satisfying `pred`.
/// Panics when none has come within 30 s.
pub async fn detail_where(desk: &mut Ws, id: i64, pred: impl Fn(&Value) -> bool) -> Value {
    let wanted = async {
        loop {
            let d = desk.recv_type("detail").await["detail"].clone();
            if d["conversation_id"] == id && pred(&d) {
                return d;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(30), wanted)
        .await
        .unwrap_or_else(|_| panic!("no fitting detail of conversation {id} within 30 s"))
}

/// Every byte of the database and its WAL, as text (for "is it gone?" checks).
pub fn db_text(app: &TestApp) -> String {
    let mut all = Vec::new();
    for f in ["parley.db", "parley.db-wal"] {
        if let Ok(b) = std::fs::read(app.dir.join(f)) {
            all.extend(b);
        }
    }
    String::from_utf8_lossy(&all).into_owned()
}

/// A websocket client speaking JSON frames.
pub struct Ws {
    pub inner: WebSocketStream<MaybeTlsStream<TcpStream>>,
}

impl Ws {
    pub async fn connect(
        addr: SocketAddr,
        path: &str,
        cookie: Option<&str>,
        origin: Option<&str>,
    ) -> Result<Ws, tokio_tungstenite::tungstenite::Error> {
        let mut req = format!("ws://{addr}{path}").into_client_request().unwrap();
        if let Some(c) = cookie {
            req.headers_mut().insert("cookie", c.parse().unwrap());
        }
        if let Some(o) = origin {
            req.headers_mut().insert("origin", o.parse().unwrap());
        }
        let (inner, _) = tokio_tungstenite::connect_async(req).await?;
        Ok(Ws { inner })
    }

    pub async fn send(&mut self, v: Value) {
        self.inner
            .send(Message::Text(v.to_string().into()))
            .await
            .unwrap();
    }

    pub async fn send_raw(&mut self, text: &str) {
        self.inner.send(Message::Text(text.into())).await.unwrap();
    }

    /// Next JSON frame (skipping pings), or panics after 10 s (a loaded
    /// CI machine has taken more than 5 s to answer a burst of frames).
    pub async fn recv(&mut self) -> Value {
        self.try_recv(Duration::from_secs(10))
            .await
            .expect("a frame within 10 s")
    }

    /// Next JSON frame within `wait`, `None` on timeout or close.
    pub async fn try_recv(&mut self, wait: Duration) -> Option<Value> {
        self.next_frame(wait).await.ok()
    }

    /// Next JSON frame within `wait`, else why none came (the time ran out,
    /// the server closed the socket and how, or the socket failed).
    async fn next_frame(&mut self, wait: Duration) -> Result<Value, String> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let next = tokio::time::timeout_at(deadline, self.inner.next())
                .await
                .map_err(|_| format!("nothing came within {wait:?}"))?
                .ok_or("the socket ended")?;
            match next.map_err(|e| format!("the socket failed: {e}"))? {
                Message::Text(t) => return Ok(serde_json::from_str(t.as_str()).unwrap()),
                Message::Close(frame) => return Err(format!("the server closed it: {frame:?}")),
                _ => continue,
            }
        }
    }

    /// Skips frames until one of type `ty` arrives; panics, naming what
    /// came instead, when none has within 30 s (frames that keep coming
    /// must not turn a missing one into a test that never ends).
    pub async fn recv_type(&mut self, ty: &str) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        let mut skipped: Vec<String> = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let v = match self.next_frame(left).await {
                Ok(v) => v,
                Err(why) => panic!("no {ty} frame: {why} (skipped: {skipped:?})"),
            };
            if v["type"] == ty {
                return v;
            }
            if skipped.len() < 20 {
                skipped.push(v.to_string().chars().take(160).collect());
            }
        }
    }

    /// The next frame of type `ty` within `wait` (others are skipped), `None` if none came.
    pub async fn try_recv_type(&mut self, ty: &str, wait: Duration) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let v = self.try_recv(left).await?;
            if v["type"] == ty {
                return Some(v);
            }
        }
    }

    /// Collects every frame of type `ty` until `wait` passes without any frame.
    pub async fn drain_type(&mut self, ty: &str, wait: Duration) -> Vec<Value> {
        let mut out = Vec::new();
        while let Some(v) = self.try_recv(wait).await {
            if v["type"] == ty {
                out.push(v);
            }
        }
        out
    }

    /// Waits for the server to close; returns the close frame.
    pub async fn closed(&mut self) -> Option<CloseFrame> {
        loop {
            match tokio::time::timeout(Duration::from_secs(5), self.inner.next()).await {
                Ok(Some(Ok(Message::Close(frame)))) => return frame,
                Ok(Some(Ok(_))) => continue,
                Ok(Some(Err(_))) | Ok(None) => return None,
                Err(_) => panic!("server did not close the socket"),
            }
        }
    }
}

/// Sends a customer message and waits for its ack; returns the stored message.
pub async fn say(ws: &mut Ws, client_id: &str, body: &str) -> Value {
    ws.send(json!({"type": "send", "intake": {"category": "other"}, "client_id": client_id, "body": body}))
        .await;
    loop {
        let v = ws.recv().await;
        if v["type"] == "ack" && v["client_id"] == client_id {
            return v["message"].clone();
        }
        assert_ne!(v["type"], "error", "refused: {v}");
    }
}

/// Sends an agent reply and waits for its ack.
pub async fn reply(ws: &mut Ws, conversation_id: i64, client_id: &str, body: &str) -> Value {
    ws.send(json!({"type": "send", "conversation_id": conversation_id, "client_id": client_id, "body": body})).await;
    loop {
        let v = ws.recv().await;
        if v["type"] == "ack" && v["client_id"] == client_id {
            return v["message"].clone();
        }
        assert_ne!(v["type"], "error", "refused: {v}");
    }
}

/// A child process running the real `parley` binary.
pub struct ServerProcess {
    pub child: std::process::Child,
    pub addr: SocketAddr,
}

/// A throwaway certificate authority and a server certificate it signed
/// for `localhost` and 127.0.0.1 (by the `openssl` command), for tests of
/// TLS to private servers.
pub struct TestCa {
    /// The authority's certificate (PEM): what `PARLEY_MAIL_CA` names.
    pub ca: PathBuf,
    /// The server's certificate (PEM).
    pub cert: PathBuf,
    /// The server's key (PEM).
    pub key: PathBuf,
}

impl TestCa {
    pub fn new() -> TestCa {
        let dir = tempfile::tempdir().unwrap().keep();
        let run = |args: &[&str]| {
            let out = std::process::Command::new("openssl")
                .args(args)
                .current_dir(&dir)
                .output()
                .expect("openssl runs");
            assert!(
                out.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        run(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Parley test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ]);
        run(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ]);
        std::fs::write(
            dir.join("server.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
             keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        run(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "2",
            "-extfile",
            "server.ext",
        ]);
        TestCa {
            ca: dir.join("ca.pem"),
            cert: dir.join("server.pem"),
            key: dir.join("server.key"),
        }
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl ServerProcess {
    pub async fn spawn(dir: &Path, port: u16) -> ServerProcess {
        Self::spawn_logging(dir, port, None).await
    }

    /// The binary with its log (stdout and stderr, at `RUST_LOG=debug`)
    /// written to `log`, when given.
    pub async fn spawn_logging(dir: &Path, port: u16, log: Option<&Path>) -> ServerProcess {
        Self::spawn_full(dir, port, log, &[]).await
    }

    /// The binary with extra environment variables.
    pub async fn spawn_with_env(dir: &Path, port: u16, env: &[(&str, &str)]) -> ServerProcess {
        Self::spawn_full(dir, port, None, env).await
    }

    /// The binary with its log in `log` (if given) and extra environment.
    pub async fn spawn_full(
        dir: &Path,
        port: u16,
        log: Option<&Path>,
        env: &[(&str, &str)],
    ) -> ServerProcess {
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_parley"))
            // No DATABASE_URL unless the test gives one: the database lives
            // in the data directory.
            .env_remove("DATABASE_URL")
            .envs(env.iter().copied())
            .env("PARLEY_ADDR", addr.to_string())
            .env("PARLEY_DATA_DIR", dir)
            .env("PARLEY_SECRET", SECRET)
            .env("PARLEY_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("RUST_LOG", if log.is_some() { "debug" } else { "warn" })
            .stdout(match log {
                Some(p) => std::fs::File::create(p).unwrap().into(),
                None => std::process::Stdio::null(),
            })
            .stderr(match log {
                Some(p) => std::fs::OpenOptions::new()
                    .append(true)
                    .open(p)
                    .unwrap()
                    .into(),
                None => std::process::Stdio::inherit(),
            })
            .spawn()
            .unwrap();
        wait_healthy(addr).await;
        ServerProcess { child, addr }
    }

    /// SIGKILL: no shutdown code runs.
    pub fn kill9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServerProcess {
    /// A failed test does not leave its server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Signs the admin in on the server at `addr`, setting up the second factor
/// on the way when the role requires it (reading the key from the enrolment
/// page, as a person scanning the QR code would); returns the session cookie.
pub async fn admin_session(addr: SocketAddr) -> String {
    enrolled_admin(addr, parley::state::now_ms()).await.0
}

/// [`admin_session`] with the server's time `now` for the enrolment code;
/// also returns the authenticator key when this sign-in set it up.
pub async fn enrolled_admin(addr: SocketAddr, now: i64) -> (String, Option<String>) {
    let base = format!("http://{addr}");
    let cookie = login(addr, ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let client = client();
    let me: Value = client
        .get(format!("{base}/api/auth/me"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    if me["stage"] == "signed_in" {
        return (cookie, None);
    }
    assert_eq!(me["stage"], "enrol", "{me}");
    let page = client
        .get(format!("{base}/desk"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let secret = testid_text(&page, "totp-secret").expect("the key is on the enrolment page");
    let code = parley::security::totp::code_at(&secret, now).unwrap();
    let resp = client
        .post(format!("{base}/api/auth/totp"))
        .header("cookie", &cookie)
        .form(&[
            ("code", code.as_str()),
            ("_csrf", me["csrf"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["location"], "/desk/security?enrolled=1");
    (cookie, Some(secret))
}

/// What a widget page carries for the widget (its `parley-boot` JSON).
pub fn widget_boot(html: &str) -> parley_app::api::WidgetBoot {
    let start = html
        .find("id=\"parley-boot\">")
        .map(|i| i + "id=\"parley-boot\">".len())
        .unwrap_or_else(|| panic!("no boot data in {html}"));
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// A fresh, empty database on the throwaway Postgres server `./run.sh test`
/// starts (`PARLEY_TEST_POSTGRES`, the URL of its `postgres` database): its
/// URL, or `None` when no server was given (a bare `cargo test`; the run
/// says so on stderr). `PARLEY_REQUIRE_POSTGRES=1` (set by `./run.sh test`)
/// turns a missing server into a failure, so CI cannot skip the Postgres runs.
pub async fn postgres_database(prefix: &str) -> Option<String> {
    let Ok(admin) = std::env::var("PARLEY_TEST_POSTGRES") else {
        assert!(
            std::env::var("PARLEY_REQUIRE_POSTGRES").is_err(),
            "PARLEY_REQUIRE_POSTGRES is set but PARLEY_TEST_POSTGRES is not"
        );
        eprintln!("postgres: skipped (PARLEY_TEST_POSTGRES is not set; ./run.sh test sets it)");
        return None;
    };
    use sqlx::Executor;
    let name = format!("{prefix}_{}", hex::encode(rand::random::<[u8; 6]>()));
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin)
        .await
        .expect("the test Postgres server answers");
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .unwrap();
    let base = admin.rsplit_once('/').expect("a database in the URL").0;
    Some(format!("{base}/{name}"))
}

/// A new customer opens a conversation on topic `category` with `body`;
/// their socket and the conversation's id.
pub async fn topic_customer(app: &TestApp, category: &str, body: &str) -> (Ws, i64) {
    let (mut ws, _) = app.hello(None, 0).await;
    ws.send(json!({"type": "send", "client_id": "c1", "body": body,
                   "intake": {"category": category, "facts": {}}}))
        .await;
    let id = ws.recv_type("ack").await["message"]["conversation_id"]
        .as_i64()
        .unwrap();
    (ws, id)
}

/// The stopped server's store in `dir` (for a state no request makes).
pub async fn open_store(dir: &Path) -> parley::storage::sql::SqlStore {
    parley::storage::sql::SqlStore::open(&format!("sqlite://{}", dir.join("parley.db").display()))
        .await
        .unwrap()
}

/// A further conversation of `visitor` on the demo site, written to the
/// stopped server's store (a customer opens one at a time through the
/// widget); its id.
pub async fn stored_conversation(store: &parley::storage::sql::SqlStore, visitor: &str) -> i64 {
    use parley::storage::NewConversation;
    use parley::storage::prelude::*;
    let facts = Default::default();
    store
        .create_conversation(NewConversation {
            channel: Default::default(),
            site: "demo",
            visitor_id: visitor,
            locale: Some("en"),
            time_zone: None,
            category: None,
            facts: &facts,
            priority: parley_app::protocol::Priority::Routine,
            team_id: None,
            now: parley::state::now_ms(),
        })
        .await
        .unwrap()
        .id
}

/// The Japanese dictionary the tests use: `PARLEY_JA_DICT`, or the one
/// `./run.sh` fetches into `.tools/ipadic/dict`.
pub fn ja_dictionary() -> parley::search::JaDictionary {
    let folder = std::env::var_os("PARLEY_JA_DICT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/ipadic/dict"));
    parley::search::JaDictionary::at(folder)
}
