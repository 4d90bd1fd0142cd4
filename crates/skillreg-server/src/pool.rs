//! [`RegistryPool`]: a few worker threads, each with its own open [`Registry`], that run the
//! store's blocking calls off the async threads.
//!
//! A `Registry` holds a SQLite connection and a cache that are not `Send`, so it cannot move
//! between `spawn_blocking` threads; instead each worker opens one (as HR) and keeps it, and a
//! request sends its closure to whichever worker is free. The worker narrows the registry to
//! the request's actor ([`Registry::with_actor`]), names the web session in the audit trail's
//! `via` ([`Registry::set_via`]), runs the closure, and widens it back.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use chrono::NaiveDate;
use skillreg_store::{Actor, Registry};
use tokio::sync::oneshot;

use crate::error::ServerError;

type Job = Box<dyn FnOnce(&mut Option<Registry>) + Send>;

/// Worker threads with an open registry each (see the module docs).
#[derive(Debug, Clone)]
pub struct RegistryPool {
    jobs: mpsc::Sender<Job>,
    path: Arc<PathBuf>,
}

impl RegistryPool {
    /// Starts `workers` threads over the registry at `path` (opened on first use). With
    /// `today`, every registry takes it as the organisation's current day
    /// ([`Registry::with_today`]), for tests with a fixed day.
    pub fn start(path: &Path, workers: usize, today: Option<NaiveDate>) -> RegistryPool {
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..workers.max(1) {
            let queue = Arc::clone(&queue);
            let path = path.to_path_buf();
            let spawned = std::thread::Builder::new()
                .name(format!("registry-{n}"))
                .spawn(move || worker(&path, today, &queue));
            if let Err(e) = spawned {
                tracing::error!("cannot start registry worker {n}: {e}");
            }
        }
        RegistryPool {
            jobs,
            path: Arc::new(path.to_path_buf()),
        }
    }

    /// The registry file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a worker's registry, asked by `actor`, with `via` in the audit trail.
    ///
    /// ```
    /// use skillreg_server::RegistryPool;
    /// use skillreg_store::{Actor, Registry, SCHEMA_VERSION};
    ///
    /// let dir = tempfile::tempdir()?;
    /// let db = dir.path().join("skillreg.db");
    /// drop(Registry::open(&db, Actor::Hr)?);
    /// let pool = RegistryPool::start(&db, 2, None);
    /// let runtime = tokio::runtime::Runtime::new()?;
    /// let via = "web session 1a2b3c4d".to_string();
    /// let version = runtime.block_on(pool.run(Actor::Hr, via, |r| r.schema_version()))?;
    /// assert_eq!(version, SCHEMA_VERSION);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn run<T, F>(&self, actor: Actor, via: String, f: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&Registry) -> Result<T, skillreg_store::Error> + Send + 'static,
    {
        self.run_mut(actor, via, move |r| f(r)).await
    }

    /// [`RegistryPool::run`] for a call that writes (`&mut Registry`); the store checks the
    /// actor as for any other call.
    pub async fn run_mut<T, F>(&self, actor: Actor, via: String, f: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Registry) -> Result<T, skillreg_store::Error> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let path = self.path.to_path_buf();
        let job: Job = Box::new(move |slot: &mut Option<Registry>| {
            let result = match slot.take() {
                None => Err(skillreg_store::Error::Invalid(
                    "the registry could not be opened".to_string(),
                )),
                Some(registry) => {
                    let mut registry = registry.with_actor(actor);
                    registry.set_via(&via);
                    let result = f(&mut registry);
                    let mut registry = registry.with_actor(Actor::Hr);
                    registry.set_via("");
                    *slot = Some(registry);
                    result
                }
            };
            let _ = reply.send(result.map_err(|source| ServerError::Registry {
                path,
                source: Box::new(source),
            }));
        });
        self.jobs.send(job).map_err(|_| ServerError::WorkersGone)?;
        answer.await.map_err(|_| ServerError::WorkersGone)?
    }
}

fn worker(path: &Path, today: Option<NaiveDate>, queue: &Mutex<mpsc::Receiver<Job>>) {
    let mut slot: Option<Registry> = None;
    loop {
        let job = {
            let Ok(queue) = queue.lock() else { return };
            match queue.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        if slot.is_none() {
            match Registry::open_existing(path, Actor::Hr) {
                Ok(registry) => {
                    slot = Some(match today {
                        Some(day) => registry.with_today(day),
                        None => registry,
                    })
                }
                Err(e) => tracing::error!("cannot open the registry {}: {e}", path.display()),
            }
        }
        job(&mut slot);
    }
}
