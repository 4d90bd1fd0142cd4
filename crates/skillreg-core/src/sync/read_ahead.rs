//! [`ReadAhead`]: a snapshot read on a thread of its own, so that reading the next people
//! (parsing, decoding, checking characters, hashing the input) overlaps with planning and
//! writing the ones before.

use std::sync::mpsc::{Receiver, Sender, SyncSender, channel, sync_channel};
use std::thread::JoinHandle;

use crate::snapshot::{
    Field, FieldNames, PersonRecord, Problem, Snapshot, SnapshotHeader, SourceCatalog, SourceEnd,
};

/// Records handed over at a time: one hand-over per batch, not per person.
const BATCH: usize = 64;

/// Batches in flight between the reading thread and the sync: with [`BATCH`], at most
/// `(QUEUED + 2) * BATCH` people are held in memory at once, whatever the input's size.
const QUEUED: usize = 4;

/// Records given back ([`Snapshot::give_back`]) before they go back to the reading thread.
const GIVEN_BACK: usize = BATCH;

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
    /// The way back to the reading thread, for records given back.
    back: Option<Sender<Vec<PersonRecord>>>,
    /// Records given back, not yet sent back.
    given_back: Vec<PersonRecord>,
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
            back: None,
            given_back: Vec::new(),
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
        let (send_back, receive_back) = channel();
        self.queue = Some(receive);
        self.back = Some(send_back);
        self.thread = Some(std::thread::spawn(move || read(inner, send, receive_back)));
    }

    /// Waits for the reading thread to end; a panic there goes on here, as if the inner
    /// snapshot had been read on this thread.
    fn join(&mut self) {
        self.queue = None;
        self.back = None;
        if let Some(thread) = self.thread.take()
            && let Err(panic) = thread.join()
        {
            std::panic::resume_unwind(panic);
        }
    }
}

/// The reading thread: every step of `inner`, in batches, then its end. Stops early when the
/// other side has gone (the sync stopped).
///
/// The records the sync gives back are given back to `inner` here, between batches (by default
/// it drops them). A record's memory is then freed by the thread that allocated it: freed on the
/// sync's thread instead, reading 100,000 people took half as long again (the allocator then
/// gets its memory back only through its list of frees from other threads).
fn read<S: Snapshot>(mut inner: S, queue: SyncSender<Message>, back: Receiver<Vec<PersonRecord>>) {
    loop {
        while let Ok(records) = back.try_recv() {
            for record in records {
                inner.give_back(record);
            }
        }
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

    /// Gathers `record` with others, to be given back to the inner snapshot on the reading
    /// thread (see [`Snapshot::give_back`]). After the reading thread has ended, it is dropped.
    fn give_back(&mut self, record: PersonRecord) {
        if let Some(inner) = &mut self.inner {
            inner.give_back(record);
            return;
        }
        let Some(back) = &self.back else {
            return;
        };
        self.given_back.push(record);
        if self.given_back.len() >= GIVEN_BACK {
            // Once the reading thread has ended, they are dropped here.
            let batch = std::mem::replace(&mut self.given_back, Vec::with_capacity(GIVEN_BACK));
            let _ = back.send(batch);
        }
    }
}

impl<S: Snapshot + Send + 'static> Drop for ReadAhead<S> {
    /// Stops the reading thread (it finds the queue gone at its next hand-over) and waits for
    /// it, so that no thread outlives the sync.
    fn drop(&mut self) {
        self.queue = None;
        self.back = None;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{Location, SnapshotKind};
    use std::sync::{Arc, Mutex};
    use std::thread::ThreadId;

    /// `n` people numbered from 1, a problem instead of every 100th, one warning at the end.
    struct Numbered {
        header: SnapshotHeader,
        n: u64,
        next: u64,
        /// The records given back, and on which thread.
        given_back: Arc<Mutex<Vec<(String, ThreadId)>>>,
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
            given_back: Arc::default(),
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

        fn give_back(&mut self, record: PersonRecord) {
            if let Ok(mut given_back) = self.given_back.lock() {
                given_back.push((record.employee_no, std::thread::current().id()));
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
    fn records_given_back_reach_the_source_on_the_reading_thread() {
        let source = numbered(1000);
        let given_back = Arc::clone(&source.given_back);
        let mut ahead = ReadAhead::new(source);
        let _ = ahead.catalog();
        let mut handed_out = Vec::new();
        while let Some(record) = ahead.next_person().transpose() {
            if let Ok(record) = record {
                handed_out.push(record.employee_no.clone());
                ahead.give_back(record);
            }
        }
        // Given back after the end: the reading thread has gone, the record is dropped here.
        let late = handed_out.last().cloned().unwrap_or_default();
        ahead.give_back(PersonRecord {
            employee_no: late,
            ..numbered(1)
                .next_person()
                .ok()
                .flatten()
                .unwrap_or_else(|| unreachable!())
        });
        drop(ahead);
        let given_back = given_back.lock().map(|g| g.clone()).unwrap_or_default();
        // Given back in batches, taken between reads: the reading thread is at most
        // `QUEUED + 2` batches ahead when it starts its last batch, so all but the records of
        // those (and of the batch being gathered) reached it; in order.
        let bound = 990 - (QUEUED + 2) * BATCH - GIVEN_BACK;
        assert!(given_back.len() >= bound, "{} < {bound}", given_back.len());
        let numbers: Vec<&String> = given_back.iter().map(|(no, _)| no).collect();
        let expected: Vec<&String> = handed_out.iter().take(given_back.len()).collect();
        assert_eq!(numbers, expected);
        let here = std::thread::current().id();
        assert!(given_back.iter().all(|(_, thread)| *thread != here));
    }

    #[test]
    fn a_source_read_on_the_calling_thread_gets_its_records_back_there() {
        let source = numbered(3);
        let given_back = Arc::clone(&source.given_back);
        let mut ahead = ReadAhead::new(source);
        // Before `catalog`, the reading thread has not started.
        let record = numbered(1).next_person().ok().flatten();
        ahead.give_back(record.unwrap_or_else(|| unreachable!()));
        let given_back = given_back.lock().map(|g| g.clone()).unwrap_or_default();
        assert_eq!(
            given_back,
            vec![("1".to_string(), std::thread::current().id())]
        );
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
