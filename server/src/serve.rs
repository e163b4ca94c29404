//! The accept loop: axum's router served by hyper with the read timeouts
//! `axum::serve` does not set, so a slow-loris client cannot hold
//! connections open:
//!
//! - request headers must arrive within [`HEADER_READ_TIMEOUT`];
//! - a request body must keep coming: each chunk within [`BODY_IDLE_TIMEOUT`];
//! - a handler (reading its body included) has [`REQUEST_TIMEOUT`], uploads
//!   [`UPLOAD_TIMEOUT`] (set on the routes, see `lib.rs`).
//!
//! Websocket upgrades are served as before (their own pings and limits
//! apply once upgraded). `TCP_NODELAY` on every connection: small frames
//! must leave at once (Nagle and delayed ACKs add ~40 ms to a reply).

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::{Service, ServiceExt};
use tower_http::timeout::TimeoutBody;

/// Longest wait for a request's headers.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest pause within a request body.
pub const BODY_IDLE_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest a request may take to be answered (body read included).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest an upload may take (10 MiB at ~35 KB/s).
pub const UPLOAD_TIMEOUT: Duration = Duration::from_secs(300);
/// How long open connections get to finish at shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `shutdown` resolves, then lets open
/// connections finish (at most [`SHUTDOWN_GRACE`]). HTTP/1.1 with upgrades
/// (websockets), as `axum::serve` without its `http2` feature.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut make = app.into_make_service_with_connect_info::<SocketAddr>();
    // Dropped at shutdown: every connection is told to finish.
    let (signal_tx, signal_rx) = tokio::sync::watch::channel(());
    // Held by every connection: closed once all have finished.
    let (close_tx, close_rx) = tokio::sync::watch::channel(());
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) => {
                    // Out of file descriptors and the like: wait, go on.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "TCP_NODELAY not set");
        }
        let service = match make.call(remote).await {
            Ok(s) => s,
            Err(never) => match never {},
        };
        let service = service.map_request(|req: Request<Incoming>| {
            req.map(|body| Body::new(TimeoutBody::new(BODY_IDLE_TIMEOUT, body)))
        });
        let hyper_service = TowerToHyperService::new(service);
        let mut signal = signal_rx.clone();
        let close = close_rx.clone();
        tokio::spawn(async move {
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT);
            let conn = builder
                .serve_connection(TokioIo::new(tcp), hyper_service)
                .with_upgrades();
            let mut conn = std::pin::pin!(conn);
            let done = tokio::select! {
                done = conn.as_mut() => done,
                _ = signal.changed() => {
                    conn.as_mut().graceful_shutdown();
                    conn.as_mut().await
                }
            };
            if let Err(e) = done {
                tracing::debug!(error = %e, %remote, "connection ended with an error");
            }
            drop(close);
        });
    }
    drop(listener);
    drop(signal_tx);
    drop(close_rx);
    tokio::select! {
        () = close_tx.closed() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("connections still open at shutdown were dropped");
        }
    }
}
