//! `skillreg`: the command line. Thin: parse (`args`), make the context every command shares and
//! dispatch (`cmd`), print, and map errors to exit codes (here, in one place).

mod args;
mod cmd;
mod progress;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::Parser as _;
use skillreg_cli::render::{self, Format};

use crate::args::Cli;

/// Exit code when the termination guard trips.
const EXIT_GUARD: u8 = 3;

fn main() -> ExitCode {
    skillreg_cli::logging::init();
    let cli = Cli::parse();
    let ctx = cmd::Ctx::new(&cli);
    match cmd::run(&ctx, cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            if let Some(skillreg_store::Error::GuardTripped { report, .. }) = find_store_error(&err)
            {
                if let Ok(plan) = render::render_guard_tripped(Format::Table, report) {
                    print!("{plan}");
                }
                eprintln!("error: {err:#}");
                eprintln!("would terminate: {}", report.terminated().join(", "));
                skillreg_cli::hints::print_hint(&err);
                return ExitCode::from(EXIT_GUARD);
            }
            eprintln!("error: {err:#}");
            if let Some(skillreg_store::Error::Refused {
                problems, n_more, ..
            }) = find_store_error(&err)
            {
                for p in problems {
                    eprintln!("  {p}");
                }
                if *n_more > 0 {
                    eprintln!("  ... and {n_more} more");
                }
            }
            skillreg_cli::hints::print_hint(&err);
            ExitCode::from(1)
        }
    }
}

fn find_store_error(err: &anyhow::Error) -> Option<&skillreg_store::Error> {
    err.chain().find_map(|e| {
        e.downcast_ref::<skillreg_store::Error>().or_else(|| {
            match e.downcast_ref::<skillreg_cli::JobError>() {
                Some(skillreg_cli::JobError::Registry(inner)) => Some(inner),
                _ => None,
            }
        })
    })
}
