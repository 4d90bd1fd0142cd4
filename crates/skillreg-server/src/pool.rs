//! [`RegistryPool`]: a few worker threads, each with its own open [`Registry`], that run the
//! store's blocking calls off the async threads.
//!
//! A `Registry` holds a SQLite connection and a cache that are not `Send`, so it cannot move
//! between `spawn_blocking` threads; instead each worker opens one (as HR) and keeps it, and a
//! request sends its closure to whichever worker is free. The worker narrows the registry to
//! the request's actor ([`Registry::with_actor`]), names the web session in the audit trail's
//! `via` ([`Registry::set_via`]), runs the closure, and widens it back.
//!
//! Calls that write ([`RegistryPool::run_mut`]) take turns: the store's write transactions
//! read before they write, and SQLite refuses (`SQLITE_BUSY`, without waiting) a transaction
//! that turns from reading to writing while another connection writes; in turn, a write waits
//! for the one before it instead of failing. A write waits for its turn before it goes to a
//! worker, so at most one worker is ever held by writes waiting (for SQLite's write lock, which
//! another process such as the nightly sync may hold for seconds): the other workers go on
//! answering reads. Reads ([`RegistryPool::run`]) run side by side.
//!
//! With more than one worker, the audit rows of reads (a manager reading a report's brief) go
//! through one [`AuditWriter`] that the workers' registries share: it commits the rows of the
//! reads under way together, and each read is answered only after its row has committed. Each
//! row a transaction of its worker's own had the workers queue for SQLite's write lock, asleep
//! in its busy handler while the cores idled. A single worker writes its rows itself: it
//! contends with no one, and a writer's commits would empty its page cache on every request.
//!
//! A worker never leaves a request without an answer:
//! - a registry that cannot be opened answers [`ServerError::Unavailable`] (a 500 page), and the
//!   next request tries to open it again;
//! - a call that panics answers [`ServerError::Panicked`] (a 500 page); the worker drops that
//!   connection (a panic may have left it mid-transaction) and opens a new one for the next
//!   request;
//! - a worker thread that dies all the same is replaced by a new one under the same name, and
//!   the request it was running answers [`ServerError::WorkersGone`] (a 500 page).

use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, mpsc};

use chrono::NaiveDate;
use skillreg_store::{Actor, AuditWriter, Registry};
use tokio::sync::{OwnedMutexGuard, oneshot};

use crate::error::ServerError;

/// A request's work: takes the worker's registry (or why it could not be opened) and gives
/// back the registry to keep for the next request, if any.
type Job = Box<dyn FnOnce(Result<Registry, skillreg_store::Error>) -> Option<Registry> + Send>;

/// Worker threads with an open registry each (see the module docs).
#[derive(Debug, Clone)]
pub struct RegistryPool {
    jobs: mpsc::Sender<Job>,
    path: Arc<PathBuf>,
    /// The turn of calls that write: taken before the call goes to a worker, held by the
    /// worker until the call returns.
    writes: Arc<tokio::sync::Mutex<()>>,
}

/// What the workers share. Only the workers hold it: when the last of them is gone, the queue's
/// receiving end goes with it and a request is answered [`ServerError::WorkersGone`] at once,
/// never left waiting.
struct Workers {
    queue: Mutex<mpsc::Receiver<Job>>,
    path: PathBuf,
    today: Option<NaiveDate>,
    /// The audit writer the workers' registries share, started with the first registry opened;
    /// only when there is more than one worker.
    audit: Mutex<Option<AuditWriter>>,
    share_audit: bool,
}

impl RegistryPool {
    /// Starts `workers` threads over the registry at `path` (opened on first use). With
    /// `today`, every registry takes it as the organisation's current day
    /// ([`Registry::with_today`]), for tests with a fixed day.
    pub fn start(path: &Path, workers: usize, today: Option<NaiveDate>) -> RegistryPool {
        let (jobs, queue) = mpsc::channel::<Job>();
        let shared = Arc::new(Workers {
            queue: Mutex::new(queue),
            path: path.to_path_buf(),
            today,
            audit: Mutex::new(None),
            share_audit: workers > 1,
        });
        for n in 0..workers.max(1) {
            if let Err(e) = spawn_worker(n, Arc::clone(&shared)) {
                tracing::error!("cannot start registry worker {n}: {e}");
            }
        }
        RegistryPool {
            jobs,
            path: Arc::new(path.to_path_buf()),
            writes: Arc::new(tokio::sync::Mutex::new(())),
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
        self.submit(actor, via, None, move |r| f(r)).await
    }

    /// [`RegistryPool::run`] for a call that writes (`record_talk`, `refer` ...): the same
    /// actor and `via`, the same checks in the store; it waits for the write under way on
    /// another worker, if any, to finish first, without holding a worker meanwhile (see the
    /// module docs).
    pub async fn run_mut<T, F>(&self, actor: Actor, via: String, f: F) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Registry) -> Result<T, skillreg_store::Error> + Send + 'static,
    {
        let turn = Arc::clone(&self.writes).lock_owned().await;
        self.submit(actor, via, Some(turn), f).await
    }

