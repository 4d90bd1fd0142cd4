//! Evidence and referrals recorded through the library.

use super::*;

impl Registry {
    pub(crate) fn person(&self, employee_no: &str) -> Result<i64> {
        sql::person_id(&self.conn, employee_no)?
            .ok_or_else(|| Error::UnknownEmployee(employee_no.to_string()))
    }

    /// Records an assessment entered in the registry. Returns false (and writes nothing) if the
    /// registry already holds exactly this assessment.
    pub fn record_assessment(
        &mut self,
        employee_no: &str,
        system: &str,
        level: Level,
        by: &Assessment,
        date: NaiveDate,
        entered_by: &str,
    ) -> Result<bool> {
        self.check_write(employee_no, Write::Assessment(by))?;
        if let Assessment::Manager(assessor) = by
            && let Err(fault) = skillreg_core::text::code(assessor)
        {
            return Err(Error::Invalid(format!(
                "the assessor {} {fault}",
                skillreg_core::text::quoted(assessor)
            )));
        }
        let kind = match by {
            Assessment::SelfAssessment => EvidenceKind::SelfAssessment,
            Assessment::Manager(a) => EvidenceKind::ManagerAssessment {
                assessor: Some(a.clone()),
            },
        };
        let evidence = Evidence {
            system: system.to_string(),
            level,
            date,
            kind,
        };
        let action = match by {
            Assessment::SelfAssessment => "record self-assessment",
            Assessment::Manager(_) => "record manager assessment",
        };
        self.record(employee_no, evidence, entered_by, action)
    }

    /// Records a completed course (the level comes from the course). Returns false if already held.
    pub fn complete_course(
        &mut self,
        employee_no: &str,
        course: &str,
        date: NaiveDate,
        entered_by: &str,
    ) -> Result<bool> {
        self.check_write(employee_no, Write::Course)?;
        let catalog = self.catalog()?;
        let c = catalog
            .course(course)
            .ok_or_else(|| Error::UnknownCourse(course.to_string()))?;
        let evidence = Evidence {
            system: c.system.clone(),
            level: c.grants,
            date,
            kind: EvidenceKind::CourseResult {
                course: Some(c.code.clone()),
                expires: c.expiry(date),
            },
        };
        self.record(employee_no, evidence, entered_by, "record course result")
    }

    pub(super) fn record(
        &mut self,
        employee_no: &str,
        evidence: Evidence,
        entered_by: &str,
        action: &str,
    ) -> Result<bool> {
        check_entered_day(evidence.date)?;
        let stamp = self.stamp();
        let tx = self.write_transaction()?;
        let person = sql::person_id(&tx, employee_no)?
            .ok_or_else(|| Error::UnknownEmployee(employee_no.to_string()))?;
        let ids = Ids::load(&tx)?;
        if !ids.systems.contains_key(&evidence.system) {
            return Err(Error::UnknownSystem(evidence.system));
        }
        let key = sync::evidence_key(&evidence);
        let detail = evidence_detail(&evidence);
        if sql::load_evidence(&tx, person)?
            .iter()
            .any(|e| sync::evidence_key(e) == key)
        {
            stamp.write(
                &tx,
                action,
                Some(employee_no),
                &format!("{detail} (already recorded)"),
            )?;
            tx.commit()?;
            return Ok(false);
        }
        let origin = Origin {
            source: REGISTRY_SOURCE.to_string(),
            run_id: None,
            entered_by: Some(entered_by.to_string()),
        };
        insert_evidence(&tx, &ids, person, std::slice::from_ref(&evidence), &origin)?;
        stamp.write(&tx, action, Some(employee_no), &detail)?;
        tx.commit()?;
        Ok(true)
    }

    /// Refers an employee to a course. If a referral to that course is already open, its due
    /// date is updated instead (or nothing changes).
    pub fn refer(
        &mut self,
        employee_no: &str,
        course: &str,
        created: NaiveDate,
        due: Option<NaiveDate>,
        referred_by: &str,
    ) -> Result<Referred> {
        self.check_write(employee_no, Write::Refer)?;
        let referred = self.refer_unlogged(employee_no, course, created, due, referred_by)?;
        let due_text = due.map(|d| format!(", due {d}")).unwrap_or_default();
        let what = match referred {
            Referred::Created => "referred",
            Referred::DueChanged => "due day changed",
            Referred::AlreadyOpen => "already open",
        };
        self.log(
            "refer",
            Some(employee_no),
            &format!("{course} on {created}{due_text} ({what})"),
        )?;
        Ok(referred)
    }

