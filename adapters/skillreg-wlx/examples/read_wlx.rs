//! Reads a WLX export and prints what it holds: `cargo run --release -p skillreg-wlx --example read_wlx -- FILE`.

use skillreg_core::Snapshot;
use skillreg_wlx::WlxReader;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: read FILE")?;
    let start = std::time::Instant::now();
    let mut reader = WlxReader::open(&path)?;
    let (catalog, mut problems) = reader.catalog();
    let (mut people, mut records) = (0u64, 0u64);
    loop {
        match reader.next_person() {
            Ok(Some(p)) => {
                people += 1;
                records += (p.employments.len() + p.evidence.len()) as u64;
            }
            Ok(None) => break,
            Err(more) => problems.extend(more),
        }
    }
    println!(
        "{path}: {} units, {} systems, {people} people, {records} employment and evidence records, {} problem(s), digest {}, read in {:.2?}",
        catalog.catalog.units.len(),
        catalog.catalog.systems.len(),
        problems.len(),
        reader.digest().unwrap_or_default(),
        start.elapsed()
    );
    for p in problems.iter().take(20) {
        println!("  {p}");
    }
    Ok(())
}
