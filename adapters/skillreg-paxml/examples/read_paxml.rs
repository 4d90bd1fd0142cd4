//! Reads a PAXml file with a mapping file and prints what it holds: the header, the catalog,
//! the number of people, problems, warnings and the digest.
//!
//! `cargo run --release -p skillreg-paxml --example read_paxml -- FILE.pax MAPPING.toml [--allow-unmapped]`

use std::path::Path;

use skillreg_core::Snapshot;
use skillreg_paxml::{PaxmlMapping, PaxmlOptions, PaxmlReader};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, mapping, rest @ ..] = args.as_slice() else {
        return Err("usage: read FILE.pax MAPPING.toml [--allow-unmapped]".into());
    };
    let mapping = PaxmlMapping::from_file(Path::new(mapping))?;
    let options = PaxmlOptions {
        allow_unmapped: rest.iter().any(|a| a == "--allow-unmapped"),
    };
    let started = std::time::Instant::now();
    let mut reader = PaxmlReader::open(Path::new(file), &mapping, options)?;
    println!("header: {:?}", reader.header());
    let (catalog, problems) = reader.catalog();
    println!(
        "catalog: {} units, {} occupations",
        catalog.catalog.units.len(),
        catalog.catalog.occupations.len()
    );
    let mut n_people = 0usize;
    let mut n_problems = problems.len();
    for problem in &problems {
        println!("problem: {problem}");
    }
    loop {
        match reader.next_person() {
            Ok(Some(_)) => n_people += 1,
            Ok(None) => break,
            Err(list) => {
                for problem in list.iter().take(20usize.saturating_sub(n_problems)) {
                    println!("problem: {problem}");
                }
                n_problems += list.len();
            }
        }
    }
    let end = reader.finish();
    println!(
        "{n_people} people, {n_problems} problems, {} warnings, {} skipped, digest {:?}, {:.2?}",
        end.warnings.len(),
        end.skipped.len(),
        reader.digest(),
        started.elapsed()
    );
    Ok(())
}
