//! `skillreg round`: self-assessment rounds from the command line. Each subcommand is one
//! library call (`Registry::open_round` or `Registry::open_group_rounds`,
//! `Registry::round_forms`, [`skillreg_cli::rounds::import_answers_file`],
//! `Registry::round_status` or `Registry::round_statuses`) and its output.

use skillreg_store::DEFAULT_MIN_GROUP;
use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::Subcommand;
use skillreg_cli::render::{Format, Table, Text, emit_with};
use skillreg_html::Lang;
use skillreg_store::{Round, RoundFilter, RoundSpec, RoundStatus};

/// `skillreg round ...`
#[derive(Subcommand)]
pub enum RoundCommand {
    /// Open a round for one occupation (optionally within a unit), or one round for every
    /// occupation of a target group (--group, all or none): who is asked and about which
    /// systems is fixed on the opening day (--as-of, default today).
    #[command(group(clap::ArgGroup::new("who").required(true).args(["occupation", "group"])))]
    Open {
        /// Occupation code.
        #[arg(long)]
        occupation: Option<String>,
        /// A target group (the catalog's `[[groups]]`): one round per occupation (and per unit
        /// the group names).
        #[arg(long, conflicts_with_all = ["occupation", "unit"])]
        group: Option<String>,
        /// Only people employed in this unit or a unit below it.
        #[arg(long)]
        unit: Option<String>,
        /// The last day for answers (YYYY-MM-DD).
        #[arg(long, value_parser = crate::args::parse_date)]
        closes: NaiveDate,
    },
    /// List the rounds.
    List,
    /// Write the forms of a round: CSV for survey tools and/or a printable HTML page.
    Forms {
        /// The round's number.
        round: i64,
        /// Write the forms as CSV (one row per person and system) to this file.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Write the printable forms (a page per person) to this HTML file.
        #[arg(long)]
        html: Option<PathBuf>,
    },
    /// Record the answers (the forms CSV with `level` filled in) as self-assessments: all or
    /// nothing, every bad row named.
    Import {
        /// The answers file.
        answers: PathBuf,
    },
    /// The response rate per unit and who has not answered (for reminders).
    Status {
        /// The round's number (default: the latest round).
        #[arg(conflicts_with_all = ["group", "occupation"])]
        round: Option<i64>,
        /// The target group's latest rounds (those opened together with `round open --group`).
        #[arg(long)]
        group: Option<String>,
        /// The occupation's latest round (with --group: the group's round for it).
        #[arg(long)]
        occupation: Option<String>,
    },
}

