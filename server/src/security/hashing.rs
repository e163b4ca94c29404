//! A small pool of dedicated threads for Argon2 (each hash takes ~19 MiB
//! for tens of milliseconds). Sign-ins queue for it, so a flood of them
//! costs a bounded amount of memory: at most [`HashPool::workers`] hashes
//! run at once, and at most the queue's length wait.
//!
//! Verification reuses one block of Argon2 memory per thread ([`verify`]):
//! allocating 19 MiB afresh for every sign-in let glibc's allocator keep
//! the freed blocks (its mmap threshold rises after the first one), and the
//! process grew by ~19 MB a sign-in up to ~230 MB (measured: ten sign-ins
//! one after another, 44 MB → 232 MB resident). With the memory reused, it
//! stays at one block per hashing thread.

use std::cell::RefCell;
use std::sync::mpsc::{Receiver, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};

use argon2::password_hash::PasswordHash;
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;

/// Largest Argon2 memory a stored hash may ask for (64 MiB in 1 KiB blocks):
/// a hash claiming more is refused instead of allocated.
const MAX_BLOCKS: usize = 64 * 1024;

thread_local! {
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// Hashes a password with Argon2id (default parameters) and a random salt;
/// the PHC string. `None` only if the hasher refuses its own parameters.
pub fn hash(password: &str) -> Option<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    use rand::RngCore;
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).ok()?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .ok()
        .map(|h| h.to_string())
}

/// Whether `password` matches the PHC string `phc` (Argon2), computed in
/// this thread's reused memory.
pub fn verify(password: &str, phc: &str) -> bool {
    BLOCKS.with(|blocks| verify_in(password, phc, &mut blocks.borrow_mut()))
}

fn verify_in(password: &str, phc: &str, blocks: &mut Vec<Block>) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) =
        (Algorithm::try_from(hash.algorithm), Params::try_from(&hash))
    else {
        return false;
    };
    let version = match hash.version.map(Version::try_from).transpose() {
        Ok(v) => v.unwrap_or_default(),
        Err(_) => return false,
    };
    let (Some(expected), Some(salt)) = (hash.hash, hash.salt) else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let need = params.block_count();
    if need > MAX_BLOCKS {
        return false;
    }
    if blocks.len() < need {
        blocks.resize(need, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut out, &mut blocks[..need])
        .is_ok()
        && bool::from(out.ct_eq(expected.as_bytes()))
}

type Job = Box<dyn FnOnce() + Send>;

/// The pool (cheap to clone).
#[derive(Clone)]
pub struct HashPool {
    jobs: SyncSender<Job>,
    workers: usize,
}

impl HashPool {
    /// `workers` threads and room for `queue` waiting jobs.
    pub fn new(workers: usize, queue: usize) -> HashPool {
        let (jobs, rx) = sync_channel::<Job>(queue);
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..workers {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("parley-hash-{i}"))
                .spawn(move || work(&rx));
            if let Err(e) = spawned {
                tracing::error!(error = %e, "starting a password-hashing thread");
            }
        }
        HashPool { jobs, workers }
    }

    /// How many hashes run at once.
    pub fn workers(&self) -> usize {
        self.workers
    }

    /// Runs `f` on the pool; `None` when the queue is full (tell the client
    /// to try later) or the pool is gone.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(f());
        });
        match self.jobs.try_send(job) {
            Ok(()) => rx.await.ok(),
            Err(TrySendError::Full(_)) => {
                tracing::warn!("password-hashing queue full");
                None
            }
            Err(TrySendError::Disconnected(_)) => None,
        }
    }
}

fn work(rx: &Mutex<Receiver<Job>>) {
    loop {
        let job = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        match job {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_argon2_strings_in_reused_memory() {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let salt = SaltString::encode_b64(b"sixteen byte salt").unwrap();
        let phc = Argon2::default()
            .hash_password(b"correct horse", &salt)
            .unwrap()
            .to_string();
        assert!(verify("correct horse", &phc));
        assert!(!verify("correct horsf", &phc));
        assert!(verify("correct horse", &phc), "the memory is reused");
        assert!(!verify("x", "not a hash"));
        // A stored hash asking for absurd memory is refused, not allocated.
        let greedy = phc.replace("m=19456", "m=4194304");
        assert!(!verify("correct horse", &greedy));
    }

    #[tokio::test]
    async fn runs_jobs_at_most_workers_at_a_time_and_refuses_beyond_the_queue() {
        let pool = HashPool::new(2, 3);
        let running = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let peak = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let gate = Arc::new(std::sync::Barrier::new(1));
        let jobs = (0..5).map(|i| {
            let (running, peak, pool, _gate) =
                (running.clone(), peak.clone(), pool.clone(), gate.clone());
            async move {
                pool.run(move || {
                    let now = running.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
                    peak.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    running.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                    i * 2
                })
                .await
            }
        });
        let out = futures_util::future::join_all(jobs).await;
        assert!(peak.load(std::sync::atomic::Ordering::SeqCst) <= 2);
        let done: Vec<_> = out.iter().flatten().collect();
        assert!(done.len() >= 3, "{out:?}");
        // Far more at once than workers + queue: some are refused.
        let many = (0..50).map(|_| {
            let pool = pool.clone();
            async move {
                pool.run(|| std::thread::sleep(std::time::Duration::from_millis(20)))
                    .await
            }
        });
        let out = futures_util::future::join_all(many).await;
        assert!(out.iter().any(Option::is_none));
        assert!(out.iter().any(Option::is_some));
    }
}
