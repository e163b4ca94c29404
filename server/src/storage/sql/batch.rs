//! Group commit for SQLite: messages arriving together are written in one
//! transaction, so they share one fsync, and each caller hears of its own
//! step only after that transaction committed (an ack still means "on disk").
//!
//! Steps queue for one task that owns the writer. It takes whatever is
//! waiting (up to [`MAX_BATCH`]), runs the steps in order in one
//! transaction and commits. A step that fails makes the whole transaction
//! roll back (its writes so far must not land); that step is answered with
//! its error and the others run again in a fresh transaction, so one bad
//! step never takes its neighbours down and never leaves half a write.
//! While a batch commits the next one gathers: under load batches grow by
//! themselves, with no timer and no added wait when idle.
//!
//! Postgres needs none of this (many connections, its own group commit):
//! there a step runs in a transaction of its own.

use std::sync::Mutex;

use futures_util::future::BoxFuture;
use sqlx::{Any, AnyPool, Transaction};
use tokio::sync::{mpsc, oneshot};

use crate::storage::{StoreError, StoreResult};

/// The transaction a step writes in.
pub(super) type Tx = Transaction<'static, Any>;

/// Steps per transaction at most.
const MAX_BATCH: usize = 512;

/// Steps waiting at most (callers wait for room beyond that).
const QUEUE: usize = 4096;

/// A queued step: runs (again, if its batch is retried) and is answered once.
trait Pending: Send + Sync {
    fn run<'c>(&'c self, tx: &'c mut Tx) -> BoxFuture<'c, StoreResult<()>>;
    fn finish(self: Box<Self>, outcome: StoreResult<()>);
}

struct Job<T, F> {
    step: F,
    output: Mutex<Option<T>>,
    reply: oneshot::Sender<StoreResult<T>>,
}

impl<T, F> Pending for Job<T, F>
where
    T: Send + 'static,
    F: for<'c> Fn(&'c mut Tx) -> BoxFuture<'c, StoreResult<T>> + Send + Sync + 'static,
{
    fn run<'c>(&'c self, tx: &'c mut Tx) -> BoxFuture<'c, StoreResult<()>> {
        Box::pin(async move {
            let value = (self.step)(tx).await?;
            *self.output.lock().unwrap_or_else(|e| e.into_inner()) = Some(value);
            Ok(())
        })
    }

    fn finish(self: Box<Self>, outcome: StoreResult<()>) {
        let output = self.output.into_inner().unwrap_or_else(|e| e.into_inner());
        let result = outcome.and_then(|()| {
            output.ok_or_else(|| StoreError::Backend("a committed step left no result".into()))
        });
        // The caller may have gone (its socket closed): the write stands.
        let _ = self.reply.send(result);
    }
}

/// The queue in front of the SQLite writer.
#[derive(Clone)]
pub(super) struct GroupCommit {
    queue: mpsc::Sender<Box<dyn Pending>>,
}

impl GroupCommit {
    /// Starts the task that writes through `writer` (a one-connection pool).
    pub(super) fn start(writer: AnyPool) -> Self {
        let (queue, steps) = mpsc::channel(QUEUE);
        tokio::spawn(write_batches(writer, steps));
        GroupCommit { queue }
    }

    /// Runs `step` in the next batch; its result once that batch committed.
    pub(super) async fn run<T, F>(&self, step: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: for<'c> Fn(&'c mut Tx) -> BoxFuture<'c, StoreResult<T>> + Send + Sync + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let job = Job {
            step,
            output: Mutex::new(None),
            reply,
        };
        self.queue
            .send(Box::new(job))
            .await
            .map_err(|_| StoreError::Backend("the writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Backend("the writer dropped a step".into()))?
    }
}

/// Runs `step` in a transaction of its own (the Postgres path, and SQLite's
/// before the writer task runs).
pub(super) async fn alone<T, F>(pool: &AnyPool, step: F) -> StoreResult<T>
where
    F: for<'c> Fn(&'c mut Tx) -> BoxFuture<'c, StoreResult<T>>,
{
    let mut tx = pool.begin().await?;
    let value = step(&mut tx).await?;
    tx.commit().await?;
    Ok(value)
}

async fn write_batches(writer: AnyPool, mut steps: mpsc::Receiver<Box<dyn Pending>>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while steps.recv_many(&mut batch, MAX_BATCH).await > 0 {
        commit(&writer, std::mem::take(&mut batch)).await;
        batch.reserve(MAX_BATCH);
    }
}

/// Commits `batch`, answering every step: a failed step with its error
/// (the rest retried without it), all of them when the commit itself fails.
async fn commit(writer: &AnyPool, mut batch: Vec<Box<dyn Pending>>) {
    while !batch.is_empty() {
        match attempt(writer, &batch).await {
            Ok(()) => {
                for step in batch {
                    step.finish(Ok(()));
                }
                return;
            }
            Err((Some(i), e)) => {
                tracing::debug!(error = %e, "a step failed: its batch runs again without it");
                batch.remove(i).finish(Err(e));
            }
            Err((None, e)) => {
                tracing::error!(error = %e, steps = batch.len(), "group commit failed");
                let message = e.to_string();
                for step in batch {
                    step.finish(Err(StoreError::Backend(message.clone())));
                }
                return;
            }
        }
    }
}

/// One transaction over `batch`; which step failed, if one did.
async fn attempt(
    writer: &AnyPool,
    batch: &[Box<dyn Pending>],
) -> Result<(), (Option<usize>, StoreError)> {
    let mut tx = writer.begin().await.map_err(|e| (None, e.into()))?;
    for (i, step) in batch.iter().enumerate() {
        if let Err(e) = step.run(&mut tx).await {
            let _ = tx.rollback().await;
            return Err((Some(i), e));
        }
    }
    tx.commit().await.map_err(|e| (None, e.into()))
}
