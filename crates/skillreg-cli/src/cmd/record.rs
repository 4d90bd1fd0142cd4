//! `assess`, `course complete` and `refer`: what a manager or HR records by hand.

use super::*;

pub(super) fn assess(ctx: &Ctx, a: AssessArgs) -> anyhow::Result<String> {
    let day = ctx.day;
    Ok({
        let mut registry = ctx.open()?;
        let by = match a.manager {
            Some(m) => Assessment::Manager(m),
            None => Assessment::SelfAssessment,
        };
        let date = a.date.unwrap_or(day);
        let new =
            registry.record_assessment(&a.employee, &a.system, a.level, &by, date, &user())?;
        let what = if new { "recorded" } else { "already recorded" };
        format!(
            "{what}: {} {} level {} ({}) on {date}\n",
            a.employee,
            a.system,
            a.level,
            match by {
                Assessment::SelfAssessment => "self-assessment".to_string(),
                Assessment::Manager(m) => format!("manager assessment by {m}"),
            }
        )
    })
}

pub(super) fn complete_course(
    ctx: &Ctx,
    employee: String,
    course: String,
    date: Option<NaiveDate>,
) -> anyhow::Result<String> {
    let day = ctx.day;
    Ok({
        let mut registry = ctx.open()?;
        let date = date.unwrap_or(day);
        let new = registry.complete_course(&employee, &course, date, &user())?;
        format!(
            "{}: {employee} completed {course} on {date}\n",
            if new { "recorded" } else { "already recorded" }
        )
    })
}

pub(super) fn refer(
    ctx: &Ctx,
    employee: String,
    course: String,
    due: Option<NaiveDate>,
    cancel: bool,
) -> anyhow::Result<String> {
    let day = ctx.day;
    Ok({
        let mut registry = ctx.open()?;
        if cancel {
            registry.cancel_referral(&employee, &course, day)?;
            format!("cancelled: referral of {employee} to {course}\n")
        } else {
            let outcome = registry.refer(&employee, &course, day, due, &user())?;
            let due = due.map(|d| format!(", due {d}")).unwrap_or_default();
            let what = match outcome {
                skillreg_store::Referred::Created => "referred",
                skillreg_store::Referred::DueChanged => "already referred, due date changed",
                skillreg_store::Referred::AlreadyOpen => "already referred",
            };
            format!("{what}: {employee} to {course}{due}\n")
        }
    })
}
