//! Parley's own SMTP listener (`PARLEY_SMTP_LISTEN`): receives the mail
//! of the sites' support addresses and the conversations' reply addresses
//! (its MX, or the operator's mail server forwarding to it). The protocol
//! is `mailin`'s state machine; this module does the I/O and answers a
//! mail only once it is stored (a failure to store answers `451`, so the
//! sender's server tries again and nothing is lost).
//!
//! Bounded for anonymous senders: at most [`MAX_CONNECTIONS`] at once, a
//! line of [`MAX_LINE`] bytes, [`rules::MAX_RECIPIENTS`] recipients and
//! [`rules::MAX_INBOUND_BYTES`] per mail, five minutes' silence closes the
//! connection; recipients other than Parley's addresses (or a reply address
//! with a wrong token) are refused at `RCPT TO`, before the mail is read.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mailin::{Action, Handler, Response, SessionBuilder};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::domain::mail::{self as rules, Recipient};
use crate::services::mail::inbound;
use crate::state::AppState;
use parley_app::error::ErrorCode;

/// Connections served at once; more wait for a free one.
pub const MAX_CONNECTIONS: usize = 64;
/// Longest line read (RFC 5321 allows 1,000; some senders write longer).
pub const MAX_LINE: usize = 64 * 1024;
/// Silence after which a connection is closed.
const IDLE: Duration = Duration::from_secs(300);

/// One mail transaction as the state machine saw it.
#[derive(Default)]
struct Transaction {
    sender: String,
    recipients: Vec<Recipient>,
    data: Vec<u8>,
    too_big: bool,
    /// The data ended: the mail waits to be stored.
    complete: bool,
}

/// The state machine's handler: checks recipients, collects the data.
struct Receiver {
    state: AppState,
    tx: Arc<Mutex<Transaction>>,
}

impl Receiver {
    fn with<T>(&self, f: impl FnOnce(&mut Transaction) -> T) -> T {
        let mut tx = self.tx.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut tx)
    }
}

impl Handler for Receiver {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        self.with(|t| {
            *t = Transaction {
                sender: from.chars().take(rules::MAX_ADDRESS).collect(),
                ..Transaction::default()
            }
        });
        mailin::response::OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if self.with(|t| t.recipients.len()) >= rules::MAX_RECIPIENTS {
            return Response::custom(452, "4.5.3 Too many recipients".into());
        }
        match inbound::accepts(&self.state, to) {
            Some(r) => {
                self.with(|t| t.recipients.push(r));
                mailin::response::OK
            }
            None => Response::custom(550, "5.1.1 No such address".into()),
        }
    }

    fn data_start(
        &mut self,
        _domain: &str,
        _from: &str,
        _is8bit: bool,
        _to: &[String],
    ) -> Response {
        self.with(|t| {
            t.data.clear();
            t.too_big = false;
        });
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.with(|t| {
            if t.data.len() + buf.len() > rules::MAX_INBOUND_BYTES {
                t.too_big = true;
                t.data = Vec::new();
            } else if !t.too_big {
                t.data.extend_from_slice(buf);
            }
        });
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if self.with(|t| t.too_big) {
            return mailin::response::NO_STORAGE;
        }
        self.with(|t| t.complete = true);
        mailin::response::OK
    }
}

/// Stores a complete mail for each recipient; what to answer.
async fn store(state: &AppState, t: Transaction) -> Response {
    let mut later = false;
    let mut refused = false;
    for r in &t.recipients {
        match inbound::receive(state, r, &t.sender, &t.data).await {
            Ok(_) => {}
            Err(refusal) => {
                tracing::warn!(code = %refusal.code, sender = %t.sender, "an inbound mail was not taken");
                match refusal.code {
                    ErrorCode::Internal | ErrorCode::RateLimited => later = true,
                    _ => refused = true,
                }
            }
        }
    }
    if later {
        Response::custom(451, "4.3.0 Try again later".into())
    } else if refused {
        Response::custom(554, "5.6.0 Message not accepted".into())
    } else {
        mailin::response::OK
    }
}

async fn write(out: &mut tokio::net::tcp::OwnedWriteHalf, res: &Response) -> std::io::Result<()> {
    out.write_all(&res.buffer()?).await
}

/// One client, until it quits, falls silent or misbehaves.
async fn serve(state: AppState, stream: TcpStream, peer: SocketAddr) -> std::io::Result<()> {
    let tx = Arc::new(Mutex::new(Transaction::default()));
    let receiver = Receiver {
        state: state.clone(),
        tx: tx.clone(),
    };
    let mut session =
        SessionBuilder::new(state.settings.mail.domain.clone()).build(peer.ip(), receiver);
    let (read, mut out) = stream.into_split();
    let mut read = BufReader::new(read).take(u64::MAX);
    write(&mut out, &session.greeting()).await?;
    let mut line = Vec::with_capacity(1024);
    loop {
        line.clear();
        read.set_limit(MAX_LINE as u64);
        let n = match tokio::time::timeout(IDLE, read.read_until(b'\n', &mut line)).await {
            Ok(r) => r?,
            Err(_) => {
                let bye = Response::custom(421, "4.4.2 Idle too long".into());
                write(&mut out, &bye).await?;
                return Ok(());
            }
        };
        if n == 0 {
            return Ok(());
        }
        if !line.ends_with(b"\n") {
            let bye = Response::custom(500, "5.5.2 Line too long".into());
            write(&mut out, &bye).await?;
            return Ok(());
        }
        let mut res = session.process(&line);
        let complete = {
            let mut t = tx.lock().unwrap_or_else(|p| p.into_inner());
            t.complete.then(|| std::mem::take(&mut *t))
        };
        if let Some(t) = complete {
            res = store(&state, t).await;
        }
        match res.action {
            Action::NoReply => {}
            Action::Close => {
                write(&mut out, &res).await?;
                return Ok(());
            }
            Action::Reply | Action::UpgradeTls => write(&mut out, &res).await?,
        }
    }
}

/// Serves SMTP on `listener` until the task is aborted.
pub fn start(state: AppState, listener: TcpListener) -> JoinHandle<()> {
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    tokio::spawn(async move {
        loop {
            let Ok(permit) = slots.clone().acquire_owned().await else {
                return;
            };
            let (stream, peer) = match listener.accept().await {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!(error = %e, "accepting an SMTP connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let state = state.clone();
            tokio::spawn(async move {
                if let Err(e) = serve(state, stream, peer).await {
                    tracing::debug!(error = %e, %peer, "SMTP connection ended");
                }
                drop(permit);
            });
        }
    })
}