    /// Sends `f` to a worker, to run holding `turn` if given, and waits for its answer.
    async fn submit<T, F>(
        &self,
        actor: Actor,
        via: String,
        turn: Option<OwnedMutexGuard<()>>,
        f: F,
    ) -> Result<T, ServerError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Registry) -> Result<T, skillreg_store::Error> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let path = self.path.to_path_buf();
        let job: Job = Box::new(move |opened| {
            let (result, keep) = match opened {
                Err(source) => (
                    Err(ServerError::Unavailable {
                        path,
                        source: Box::new(source),
                    }),
                    None,
                ),
                Ok(registry) => {
                    let mut registry = registry.with_actor(actor);
                    registry.set_via(&via);
                    let outcome = catch_unwind(AssertUnwindSafe(|| f(&mut registry)));
                    // The write's turn ends with its call, whatever the outcome (a write that
                    // panicked was rolled back when its transaction was dropped).
                    drop(turn);
                    match outcome {
                        Ok(result) => {
                            let mut registry = registry.with_actor(Actor::Hr);
                            registry.set_via("");
                            let result = result.map_err(|source| ServerError::Registry {
                                path,
                                source: Box::new(source),
                            });
                            (result, Some(registry))
                        }
                        Err(panic) => {
                            let message = panic_message(panic.as_ref());
                            tracing::error!(
                                "a registry call panicked ({message}): its connection is closed and a new one opened for the next request"
                            );
                            (Err(ServerError::Panicked { message }), None)
                        }
                    }
                }
            };
            let _ = reply.send(result);
            keep
        });
        self.send(job)?;
        answer.await.map_err(|_| ServerError::WorkersGone)?
    }

    fn send(&self, job: Job) -> Result<(), ServerError> {
        self.jobs.send(job).map_err(|_| ServerError::WorkersGone)
    }
}

fn panic_message(panic: &(dyn Any + Send)) -> String {
    if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else {
        "no message".to_string()
    }
}

fn spawn_worker(n: usize, shared: Arc<Workers>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name(format!("registry-{n}"))
        .spawn(move || {
            let _replace = ReplaceOnPanic {
                n,
                shared: Arc::clone(&shared),
            };
            worker(&shared);
        })
        .map(drop)
}

/// Starts a new worker in place of the one whose thread is unwinding from a panic.
struct ReplaceOnPanic {
    n: usize,
    shared: Arc<Workers>,
}

impl Drop for ReplaceOnPanic {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        let n = self.n;
        tracing::error!("registry worker {n} panicked: starting a new one in its place");
        if let Err(e) = spawn_worker(n, Arc::clone(&self.shared)) {
            tracing::error!("cannot start registry worker {n} again: {e}");
        }
    }
}

fn worker(shared: &Workers) {
    let mut kept: Option<Registry> = None;
    loop {
        let job = {
            // A poisoned lock only means another worker panicked while waiting: the queue
            // itself is intact.
            let queue = shared.queue.lock().unwrap_or_else(PoisonError::into_inner);
            match queue.recv() {
                Ok(job) => job,
                Err(_) => return,
            }
        };
        let opened = match kept.take() {
            Some(registry) => Ok(registry),
            None => open(shared),
        };
        kept = job(opened);
    }
}

fn open(shared: &Workers) -> Result<Registry, skillreg_store::Error> {
    let mut registry = Registry::open_existing(&shared.path, Actor::Hr).inspect_err(|e| {
        tracing::error!("cannot open the registry {}: {e}", shared.path.display());
    })?;
    registry.set_audit_writer(audit_writer(shared));
    Ok(match shared.today {
        Some(day) => registry.with_today(day),
        None => registry,
    })
}

