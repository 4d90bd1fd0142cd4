//! [`ReadAhead`]: a snapshot read on a thread of its own, so that reading the next people
//! (parsing, decoding, checking characters, hashing the input) overlaps with planning and
//! writing the ones before.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use crate::snapshot::{
    Field, FieldNames, PersonRecord, Problem, Snapshot, SnapshotHeader, SourceCatalog, SourceEnd,
};

/// Records handed over at a time: one hand-over per batch, not per person.
const BATCH: usize = 64;

/// Batches in flight between the reading thread and the sync: with [`BATCH`], at most
/// `(QUEUED + 2) * BATCH` people are held in memory at once, whatever the input's size.
const QUEUED: usize = 4;

/// What one `next_person` of the inner snapshot returned.
type Step = Result<PersonRecord, Vec<Problem>>;

/// What the reading thread hands over.
enum Message {
    /// The next steps, in the source's order.
    Steps(Vec<Step>),
    /// The inner snapshot came to its end: what `finish` and `digest` said.
    End(SourceEnd, Option<String>),
}

/// A [`Snapshot`] whose people are read ahead by another thread, through a bounded queue.
///
/// The catalog is read on the calling thread (`catalog` is called first); after it, a thread
/// calls the inner snapshot's `next_person` until the end, then `finish` and `digest`, and hands
/// everything over in order. The engine sees exactly what the inner snapshot says, in the same
/// order (every problem included); only the time it spends reading overlaps with the time it
/// spends writing. Memory stays bounded: the thread waits while the queue is full.
///
/// ```
/// use skillreg_core::Snapshot;
/// use skillreg_core::sync::ReadAhead;
/// # use skillreg_core::{PersonRecord, SnapshotHeader, SnapshotKind, SourceCatalog, Problem};
/// # struct Numbers { header: SnapshotHeader, left: u32 }
/// # impl Snapshot for Numbers {
/// #     fn header(&self) -> &SnapshotHeader { &self.header }
/// #     fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) { (SourceCatalog::default(), Vec::new()) }
/// #     fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
/// #         if self.left == 0 { return Ok(None) }
/// #         self.left -= 1;
/// #         Ok(Some(PersonRecord { employee_no: self.left.to_string(), given_name: "A".into(),
/// #             family_name: "B".into(), email: None, gender: None, employments: Vec::new(),
/// #             evidence: Vec::new(), location: Default::default() }))
/// #     }
/// #     fn digest(&self) -> Option<String> { Some("all read".into()) }
/// # }
/// # let header = SnapshotHeader { source: "demo".into(), as_of: chrono::NaiveDate::MIN,
/// #     exported_at: String::new(), kind: SnapshotKind::Full };
/// // `Numbers` is any snapshot that can be sent to another thread: here it names 1,000 people.
/// let mut source = ReadAhead::new(Numbers { header, left: 1000 });
/// let _ = source.catalog();
/// let mut n = 0;
/// while let Some(person) = source.next_person().map_err(|p| format!("{p:?}"))? {
///     n += 1;
/// }
/// let _ = source.finish();
/// assert_eq!(n, 1000);
/// assert_eq!(source.digest().as_deref(), Some("all read"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct ReadAhead<S: Snapshot + Send + 'static> {
    header: SnapshotHeader,
    names: FieldNames,
    /// The inner snapshot, until the reading thread takes it.
    inner: Option<S>,
    /// The queue from the reading thread, while it runs.
    queue: Option<Receiver<Message>>,
    thread: Option<JoinHandle<()>>,
    /// The batch being handed out, reversed (the next step last).
    batch: Vec<Step>,
    /// What the inner snapshot said at its end, once received.
    end: Option<SourceEnd>,
    digest: Option<String>,
}

impl<S: Snapshot + Send + 'static> ReadAhead<S> {
    /// Reads `inner` ahead, once its catalog has been read.
    pub fn new(inner: S) -> ReadAhead<S> {
        ReadAhead {
            header: inner.header().clone(),
            names: FieldNames::of(&inner),
            inner: Some(inner),
            queue: None,
            thread: None,
            batch: Vec::new(),
            end: None,
            digest: None,
        }
    }

    /// Starts the reading thread (once).
    fn start(&mut self) {
        let Some(inner) = self.inner.take() else {
            return;
        };
        let (send, receive) = sync_channel(QUEUED);
        self.queue = Some(receive);
        self.thread = Some(std::thread::spawn(move || read(inner, send)));
    }

    /// Waits for the reading thread to end; a panic there goes on here, as if the inner
    /// snapshot had been read on this thread.
    fn join(&mut self) {
        self.queue = None;
        if let Some(thread) = self.thread.take()
            && let Err(panic) = thread.join()
        {
            std::panic::resume_unwind(panic);
        }
    }
}

/// The reading thread: every step of `inner`, in batches, then its end. Stops early when the
/// other side has gone (the sync stopped).
fn read<S: Snapshot>(mut inner: S, queue: SyncSender<Message>) {
    loop {
        let mut steps = Vec::with_capacity(BATCH);
        let mut at_end = false;
        while steps.len() < BATCH {
            match inner.next_person() {
                Ok(Some(record)) => steps.push(Ok(record)),
                Ok(None) => {
                    at_end = true;
                    break;
                }
                Err(problems) => steps.push(Err(problems)),
            }
        }
        if !steps.is_empty() && queue.send(Message::Steps(steps)).is_err() {
            return;
        }
        if at_end {
            let end = inner.finish();
            let _ = queue.send(Message::End(end, inner.digest()));
            return;
        }
    }
}

