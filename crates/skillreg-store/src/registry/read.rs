//! Reads: a person, their profile, history and brief; people, gaps and standings in a scope.

use super::*;

impl Registry {
    /// One employee with every employment (who may: as for [`Registry::profile`], on today's
    /// employments).
    pub fn employee(&self, employee_no: &str) -> Result<Employee> {
        let log = self.check_read(employee_no)?;
        let employee = self.employee_unchecked(employee_no)?;
        if log {
            self.log("read employee", Some(employee_no), "")?;
        }
        Ok(employee)
    }

    /// One employee with every employment, unchecked and unlogged (for the registry's own
    /// modules, after their own check).
    pub(crate) fn employee_unchecked(&self, employee_no: &str) -> Result<Employee> {
        Ok(sql::load_employee(&self.conn, self.person(employee_no)?)?)
    }

    /// One employee's standing in every relevant system on `day`. HR, the employee, and their
    /// managers on `day` may read it; read by someone else, it is logged.
    pub fn profile(&self, employee_no: &str, day: NaiveDate) -> Result<Profile> {
        let log = self.check_read(employee_no)?;
        let mut profile = self.read_snapshot(|| self.profile_unchecked(employee_no, day))?;
        profile.gender = self.gender_shown(employee_no)?;
        if log {
            self.log("read profile", Some(employee_no), &format!("as of {day}"))?;
        }
        Ok(profile)
    }

    pub(super) fn profile_unchecked(&self, employee_no: &str, day: NaiveDate) -> Result<Profile> {
        let book = self.rules()?;
        let rules = &book.1;
        let id = self.person(employee_no)?;
        let (employee, evidence, referrals) = self.person_data(id)?;
        Ok(Profile {
            active: employee.is_active(day),
            systems: rules.standings(&employee, &evidence, &referrals, day),
            employee,
            as_of: day,
            gender: None,
        })
    }

    /// The gender of `employee_no` if the actor is HR or the person themself (already allowed
    /// to read them); `None` for everyone else, and when not stated.
    fn gender_shown(&self, employee_no: &str) -> Result<Option<skillreg_core::Gender>> {
        let own =
            matches!(self.actor(), Actor::Employee(me) | Actor::Manager(me) if me == employee_no);
        if !(self.actor().is_hr() || own) {
            return Ok(None);
        }
        Ok(sql::load_gender(&self.conn, self.person(employee_no)?)?)
    }

    pub(super) fn person_data(
        &self,
        id: i64,
    ) -> Result<(Employee, Vec<Evidence>, Vec<skillreg_core::Referral>)> {
        Ok((
            sql::load_employee(&self.conn, id)?,
            sql::load_evidence(&self.conn, id)?,
            sql::load_referrals(&self.conn, id)?,
        ))
    }

    /// Every piece of evidence of one employee, oldest recorded first, with who brought it (who
    /// may: as for [`Registry::profile`], on today's employments).
    pub fn history(&self, employee_no: &str) -> Result<Vec<HistoryEntry>> {
        let log = self.check_read(employee_no)?;
        let id = self.person(employee_no)?;
        let history = self.history_of(id)?;
        if log {
            self.log(
                "read history",
                Some(employee_no),
                &format!("{} record(s)", history.len()),
            )?;
        }
        Ok(history)
    }

