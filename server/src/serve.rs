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
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
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
/// connections finish (at most [`SHUTDOWN_GRACE`]).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut make = app.into_make_service_with_connect_info::<SocketAddr>();
    let graceful = GracefulShutdown::new();
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
        let mut builder = Builder::new(TokioExecutor::new());
        builder
            .http1()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ_TIMEOUT);
        builder.http2().timer(TokioTimer::new());
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(tcp), hyper_service)
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, %remote, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(SHUTDOWN_GRACE) => {
            tracing::warn!("connections still open at shutdown were dropped");
        }
    }
}
