//! The people a sync knows by employee number ([`People`]), held compactly: a registry of a
//! million people keeps one entry each for the whole sync.

use std::hash::BuildHasher;

use foldhash::fast::RandomState;

use hashbrown::HashTable;

use super::IndexEntry;

/// An employee number as held: one of at most [`SHORT`] bytes inline (its bytes, zero-padded,
/// and its length in the last byte; nearly every employee number is one), a longer one as
/// [`LONG`] in the last byte and its index in [`People::long`] in the first four.
type Key = [u8; SHORT + 1];

/// The longest employee number held inline.
const SHORT: usize = 15;

/// The last byte of a [`Key`] that names a long employee number.
const LONG: u8 = u8::MAX;

/// The key of a short employee number, `None` for a long one.
fn short_key(employee_no: &str) -> Option<Key> {
    let bytes = employee_no.as_bytes();
    if bytes.len() > SHORT {
        return None;
    }
    let len = u8::try_from(bytes.len()).ok()?;
    let mut key = [0u8; SHORT + 1];
    key.get_mut(..bytes.len())?.copy_from_slice(bytes);
    key[SHORT] = len;
    Some(key)
}

fn long_key(index: u32) -> Key {
    let mut key = [0u8; SHORT + 1];
    key[..4].copy_from_slice(&index.to_le_bytes());
    key[SHORT] = LONG;
    key
}

/// The employee number `key` holds.
fn key_str<'a>(key: &'a Key, long: &'a [Box<str>]) -> &'a str {
    if key[SHORT] == LONG {
        let index = u32::from_le_bytes([key[0], key[1], key[2], key[3]]);
        return usize::try_from(index)
            .ok()
            .and_then(|i| long.get(i))
            .map_or("", |no| no);
    }
    let len = usize::from(key[SHORT]).min(SHORT);
    // Made from a `&str` by `short_key`: always valid.
    std::str::from_utf8(&key[..len]).unwrap_or("")
}

/// What the sync knows of one person: the registry's entry (an index into
/// [`People::entries`], or [`NO_ENTRY`]) and where the snapshot named them.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    entry: u32,
    /// `NOT_SEEN`, `SEEN_NO_LINE`, or the line the snapshot had them on.
    pub seen_at: u32,
}

const NO_ENTRY: u32 = u32::MAX;

pub(super) const NOT_SEEN: u32 = 0;
pub(super) const SEEN_NO_LINE: u32 = u32::MAX;

impl Slot {
    /// Someone the registry does not hold, seen at `seen_at`.
    pub fn unregistered(seen_at: u32) -> Slot {
        Slot {
            entry: NO_ENTRY,
            seen_at,
        }
    }

    /// Whether the registry holds them.
    pub fn registered(&self) -> bool {
        self.entry != NO_ENTRY
    }

    pub fn line_code(line: Option<u64>) -> u32 {
        line.map_or(SEEN_NO_LINE, |l| {
            u32::try_from(l).unwrap_or(SEEN_NO_LINE - 1).max(1)
        })
    }

    /// `Some(line)` once seen (`Some(None)`: seen, line unknown).
    pub fn seen_line(&self) -> Option<Option<u64>> {
        match self.seen_at {
            NOT_SEEN => None,
            SEEN_NO_LINE => Some(None),
            line => Some(Some(u64::from(line))),
        }
    }
}

/// One person: their employee number and slot.
#[derive(Debug)]
struct Person {
    key: Key,
    slot: Slot,
}

/// Employee number -> [`Slot`], with the registry's entries apart: per person, 24 bytes in a
/// list that never moves (it grows by chunks), 5 bytes or so in a hash table of indices into
/// that list, and 19 bytes more for each person the registry holds. A map of keys to slots
/// took 25 bytes per bucket with a bucket or two per person, and twice that while it grew: at
/// a million people the table's growth was the peak of a sync's memory.
#[derive(Debug, Default)]
pub(super) struct People {
    /// Indices into `people`, by the hash of the employee number.
    table: HashTable<u32>,
    hasher: RandomState,
    people: Chunks<Person>,
    /// Employee numbers longer than [`SHORT`] bytes.
    long: Vec<Box<str>>,
    entries: Chunks<IndexEntry>,
}