/// The labels of the round tables, one typed table per language.
struct RoundLabels {
    opened: &'static str,
    people: &'static str,
    closes: &'static str,
    round_columns: [&'static str; 7],
    status_columns: [&'static str; 6],
    unanswered_columns: [&'static str; 5],
    everyone: &'static str,
    unanswered: &'static str,
    left: &'static str,
    closed: &'static str,
    open: &'static str,
    recorded: &'static str,
}

const EN: RoundLabels = RoundLabels {
    opened: "opened round",
    people: "people asked",
    closes: "answers by",
    round_columns: [
        "round",
        "occupation",
        "unit",
        "opened",
        "closes",
        "people",
        "opened by",
    ],
    status_columns: ["unit", "unit name", "asked", "answered", "complete", "rate"],
    unanswered_columns: ["employee", "name", "email", "unit", "manager"],
    everyone: "all units",
    unanswered: "not answered yet",
    left: "asked but no longer employed (not counted)",
    closed: "closed",
    open: "open",
    recorded: "recorded",
};

const SV: RoundLabels = RoundLabels {
    opened: "öppnade omgång",
    people: "tillfrågade",
    closes: "svar senast",
    round_columns: [
        "omgång",
        "yrkesgrupp",
        "enhet",
        "öppnad",
        "stänger",
        "personer",
        "öppnad av",
    ],
    status_columns: [
        "enhet",
        "enhetsnamn",
        "tillfrågade",
        "svarat",
        "fullständigt",
        "svarsfrekvens",
    ],
    unanswered_columns: ["anställd", "namn", "e-post", "enhet", "chef"],
    everyone: "alla enheter",
    unanswered: "har inte svarat än",
    left: "tillfrågade men inte längre anställda (räknas inte)",
    closed: "stängd",
    open: "öppen",
    recorded: "registrerade",
};

const NB: RoundLabels = RoundLabels {
    opened: "åpnet runde",
    people: "spurt",
    closes: "svar innen",
    round_columns: [
        "runde",
        "yrkesgruppe",
        "enhet",
        "åpnet",
        "stenger",
        "personer",
        "åpnet av",
    ],
    status_columns: [
        "enhet",
        "enhetsnavn",
        "spurt",
        "svart",
        "fullstendig",
        "svarprosent",
    ],
    unanswered_columns: ["ansatt", "navn", "e-post", "enhet", "leder"],
    everyone: "alle enheter",
    unanswered: "har ikke svart ennå",
    left: "spurt, men ikke lenger ansatt (telles ikke)",
    closed: "stengt",
    open: "åpen",
    recorded: "registrert",
};

fn labels(text: Text) -> &'static RoundLabels {
    if text.machine {
        return &EN;
    }
    match text.lang {
        Lang::En => &EN,
        Lang::Sv => &SV,
        Lang::Nb => &NB,
    }
}

/// Runs a `round` subcommand against the registry at `db`.
pub fn run(command: RoundCommand, ctx: &super::Ctx) -> anyhow::Result<String> {
    let (format, text, day) = (ctx.format, ctx.text, ctx.day);
    let l = labels(text);
    match command {
        RoundCommand::Open {
            occupation,
            group,
            unit,
            closes,
        } => {
            let mut registry = ctx.open()?;
            let opened_line = |round: &Round| {
                format!(
                    "{} {}: {} ({}{}), {} {}, {} {}\n",
                    l.opened,
                    round.id,
                    round.occupation_name,
                    round.occupation,
                    round
                        .unit
                        .as_deref()
                        .map(|u| format!(", {u}"))
                        .unwrap_or_default(),
                    round.n_people,
                    l.people,
                    l.closes,
                    text.date(round.closes)
                )
            };
            if let Some(group) = group {
                let rounds = registry.open_group_rounds(&group, day, closes, &super::user())?;
                return match format {
                    Format::Table => Ok(rounds.iter().map(opened_line).collect()),
                    _ => emit_with(format, text.csv, &rounds, &rounds_table(text, &rounds)),
                };
            }
            let spec = RoundSpec {
                occupation: occupation.context("name an occupation (--occupation) or a group")?,
                unit,
                opens: day,
                closes,
            };
            let round = registry.open_round(&spec, &super::user())?;
            match format {
                Format::Table => Ok(opened_line(&round)),
                _ => emit_with(
                    format,
                    text.csv,
                    &round,
                    &rounds_table(text, std::slice::from_ref(&round)),
                ),
            }
        }
        RoundCommand::List => {
            let registry = ctx.open()?;
            let rounds = registry.rounds()?;
            emit_with(format, text.csv, &rounds, &rounds_table(text, &rounds))
        }
        RoundCommand::Forms { round, csv, html } => {
            let registry = ctx.open()?;
            let forms = registry.round_forms(round, day)?;
            let mut out = String::new();
            if csv.is_none() && html.is_none() {
                let mut bytes = Vec::new();
                skillreg_cli::rounds::write_forms_csv_with(&forms, ctx.csv_style, &mut bytes)?;
                return String::from_utf8(bytes).context("the forms are not UTF-8");
            }
            let rows: usize = forms.forms.iter().map(|f| f.systems.len()).sum();
            for file in csv.iter().chain(&html) {
                ctx.check_output(file)?;
            }
            if let Some(file) = csv {
                skillreg_cli::rounds::write_forms_csv_file_with(&forms, ctx.csv_style, &file)?;
                let _ = writeln!(
                    out,
                    "wrote {} ({} forms, {rows} rows)",
                    file.display(),
                    forms.forms.len()
                );
            }
            if let Some(file) = html {
                let page = skillreg_html::render_round_forms(&forms, text.lang);
                skillreg_cli::write_atomically(&file, page.as_bytes())?;
                let _ = writeln!(
                    out,
                    "wrote {} ({} forms)",
                    file.display(),
                    forms.forms.len()
                );
            }
            Ok(out)
        }
        RoundCommand::Import { answers } => {
            let mut registry = ctx.open()?;
            let import = skillreg_cli::rounds::import_answers_file(
                &mut registry,
                &answers,
                day,
                &super::user(),
            )?;
            match format {
                Format::Table => Ok(format!(
                    "round {}: {} {} self-assessment(s) from {} people; {} already held, {} blank, {} after closing\n",
                    import.round,
                    l.recorded,
                    import.n_recorded,
                    import.n_people,
                    import.n_already,
                    import.n_blank,
                    import.n_late
                )),
                _ => {
                    let mut t =
                        Table::new(&["round", "recorded", "already", "blank", "people", "late"]);
                    t.row(
                        [
                            import.round,
                            import.n_recorded as i64,
                            import.n_already as i64,
                            import.n_blank as i64,
                            import.n_people as i64,
                            import.n_late as i64,
                        ]
                        .map(|n| n.to_string())
                        .to_vec(),
                    );
                    emit_with(format, text.csv, &import, &t)
                }
            }
        }
        RoundCommand::Status {
            round: None,
            group,
            occupation,
        } if group.is_some() || occupation.is_some() => {
            let registry = ctx.open()?;
            let filter = RoundFilter { group, occupation };
            let statuses = registry.round_statuses(&filter, day)?;
            match format {
                Format::Table => {
                    let mut out = String::new();
                    for (i, status) in statuses.iter().enumerate() {
                        if i > 0 {
                            out += "\n";
                        }
                        out += &render_status(format, text, status)?;
                    }
                    Ok(out)
                }
                // JSON: every status; CSV: who has not answered in any of them.
                _ => {
                    let mut unanswered = Table::new(&l.unanswered_columns);
                    for status in &statuses {
                        unanswered_rows(&mut unanswered, status);
                    }
                    emit_with(format, text.csv, &statuses, &unanswered)
                }
            }
        }
        RoundCommand::Status { round, .. } => {
            let registry = ctx.open()?;
            let id = match round {
                Some(id) => id,
                None => registry
                    .rounds()?
                    .last()
                    .map(|r| r.id)
                    .context("no round has been opened yet: `skillreg round open` opens one")?,
            };
            let status = registry.round_status(id, day)?;
            render_status(format, text, &status)
        }
    }
}

fn rounds_table(text: Text, rounds: &[Round]) -> Table {
    let l = labels(text);
    let mut t = Table::new(&l.round_columns);
    for r in rounds {
        t.row(vec![
            r.id.to_string(),
            r.occupation.clone(),
            r.unit.clone().unwrap_or_default(),
            text.date(r.opened),
            text.date(r.closes),
            r.n_people.to_string(),
            r.opened_by.clone(),
        ]);
    }
    t
}

/// Adds who has not answered in `status` to `table`.
fn unanswered_rows(table: &mut Table, status: &RoundStatus) {
    for u in &status.unanswered {
        table.row(vec![
            u.employee_no.clone(),
            u.name.clone(),
            u.email.clone().unwrap_or_default(),
            u.unit.clone(),
            u.manager.clone().unwrap_or_default(),
        ]);
    }
}

/// The status as a table (per unit, then who has not answered), JSON (everything) or CSV (who
/// has not answered, for a mail merge).
fn render_status(format: Format, text: Text, status: &RoundStatus) -> anyhow::Result<String> {
    let l = labels(text);
    let mut unanswered = Table::new(&l.unanswered_columns);
    unanswered_rows(&mut unanswered, status);
    if format != Format::Table {
        return emit_with(format, text.csv, status, &unanswered);
    }
    let r = &status.round;
    let mut out = format!(
        "{} {}: {} ({}{}), {} {} ({})\n\n",
        l.round_columns[0],
        r.id,
        r.occupation_name,
        r.occupation,
        r.unit
            .as_deref()
            .map(|u| format!(", {u}"))
            .unwrap_or_default(),
        l.closes,
        text.date(r.closes),
        if status.closed { l.closed } else { l.open },
    );
    let mut units = Table::new(&l.status_columns);
    let rate = |x: Option<f64>| x.map(|x| text.percent(x)).unwrap_or_else(|| "–".into());
    for u in status.units.iter().chain(std::iter::once(&status.total)) {
        let (unit, name) = if u.unit.is_empty() {
            (l.everyone.to_string(), String::new())
        } else {
            (u.unit.clone(), u.unit_name.clone())
        };
        let count = |n: u64| match u.withheld {
            true => format!("<{DEFAULT_MIN_GROUP}"),
            false => n.to_string(),
        };
        units.row(vec![
            unit,
            name,
            count(u.n_asked),
            count(u.n_answered),
            count(u.n_complete),
            rate(u.rate),
        ]);
    }
    out += &units.render();
    if status.n_left > 0 {
        let _ = writeln!(out, "\n{}: {}", l.left, status.n_left);
    }
    if !status.unanswered.is_empty() {
        let _ = writeln!(out, "\n{} ({}):", l.unanswered, status.unanswered.len());
        out += &unanswered.render();
    }
    Ok(out)
}
