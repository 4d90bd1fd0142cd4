//! The people a sync knows by employee number ([`People`]), held compactly: a registry of a
//! million people keeps one entry each for the whole sync.

use std::collections::HashMap;

use super::IndexEntry;

/// An employee number of at most [`SHORT`] bytes, held inline: its bytes, zero-padded, and its
/// length in the last byte. Nearly every employee number is one.
type ShortKey = [u8; SHORT + 1];

/// The longest employee number held inline.
const SHORT: usize = 15;

fn short_key(employee_no: &str) -> Option<ShortKey> {
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

fn short_str(key: &ShortKey) -> &str {
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

/// Employee number -> [`Slot`], with the registry's entries apart: 24 bytes a person in the
/// table (plus 20 for each person the registry holds) where a map of boxed strings to optional
/// entries took 40 and an allocation.
#[derive(Debug, Default)]
pub(super) struct People {
    short: HashMap<ShortKey, Slot>,
    /// Employee numbers longer than [`SHORT`] bytes.
    long: HashMap<Box<str>, Slot>,
    entries: Vec<IndexEntry>,
}

impl People {
    pub fn get(&self, employee_no: &str) -> Option<&Slot> {
        match short_key(employee_no) {
            Some(key) => self.short.get(&key),
            None => self.long.get(employee_no),
        }
    }

    pub fn get_mut(&mut self, employee_no: &str) -> Option<&mut Slot> {
        match short_key(employee_no) {
            Some(key) => self.short.get_mut(&key),
            None => self.long.get_mut(employee_no),
        }
    }

    pub fn contains_key(&self, employee_no: &str) -> bool {
        self.get(employee_no).is_some()
    }

    /// The slot of `employee_no`, made with `slot` if there is none.
    pub fn get_or_insert(&mut self, employee_no: &str, slot: Slot) -> &mut Slot {
        match short_key(employee_no) {
            Some(key) => self.short.entry(key).or_insert(slot),
            None => self.long.entry(employee_no.into()).or_insert(slot),
        }
    }

    /// The registry holds `employee_no`, as `entry` says; not seen yet.
    pub fn register(&mut self, employee_no: &str, entry: IndexEntry) {
        let index = u32::try_from(self.entries.len()).unwrap_or(NO_ENTRY);
        if index != NO_ENTRY {
            self.entries.push(entry);
        }
        let slot = Slot {
            entry: index,
            seen_at: NOT_SEEN,
        };
        match short_key(employee_no) {
            Some(key) => self.short.insert(key, slot),
            None => self.long.insert(employee_no.into(), slot),
        };
    }

    /// The registry's entry of the person in `slot`.
    pub fn entry(&self, slot: &Slot) -> Option<&IndexEntry> {
        self.entries.get(usize::try_from(slot.entry).ok()?)
    }

    /// Every person, in no order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Slot)> {
        self.short
            .iter()
            .map(|(k, s)| (short_str(k), s))
            .chain(self.long.iter().map(|(k, s)| (&**k, s)))
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
        let mut all: Vec<&str> = people.iter().map(|(no, _)| no).collect();
        all.sort_unstable();
        assert_eq!(all, ["10023", long, "900"]);
    }

    #[test]
    fn a_number_of_fifteen_bytes_is_held_inline() {
        let mut people = People::default();
        people.register("123456789012345", entry(true));
        assert_eq!(people.short.len(), 1);
        assert!(people.contains_key("123456789012345"));
        assert!(!people.contains_key("12345678901234"));
    }
}