impl People {
    /// The index in `people` of `employee_no`.
    fn find(&self, employee_no: &str) -> Option<usize> {
        let hash = self.hasher.hash_one(employee_no);
        let is = Is::new(employee_no, &self.people, &self.long);
        let found = self.table.find(hash, |&i| is.at(i));
        found.and_then(|&i| usize::try_from(i).ok())
    }

    /// The index in `people` of `employee_no`, added with `slot` if it is not there: `None`
    /// only once the table holds `u32::MAX` people (far more than memory would).
    fn find_or_insert(&mut self, employee_no: &str, slot: Slot) -> Option<usize> {
        let People {
            table,
            hasher,
            people,
            long,
            ..
        } = self;
        let hash = hasher.hash_one(employee_no);
        let is = Is::new(employee_no, people, long);
        let rehash = |&i: &u32| {
            people
                .get(i)
                .map_or(0, |p| hasher.hash_one(key_str(&p.key, long)))
        };
        let index = match table.entry(hash, |&i| is.at(i), rehash) {
            hashbrown::hash_table::Entry::Occupied(held) => *held.get(),
            hashbrown::hash_table::Entry::Vacant(vacant) => {
                let index = u32::try_from(people.len()).ok()?;
                let key = match short_key(employee_no) {
                    Some(key) => key,
                    None => {
                        let at = u32::try_from(long.len()).ok()?;
                        long.push(employee_no.into());
                        long_key(at)
                    }
                };
                people.push(Person { key, slot });
                vacant.insert(index);
                return usize::try_from(index).ok();
            }
        };
        usize::try_from(index).ok()
    }

    pub fn get(&self, employee_no: &str) -> Option<&Slot> {
        let index = self.find(employee_no)?;
        self.people.get(index).map(|p| &p.slot)
    }

    pub fn get_mut(&mut self, employee_no: &str) -> Option<&mut Slot> {
        let index = self.find(employee_no)?;
        self.people.get_mut(index).map(|p| &mut p.slot)
    }

    pub fn contains_key(&self, employee_no: &str) -> bool {
        self.find(employee_no).is_some()
    }

    /// The slot of `employee_no`, made with `slot` if there is none.
    pub fn get_or_insert(&mut self, employee_no: &str, slot: Slot) -> Option<&mut Slot> {
        let index = self.find_or_insert(employee_no, slot)?;
        self.people.get_mut(index).map(|p| &mut p.slot)
    }

    /// The registry holds `employee_no`, as `entry` says; not seen yet. Called once per
    /// person, before any is seen.
    pub fn register(&mut self, employee_no: &str, entry: IndexEntry) {
        let index = u32::try_from(self.entries.len()).unwrap_or(NO_ENTRY);
        if index != NO_ENTRY {
            self.entries.push(entry);
        }
        let slot = Slot {
            entry: index,
            seen_at: NOT_SEEN,
        };
        if let Some(held) = self
            .find_or_insert(employee_no, slot)
            .and_then(|index| self.people.get_mut(index))
        {
            held.slot = slot;
        }
    }

    /// The registry's entry of the person in `slot`.
    pub fn entry(&self, slot: &Slot) -> Option<&IndexEntry> {
        self.entries.get(slot.entry)
    }

    /// Every person, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Slot)> {
        self.people
            .iter()
            .map(|p| (key_str(&p.key, &self.long), &p.slot))
    }
}

/// Whether the person at an index in [`People::people`] has a given employee number.
struct Is<'a> {
    short: Option<Key>,
    employee_no: &'a str,
    people: &'a Chunks<Person>,
    long: &'a [Box<str>],
}