impl<S: Snapshot + Send + 'static> Snapshot for ReadAhead<S> {
    fn header(&self) -> &SnapshotHeader {
        &self.header
    }

    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        let catalog = match &mut self.inner {
            Some(inner) => inner.catalog(),
            None => (SourceCatalog::default(), Vec::new()),
        };
        self.start();
        catalog
    }

    fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
        self.start();
        loop {
            if let Some(step) = self.batch.pop() {
                return step.map(Some);
            }
            let Some(queue) = &self.queue else {
                return Ok(None);
            };
            match queue.recv() {
                Ok(Message::Steps(mut steps)) => {
                    steps.reverse();
                    self.batch = steps;
                }
                Ok(Message::End(end, digest)) => {
                    self.end = Some(end);
                    self.digest = digest;
                    self.join();
                    return Ok(None);
                }
                // The thread ended without its end: it panicked (`join` goes on with it).
                Err(_) => {
                    self.join();
                    return Ok(None);
                }
            }
        }
    }

    fn digest(&self) -> Option<String> {
        match &self.inner {
            Some(inner) => inner.digest(),
            None => self.digest.clone(),
        }
    }

    fn field_name(&self, field: Field) -> &str {
        self.names.get(field)
    }

    fn finish(&mut self) -> SourceEnd {
        if let Some(inner) = &mut self.inner {
            return inner.finish();
        }
        self.end.take().unwrap_or_default()
    }
}

impl<S: Snapshot + Send + 'static> Drop for ReadAhead<S> {
    /// Stops the reading thread (it finds the queue gone at its next hand-over) and waits for
    /// it, so that no thread outlives the sync.
    fn drop(&mut self) {
        self.queue = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Location, SnapshotKind};

    /// `n` people numbered from 1, a problem instead of every 100th, one warning at the end.
    struct Numbered {
        header: SnapshotHeader,
        n: u64,
        next: u64,
    }

    fn numbered(n: u64) -> Numbered {
        Numbered {
            header: SnapshotHeader {
                source: "test".into(),
                as_of: chrono::NaiveDate::MIN,
                exported_at: String::new(),
                kind: SnapshotKind::Full,
            },
            n,
            next: 1,
        }
    }

    fn at(line: u64) -> Location {
        Location {
            line: Some(line),
            ..Location::default()
        }
    }

    impl Snapshot for Numbered {
        fn header(&self) -> &SnapshotHeader {
            &self.header
        }

        fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
            (SourceCatalog::default(), Vec::new())
        }

        fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
            let i = self.next;
            if i > self.n {
                return Ok(None);
            }
            self.next += 1;
            if i.is_multiple_of(100) {
                return Err(vec![Problem::new(&at(i), None, format!("bad {i}"))]);
            }
            Ok(Some(PersonRecord {
                employee_no: i.to_string(),
                given_name: "A".into(),
                family_name: "B".into(),
                email: None,
                gender: None,
                employments: Vec::new(),
                evidence: Vec::new(),
                location: at(i),
            }))
        }

        fn digest(&self) -> Option<String> {
            (self.next > self.n).then(|| format!("{} read", self.n))
        }

        fn field_name(&self, field: Field) -> &str {
            match field {
                Field::EmployeeNo => "nr",
                _ => field.neutral_name(),
            }
        }

        fn finish(&mut self) -> SourceEnd {
            SourceEnd {
                warnings: vec![Problem::new(&at(0), None, "the end")],
                ..SourceEnd::default()
            }
        }
    }

    /// Everything `source` says, in order.
    fn read_all(source: &mut dyn Snapshot) -> (Vec<String>, SourceEnd, Option<String>) {
        let _ = source.catalog();
        let mut said = Vec::new();
        loop {
            match source.next_person() {
                Ok(Some(p)) => said.push(p.employee_no),
                Ok(None) => break,
                Err(problems) => said.extend(problems.into_iter().map(|p| p.message)),
            }
        }
        let end = source.finish();
        (said, end, source.digest())
    }

    #[test]
    fn read_ahead_says_what_the_source_says_in_the_same_order() {
        let direct = read_all(&mut numbered(1000));
        let mut ahead = ReadAhead::new(numbered(1000));
        assert_eq!(ahead.field_name(Field::EmployeeNo), "nr");
        let read = read_all(&mut ahead);
        assert_eq!(read, direct);
        assert_eq!(read.0.len(), 1000);
        assert_eq!(read.0[99], "bad 100");
        assert_eq!(read.2.as_deref(), Some("1000 read"));
        assert_eq!(ahead.next_person(), Ok(None));
    }

    #[test]
    fn a_sync_that_stops_early_stops_the_reading_thread() {
        let mut ahead = ReadAhead::new(numbered(1_000_000));
        let _ = ahead.catalog();
        assert!(matches!(ahead.next_person(), Ok(Some(p)) if p.employee_no == "1"));
        // Dropped with most of the people unread: the thread stops at its next hand-over.
        drop(ahead);
    }

    #[test]
    fn an_empty_source_ends_at_once() {
        let (said, end, digest) = read_all(&mut ReadAhead::new(numbered(0)));
        assert!(said.is_empty());
        assert_eq!(end.warnings.len(), 1);
        assert_eq!(digest.as_deref(), Some("0 read"));
    }
}
