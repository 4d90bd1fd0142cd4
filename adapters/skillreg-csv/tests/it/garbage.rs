//! No input makes the reader panic: random bytes, and a good header followed by random bytes.

use crate::{fixture, inline_mapping, mapping, read};

/// A small deterministic generator (xorshift64*), so that a failure can be reproduced.
struct Bytes(u64);

impl Bytes {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// `n` bytes, drawn mostly from those that mean something in CSV.
    fn take(&mut self, n: usize) -> Vec<u8> {
        const MEANINGFUL: &[u8] = b";,\t\"\r\n 0123456789-./%xX\xef\xbb\xbf\xff\xfe\xe9";
        (0..n)
            .map(|_| {
                let r = self.next();
                if r.is_multiple_of(3) {
                    (r >> 8) as u8
                } else {
                    MEANINGFUL[((r >> 8) as usize) % MEANINGFUL.len()]
                }
            })
            .collect()
    }
}

#[test]
fn random_bytes_never_panic() {
    let mappings = [
        mapping("sample-hr-mapping.toml"),
        mapping("sample-hr-no-mapping.toml"),
        inline_mapping(
            r#"
            [columns]
            employee_no = "0"
            given_name = "1"
            family_name = "2"
            unit = "3"
            occupation = "4"
            start = "5"
            "#,
        ),
    ];
    let mut bytes = Bytes(0x9E37_79B9_7F4A_7C15);
    for i in 0..300 {
        let len = (bytes.next() % 400) as usize;
        let garbage = bytes.take(len);
        for m in &mappings {
            // Either it is refused or it is read; both end.
            let _ = read(&format!("garbage-{i}.csv"), garbage.clone(), m);
        }
    }
}

#[test]
fn good_header_then_random_rows_never_panic() {
    let sample = fixture("sample-hr.csv");
    let header_end = sample.iter().position(|b| *b == b'\n').map_or(0, |i| i + 1);
    let m = mapping("sample-hr-mapping.toml");
    let mut bytes = Bytes(0x2545_F491_4F6C_DD1D);
    for i in 0..200 {
        let mut input = sample[..header_end].to_vec();
        let len = (bytes.next() % 2000) as usize;
        input.extend(bytes.take(len));
        let result = read(&format!("garbage-{i}.csv"), input, &m);
        let read = result.unwrap_or_else(|e| panic!("the header was good: {e}"));
        // Whatever was read is well-formed: each person has exactly one primary employment.
        for p in &read.people {
            assert_eq!(p.employments.iter().filter(|e| e.primary).count(), 1);
        }
    }
}
