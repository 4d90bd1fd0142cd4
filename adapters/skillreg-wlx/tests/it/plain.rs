//! Text elements written plainly (`<GivenName>Anna</GivenName>`) are read in one pass; the same
//! elements written otherwise go through the parser's events. Both must read alike: the same
//! people, catalog, problems and locations.

use skillreg_testkit::mutate::read_plain_and_not;

use crate::{Read, fixture, read};

fn read_both(name: &str) -> (Read, Read) {
    let read = |bytes: &[u8]| read(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    read_plain_and_not(&fixture(name), 8, read, |r: &mut Read| r.digest.take())
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