/// The workers' shared audit writer, started if need be. One that cannot start leaves each
/// registry writing its own rows (each a transaction of its own, as without it).
fn audit_writer(shared: &Workers) -> Option<AuditWriter> {
    if !shared.share_audit {
        return None;
    }
    let mut audit = shared.audit.lock().unwrap_or_else(PoisonError::into_inner);
    if audit.is_none() {
        match AuditWriter::start(&shared.path) {
            Ok(writer) => *audit = Some(writer),
            Err(e) => tracing::warn!(
                "cannot start the audit writer of {}: each registry worker writes its own audit rows ({e})",
                shared.path.display()
            ),
        }
    }
    audit.clone()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::http::StatusCode;
    use skillreg_l10n::Lang;

    use super::*;
    use crate::pages::person::store_failure;

    type Res = Result<(), Box<dyn std::error::Error>>;

    /// A request never waits longer than this in these tests: an answer, not a hang.
    const PATIENCE: Duration = Duration::from_secs(20);

    fn registry() -> Result<(tempfile::TempDir, PathBuf), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("skillreg.db");
        drop(Registry::open(&db, Actor::Hr)?);
        Ok((dir, db))
    }

    async fn schema_version(pool: &RegistryPool) -> Result<u32, Box<dyn std::error::Error>> {
        let call = pool.run(Actor::Hr, String::new(), |r| r.schema_version());
        Ok(tokio::time::timeout(PATIENCE, call).await??)
    }

    /// The status and text of the page a handler answers `error` with.
    async fn page_of(error: ServerError) -> Result<(StatusCode, String), axum::Error> {
        let response = store_failure(Lang::En, error, "test");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await?;
        Ok((status, String::from_utf8_lossy(&body).into_owned()))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writes_waiting_for_their_turn_leave_the_workers_to_reads() -> Res {
        let (_dir, db) = registry()?;
        let pool = RegistryPool::start(&db, 4, None);
        // A write that goes on until told to end (as one waiting for SQLite's write lock
        // while the nightly sync holds it).
        let (release, held) = mpsc::channel::<()>();
        let (started, has_started) = tokio::sync::oneshot::channel::<()>();
        let first = tokio::spawn({
            let pool = pool.clone();
            async move {
                pool.run_mut(Actor::Hr, String::new(), move |r| {
                    let _ = started.send(());
                    let _ = held.recv();
                    r.schema_version()
                })
                .await
            }
        });
        has_started.await?;
        // As many writes again as there are workers, all waiting for their turn.
        let waiting: Vec<_> = (0..4)
            .map(|_| {
                let pool = pool.clone();
                tokio::spawn(async move {
                    pool.run_mut(Actor::Hr, String::new(), |r| r.schema_version())
                        .await
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(200)).await;
        // A read is answered while the first write still runs: no worker is held by the
        // writes that wait (each used to wait on a worker, and the read found none free).
        assert_eq!(schema_version(&pool).await?, skillreg_store::SCHEMA_VERSION);
        release.send(())?;
        assert!(tokio::time::timeout(PATIENCE, first).await??.is_ok());
        for write in waiting {
            assert!(tokio::time::timeout(PATIENCE, write).await??.is_ok());
        }
        Ok(())
    }

    #[tokio::test]
    async fn a_call_that_panics_answers_500_and_its_worker_serves_on() -> Res {
        let (_dir, db) = registry()?;
        let pool = RegistryPool::start(&db, 1, None);
        let call = pool.run(
            Actor::Hr,
            "web session 0badc0de".into(),
            |_| -> Result<(), skillreg_store::Error> { panic!("a bug in a page's registry call") },
        );
        let error = match tokio::time::timeout(PATIENCE, call).await? {
            Err(e) => e,
            Ok(()) => return Err("a panicking call answered Ok".into()),
        };
        assert!(
            matches!(&error, ServerError::Panicked { message } if message == "a bug in a page's registry call"),
            "{error:?}"
        );
        let (status, page) = page_of(error).await?;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(page.contains("<h1>Internal error</h1>"), "{page}");
        assert!(
            !page.contains("a bug in"),
            "the panic is logged, not shown: {page}"
        );
        // The one worker serves the next requests on a new connection, as HR with no `via` left.
        for _ in 0..3 {
            assert_eq!(schema_version(&pool).await?, skillreg_store::SCHEMA_VERSION);
        }
        let actor = pool.run(Actor::Hr, String::new(), |r| Ok(r.actor().clone()));
        assert_eq!(tokio::time::timeout(PATIENCE, actor).await??, Actor::Hr);
        Ok(())
    }

    #[tokio::test]
    async fn a_worker_thread_that_dies_is_replaced() -> Res {
        let (_dir, db) = registry()?;
        let pool = RegistryPool::start(&db, 1, None);
        // A job that panics outside the call's guard takes its thread down with it.
        pool.send(Box::new(|_| panic!("the worker thread itself fails")))?;
        for _ in 0..3 {
            assert_eq!(schema_version(&pool).await?, skillreg_store::SCHEMA_VERSION);
        }
        Ok(())
    }

    #[tokio::test]
    async fn a_request_whose_worker_dies_answers_500_not_never() -> Res {
        let (_dir, db) = registry()?;
        let pool = RegistryPool::start(&db, 1, None);
        let (reply, answer) = oneshot::channel::<Result<(), ServerError>>();
        pool.send(Box::new(move |_| {
            let _reply = reply;
            panic!("the worker thread itself fails mid-request")
        }))?;
        let error = match tokio::time::timeout(PATIENCE, answer).await? {
            Err(_) => ServerError::WorkersGone,
            Ok(answer) => return Err(format!("an answer from a dead worker: {answer:?}").into()),
        };
        let (status, _) = page_of(error).await?;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(schema_version(&pool).await?, skillreg_store::SCHEMA_VERSION);
        Ok(())
    }

    /// Writes from every worker at once: each waits for its turn instead of failing with
    /// `SQLITE_BUSY` (regression: 2,216 of 8,000 online self-assessments answered 500 under
    /// load when writes did not take turns).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn writes_from_every_worker_at_once_all_succeed() -> Res {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("skillreg.db");
        {
            let mut registry = Registry::open(&db, Actor::Hr)?;
            let sample = std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../fixtures/winlas/sample-export.xml"),
            )?;
            let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
            registry.sync(
                &mut export,
                "sample",
                &skillreg_core::sync::SyncConfig::default(),
            )?;
        }
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("day")?;
        let pool = RegistryPool::start(&db, 4, Some(day));
        let systems = ["LIFECARE", "TIMECARE", "O365", "PMO"];
        let mut calls = tokio::task::JoinSet::new();
        for n in 0..64usize {
            let pool = pool.clone();
            let system = systems[n % systems.len()];
            let level: skillreg_core::Level = (n / systems.len() % 4 + 1).to_string().parse()?;
            calls.spawn(async move {
                pool.run_mut(
                    Actor::Employee("10023".into()),
                    format!("web session {n:08x}"),
                    move |r| {
                        let today = r.today();
                        r.record_assessment(
                            "10023",
                            system,
                            level,
                            &skillreg_store::Assessment::SelfAssessment,
                            today,
                            "10023",
                        )
                    },
                )
                .await
            });
        }
        let mut n_new = 0;
        while let Some(answer) = tokio::time::timeout(PATIENCE, calls.join_next()).await? {
            if answer?? {
                n_new += 1;
            }
        }
        assert_eq!(n_new, 16, "4 systems x 4 levels, each recorded once");
        let audit = pool.run(Actor::Hr, String::new(), |r| {
            r.audit(&skillreg_store::AuditFilter::default())
        });
        let recorded = tokio::time::timeout(PATIENCE, audit)
            .await??
            .into_iter()
            .filter(|e| e.action == "record self-assessment")
            .count();
        assert_eq!(recorded, 64, "every write in the audit trail");
        Ok(())
    }

    #[tokio::test]
    async fn a_registry_that_cannot_be_opened_answers_500_until_it_can() -> Res {
        let dir = tempfile::tempdir()?;
        let db = dir.path().join("not-yet.db");
        let pool = RegistryPool::start(&db, 2, None);
        let error = match schema_version(&pool).await {
            Err(e) => e.downcast::<ServerError>().map_err(|e| e.to_string())?,
            Ok(v) => return Err(format!("schema {v} of a registry that does not exist").into()),
        };
        assert!(
            matches!(&*error, ServerError::Unavailable { path, .. } if path == &db),
            "{error:?}"
        );
        let (status, page) = page_of(*error).await?;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(page.contains("<h1>Internal error</h1>"), "{page}");
        drop(Registry::open(&db, Actor::Hr)?);
        for _ in 0..4 {
            assert_eq!(schema_version(&pool).await?, skillreg_store::SCHEMA_VERSION);
        }
        Ok(())
    }
}
