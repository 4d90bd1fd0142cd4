//! Running a profile: each step read, synced and summarised.

use super::*;

/// Runs `profile` against the registry at `db` (created if missing): takes the run lock (waiting
/// up to `options.lock_timeout` for another run to finish), then runs each step in its own transaction, stopping at the first that does not go through.
///
/// Only HR (`actor`, the local administrator who schedules the job) may run it. Each step then
/// acts as narrowly as it can: a source's step as that source's sync job (`sync:wlx` ...), so
/// that a file claiming to come from another source is refused; the return file as `sync:wlx`;
/// the retention step as HR. The audit trail names the profile and the step.
///
/// ```no_run
/// use skillreg_cli::nightly::{NoProgress, Profile, RunOptions, run_profile};
///
/// let profile = Profile::from_file("/etc/skillreg/nightly.toml".as_ref())?;
/// let options = RunOptions {
///     dry_run: false,
///     max_terminations: None,
///     as_of: chrono::Local::now().date_naive(),
///     lock_timeout: std::time::Duration::from_secs(30),
/// };
/// let actor = skillreg_store::Actor::Hr;
/// let summary = run_profile("skillreg.db".as_ref(), &actor, &profile, &options, &mut NoProgress)?;
/// println!("{}", serde_json::to_string_pretty(&summary)?);
/// std::process::exit(summary.exit_code().into());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_profile(
    db: &Path,
    actor: &Actor,
    profile: &Profile,
    options: &RunOptions,
    progress: &mut dyn Progress,
) -> Result<Summary, NightlyError> {
    if !actor.is_hr() {
        return Err(NightlyError::Registry(
            skillreg_store::Error::AccessDenied {
                actor: actor.clone(),
                action: "run the nightly job".to_string(),
                subject: String::new(),
                who_may: "HR".to_string(),
            },
        ));
    }
    // A return file written over the registry or its companions would destroy it.
    for step in &profile.steps {
        if let Step::ExportWlx(export) = step {
            jobs::check_output(&profile.path(&export.file), db).map_err(|e| {
                NightlyError::Profile {
                    file: profile
                        .name
                        .clone()
                        .unwrap_or_else(|| "nightly".to_string()),
                    message: format!("the export-wlx step's file: {e}"),
                }
            })?;
        }
    }
    let _lock = RunLock::acquire_within(db, options.lock_timeout)?;
    let mut registry = Registry::open(db, Actor::Hr)?;
    let profile_name = profile
        .name
        .clone()
        .unwrap_or_else(|| "nightly".to_string());
    let started = Instant::now();
    let started_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let total = profile.steps.len();
    tracing::info!(
        profile = %profile_name,
        steps = total,
        dry_run = options.dry_run,
        "sync run started"
    );
    let mut steps = Vec::with_capacity(total);
    let mut stopped: Option<Outcome> = None;
    for (index, step) in profile.steps.iter().enumerate() {
        let summary = if let Some(outcome) = stopped {
            tracing::info!(
                profile = %profile_name,
                step = index + 1,
                name = %step.name(),
                kind = step.kind(),
                outcome = Outcome::Skipped.label(),
                "step skipped"
            );
            StepSummary {
                error: Some(format!(
                    "skipped: an earlier step ended {}",
                    outcome_text(outcome)
                )),
                ..empty_summary(step, Outcome::Skipped)
            }
        } else {
            tracing::info!(
                profile = %profile_name,
                step = index + 1,
                of = total,
                name = %step.name(),
                kind = step.kind(),
                "step started"
            );
            progress.step_started(index, total, &step.name());
            registry = registry.with_actor(step_actor(step));
            registry.set_via(&format!(
                "sync run {profile_name}, step {} ({})",
                index + 1,
                step.name()
            ));
            let summary = run_step(&mut registry, profile, step, options, progress);
            log_step_finished(&profile_name, index, &summary);
            progress.step_finished(&summary);
            if !summary.outcome.went_through() {
                stopped = Some(summary.outcome);
            }
            summary
        };
        steps.push(summary);
    }
    let summary = Summary {
        profile: profile.name.clone().unwrap_or_default(),
        started_at,
        duration_ms: millis(started),
        dry_run: options.dry_run,
        outcome: stopped.unwrap_or(if options.dry_run {
            Outcome::DryRun
        } else {
            Outcome::Applied
        }),
        steps,
    };
    tracing::info!(
        profile = %profile_name,
        outcome = summary.outcome.label(),
        duration_ms = summary.duration_ms,
        "sync run finished"
    );
    Ok(summary)
}

