//! `sync wlx|paxml|csv|scim|xapi`, `sync run` (the nightly profile) and `export wlx`.

use super::*;
use skillreg_core::sync::TerminationLimit;

pub(super) fn run_profile(
    ctx: &Ctx,
    profile: PathBuf,
    dry_run: bool,
    max_terminations: Option<TerminationLimit>,
) -> anyhow::Result<u8> {
    let (format, day) = (ctx.format, ctx.day);
    let profile = nightly::Profile::from_file(&profile)?;
    // A typo in SKILLREG_DB must not import everyone into a new, empty registry.
    ctx.require_registry()?;
    let options = RunOptions {
        dry_run,
        max_terminations,
        as_of: day,
        lock_timeout: Duration::from_secs(ctx.lock_timeout),
    };
    let mut bar = progress::Bar::new();
    let summary = nightly::run_profile(&ctx.db, &ctx.actor, &profile, &options, &mut bar)?;
    drop(bar);
    let out = render_summary(format, &summary)?;
    write_out(&out)?;
    Ok(summary.exit_code())
}

pub(super) fn sync(ctx: &Ctx, command: SyncCommand) -> anyhow::Result<String> {
    let (format, day) = (ctx.format, ctx.day);
    Ok({
        let (source, config) = match command {
            SyncCommand::Wlx { file, common } => (Source::Wlx { file }, common.config()),
            SyncCommand::Paxml {
                file,
                mapping,
                allow_unmapped,
                common,
            } => (
                Source::Paxml {
                    file,
                    mapping: skillreg_paxml::PaxmlMapping::from_file(&mapping)?,
                    allow_unmapped,
                },
                common.config(),
            ),
            SyncCommand::Csv {
                file,
                mapping,
                common,
            } => (
                Source::Csv {
                    file,
                    mapping: skillreg_csv::CsvMapping::from_file(&mapping)?,
                },
                common.config(),
            ),
            SyncCommand::Scim {
                base_url,
                token_env,
                mapping,
                common,
            } => (
                Source::Scim {
                    config: nightly::scim_config(&base_url, token_env.as_deref())?,
                    mapping: match mapping {
                        Some(m) => skillreg_scim::ScimMapping::from_file(&m)?,
                        None => skillreg_scim::ScimMapping::default(),
                    },
                },
                common.config(),
            ),
            SyncCommand::Xapi {
                base_url,
                mapping,
                user_env,
                password_env,
                since,
                common,
            } => (
                Source::Xapi {
                    config: nightly::xapi_config(
                        &base_url,
                        user_env.as_deref(),
                        password_env.as_deref(),
                    )?,
                    mapping: skillreg_xapi::XapiMapping::from_file(&mapping)?,
                    since,
                },
                // Completions are evidence only, whatever the flags say.
                SyncConfig {
                    role: SourceRole::Evidence,
                    ..common.config()
                },
            ),
            SyncCommand::Run { .. } => bail!("sync run is handled above"),
        };
        let mut registry = ctx.open()?;
        let _lock = RunLock::acquire_within(&ctx.db, Duration::from_secs(ctx.lock_timeout))?;
        let report = sources::sync_source(&mut registry, &source, &config, day, &mut |_| {})?;
        render_sync(format, &report)?
    })
}

pub(super) fn export_wlx(ctx: &Ctx, file: PathBuf) -> anyhow::Result<String> {
    Ok({
        ctx.check_output(&file)?;
        let mut registry = ctx.open()?;
        let _lock = RunLock::acquire_within(&ctx.db, Duration::from_secs(ctx.lock_timeout))?;
        let n = skillreg_cli::export_wlx_file(&mut registry, &file)?;
        format!("wrote {n} record(s) to {}\n", file.display())
    })
}
