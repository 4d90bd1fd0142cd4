//! Temporary: dumps everything a reader yields (for comparing two builds).
use skillreg_core::Snapshot;
use skillreg_wlx::WlxReader;
use std::io::Write;

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let cap: usize = std::env::var("DUMP_CAP")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let fail: Option<usize> = std::env::var("DUMP_FAIL").ok().and_then(|s| s.parse().ok());
    let opened = if let Some(n) = fail {
        let bytes = std::fs::read(&path).unwrap();
        let n = n.min(bytes.len());
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let r = Failing { ok: &bytes[..n] };
        WlxReader::with_file_name(
            std::io::BufReader::with_capacity(cap.max(1), r),
            path.clone(),
        )
        .map(|r| Box::new(r) as Box<dyn Snapshot>)
    } else if cap == 0 {
        WlxReader::open(&path).map(|r| Box::new(r) as Box<dyn Snapshot>)
    } else {
        let f = std::fs::File::open(&path).unwrap();
        WlxReader::with_file_name(std::io::BufReader::with_capacity(cap, f), path.clone())
            .map(|r| Box::new(r) as Box<dyn Snapshot>)
    };
    let mut reader = match opened {
        Ok(r) => r,
        Err(e) => {
            writeln!(out, "ERR {e}\n{:?}", e.problems()).unwrap();
            return;
        }
    };
    writeln!(out, "{:?}", reader.header()).unwrap();
    let (catalog, problems) = reader.catalog();
    writeln!(out, "{catalog:#?}").unwrap();
    for p in problems {
        writeln!(out, "P {p} {p:?}").unwrap();
    }
    loop {
        match reader.next_person() {
            Ok(Some(p)) => writeln!(out, "{p:?}").unwrap(),
            Ok(None) => break,
            Err(more) => {
                for p in more {
                    writeln!(out, "P {p} {p:?}").unwrap();
                }
            }
        }
    }
    writeln!(out, "{:?}", reader.next_person()).unwrap();
    writeln!(out, "digest {:?}", reader.digest()).unwrap();
}

struct Failing {
    ok: &'static [u8],
}

impl std::io::Read for Failing {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.ok.is_empty() {
            return Err(std::io::Error::other("disk on fire"));
        }
        let n = out.len().min(self.ok.len());
        out[..n].copy_from_slice(&self.ok[..n]);
        self.ok = &self.ok[n..];
        Ok(n)
    }
}