/// Logs how a step ended, with its counts; a step that did not go through with its error.
pub(super) fn log_step_finished(profile: &str, index: usize, s: &StepSummary) {
    let c = &s.counts;
    tracing::info!(
        profile,
        step = index + 1,
        name = %s.name,
        kind = %s.kind,
        outcome = s.outcome.label(),
        seen = c.seen,
        created = c.created,
        updated = c.updated,
        reactivated = c.reactivated,
        terminated = c.terminated,
        unchanged = c.unchanged,
        skipped = c.skipped,
        evidence = c.evidence,
        catalog = c.catalog,
        exported = c.exported,
        erased = c.erased,
        warnings = s.n_warnings,
        problems = s.problems.len(),
        would_terminate = s.would_terminate.len(),
        duration_ms = s.duration_ms,
        error = s.error.as_deref(),
        "step finished"
    );
}

/// Who a step acts as: a source's sync job for its source and for the return file, HR for
/// retention.
pub(super) fn step_actor(step: &Step) -> Actor {
    let source = match step {
        Step::Erase(_) => return Actor::Hr,
        Step::ExportWlx(_) => jobs::WLX,
        Step::Paxml(_) => skillreg_paxml::SOURCE,
        Step::Csv(_) => skillreg_csv::SOURCE,
        Step::Wlx(_) => skillreg_wlx::SOURCE,
        Step::Scim(_) => skillreg_scim::SOURCE,
        Step::Xapi(_) => skillreg_xapi::SOURCE,
    };
    Actor::Sync {
        source: source.to_string(),
    }
}

pub(super) fn outcome_text(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Refused => "refused",
        Outcome::GuardTripped => "with the termination guard tripped",
        Outcome::Failed => "failed",
        _ => "early",
    }
}

pub(super) fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

pub(super) fn role_name(step: &Step) -> &'static str {
    match step {
        Step::ExportWlx(_) => "export",
        Step::Erase(_) => "retention",
        s if s.owns_people() => SourceRole::People.name(),
        _ => SourceRole::Evidence.name(),
    }
}

pub(super) fn empty_summary(step: &Step, outcome: Outcome) -> StepSummary {
    StepSummary {
        name: step.name(),
        kind: step.kind().to_string(),
        role: role_name(step).to_string(),
        outcome,
        duration_ms: 0,
        counts: StepCounts::default(),
        n_warnings: 0,
        warnings: Vec::new(),
        error: None,
        problems: Vec::new(),
        would_terminate: Vec::new(),
    }
}

pub(super) fn run_step(
    registry: &mut Registry,
    profile: &Profile,
    step: &Step,
    options: &RunOptions,
    progress: &mut dyn Progress,
) -> StepSummary {
    let started = Instant::now();
    let mut summary = empty_summary(step, Outcome::Applied);
    if let Step::Erase(erase) = step {
        let cutoff = options.as_of - chrono::Days::new(u64::from(erase.keep_days));
        match registry.erase_terminated_before(cutoff, options.dry_run) {
            Ok(erasure) => {
                summary.counts.erased = erasure.n_people;
                if options.dry_run {
                    summary.outcome = Outcome::DryRun;
                }
            }
            Err(e) => {
                summary.outcome = Outcome::Failed;
                summary.error = Some(jobs::chain(&e));
            }
        }
        summary.duration_ms = millis(started);
        return summary;
    }
    if let Step::ExportWlx(export) = step {
        let file = profile.path(&export.file);
        let result = if options.dry_run {
            registry
                .pending_export(jobs::WLX)
                .map(|p| p.records.len())
                .map_err(JobError::from)
        } else {
            jobs::export_wlx_file_if_any(registry, &file).map(|n| n.unwrap_or(0))
        };
        match result {
            Ok(n) => {
                summary.counts.exported = n;
                summary.outcome = match (options.dry_run, n) {
                    (true, _) => Outcome::DryRun,
                    (false, 0) => Outcome::NothingToExport,
                    (false, _) => Outcome::Applied,
                };
            }
            Err(e) => {
                summary.outcome = Outcome::Failed;
                summary.error = Some(jobs::chain(&e));
            }
        }
        summary.duration_ms = millis(started);
        return summary;
    }
    let result = source_of(profile, step).and_then(|source| {
        let limit = match (options.max_terminations, step.max_terminations()) {
            (Some(limit), _) => limit,
            (None, Some(limit)) => limit.parse().unwrap_or_default(),
            (None, None) => TerminationLimit::default(),
        };
        let config = SyncConfig {
            role: if step.owns_people() {
                SourceRole::People
            } else {
                SourceRole::Evidence
            },
            dry_run: options.dry_run,
            max_terminations: limit,
            ..SyncConfig::default()
        };
        sync_source(registry, &source, &config, options.as_of, &mut |n| {
            progress.people_read(n)
        })
    });
    match result {
        Ok(report) => {
            fill_counts(&mut summary, &report);
            summary.outcome = if options.dry_run {
                Outcome::DryRun
            } else {
                Outcome::Applied
            };
        }
        Err(err) => {
            summary.error = Some(jobs::chain(&err));
            summary.outcome = match &err {
                JobError::Registry(skillreg_store::Error::Refused {
                    problems, n_more, ..
                }) => {
                    summary.problems = problems.iter().map(ToString::to_string).collect();
                    if *n_more > 0 {
                        summary.problems.push(format!("... and {n_more} more"));
                    }
                    Outcome::Refused
                }
                JobError::Registry(skillreg_store::Error::GuardTripped { report, .. }) => {
                    fill_counts(&mut summary, report);
                    summary.would_terminate =
                        report.terminated().into_iter().map(String::from).collect();
                    Outcome::GuardTripped
                }
                e if e.is_input_refusal() => Outcome::Refused,
                _ => Outcome::Failed,
            };
        }
    }
    summary.duration_ms = millis(started);
    summary
}

