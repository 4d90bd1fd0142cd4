//! Logging for operators: what a sync did, step by step, as events on standard error.
//!
//! The filter comes from the environment variable [`SKILLREG_LOG`], in `tracing`'s `EnvFilter`
//! syntax: `info` for every sync step, refused run and HTTP retry; `skillreg_http=debug` for
//! each request of the network adapters as well; `warn` (the default) for warnings only, so that
//! standard error holds what it always held: the `error: ...` line of a failed command.
//!
//! On a terminal each event is a line for people. Anywhere else (a pipe, a file, systemd's
//! journal) each event is one JSON object on one line, so that journald keeps one entry per
//! event and `jq` can pick the fields:
//!
//! ```text
//! {"timestamp":"2026-11-20T02:00:01.5Z","level":"INFO","message":"sync finished","source":"wlx","input":"/srv/winlas/export.xml","seen":8,"created":0,...,"target":"skillreg_cli::sources"}
//! ```
//!
//! The events carry counts, file names, URLs without credentials or query, and outcomes; never
//! a person's data.

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// The environment variable that holds the filter.
pub const SKILLREG_LOG: &str = "SKILLREG_LOG";

/// The filter when [`SKILLREG_LOG`] is unset or empty: warnings and errors only.
pub const DEFAULT_FILTER: &str = "warn";

/// Sets up logging for this process from [`SKILLREG_LOG`], writing to standard error: lines
/// for people when standard error is a terminal, JSON lines otherwise. Call it once, first
/// thing in `main`; a second call changes nothing. A filter that cannot be read is reported
/// (as a warning) and the default used instead.
pub fn init() {
    let spec = std::env::var_os(SKILLREG_LOG);
    let spec = spec
        .as_ref()
        .map(|s| s.to_str().ok_or("it is not valid UTF-8"));
    let (filter, problem) = filter(spec);
    let subscriber = subscriber(filter, std::io::stderr().is_terminal(), std::io::stderr);
    if tracing::subscriber::set_global_default(subscriber).is_ok()
        && let Some(problem) = problem
    {
        tracing::warn!(
            variable = SKILLREG_LOG,
            "{SKILLREG_LOG} is not a log filter ({problem}); logging warnings only"
        );
    }
}

/// The filter for a value of [`SKILLREG_LOG`] (`None`: unset; `Err`: unreadable), and what is
/// wrong with the value if it cannot be used (then the filter is [`DEFAULT_FILTER`]).
///
/// ```
/// use skillreg_cli::logging::filter;
///
/// assert!(filter(Some(Ok("info,skillreg_http=debug"))).1.is_none());
/// assert!(filter(None).1.is_none());
/// assert!(filter(Some(Ok("skillreg_http=loud"))).1.is_some());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn filter(spec: Option<Result<&str, &str>>) -> (EnvFilter, Option<String>) {
    let default = || EnvFilter::new(DEFAULT_FILTER);
    match spec {
        None => (default(), None),
        Some(Ok(s)) if s.trim().is_empty() => (default(), None),
        Some(Ok(s)) => match EnvFilter::builder().parse(s.trim()) {
            Ok(filter) => (filter, None),
            Err(e) => (default(), Some(e.to_string())),
        },
        Some(Err(reason)) => (default(), Some(reason.to_string())),
    }
}

/// A subscriber that writes the events `filter` lets through to `writer`: as lines for people
/// (`human`, with colours), else as one JSON object per line with the event's fields at the top
/// level next to `timestamp`, `level`, `message` and `target`.
pub fn subscriber<W>(
    filter: EnvFilter,
    human: bool,
    writer: W,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    if human {
        Box::new(builder.with_ansi(true).finish())
    } else {
        Box::new(
            builder
                .with_ansi(false)
                .json()
                .flatten_event(true)
                .with_current_span(false)
                .with_span_list(false)
                .finish(),
        )
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A writer that keeps what is written, for looking at afterwards.
    #[derive(Clone, Default)]
    struct Kept(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Kept {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'w> MakeWriter<'w> for Kept {
        type Writer = Kept;

        fn make_writer(&'w self) -> Kept {
            self.clone()
        }
    }

    impl Kept {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    fn emit_samples() {
        tracing::info!(target: "skillreg_cli::sources", source = "wlx", created = 8_u64, "sync finished");
        tracing::debug!(target: "skillreg_http", url = "http://127.0.0.1/v2/Users", "GET");
        tracing::warn!(target: "skillreg_cli::nightly", "something odd");
    }

    fn logged(spec: Option<&str>, human: bool) -> String {
        let kept = Kept::default();
        let (filter, problem) = filter(spec.map(Ok));
        assert_eq!(problem, None, "{spec:?}");
        let subscriber = subscriber(filter, human, kept.clone());
        tracing::subscriber::with_default(subscriber, emit_samples);
        kept.text()
    }

    #[test]
    fn json_lines_off_a_terminal_with_the_fields_at_the_top() {
        let text = logged(Some("info"), false);
        let events: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect();
        assert_eq!(events.len(), 2, "{text}");
        let e = &events[0];
        assert_eq!(e["level"], "INFO");
        assert_eq!(e["message"], "sync finished");
        assert_eq!(e["source"], "wlx");
        assert_eq!(e["created"], 8);
        assert_eq!(e["target"], "skillreg_cli::sources");
        assert!(
            e["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')),
            "{e}"
        );
        assert_eq!(events[1]["level"], "WARN");
    }

    #[test]
    fn filters_follow_the_variable() {
        let cases: [(Option<&str>, &[&str]); 5] = [
            (None, &["something odd"]),
            (Some(""), &["something odd"]),
            (Some("info"), &["sync finished", "something odd"]),
            (Some("warn,skillreg_http=debug"), &["GET", "something odd"]),
            (Some("off"), &[]),
        ];
        for (spec, want) in cases {
            let text = logged(spec, false);
            let messages: Vec<String> = text
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["message"].as_str().unwrap().to_string()
                })
                .collect();
            assert_eq!(messages, want, "{spec:?}");
        }
    }

    #[test]
    fn human_lines_on_a_terminal() {
        let text = logged(Some("info"), true);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].contains("sync finished"), "{text}");
        assert!(
            lines[0].contains("created") && lines[0].contains('8'),
            "{text}"
        );
        assert!(serde_json::from_str::<serde_json::Value>(lines[0]).is_err());
    }

    #[test]
    fn an_unreadable_filter_falls_back_to_warnings() {
        for bad in [
            Ok("skillreg_http=loud"),
            Ok("[{"),
            Err("it is not valid UTF-8"),
        ] {
            let (filter, problem) = filter(Some(bad));
            assert!(problem.is_some(), "{bad:?}");
            assert_eq!(filter.to_string(), DEFAULT_FILTER, "{bad:?}");
        }
    }
}
