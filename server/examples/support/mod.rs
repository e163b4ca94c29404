//! What the measuring examples share: a Parley server in this process on a
//! free loopback port with its own data directory, and its admin signed in
//! (no second factor: the examples measure messages, not sign-in).

use std::net::SocketAddr;
use std::time::Duration;

/// A running server and the admin's session cookie (`name=value`).
pub struct Bench {
    /// Where it listens.
    pub addr: SocketAddr,
    /// The admin's session.
    pub cookie: String,
    /// Keeps the data directory while the server runs.
    pub _dir: tempfile::TempDir,
}

/// Starts Parley; `adjust` may change its configuration first.
pub async fn start(adjust: impl FnOnce(&mut parley::config::Config)) -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut cfg = parley::config::Config::for_data_dir(dir.path().to_path_buf(), addr);
    cfg.admin_email = Some("bench@parley.local".into());
    cfg.admin_password = Some("bench-password".into());
    cfg.mfa_for_admins = false;
    adjust(&mut cfg);
    tokio::spawn(parley::run(cfg, listener, std::future::pending()));
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    while http
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .is_err()
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let resp = http
        .post(format!("http://{addr}/api/auth/login"))
        .form(&[
            ("email", "bench@parley.local"),
            ("password", "bench-password"),
        ])
        .send()
        .await
        .unwrap();
    let cookie = resp.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    Bench {
        addr,
        cookie,
        _dir: dir,
    }
}
