//! `[sources]`: syncs posted to the API (`POST /api/v1/sources/{kind}/runs`): the largest body
//! taken, how long a sync waits for the run lock, and the mappings PAXml and CSV exports are
//! read through (`[sources.paxml] mapping = "paxml-mapping.toml"`, `[sources.csv] mapping =
//! "csv-mapping.toml"`), read and checked when the service starts.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;
use skillreg_csv::CsvMapping;
use skillreg_paxml::PaxmlMapping;

/// The largest body a posted sync may have by default: 1 GiB.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 1 << 30;

/// `[sources]`: syncs over HTTP.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SourcesConfig {
    /// A posted export larger than this many bytes is refused with `413` (default 1 GiB).
    #[serde(default = "default_max_body")]
    pub max_body_bytes: u64,
    /// How long a posted sync waits for another sync's run lock, in seconds (default 30, as
    /// the command line's `--lock-timeout`).
    #[serde(default = "default_lock_timeout")]
    pub lock_timeout_secs: u64,
    /// `[sources.paxml]`: the mapping PAXml exports are read through; unset, PAXml is not
    /// taken.
    pub paxml: Option<PaxmlSource>,
    /// `[sources.csv]`: the mapping CSV exports are read through; unset, CSV is not taken.
    pub csv: Option<CsvSource>,
}

/// `[sources.paxml]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PaxmlSource {
    /// The mapping file (as `skillreg sync paxml --mapping`); relative to the config's folder.
    pub mapping: PathBuf,
    /// Skip people whose codes are unmapped instead of refusing the file.
    #[serde(default)]
    pub allow_unmapped: bool,
    /// The mapping, read at start.
    #[serde(skip)]
    pub(crate) loaded: Option<Arc<PaxmlMapping>>,
}

/// `[sources.csv]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CsvSource {
    /// The mapping file (as `skillreg sync csv --mapping`); relative to the config's folder.
    pub mapping: PathBuf,
    /// The mapping, read at start.
    #[serde(skip)]
    pub(crate) loaded: Option<Arc<CsvMapping>>,
}

fn default_max_body() -> u64 {
    DEFAULT_MAX_BODY_BYTES
}
fn default_lock_timeout() -> u64 {
    30
}

impl Default for SourcesConfig {
    fn default() -> SourcesConfig {
        SourcesConfig {
            max_body_bytes: default_max_body(),
            lock_timeout_secs: default_lock_timeout(),
            paxml: None,
            csv: None,
        }
    }
}

impl SourcesConfig {
    /// How long a posted sync waits for the run lock.
    pub fn lock_timeout(&self) -> Duration {
        Duration::from_secs(self.lock_timeout_secs)
    }

    /// The PAXml mapping and whether unmapped people are skipped, if PAXml is configured.
    pub(crate) fn paxml_mapping(&self) -> Option<(Arc<PaxmlMapping>, bool)> {
        let source = self.paxml.as_ref()?;
        Some((Arc::clone(source.loaded.as_ref()?), source.allow_unmapped))
    }

    /// The CSV mapping, if CSV is configured.
    pub(crate) fn csv_mapping(&self) -> Option<Arc<CsvMapping>> {
        self.csv.as_ref()?.loaded.clone()
    }

    /// Resolves the mapping paths against `dir` (the config file's folder) and reads them;
    /// `Err` is the problem in the config's words (the caller adds file and line).
    pub(crate) fn load_mappings(
        &mut self,
        dir: Option<&Path>,
    ) -> Result<(), (&'static str, String)> {
        let resolve = |p: &Path| match dir {
            Some(dir) if p.is_relative() => dir.join(p),
            _ => p.to_path_buf(),
        };
        if let Some(paxml) = &mut self.paxml {
            paxml.mapping = resolve(&paxml.mapping);
            let mapping = PaxmlMapping::from_file(&paxml.mapping)
                .map_err(|e| ("mapping", format!("[sources.paxml] mapping: {}", chain(&e))))?;
            paxml.loaded = Some(Arc::new(mapping));
        }
        if let Some(csv) = &mut self.csv {
            csv.mapping = resolve(&csv.mapping);
            let mapping = CsvMapping::from_file(&csv.mapping)
                .map_err(|e| ("mapping", format!("[sources.csv] mapping: {}", chain(&e))))?;
            csv.loaded = Some(Arc::new(mapping));
        }
        Ok(())
    }
}

/// An error with its causes, `: `-separated.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
