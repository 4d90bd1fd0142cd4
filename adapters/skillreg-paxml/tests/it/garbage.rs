//! No input makes the reader panic or loop: cut-off and damaged files end in errors or problems.

use skillreg_paxml::{PaxmlOptions, PaxmlReader};

use crate::{drive, fixture, sample_mapping};

#[test]
fn truncated_and_damaged_inputs_never_panic() {
    let mapping = sample_mapping();
    let mut inputs: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"\xEF\xBB\xBF".to_vec(),
        b"\xFF\xFE<\x00?\x00".to_vec(),
        b"not xml at all".to_vec(),
        b"<paxml>".to_vec(),
        b"<paxml/>".to_vec(),
        b"<paxml><header><version>2.0</version><datum>2026-11-20T01:30:00</datum></header>"
            .to_vec(),
        b"<?xml version=\"1.0\" encoding=\"EBCDIC\"?><paxml/>".to_vec(),
        b"<paxml><header><version>2.0</version><datum>2026-11-20</datum></header><personal>\
          <person anstid=\"1\" delete=\"maybe\"><fornamn>&bogus;</fornamn><sysgrad>1e9</sysgrad>\
          <resenheter><resenhet dim=\"x\"/><resenhet/></resenheter></person></personal></paxml>"
            .to_vec(),
    ];
    for name in [
        "sample-personal.pax",
        "sample-personal-ns22.pax",
        "bad-unmapped.pax",
    ] {
        let bytes = fixture(name);
        // Every cut, at steps coprime with the line length.
        inputs.extend((0..bytes.len()).step_by(37).map(|n| bytes[..n].to_vec()));
        // Bytes flipped into markup characters here and there.
        for (i, b) in [
            (40, b'<'),
            (300, b'>'),
            (700, b'&'),
            (1200, b'"'),
            (2000, 0xC3),
        ] {
            let mut damaged = bytes.clone();
            if let Some(slot) = damaged.get_mut(i) {
                *slot = b;
            }
            inputs.push(damaged);
        }
    }
    let mut n_opened = 0;
    for bytes in inputs {
        let len = bytes.len();
        match PaxmlReader::from_bytes(bytes, "garbage.pax", &mapping, PaxmlOptions::default()) {
            Ok(reader) => {
                n_opened += 1;
                let read = drive(reader);
                assert!(
                    read.people.len() <= 8,
                    "{len} bytes gave {} people",
                    read.people.len()
                );
            }
            Err(err) => assert!(!err.to_string().is_empty()),
        }
    }
    assert!(n_opened > 50, "only {n_opened} inputs opened");
}
