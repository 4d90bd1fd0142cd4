//! [`VecSnapshot`]: a snapshot over a list of records.

use std::collections::VecDeque;

use chrono::NaiveDate;
use skillreg_core::{
    PersonRecord, Problem, Snapshot, SnapshotHeader, SnapshotKind, SourceCatalog, SourceEnd,
};

/// A [`Snapshot`] over a list of records: what a test states is what the sync engine reads.
///
/// By default it has no catalog, exports at 02:00 (`{day}T02:00:00+01:00`), has the digest
/// `digest of {exported_at}` and ends with an empty [`SourceEnd`]; the `with_*` methods change
/// each. [`Snapshot::finish`] may be called once, as the engine promises.
///
/// ```
/// use skillreg_core::{Snapshot, SnapshotKind, SourceEnd};
/// use skillreg_testkit::{VecSnapshot, d};
///
/// let mut s = VecSnapshot::new("lms", SnapshotKind::Delta, d("2026-11-21"), vec![])
///     .with_exported_at("2026-11-21T03:00:00+01:00")
///     .with_end(SourceEnd { skipped: vec!["10099".into()], ..SourceEnd::default() });
/// assert_eq!(s.header().source, "lms");
/// assert_eq!(s.next_person(), Ok(None));
/// assert_eq!(s.digest().as_deref(), Some("digest of 2026-11-21T03:00:00+01:00"));
/// assert_eq!(s.finish().skipped, ["10099"]);
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct VecSnapshot {
    header: SnapshotHeader,
    catalog: Option<(SourceCatalog, Vec<Problem>)>,
    people: VecDeque<Result<PersonRecord, Vec<Problem>>>,
    digest: Option<String>,
    end: Option<SourceEnd>,
}

impl VecSnapshot {
    /// A snapshot of `people` from `source` as of `day`.
    pub fn new(
        source: &str,
        kind: SnapshotKind,
        day: NaiveDate,
        people: Vec<PersonRecord>,
    ) -> VecSnapshot {
        VecSnapshot::with_records(source, kind, day, people.into_iter().map(Ok).collect())
    }

    /// A snapshot of records of which some are problems the adapter found (`Err`).
    pub fn with_records(
        source: &str,
        kind: SnapshotKind,
        day: NaiveDate,
        records: Vec<Result<PersonRecord, Vec<Problem>>>,
    ) -> VecSnapshot {
        let exported_at = format!("{day}T02:00:00+01:00");
        VecSnapshot {
            digest: Some(format!("digest of {exported_at}")),
            header: SnapshotHeader {
                source: source.into(),
                as_of: day,
                exported_at,
                kind,
            },
            catalog: None,
            people: records.into(),
            end: Some(SourceEnd::default()),
        }
    }

    /// The same with this catalog part.
    pub fn with_catalog(self, catalog: SourceCatalog) -> VecSnapshot {
        self.with_catalog_problems(catalog, Vec::new())
    }

    /// The same with this catalog part and the problems the adapter found in it.
    pub fn with_catalog_problems(
        mut self,
        catalog: SourceCatalog,
        problems: Vec<Problem>,
    ) -> VecSnapshot {
        self.catalog = Some((catalog, problems));
        self
    }

    /// The same exported at `exported_at` (the digest follows).
    pub fn with_exported_at(mut self, exported_at: &str) -> VecSnapshot {
        if self.digest.is_some() {
            self.digest = Some(format!("digest of {exported_at}"));
        }
        self.header.exported_at = exported_at.into();
        self
    }

    /// The same with this digest (`None`: the source gives none).
    pub fn with_digest(mut self, digest: Option<String>) -> VecSnapshot {
        self.digest = digest;
        self
    }

    /// The same ending with `end` (warnings, skipped people, a watermark).
    pub fn with_end(mut self, end: SourceEnd) -> VecSnapshot {
        self.end = Some(end);
        self
    }

    /// The header, to change or read before the run.
    pub fn header_mut(&mut self) -> &mut SnapshotHeader {
        &mut self.header
    }
}

impl Snapshot for VecSnapshot {
    fn header(&self) -> &SnapshotHeader {
        &self.header
    }

    fn catalog(&mut self) -> (SourceCatalog, Vec<Problem>) {
        self.catalog.take().unwrap_or_default()
    }

    fn next_person(&mut self) -> Result<Option<PersonRecord>, Vec<Problem>> {
        self.people.pop_front().transpose()
    }

    fn digest(&self) -> Option<String> {
        self.digest.clone()
    }

    fn finish(&mut self) -> SourceEnd {
        self.end
            .take()
            .unwrap_or_else(|| panic!("finish() called twice"))
    }
}
