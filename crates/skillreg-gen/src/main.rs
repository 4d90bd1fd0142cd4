//! `skillreg-gen`: writes a synthetic organisation. Thin: parse, call the library, report.

use std::fs::File;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, ValueEnum};
use skillreg_gen::{GenConfig, GenStats, write_paxml, write_paxml_mapping, write_wlx};

#[derive(Parser)]
#[command(
    name = "skillreg-gen",
    version,
    about = "Writes a deterministic synthetic organisation: a nightly WLX export or a PAXml register.",
    after_help = "Statistics go to standard error. The same arguments always give the same bytes."
)]
struct Cli {
    /// People in the organisation on night 0.
    #[arg(long)]
    people: usize,
    /// Picks the organisation.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// 0 = the first export (2026-11-20); N = the N-th next night.
    #[arg(long, default_value_t = 0)]
    night: u32,
    /// People who leave each night, per mille of --people.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=1000))]
    leavers_per_mille: u32,
    /// People who join each night, per mille of --people.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=1000))]
    joiners_per_mille: u32,
    /// People who change each night, per mille of --people.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(0..=1000))]
    changed_per_mille: u32,
    /// What to write.
    #[arg(long, value_enum)]
    format: Format,
    /// The file to write; standard output if absent.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// The WLX 1.2 export (UTF-8).
    Wlx,
    /// A PAXml 2.0 REGISTER file (ISO-8859-1).
    Paxml,
    /// The TOML mapping of the PAXml file's codes to the WLX catalog.
    PaxmlMapping,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = GenConfig {
        people: cli.people,
        seed: cli.seed,
        night: cli.night,
        leavers_per_mille: cli.leavers_per_mille,
        joiners_per_mille: cli.joiners_per_mille,
        changed_per_mille: cli.changed_per_mille,
    };
    let started = Instant::now();
    match run(&cli, &config) {
        Ok(report) => {
            eprintln!("{report} in {:.2} s", started.elapsed().as_secs_f64());
            ExitCode::SUCCESS
        }
        Err(e) => {
            let target = cli
                .out
                .as_ref()
                .map_or_else(|| "standard output".to_owned(), |p| p.display().to_string());
            eprintln!("skillreg-gen: could not write {target}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli, config: &GenConfig) -> io::Result<String> {
    match &cli.out {
        Some(path) => write(cli.format, config, File::create(path)?),
        None => write(cli.format, config, io::stdout().lock()),
    }
}

fn write(format: Format, config: &GenConfig, out: impl io::Write) -> io::Result<String> {
    Ok(match format {
        Format::Wlx => describe("WLX", config, &write_wlx(config, out)?),
        Format::Paxml => describe("PAXml", config, &write_paxml(config, out)?),
        Format::PaxmlMapping => format!(
            "wrote the PAXml mapping, {} bytes,",
            write_paxml_mapping(config, out)?
        ),
    })
}

fn describe(format: &str, config: &GenConfig, s: &GenStats) -> String {
    format!(
        "wrote {format} for night {} ({}): {} people, {} employments, {} competence records, \
         {} course results, {} bytes; since the night before: {} left, {} joined, {} changed;",
        config.night,
        config.exported_at(),
        s.n_people,
        s.n_employments,
        s.n_competences,
        s.n_course_results,
        s.n_bytes,
        s.n_left,
        s.n_joined,
        s.n_changed,
    )
}
