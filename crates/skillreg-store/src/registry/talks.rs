//! Appraisal talks: recorded with what was agreed, listed, planned (who is due) and covered
//! (see [`skillreg_core::talk`] for how an agreement is followed up).

use chrono::{Datelike, Months};
use skillreg_core::talk::{Agreed, Agreement, Talk};
use skillreg_core::view::{Suppressor, TalkCoverage, TalkDue, TalksDue, UnitTalkCoverage};

use super::*;

/// Months between appraisal talks unless told otherwise: one a year.
pub const DEFAULT_TALK_INTERVAL_MONTHS: u32 = 12;

impl Registry {
    /// Records that an appraisal talk with `employee_no` took place on `date`, and what was
    /// agreed at it: levels to reach by a due day, and courses to take (each also recorded as
    /// a referral, as [`Registry::refer`] does). No free text is kept.
    ///
    /// Who may: HR, and a manager for the people they manage today (the talk is then held in
    /// their own name). Refused, with nothing written, when the talk is dated after today, an
    /// agreement names a system or course the catalog lacks, or is due before the talk.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_core::Level;
    /// use skillreg_store::{Agreed, Agreement};
    /// let mut registry = skillreg_testkit::sample_registry()
    ///     .with_today(NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("day")?);
    /// let day = |s: &str| s.parse::<NaiveDate>();
    /// let agreed = [
    ///     Agreement {
    ///         agreed: Agreed::Level { system: "TIMECARE".into(), level: Level::Basic },
    ///         due: Some(day("2027-03-31")?),
    ///     },
    ///     Agreement { agreed: Agreed::Course { course: "TC-PERS".into() }, due: None },
    /// ];
    /// registry.record_talk("10023", day("2026-11-18")?, &agreed, "karin")?;
    /// assert_eq!(registry.talks("10023")?.len(), 1);
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn record_talk(
        &mut self,
        employee_no: &str,
        date: NaiveDate,
        agreements: &[Agreement],
        recorded_by: &str,
    ) -> Result<Talk> {
        self.check_write(employee_no, Write::Talk)?;
        let person = self.person(employee_no)?;
        let catalog = self.catalog()?;
        let today = self.today();
        let mut problems = Vec::new();
        if date > today {
            problems.push(format!(
                "the talk is dated {date}, after today ({today}): record a talk once it has taken place"
            ));
        }
        if date.year() < 1900 {
            problems.push(format!("the talk is dated {date}, before 1900"));
        }
        for a in agreements {
            let what = match &a.agreed {
                Agreed::Level { system, level } => {
                    if catalog.system(system).is_none() {
                        problems.push(format!("no system {system:?} in the catalog"));
                    }
                    format!("{system}={}", level.number())
                }
                Agreed::Course { course } => {
                    if catalog.course(course).is_none() {
                        problems.push(format!("no course {course:?} in the catalog"));
                    }
                    course.clone()
                }
            };
            if let Some(due) = a.due
                && due < date
            {
                problems.push(format!("{what} is due {due}, before the talk on {date}"));
            }
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(format!(
                "the talk with {employee_no} was not recorded: {}",
                problems.join("; ")
            )));
        }
        let held_by = match self.actor() {
            Actor::Manager(me) => Some(me.clone()),
            _ => None,
        };
        let begun = self.begin_write()?;
        let written = self.write_talk(
            person,
            employee_no,
            date,
            agreements,
            held_by.as_deref(),
            recorded_by,
        );
        match written {
            Ok(()) => self.end_write(begun, true)?,
            Err(e) => {
                // The error that stopped the talk is the one to report.
                let _ = self.end_write(begun, false);
                return Err(e);
            }
        }
        Ok(Talk {
            date,
            held_by,
            agreements: agreements.to_vec(),
        })
    }

    fn write_talk(
        &mut self,
        person: i64,
        employee_no: &str,
        date: NaiveDate,
        agreements: &[Agreement],
        held_by: Option<&str>,
        recorded_by: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO talks (person_id, day, held_by, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![person, to_day(date), held_by, recorded_by, now()],
        )?;
        let talk = self.conn.last_insert_rowid();
        let mut words = Vec::new();
        for a in agreements {
            let due = a.due.map(to_day);
            match &a.agreed {
                Agreed::Level { system, level } => {
                    let system_id = sql::code_id(&self.conn, "systems", system)?
                        .ok_or_else(|| Error::UnknownSystem(system.clone()))?;
                    self.conn.execute(
                        "INSERT INTO talk_agreements (talk_id, system_id, level, due_day)
                         VALUES (?1, ?2, ?3, ?4)",
                        params![talk, system_id, level.number(), due],
                    )?;
                    words.push(format!("{system} {}", level.number()));
                }
                Agreed::Course { course } => {
                    let course_id = sql::code_id(&self.conn, "courses", course)?
                        .ok_or_else(|| Error::UnknownCourse(course.clone()))?;
                    self.conn.execute(
                        "INSERT INTO talk_agreements (talk_id, course_id, due_day)
                         VALUES (?1, ?2, ?3)",
                        params![talk, course_id, due],
                    )?;
                    self.refer_unlogged(employee_no, course, date, a.due, recorded_by)?;
                    words.push(format!("course {course}"));
                }
            }
        }
        let agreed = if words.is_empty() {
            "nothing agreed".to_string()
        } else {
            format!("agreed {}", words.join(", "))
        };
        self.log(
            "record talk",
            Some(employee_no),
            &format!("talk on {date}: {agreed}"),
        )
    }

    /// Every appraisal talk with `employee_no`, oldest first, with what was agreed. Who may, as
    /// for [`Registry::history`].
    pub fn talks(&self, employee_no: &str) -> Result<Vec<Talk>> {
        let log = self.check_read(employee_no)?;
        let talks = self.talks_of(self.person(employee_no)?)?;
        if log {
            self.log("read talks", Some(employee_no), "")?;
        }
        Ok(talks)
    }

    /// The talks of the person with row id `person`, oldest first.
    pub(crate) fn talks_of(&self, person: i64) -> Result<Vec<Talk>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, day, held_by FROM talks WHERE person_id = ?1 ORDER BY day, id",
        )?;
        let talks: Vec<(i64, NaiveDate, Option<String>)> = stmt
            .query_map([person], |r| {
                Ok((r.get(0)?, sql::day_col(r, 1)?, r.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut agreements = self.conn.prepare_cached(
            "SELECT s.code, a.level, c.code, a.due_day FROM talk_agreements a
             LEFT JOIN systems s ON s.id = a.system_id
             LEFT JOIN courses c ON c.id = a.course_id
             WHERE a.talk_id = ?1 ORDER BY a.id",
        )?;
        let mut out = Vec::with_capacity(talks.len());
        for (id, date, held_by) in talks {
            let agreed = agreements
                .query_map([id], |r| {
                    let system: Option<String> = r.get(0)?;
                    let course: Option<String> = r.get(2)?;
                    let agreed = match (system, course) {
                        (Some(system), _) => Agreed::Level {
                            system,
                            level: sql::level_col(r, 1)?,
                        },
                        (None, course) => Agreed::Course {
                            course: course.unwrap_or_default(),
                        },
                    };
                    Ok(Agreement {
                        agreed,
                        due: sql::opt_day_col(r, 3)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            out.push(Talk {
                date,
                held_by,
                agreements: agreed,
            });
        }
        Ok(out)
    }

    /// The active people of `scope` on `day` who are due for an appraisal talk: their last talk
    /// is more than `interval_months` old (or they never had one), or falls due within
    /// `within_days`; soonest first, those who never had a talk first. Who may, as for
    /// [`Registry::team`] (a manager their reports today); logged once, naming the scope.
    pub fn talks_due(
        &self,
        scope: &Scope,
        day: NaiveDate,
        interval_months: u32,
        within_days: u32,
    ) -> Result<TalksDue> {
        let log = self.check_scope(scope)?;
        let horizon = day
            .checked_add_days(Days::new(u64::from(within_days)))
            .unwrap_or(day);
        let mut people = Vec::new();
        self.read_snapshot(|| {
            for no in self.people_visible(scope, day)? {
                let id = self.person(&no)?;
                let last_talk = self
                    .talks_of(id)?
                    .into_iter()
                    .rfind(|t| t.date <= day)
                    .map(|t| t.date);
                let due =
                    last_talk.and_then(|t| t.checked_add_months(Months::new(interval_months)));
                if due.is_none_or(|d| d <= horizon) {
                    people.push(TalkDue {
                        name: self.employee_unchecked(&no)?.full_name(),
                        employee_no: no,
                        last_talk,
                        due,
                    });
                }
            }
            Ok(())
        })?;
        people.sort_by(|a, b| {
            (a.due.is_some(), a.due, &a.employee_no).cmp(&(b.due.is_some(), b.due, &b.employee_no))
        });
        if log {
            self.log_scope("read talks due", scope, day, people.len())?;
        }
        Ok(TalksDue {
            as_of: day,
            interval_months,
            within_days,
            people,
        })
    }

    /// The coverage of the appraisal talks on `day`: per unit (including the units below it)
    /// and for everyone covered, the active people and how many of them had a talk within the
    /// last `interval_months`, with the share, each person in the unit of their primary
    /// employment. Figures over fewer than `min_group` people are withheld. HR over everyone, a
    /// manager over their people, a viewer over their unit (see [`crate::reach`]).
    pub fn talk_coverage(
        &self,
        day: NaiveDate,
        interval_months: u32,
        min_group: u32,
    ) -> Result<TalkCoverage> {
        let catalog = self.catalog()?;
        let tree = skillreg_core::OrgTree::new(&catalog.units);
        let access = self.aggregate_access(
            "read the coverage of appraisal talks",
            &tree,
            None,
            None,
            min_group,
        )?;
        let since = day
            .checked_sub_months(Months::new(interval_months))
            .unwrap_or(NaiveDate::MIN);
        // (people, with a talk) for everyone and per unit.
        let mut all = (0u64, 0u64);
        let mut per_unit: BTreeMap<String, (u64, u64)> = BTreeMap::new();
        self.read_snapshot(|| {
            for no in self.people_unchecked(&Scope::All, day)? {
                let id = self.person(&no)?;
                let employee = sql::load_employee(&self.conn, id)?;
                let Some(primary) = employee
                    .primary_employment(day)
                    .filter(|e| access.covers(&tree, &no, &e.unit, e.manager.as_deref()))
                else {
                    continue;
                };
                let talked = self
                    .talks_of(id)?
                    .iter()
                    .any(|t| t.date <= day && t.date > since);
                let add = |n: &mut (u64, u64)| {
                    n.0 += 1;
                    n.1 += u64::from(talked);
                };
                add(&mut all);
                for unit in tree.self_and_ancestors(&primary.unit) {
                    if access
                        .unit
                        .as_deref()
                        .is_some_and(|u| !tree.is_within(unit, u))
                    {
                        break;
                    }
                    add(per_unit.entry(unit.to_string()).or_default());
                }
            }
            Ok(())
        })?;
        self.log_aggregate("read talk coverage", &access, day)?;
        let mut s = Suppressor::new(min_group);
        let mut row = |unit: String, name: String, (n, with): (u64, u64)| UnitTalkCoverage {
            unit,
            name,
            n_people: s.count(n),
            n_with_talk: s.count_within(with, n),
            share_with_talk: s.share(with, n, 3),
        };
        let mut units = vec![row(String::new(), String::new(), all)];
        for (unit, counts) in per_unit {
            let name = catalog
                .unit(&unit)
                .map(|u| u.name.clone())
                .unwrap_or_default();
            units.push(row(unit, name, counts));
        }
        Ok(TalkCoverage {
            as_of: day,
            interval_months,
            units,
            suppression: s.finish(),
        })
    }
}
