//! Appraisal talks as text: a person's talks, the talks due, HR's coverage, and one agreement
//! in words (also used by the brief).

use skillreg_store::{Agreed, Agreement, AgreementStatus, Talk, TalkCoverage, TalksDue};

use super::{Format, Table, Text, emit_with, report_cell, suppression_note};

/// One agreement in words: `TIMECARE 2 independent by 2027-03-31`, `course TC-PERS`.
pub fn agreement_words(text: Text, agreement: &Agreement) -> String {
    let what = match &agreement.agreed {
        Agreed::Level { system, level } => format!("{system} {}", text.level(Some(*level))),
        Agreed::Course { course } => course.clone(),
    };
    match agreement.due {
        Some(due) => format!("{what} ({} {})", text.table().due, text.date(due)),
        None => what,
    }
}

/// Where an agreement stands, in the text's language.
pub fn status_word(text: Text, status: AgreementStatus) -> &'static str {
    let [met, not_yet, overdue] = text.table().agreement_status;
    match status {
        AgreementStatus::Met => met,
        AgreementStatus::NotYet => not_yet,
        AgreementStatus::Overdue => overdue,
    }
}

/// A person's talks, oldest first: date, who held it, what was agreed.
///
/// ```
/// use chrono::NaiveDate;
/// use skillreg_cli::render::{Format, Text, render_talks};
/// use skillreg_store::{Agreed, Agreement, Talk};
/// let talk = Talk {
///     date: NaiveDate::from_ymd_opt(2026, 11, 18).ok_or("day")?,
///     held_by: Some("10001".into()),
///     agreements: vec![Agreement { agreed: Agreed::Course { course: "TC-PERS".into() }, due: None }],
/// };
/// let text = Text::new(Format::Csv, skillreg_html::Lang::En);
/// let out = render_talks(Format::Csv, text, &[talk])?;
/// assert_eq!(out, "date,held by,agreed\n2026-11-18,10001,TC-PERS\n");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_talks(format: Format, text: Text, talks: &[Talk]) -> anyhow::Result<String> {
    let mut t = Table::new(&text.table().talk_columns);
    for talk in talks {
        let agreed: Vec<String> = talk
            .agreements
            .iter()
            .map(|a| agreement_words(text, a))
            .collect();
        t.row(vec![
            text.date(talk.date),
            talk.held_by.clone().unwrap_or_else(|| "HR".to_string()),
            agreed.join("; "),
        ]);
    }
    emit_with(format, text.csv, talks, &t)
}

/// The people due for a talk, soonest first.
pub fn render_talks_due(format: Format, text: Text, due: &TalksDue) -> anyhow::Result<String> {
    let w = text.table();
    let mut t = Table::new(&w.talks_due_columns);
    for p in &due.people {
        t.row(vec![
            p.employee_no.clone(),
            p.name.clone(),
            p.last_talk
                .map_or_else(|| w.never.to_string(), |d| text.date(d)),
            p.due.map_or_else(|| "–".to_string(), |d| text.date(d)),
        ]);
    }
    if format != Format::Table {
        return emit_with(format, text.csv, due, &t);
    }
    let title = w
        .talks_due_title
        .replace("{day}", &text.date(due.as_of))
        .replace("{months}", &due.interval_months.to_string());
    Ok(format!("{title}\n\n{}", t.render()))
}

/// HR's coverage of the talks per unit, suppressed.
pub fn render_talk_coverage(
    format: Format,
    text: Text,
    coverage: &TalkCoverage,
) -> anyhow::Result<String> {
    let w = text.table();
    let n = coverage.suppression.min_group;
    let mut t = Table::new(&w.talk_coverage_columns);
    for u in &coverage.units {
        let unit = if u.unit.is_empty() {
            w.everyone.to_string()
        } else {
            u.unit.clone()
        };
        t.row(vec![
            unit,
            u.name.clone(),
            report_cell(&u.n_people, n, u64::to_string),
            report_cell(&u.n_with_talk, n, u64::to_string),
            report_cell(&u.share_with_talk, n, |v| text.percent(*v)),
        ]);
    }
    if format != Format::Table {
        return emit_with(format, text.csv, coverage, &t);
    }
    let title = w
        .talk_coverage_title
        .replace("{day}", &text.date(coverage.as_of))
        .replace("{months}", &coverage.interval_months.to_string());
    Ok(format!(
        "{title}\n\n{}{}",
        t.render(),
        suppression_note(text, &coverage.suppression)
    ))
}
