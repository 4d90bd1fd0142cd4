//! The nightly job's progress bar: on a terminal only, never in a log.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use skillreg_cli::nightly::{Progress, StepSummary};

/// A spinner per step on stderr when stderr is a terminal; nothing otherwise.
pub struct Bar {
    bar: Option<ProgressBar>,
    label: String,
}

impl Bar {
    pub fn new() -> Bar {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {prefix} {msg} [{elapsed}]")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        });
        Bar {
            bar,
            label: String::new(),
        }
    }
}

impl Progress for Bar {
    fn step_started(&mut self, index: usize, total: usize, name: &str) {
        self.label = format!("[{}/{total}] {name}", index + 1);
        if let Some(bar) = &self.bar {
            bar.set_prefix(self.label.clone());
            bar.set_message("starting");
        }
    }

    fn people_read(&mut self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{n} people read"));
        }
    }

    fn step_finished(&mut self, summary: &StepSummary) {
        if let Some(bar) = &self.bar {
            bar.println(format!(
                "{} {} in {} ms",
                self.label,
                summary.outcome.label(),
                summary.duration_ms
            ));
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
