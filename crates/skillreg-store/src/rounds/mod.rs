//! Self-assessment rounds: how a municipality maps its staff, one occupational group at a time.
//!
//! A round is opened for one occupation, optionally within one unit and the units below it
//! ([`Registry::open_round`]). Who is asked, the unit each person is counted in and the systems
//! on each person's form are fixed when the round opens, so that the forms
//! ([`Registry::round_forms`]), the import of the answers ([`Registry::import_round_answers`])
//! and the response rate ([`Registry::round_status`]) all speak of the same people and systems.
//!
//! Written-down choices where the rules are silent (docs/src/guides/hr.md#self-assessment-rounds):
//! - **Who is asked.** Everyone with an employment in the occupation active on the opening day
//!   (within the unit, if one is given). The unit a person is counted in is that employment's
//!   unit (the primary one, if they hold several).
//! - **The form.** Every system that matters to the person on the opening day: their role's
//!   requirements (rule 1) and any system they hold evidence in, with each level's local
//!   description.
//! - **Answers** are self-assessments (rule 3) dated on the day the person answered (the
//!   answers file's `answered` column) or else the day of the import. A blank level is no
//!   answer. Importing the same answers again records nothing new. An answer for someone not
//!   asked in the round, or for a system not on their form, refuses the whole file.
//! - **Answered** means the registry holds a self-assessment, dated on or after the opening day,
//!   of at least one system on the person's form: however it arrived (the round's import, the
//!   CLI, or a competence system's export). People who are no longer active are not counted in
//!   the response rate; the status says how many left.
//! - **Online**, a person answers their own form ([`Registry::answer_round`]) with the same
//!   checks, all or nothing; see the `own` module for who may and when.
//! - The status names people (who has not answered, for reminders) and shows no levels; it is
//!   an administrative list, not a competence report, so it is not subject to small-group
//!   suppression.

mod answers;
mod open;
mod own;
mod read;
mod status;

pub use own::{AskedRound, FormAnswer, SelfAssessed};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use skillreg_core::{Level, Location};

/// What a new round asks: one occupation, optionally in one unit, from one day to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundSpec {
    /// Occupation code.
    pub occupation: String,
    /// Unit id: only people employed in this unit or below it.
    pub unit: Option<String>,
    /// The opening day: who is asked and about what is decided as of this day.
    pub opens: NaiveDate,
    /// The last day for answers (for reminders; later answers are still recorded).
    pub closes: NaiveDate,
}

/// Which rounds to follow when no round number is given ([`crate::Registry::round_statuses`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundFilter {
    /// The latest rounds opened together for this target group.
    pub group: Option<String>,
    /// Only rounds for this occupation (with `group`: that group's round for it; alone: the
    /// occupation's latest round).
    pub occupation: Option<String>,
}

/// One answer read from an answers file (see the CLI's `round import`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundAnswer {
    /// Where in the file it is (file, line, record).
    pub location: Location,
    /// The round the answer belongs to.
    pub round: i64,
    /// Employee number.
    pub employee_no: String,
    /// System code.
    pub system: String,
    /// The level chosen; `None` when left blank.
    pub level: Option<Level>,
    /// The day the person answered, if the file says.
    pub answered: Option<NaiveDate>,
}

/// What [`crate::Registry::import_round_answers`] did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundImport {
    /// The round.
    pub round: i64,
    /// Self-assessments recorded.
    pub n_recorded: u64,
    /// Answers the registry already held (an import run again).
    pub n_already: u64,
    /// Answers left blank.
    pub n_blank: u64,
    /// People with at least one answer in the file.
    pub n_people: u64,
    /// Answers dated after the round closed (recorded all the same).
    pub n_late: u64,
}