impl<'a> Is<'a> {
    fn new(employee_no: &'a str, people: &'a Chunks<Person>, long: &'a [Box<str>]) -> Is<'a> {
        Is {
            short: short_key(employee_no),
            employee_no,
            people,
            long,
        }
    }

    fn at(&self, index: u32) -> bool {
        let Some(person) = self.people.get(index) else {
            return false;
        };
        match &self.short {
            Some(key) => person.key == *key,
            None => {
                person.key[SHORT] == LONG && key_str(&person.key, self.long) == self.employee_no
            }
        }
    }
}

/// A list that grows by chunks of [`Chunks::CHUNK`] items, so an item never moves and growing
/// never holds two copies (a vector of a million people doubles into a new block).
#[derive(Debug)]
struct Chunks<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunks<T> {
    fn default() -> Self {
        Chunks {
            chunks: Vec::new(),
            len: 0,
        }
    }
}

impl<T> Chunks<T> {
    const SHIFT: u32 = 14;
    const CHUNK: usize = 1 << Self::SHIFT;

    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, item: T) {
        match self.chunks.last_mut() {
            Some(last) if last.len() < Self::CHUNK => last.push(item),
            _ => {
                let mut chunk = Vec::with_capacity(Self::CHUNK);
                chunk.push(item);
                self.chunks.push(chunk);
            }
        }
        self.len += 1;
    }

    fn get(&self, index: impl TryInto<usize>) -> Option<&T> {
        let index: usize = index.try_into().ok()?;
        self.chunks
            .get(index >> Self::SHIFT)?
            .get(index & (Self::CHUNK - 1))
    }

    fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        self.chunks
            .get_mut(index >> Self::SHIFT)?
            .get_mut(index & (Self::CHUNK - 1))
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(active: bool) -> IndexEntry {
        IndexEntry {
            digest: None,
            active,
            planned: false,
        }
    }

    #[test]
    fn short_and_long_numbers_are_found_by_their_text() {
        let mut people = People::default();
        let long = "1234567890123456"; // 16 bytes: held apart
        people.register("10023", entry(true));
        people.register(long, entry(false));
        people.get_or_insert("900", Slot::unregistered(7));
        assert!(people.get("10023").is_some_and(Slot::registered));
        assert_eq!(
            people.get(long).and_then(|s| people.entry(s)),
            Some(&entry(false))
        );
        assert_eq!(people.get("900").map(|s| s.registered()), Some(false));
        assert!(!people.contains_key("1002"));
        assert!(!people.contains_key("100230"));
        assert!(!people.contains_key("12345678901234567"));
        let mut all: Vec<&str> = people.iter().map(|(no, _)| no).collect();
        all.sort_unstable();
        assert_eq!(all, ["10023", long, "900"]);
    }

    #[test]
    fn a_number_of_fifteen_bytes_is_held_inline() {
        let mut people = People::default();
        people.register("123456789012345", entry(true));
        assert!(people.long.is_empty());
        assert!(people.contains_key("123456789012345"));
        assert!(!people.contains_key("12345678901234"));
    }

    #[test]
    fn many_people_across_chunks_and_table_growth_are_each_found_once() {
        let mut people = People::default();
        let n = 3 * Chunks::<Person>::CHUNK + 17;
        for i in 0..n {
            // Every seventh a long number, so long keys are rehashed as the table grows too.
            let no = if i % 7 == 0 {
                format!("long-employee-number-{i}")
            } else {
                i.to_string()
            };
            if i % 2 == 0 {
                people.register(&no, entry(i % 4 == 0));
            } else {
                let line = u32::try_from(i + 1).unwrap_or(SEEN_NO_LINE);
                people.get_or_insert(&no, Slot::unregistered(line));
            }
        }
        assert_eq!(people.iter().count(), n);
        for i in (0..n).step_by(97) {
            let no = if i % 7 == 0 {
                format!("long-employee-number-{i}")
            } else {
                i.to_string()
            };
            let slot = people.get(&no).copied();
            let Some(slot) = slot else {
                panic!("{no} not found");
            };
            assert_eq!(slot.registered(), i % 2 == 0, "{no}");
            if i % 2 == 0 {
                assert_eq!(people.entry(&slot).map(|e| e.active), Some(i % 4 == 0));
            } else {
                assert_eq!(slot.seen_line(), Some(Some(i as u64 + 1)));
            }
        }
        // Seeing someone again finds the slot held, not a second one.
        if let Some(slot) = people.get_or_insert("1", Slot::unregistered(5)) {
            assert_eq!(slot.seen_at, 2);
        }
        assert_eq!(people.iter().count(), n);
    }
}
