//! `skillreg token create | list | revoke`: the service tokens with which another system calls
//! the registry's HTTP API, each one library call (`Registry::create_service_token`,
//! `service_tokens`, `revoke_service_token`). HR only, as the library decides.

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;
use skillreg_cli::render::{self, Table};
use skillreg_store::{Actor, Revocation, ServiceToken, TokenSpec, TokenState};

use super::{Ctx, user, write_out};
use crate::args::parse_date;

/// `skillreg token ...`
#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a service token and print it, alone, on standard output: it is shown this once
    /// and the registry keeps only a hash of it.
    Create {
        /// The token's name (1 to 64 ASCII letters, digits, '-', '_' or '.'): the system that
        /// will hold it, e.g. intranet or lms-nightly. Never reused, even once revoked.
        #[arg(long)]
        name: String,
        /// Who the token acts as: hr, manager:EMPNO, sync:SOURCE or viewer:UNIT.
        #[arg(long, value_name = "ACTOR", value_parser = parse_token_actor)]
        actor: Actor,
        /// The last day the token works (YYYY-MM-DD, UTC); default: until revoked.
        #[arg(long, value_name = "DAY", value_parser = parse_date)]
        expires: Option<NaiveDate>,
    },
    /// List the service tokens (never their secrets): who each acts as, whether it works,
    /// when it was made, by whom, and when it was last used.
    List,
    /// Revoke a service token: from now on it authenticates nobody.
    Revoke {
        /// The token's name.
        name: String,
    },
}

/// An actor a token may act as (the library refuses `employee:EMPNO` with its reason).
fn parse_token_actor(s: &str) -> Result<Actor, String> {
    s.parse::<Actor>()
        .map_err(|_| format!("expected hr, manager:EMPNO, sync:SOURCE or viewer:UNIT, got {s:?}"))
}

/// A listed token with its state today, for JSON.
#[derive(Serialize)]
struct Listed<'a> {
    #[serde(flatten)]
    token: &'a ServiceToken,
    state: TokenState,
}

/// Runs `token create`, `token list` and `token revoke`.
pub(super) fn token(ctx: &Ctx, command: TokenCommand) -> anyhow::Result<String> {
    let labels = ctx.text.table();
    match command {
        TokenCommand::Create {
            name,
            actor,
            expires,
        } => {
            let mut registry = ctx.open()?;
            let spec = TokenSpec {
                name,
                actor,
                expires,
            };
            let new = registry
                .create_service_token(&spec, &user())
                .with_context(|| {
                    format!(
                        "cannot create service token {:?} for {}; nothing was written",
                        spec.name, spec.actor
                    )
                })?;
            // The token alone on standard output, so that a script can take it whole; the
            // note after it goes to standard error.
            write_out(&format!("{}\n", new.secret.expose()))?;
            let expiry = match new.token.expires {
                Some(day) => labels.token_expires.replace("{day}", &ctx.text.date(day)),
                None => labels.token_no_expiry.to_string(),
            };
            eprintln!(
                "{}",
                render::terminal_text(
                    labels
                        .token_created
                        .replace("{name}", &new.token.name)
                        .replace("{actor}", &new.token.actor.to_string())
                        .replace("{expiry}", &expiry)
                )
            );
            Ok(String::new())
        }
        TokenCommand::List => {
            let registry = ctx.open()?;
            let tokens = registry.service_tokens()?;
            let today = registry.today();
            let listed: Vec<Listed<'_>> = tokens
                .iter()
                .map(|token| Listed {
                    token,
                    state: token.state(today),
                })
                .collect();
            if ctx.format == render::Format::Table && listed.is_empty() {
                return Ok(labels.tokens_none.to_string());
            }
            let mut t = Table::new(&labels.tokens_columns);
            for l in &listed {
                let state = match l.state {
                    TokenState::Active => labels.token_states[0],
                    TokenState::Revoked => labels.token_states[1],
                    TokenState::Expired => labels.token_states[2],
                };
                t.row(vec![
                    l.token.name.clone(),
                    l.token.actor.to_string(),
                    state.to_string(),
                    l.token
                        .expires
                        .map(|d| ctx.text.date(d))
                        .unwrap_or_default(),
                    l.token.created_at.clone(),
                    l.token.created_by.clone(),
                    l.token.last_used_at.clone().unwrap_or_default(),
                    l.token.revoked_at.clone().unwrap_or_default(),
                    l.token.revoked_by.clone().unwrap_or_default(),
                ]);
            }
            render::emit_with(ctx.format, ctx.csv_style, &listed, &t)
        }
        TokenCommand::Revoke { name } => {
            let mut registry = ctx.open()?;
            let revocation = registry
                .revoke_service_token(&name, &user())
                .with_context(|| format!("cannot revoke service token {name:?}"))?;
            let said = match revocation {
                Revocation::Revoked(token) => labels
                    .token_revoked
                    .replace("{name}", &token.name)
                    .replace("{actor}", &token.actor.to_string()),
                Revocation::AlreadyRevoked(token) => labels
                    .token_already_revoked
                    .replace("{name}", &token.name)
                    .replace("{at}", token.revoked_at.as_deref().unwrap_or_default()),
            };
            Ok(render::terminal_text(said + "\n"))
        }
    }
}