    pub(super) fn refer_unlogged(
        &mut self,
        employee_no: &str,
        course: &str,
        created: NaiveDate,
        due: Option<NaiveDate>,
        referred_by: &str,
    ) -> Result<Referred> {
        let person = self.person(employee_no)?;
        let course_id = sql::code_id(&self.conn, "courses", course)?
            .ok_or_else(|| Error::UnknownCourse(course.to_string()))?;
        let evidence = sql::load_evidence(&self.conn, person)?;
        let referrals = sql::load_referrals(&self.conn, person)?;
        if let Some(open) = rules::open_referrals(&referrals, &evidence, created)
            .into_iter()
            .find(|r| r.course == course)
        {
            if open.due == due {
                return Ok(Referred::AlreadyOpen);
            }
            self.conn.execute(
                "UPDATE referrals SET due_day = ?4 WHERE person_id = ?1 AND course_id = ?2
                   AND created_day = ?3 AND cancelled_day IS NULL",
                params![person, course_id, to_day(open.created), due.map(to_day)],
            )?;
            return Ok(Referred::DueChanged);
        }
        self.conn.execute(
            "INSERT INTO referrals (person_id, course_id, created_day, due_day, referred_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                person,
                course_id,
                to_day(created),
                due.map(to_day),
                referred_by
            ],
        )?;
        Ok(Referred::Created)
    }

    /// Cancels the open referral of `employee_no` to `course` as of `day`.
    pub fn cancel_referral(
        &mut self,
        employee_no: &str,
        course: &str,
        day: NaiveDate,
    ) -> Result<()> {
        self.check_write(employee_no, Write::CancelReferral)?;
        let person = self.person(employee_no)?;
        let course_id = sql::code_id(&self.conn, "courses", course)?
            .ok_or_else(|| Error::UnknownCourse(course.to_string()))?;
        // Only an open referral: one already closed by a course result stays as it was.
        let n = self.conn.execute(
            "UPDATE referrals SET cancelled_day = ?3
             WHERE person_id = ?1 AND course_id = ?2 AND cancelled_day IS NULL
               AND created_day <= ?3
               AND NOT EXISTS (SELECT 1 FROM evidence e
                               WHERE e.person_id = referrals.person_id
                                 AND e.course_id = referrals.course_id
                                 AND e.day >= referrals.created_day AND e.day <= ?3)",
            params![person, course_id, to_day(day)],
        )?;
        if n == 0 {
            return Err(Error::NoOpenReferral {
                employee_no: employee_no.to_string(),
                course: course.to_string(),
            });
        }
        self.log(
            "cancel referral",
            Some(employee_no),
            &format!("{course} on {day}"),
        )?;
        Ok(())
    }
}

/// One piece of evidence in words, for the audit trail.
fn evidence_detail(evidence: &Evidence) -> String {
    let by = match &evidence.kind {
        EvidenceKind::SelfAssessment => String::new(),
        EvidenceKind::ManagerAssessment { assessor } => assessor
            .as_ref()
            .map(|a| format!(" by {a}"))
            .unwrap_or_default(),
        EvidenceKind::CourseResult { course, .. } => course
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default(),
    };
    format!(
        "{} level {}{by} on {}",
        evidence.system,
        evidence.level.number(),
        evidence.date
    )
}

/// An assessment or course result entered by hand cannot be dated before 1900 (a typo) or after
/// today: the latest day it is anywhere on Earth now (UTC+14), so that no time zone's today is
/// refused.
fn check_entered_day(date: NaiveDate) -> Result<()> {
    use skillreg_core::model::{EvidenceDayFault, check_evidence_day};
    let latest = (Utc::now() + chrono::Duration::hours(14)).date_naive();
    check_evidence_day(date, Some(latest)).map_err(|fault| {
        Error::Invalid(match fault {
            EvidenceDayFault::TooEarly => format!("the date {date} is before 1900: correct it"),
            EvidenceDayFault::AfterLatest => format!(
                "the date {date} is after today: an assessment or course result cannot be from \
                 the future"
            ),
        })
    })
}
