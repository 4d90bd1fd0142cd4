//! The mapping file.

use skillreg_paxml::{ManagerRule, PaxmlError, PaxmlMapping};

use crate::{fixture_path, sample_mapping};

#[test]
fn the_sample_mapping_reads() {
    let mapping = sample_mapping();
    assert_eq!(mapping.units.get("5120"), Some("SOC-SÄBO"));
    assert_eq!(mapping.occupations.get("SKS04"), Some("SKSK"));
    assert_eq!(mapping.occupations.len(), 4);
    assert_eq!(
        mapping.manager,
        Some(ManagerRule {
            persontext: "CHEF".into()
        })
    );
}

#[test]
fn an_unknown_key_is_an_error_naming_it() {
    let err = PaxmlMapping::from_file(fixture_path("bad-mapping-unknown-key.toml")).unwrap_err();
    assert!(matches!(err, PaxmlError::Mapping(_)));
    let path = fixture_path("bad-mapping-unknown-key.toml");
    assert_eq!(
        err.to_string(),
        format!(
            "{}: line 8, column 1: unknown field `persontxt`, expected `persontext`; the \
             mapping file has the tables [units], [occupations], an optional [manager] with \
             persontext = \"...\" and an optional [gender] with from = \"persnr\"",
            path.display()
        )
    );
}

#[test]
fn mapping_errors() {
    let cases = [
        (
            "[units]\n[occupations]\n[people]\n",
            "m.toml: line 3, column 2: unknown field `people`, expected one of `units`, \
             `occupations`, `manager`, `gender`; the mapping file has the tables [units], \
             [occupations], an optional [manager] with persontext = \"...\" and an optional \
             [gender] with from = \"persnr\"",
        ),
        (
            "[units]\n",
            "m.toml: line 1, column 1: missing field `occupations`; the mapping file has the \
             tables [units], [occupations], an optional [manager] with persontext = \"...\" \
             and an optional [gender] with from = \"persnr\"",
        ),
        (
            "[units]\n\"5110\" = \"\"\n[occupations]\n",
            "m.toml: <units>: the code maps to an empty registry code: give the registry's \
             code (value \"5110\")",
        ),
        (
            "[units]\n[occupations]\n[manager]\npersontext = \" \"\n",
            "m.toml: <manager>: persontext is empty: give the id of the persontexter/text that \
             holds the manager's employee number, or leave [manager] out",
        ),
    ];
    for (text, expected) in cases {
        let err = PaxmlMapping::parse(text, "m.toml").unwrap_err();
        assert_eq!(err.to_string(), expected, "{text}");
    }
    let empty = PaxmlMapping::parse("[units]\n[occupations]\n", "m.toml").unwrap();
    assert_eq!(empty, PaxmlMapping::default());
}
