//! Text elements written plainly (`<GivenName>Anna</GivenName>`) are read in one pass; the same
//! elements written otherwise go through the parser's events. Both must read alike: the same
//! people, catalog, problems and locations.

use skillreg_testkit::mutate::not_plain;

use crate::{Read, fixture, read};

fn read_both(name: &str) -> (Read, Read) {
    let bytes = fixture(name);
    let (changed, count) = not_plain(&bytes);
    assert!(count >= 8, "{name}: only {count} text elements found");
    let read = |bytes: &[u8]| read(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut plain = read(&bytes);
    let mut general = read(&changed);
    // The files differ, so do their digests.
    assert_ne!(plain.digest, general.digest);
    plain.digest = None;
    general.digest = None;
    (plain, general)
}

#[test]
fn plain_text_elements_read_as_the_parser_reads_them() {
    for name in ["sample-export.xml", "sample-export-latin1.xml"] {
        let (plain, general) = read_both(name);
        assert_eq!(plain.people.len(), 8, "{name}");
        assert_eq!(plain, general, "{name}");
    }
}

#[test]
fn problems_in_plain_text_elements_are_located_as_the_parser_locates_them() {
    let (plain, general) = read_both("bad-references.xml");
    assert_eq!(plain, general);
    let (plain, general) = read_both("access-chain.xml");
    assert_eq!(plain, general);
}