    pub(super) fn history_of(&self, id: i64) -> Result<Vec<HistoryEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.code, e.level, e.day, e.kind, e.assessor, c.code, c.valid_months,
                    e.id, e.source, e.run_id, e.entered_by
             FROM evidence e
             JOIN systems s ON s.id = e.system_id
             LEFT JOIN courses c ON c.id = e.course_id
             WHERE e.person_id = ?1 ORDER BY e.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(HistoryEntry {
                evidence: sql::evidence_row(r)?,
                id: r.get(7)?,
                source: r.get(8)?,
                run_id: r.get(9)?,
                entered_by: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The people in `scope` who are active on `day`, sorted by employee number. The actor
    /// must be allowed the whole scope (see [`Registry::gaps`]).
    pub fn people(&self, scope: &Scope, day: NaiveDate) -> Result<Vec<String>> {
        self.check_scope(scope)?;
        self.people_visible(scope, day)
    }

    /// The people of `scope` on `day` whom the actor may see: everyone in it, except that a
    /// read of another day than today by someone other than HR keeps only the people the actor
    /// may see today (see [`Registry::may_see_today`]). After [`Registry::check_scope`].
    pub(crate) fn people_visible(&self, scope: &Scope, day: NaiveDate) -> Result<Vec<String>> {
        let mut people = self.people_unchecked(scope, day)?;
        if !self.actor().is_hr() && day != self.today() {
            let mut kept = Vec::with_capacity(people.len());
            for no in people {
                if self.may_see_today(&no)? {
                    kept.push(no);
                }
            }
            people = kept;
        }
        Ok(people)
    }

    /// [`Registry::people`] without the check, for the registry's own modules.
    pub(crate) fn people_unchecked(&self, scope: &Scope, day: NaiveDate) -> Result<Vec<String>> {
        let d = to_day(day);
        let active = "e.start_day <= ?1 AND (e.end_day IS NULL OR e.end_day >= ?1)";
        let query = |sql: String, arg: &dyn rusqlite::ToSql| -> Result<BTreeSet<String>> {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params![d, arg], |r| r.get(0))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        let people: BTreeSet<String> = match scope {
            Scope::Employee(no) => {
                self.person(no)?;
                query(
                    format!(
                        "SELECT p.employee_no FROM persons p JOIN employments e ON e.person_id = p.id WHERE {active} AND p.employee_no = ?2"
                    ),
                    no,
                )?
            }
            Scope::Manager { manager, indirect } => {
                self.person(manager)?;
                let direct = format!(
                    "SELECT DISTINCT p.employee_no FROM employments e JOIN persons p ON p.id = e.person_id WHERE {active} AND e.manager_no = ?2"
                );
                let mut all = BTreeSet::new();
                let mut queue = vec![manager.clone()];
                let mut visited = BTreeSet::from([manager.clone()]);
                while let Some(m) = queue.pop() {
                    for report in query(direct.clone(), &m)? {
                        if *indirect && visited.insert(report.clone()) {
                            queue.push(report.clone());
                        }
                        if report != *manager {
                            all.insert(report);
                        }
                    }
                }
                all
            }
            Scope::Unit(unit) => {
                let catalog = self.catalog()?;
                if catalog.unit(unit).is_none() {
                    return Err(Error::UnknownUnit(unit.clone()));
                }
                let units = skillreg_core::OrgTree::new(&catalog.units).subtree(unit);
                let mut all = BTreeSet::new();
                for u in units {
                    all.extend(query(format!("SELECT p.employee_no FROM employments e JOIN persons p ON p.id = e.person_id JOIN org_units u ON u.id = e.unit_id WHERE {active} AND u.code = ?2"), &u)?);
                }
                all
            }
            Scope::Occupation(occupation) => {
                if sql::code_id(&self.conn, "occupations", occupation)?.is_none() {
                    return Err(Error::UnknownOccupation(occupation.clone()));
                }
                query(
                    format!(
                        "SELECT p.employee_no FROM employments e JOIN persons p ON p.id = e.person_id JOIN occupations o ON o.id = e.occupation_id WHERE {active} AND o.code = ?2"
                    ),
                    occupation,
                )?
            }
            Scope::All => query(
                format!(
                    "SELECT DISTINCT p.employee_no FROM employments e JOIN persons p ON p.id = e.person_id WHERE {active} AND ?2 IS NOT NULL"
                ),
                &1,
            )?,
        };
        Ok(people.into_iter().collect())
    }

    /// Every gap (rule 5) of the active people in `scope` on `day`, by employee then system.
    ///
    /// Who may: HR any scope; a manager their own record, a report's, and the reports of
    /// themself or of one of their reports (on `day`); an employee their own record. Anything
    /// else is [`Error::AccessDenied`]. A query beyond the actor's own record is logged, once,
    /// naming the scope and how many people it covered.
    pub fn gaps(&self, scope: &Scope, day: NaiveDate) -> Result<Vec<GapRow>> {
        let mut rows = Vec::new();
        self.gaps_logged(scope, day, |row| rows.push(row))?;
        rows.sort_by(|a, b| a.employee_no.cmp(&b.employee_no));
        Ok(rows)
    }

    /// Calls `f` with every gap of the active people in `scope` on `day`, without holding them
    /// all: for reports over a whole region. The order is that of
    /// [`Registry::for_each_standing`]; who may, as for [`Registry::gaps`].
    pub fn for_each_gap(&self, scope: &Scope, day: NaiveDate, f: impl FnMut(GapRow)) -> Result<()> {
        self.gaps_logged(scope, day, f)
    }

    pub(super) fn gaps_logged(
        &self,
        scope: &Scope,
        day: NaiveDate,
        mut f: impl FnMut(GapRow),
    ) -> Result<()> {
        self.standings_logged(scope, day, "read gaps", |employee, standings| {
            for s in standings {
                if s.gap > 0 {
                    f(GapRow {
                        employee_no: employee.employee_no.clone(),
                        name: employee.full_name(),
                        system: s.system,
                        target: s.target,
                        current: s.current,
                        current_source: s.current_source.name().to_string(),
                        gap: s.gap,
                        recommended_courses: s.recommended_courses,
                    });
                }
            }
        })
    }

    /// Calls `f` with each active person in `scope` on `day` and their standings. A small scope
    /// is read person by person, in employee-number order; everyone (or a large scope) in one
    /// pass over the tables, in registry order, in memory that does not grow with the registry.
    /// Who may, as for [`Registry::gaps`].
    pub fn for_each_standing(
        &self,
        scope: &Scope,
        day: NaiveDate,
        f: impl FnMut(&Employee, Vec<Standing>),
    ) -> Result<()> {
        self.standings_logged(scope, day, "read standings", f)
    }

    /// Checks `scope`, calls `f` for each person, and logs one row for the query.
    pub(super) fn standings_logged(
        &self,
        scope: &Scope,
        day: NaiveDate,
        action: &str,
        mut f: impl FnMut(&Employee, Vec<Standing>),
    ) -> Result<()> {
        let log = self.check_scope(scope)?;
        let mut n_people = 0usize;
        self.read_snapshot(|| {
            // Only when some of the scope may be hidden: a manager reading another day.
            let visible: Option<std::collections::HashSet<String>> =
                if self.actor().is_hr() || day == self.today() {
                    None
                } else {
                    Some(self.people_visible(scope, day)?.into_iter().collect())
                };
            self.for_each_standing_unchecked(scope, day, |employee, standings| {
                if visible
                    .as_ref()
                    .is_none_or(|v| v.contains(&employee.employee_no))
                {
                    n_people += 1;
                    f(employee, standings);
                }
            })
        })?;
        if log {
            self.log_scope(action, scope, day, n_people)?;
        }
        Ok(())
    }

    /// One audit row for a query over `scope`.
    pub(crate) fn log_scope(
        &self,
        action: &str,
        scope: &Scope,
        day: NaiveDate,
        n_people: usize,
    ) -> Result<()> {
        let employee_no = match scope {
            Scope::Employee(no) => Some(no.as_str()),
            _ => None,
        };
        self.log(
            action,
            employee_no,
            &format!("{} as of {day}: {n_people} people", scope_text(scope)),
        )
    }

    /// [`Registry::for_each_standing`] without the check or the log, for the registry's own
    /// modules.
    pub(crate) fn for_each_standing_unchecked(
        &self,
        scope: &Scope,
        day: NaiveDate,
        f: impl FnMut(&Employee, Vec<Standing>),
    ) -> Result<()> {
        let people = match scope {
            Scope::All => None,
            _ => Some(self.people_unchecked(scope, day)?),
        };
        self.for_each_standing_of(people, day, f)
    }

    /// [`Registry::for_each_standing_unchecked`] over `people` by employee number (each of
    /// them, active or not on `day`), or everyone active on `day` when `None`.
    pub(crate) fn for_each_standing_of(
        &self,
        people: Option<Vec<String>>,
        day: NaiveDate,
        mut f: impl FnMut(&Employee, Vec<Standing>),
    ) -> Result<()> {
        let book = self.rules()?;
        let rules = &book.1;
        match people {
            Some(people) if people.len() <= 1000 => {
                for no in people {
                    let (employee, evidence, referrals) = self.person_data(self.person(&no)?)?;
                    let standings = rules.standings(&employee, &evidence, &referrals, day);
                    f(&employee, standings);
                }
            }
            people => {
                let wanted: Option<std::collections::HashSet<String>> =
                    people.map(|p| p.into_iter().collect());
                scan::for_each_person(&self.conn, |employee, evidence, referrals| {
                    let in_scope = match &wanted {
                        Some(w) => w.contains(&employee.employee_no),
                        None => employee.is_active(day),
                    };
                    if in_scope {
                        f(
                            employee,
                            rules.standings(employee, evidence, referrals, day),
                        );
                    }
                    Ok(())
                })?;
            }
        }
        Ok(())
    }

    /// Profiles of the active people in `scope` on `day` (a team overview). Who may, as for
    /// [`Registry::gaps`]; logged once, naming the scope.
    pub fn team(&self, scope: &Scope, day: NaiveDate) -> Result<Vec<Profile>> {
        let log = self.check_scope(scope)?;
        let team = self.read_snapshot(|| {
            self.people_visible(scope, day)?
                .into_iter()
                .map(|no| self.profile_unchecked(&no, day))
                .collect::<Result<Vec<_>>>()
        })?;
        if log {
            self.log_scope("read team", scope, day, team.len())?;
        }
        Ok(team)
    }

    /// The appraisal brief of one employee.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use skillreg_core::{Catalog, Level, Requirement, SourceCatalog, System, Occupation};
    /// use skillreg_store::{Actor, BriefConfig, Registry};
    ///
    /// let mut registry = Registry::open_in_memory(Actor::Hr)?;
    /// let catalog = Catalog {
    ///     systems: vec![System { code: "O365".into(), name: "Microsoft 365".into(), vendor: None,
    ///                            level_descriptions: Default::default() }],
    ///     occupations: vec![Occupation { code: "USK".into(), name: "Undersköterska".into() }],
    ///     requirements: vec![Requirement { occupation: "USK".into(), system: "O365".into(),
    ///                                      level: Level::Independent, unit: None }],
    ///     ..Catalog::default()
    /// };
    /// registry.apply_catalog(&SourceCatalog { catalog, ..Default::default() }, "example")?;
    /// # let day = NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
    /// // People arrive by sync (see `Registry::sync`); an unknown employee is an error:
    /// assert!(registry.brief("10023", &BriefConfig::new(day)).is_err());
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn brief(&self, employee_no: &str, config: &BriefConfig) -> Result<Brief> {
        let log = self.check_read(employee_no)?;
        let mut brief = self.read_snapshot(|| self.brief_unchecked(employee_no, config))?;
        brief.gender = self.gender_shown(employee_no)?;
        if log {
            self.log(
                "read brief",
                Some(employee_no),
                &format!("as of {}", config.as_of),
            )?;
        }
        Ok(brief)
    }

    pub(super) fn brief_unchecked(&self, employee_no: &str, config: &BriefConfig) -> Result<Brief> {
        let book = self.rules()?;
        let (catalog, rules) = (&book.0, &book.1);
        let day = config.as_of;
        let id = self.person(employee_no)?;
        // Changes since the last talk (the follow-up of what was agreed), else a year back.
        let last_talk = self.talks_of(id)?.into_iter().rfind(|t| t.date <= day);
        let since = config.since.unwrap_or_else(|| match &last_talk {
            Some(talk) => talk.date,
            None => day.checked_sub_days(Days::new(365)).unwrap_or(day),
        });
        let (employee, evidence, referrals) = self.person_data(id)?;
        let standings = rules.standings(&employee, &evidence, &referrals, day);
        let agreements = last_talk.as_ref().map_or_else(Vec::new, |talk| {
            talk.agreements
                .iter()
                .map(|a| AgreementState {
                    agreement: a.clone(),
                    status: skillreg_core::talk::agreement_status(
                        a, talk.date, &standings, &evidence, day,
                    ),
                })
                .collect()
        });
        let before = rules.standings(&employee, &evidence, &referrals, since);
        let courses: HashMap<&str, _> = catalog
            .courses
            .iter()
            .map(|c| (c.code.as_str(), c))
            .collect();
        let open_referrals = rules::open_referrals(&referrals, &evidence, day)
            .into_iter()
            .filter_map(|r| {
                let c = courses.get(r.course.as_str())?;
                Some(OpenReferral {
                    course: r.course.clone(),
                    system: c.system.clone(),
                    grants: c.grants,
                    created: r.created,
                    due: r.due,
                    overdue: r.due.is_some_and(|d| d < day),
                })
            })
            .collect();
        let primary = employee.primary_employment(day);
        let manager = primary.and_then(|e| e.manager.clone());
        let manager_name = match &manager {
            Some(no) => match self.employee_unchecked(no) {
                Ok(manager) => Some(manager.full_name()),
                Err(Error::UnknownEmployee(_)) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        let mut roles: Vec<Employment> = employee
            .employments
            .iter()
            .filter(|e| e.is_active(day))
            .cloned()
            .collect();
        roles.sort_by_key(|e| !e.primary);
        let systems = standings
            .into_iter()
            .map(|standing| {
                let system = catalog.system(&standing.system);
                BriefSystem {
                    name: system.map_or_else(|| standing.system.clone(), |s| s.name.clone()),
                    target_description: standing
                        .target
                        .and_then(|t| system.and_then(|s| s.description(t)).map(str::to_string)),
                    standing,
                }
            })
            .collect::<Vec<_>>();
        let now: Vec<Standing> = systems.iter().map(|s| s.standing.clone()).collect();
        Ok(Brief {
            employee_no: employee.employee_no.clone(),
            name: employee.full_name(),
            as_of: day,
            since,
            active: employee.is_active(day),
            unit: primary.map(|e| e.unit.clone()),
            occupation: primary.map(|e| e.occupation.clone()),
            manager,
            manager_name,
            roles,
            changes: rules::changes(&before, &now),
            systems,
            open_referrals,
            expiring: rules::expiring(&evidence, day, config.expiring_days),
            expiring_days: config.expiring_days,
            new_evidence: self
                .history_of(id)?
                .into_iter()
                .filter(|h| h.evidence.date > since && h.evidence.date <= day)
                .collect(),
            last_talk: last_talk.as_ref().map(|t| t.date),
            agreements,
            gender: None,
        })
    }
}

/// A scope in words, for the audit trail.
fn scope_text(scope: &Scope) -> String {
    match scope {
        Scope::Employee(no) => format!("employee {no}"),
        Scope::Manager {
            manager,
            indirect: false,
        } => format!("direct reports of {manager}"),
        Scope::Manager {
            manager,
            indirect: true,
        } => format!("all reports of {manager}"),
        Scope::Unit(unit) => format!("unit {unit}"),
        Scope::Occupation(occupation) => format!("occupation {occupation}"),
        Scope::All => "everyone".to_string(),
    }
}