pub(super) fn fill_counts(summary: &mut StepSummary, report: &SyncReport) {
    summary.counts = StepCounts {
        seen: report.n_seen,
        created: report.n_created,
        updated: report.n_updated,
        reactivated: report.n_reactivated,
        terminated: report.n_terminated,
        unchanged: report.n_unchanged,
        skipped: report.n_skipped,
        evidence: report.n_evidence,
        catalog: report.catalog.len(),
        exported: 0,
        erased: 0,
    };
    summary.n_warnings = report.n_warnings;
    summary.warnings = report.warnings.iter().map(ToString::to_string).collect();
}

/// Builds the step's source: mapping files read, secrets taken from the environment.
pub(super) fn source_of(profile: &Profile, step: &Step) -> Result<Source, JobError> {
    Ok(match step {
        Step::Paxml(s) => Source::Paxml {
            file: profile.path(&s.file),
            mapping: skillreg_paxml::PaxmlMapping::from_file(profile.path(&s.mapping))?,
            allow_unmapped: s.allow_unmapped,
        },
        Step::Csv(s) => Source::Csv {
            file: profile.path(&s.file),
            mapping: skillreg_csv::CsvMapping::from_file(profile.path(&s.mapping))?,
        },
        Step::Wlx(s) => Source::Wlx {
            file: profile.path(&s.file),
        },
        Step::Scim(s) => Source::Scim {
            config: scim_config(&s.url, s.token_env.as_deref())?,
            mapping: match &s.mapping {
                Some(m) => skillreg_scim::ScimMapping::from_file(profile.path(m))?,
                None => skillreg_scim::ScimMapping::default(),
            },
        },
        Step::Xapi(s) => Source::Xapi {
            config: xapi_config(&s.url, s.user_env.as_deref(), s.password_env.as_deref())?,
            mapping: skillreg_xapi::XapiMapping::from_file(profile.path(&s.mapping))?,
            since: None,
        },
        Step::ExportWlx(_) | Step::Erase(_) => {
            return Err(JobError::Usage(format!(
                "a {} step is not a source",
                step.kind()
            )));
        }
    })
}

/// A SCIM connection: the bearer token, if any, from the environment variable `token_env`.
pub fn scim_config(
    url: &str,
    token_env: Option<&str>,
) -> Result<skillreg_scim::ScimConfig, JobError> {
    let auth = match token_env {
        Some(var) => Auth::Bearer(Secret::from_env(var)?),
        None => Auth::None,
    };
    Ok(skillreg_scim::ScimConfig {
        base_url: url.to_string(),
        auth,
        http: HttpConfig::default(),
        ..skillreg_scim::ScimConfig::default()
    })
}

/// An xAPI connection: Basic auth from the environment variables `user_env` and `password_env`
/// (both or neither).
pub fn xapi_config(
    url: &str,
    user_env: Option<&str>,
    password_env: Option<&str>,
) -> Result<skillreg_xapi::XapiConfig, JobError> {
    let auth = match (user_env, password_env) {
        (Some(user), Some(password)) => {
            let user = Secret::from_env(user)?;
            Auth::Basic {
                user: user.expose().to_string(),
                password: Secret::from_env(password)?,
            }
        }
        (None, None) => Auth::None,
        _ => {
            return Err(JobError::Usage(
                "give both the user and the password variable, or neither".to_string(),
            ));
        }
    };
    Ok(skillreg_xapi::XapiConfig::new(url, auth))
}
