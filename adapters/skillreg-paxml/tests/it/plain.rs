//! Text elements written plainly (`<fornamn>Anna</fornamn>`) are read in one pass; the same
//! elements written otherwise go through the parser's events. Both must read alike: the same
//! people, catalog, problems and locations.

use crate::{Read, fixture, read_with, sample_mapping};
use skillreg_paxml::PaxmlOptions;
use skillreg_testkit::mutate::read_plain_and_not;

fn read_both(name: &str) -> (Read, Read) {
    let read = |bytes: &[u8]| {
        read_with(name, bytes, &sample_mapping(), PaxmlOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    read_plain_and_not(&fixture(name), 11, read, |r: &mut Read| r.digest.take())
}

#[test]
fn plain_text_elements_read_as_the_parser_reads_them() {
    let (plain, general) = read_both("sample-personal-utf8.pax");
    assert_eq!(plain.people.len(), 8);
    assert_eq!(plain, general);
    let (plain, general) = read_both("sample-personal.pax");
    assert_eq!(plain, general);
    assert_eq!(plain.person("10025").family_name, "Öhman & Berg");
}

#[test]
fn problems_in_plain_text_elements_are_located_as_the_parser_locates_them() {
    let (plain, general) = read_both("bad-date.pax");
    assert!(!plain.problems.is_empty());
    assert_eq!(plain.problems, general.problems);
    assert!(
        plain
            .problems
            .iter()
            .any(|p| p.contains("line ") && p.contains("column ")),
        "{:?}",
        plain.problems
    );
}
