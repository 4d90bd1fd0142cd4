//! The WLX 1.2 export (docs/src/formats/wlx.md), written as a stream.

use std::io::{self, Write};

use crate::config::{GenConfig, GenStats};
use crate::data::{FAMILY_NAMES, GIVEN_NAMES, MAIL_DOMAIN, OCCUPATIONS, SYSTEMS};
use crate::date::push_date;
use crate::org::Org;
use crate::person::Person;
use crate::plan::Plan;
use crate::xml::{Sink, attr, num, text};

/// Writes the WLX export of `config`'s organisation on `config.night` to `out`: the catalog
/// sections, then every person in the file that night (original people by employee number,
/// then joiners). The output is buffered here in chunks of 64 KiB, so `out` need not be.
///
/// Memory stays bounded whatever `config.people`: people are generated one at a time.
///
/// # Errors
/// Any error of `out`, and `InvalidInput` for a share above 1000 per mille.
pub fn write_wlx<W: Write>(config: &GenConfig, out: W) -> io::Result<GenStats> {
    config.check()?;
    let org = Org::new(config.seed, config.people as u64);
    let plan = Plan::new(&org, config);
    let mut sink = Sink::new(out);
    write_catalog(&mut sink.buf, config, &org);
    sink.maybe_flush()?;
    sink.buf.extend_from_slice(b"  <Persons>\n");

    let mut stats = GenStats::default();
    let mut person = Person::default();
    for i in 0..org.n_people {
        if person.original(&org, &plan, i) {
            write_person(&mut sink.buf, &org, &person, &mut stats);
            sink.maybe_flush()?;
        }
    }
    for k in 0..plan.n_joiners() {
        person.joiner(&org, &plan, k);
        write_person(&mut sink.buf, &org, &person, &mut stats);
        sink.maybe_flush()?;
    }
    debug_assert_eq!(
        stats.n_changed,
        plan.changed_tonight(),
        "the plan's window and the people disagree"
    );
    sink.buf
        .extend_from_slice(b"  </Persons>\n</WinlasExport>\n");
    stats.n_bytes = sink.finish()?;
    stats.n_left = plan.left_tonight();
    stats.n_joined = if plan.night > 0 {
        plan.joiners_per_night()
    } else {
        0
    };
    Ok(stats)
}

fn write_catalog(b: &mut Vec<u8>, config: &GenConfig, org: &Org) {
    b.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.extend_from_slice(b"<WinlasExport formatVersion=\"1.2\" exportedAt=\"");
    b.extend_from_slice(config.exported_at().as_bytes());
    b.extend_from_slice(b"\" organisation=\"");
    attr(b, &org.organisation);
    b.extend_from_slice(b"\" orgNo=\"");
    attr(b, &org.org_no);
    b.extend_from_slice(b"\" kind=\"full\">\n");

    b.extend_from_slice(b"  <OrgUnits>\n");
    for unit in &org.units {
        b.extend_from_slice(b"    <OrgUnit id=\"");
        attr(b, &unit.id);
        b.extend_from_slice(b"\" name=\"");
        attr(b, &unit.name);
        if let Some(parent) = unit.parent {
            b.extend_from_slice(b"\" parent=\"");
            attr(b, &org.units[parent as usize].id);
        }
        b.extend_from_slice(b"\"/>\n");
    }
    b.extend_from_slice(b"  </OrgUnits>\n  <Occupations>\n");
    for occupation in OCCUPATIONS {
        b.extend_from_slice(b"    <Occupation code=\"");
        attr(b, occupation.code);
        b.extend_from_slice(b"\" name=\"");
        attr(b, occupation.name);
        b.extend_from_slice(b"\"/>\n");
    }
    b.extend_from_slice(b"  </Occupations>\n  <Systems>\n");
    for (system, levels) in SYSTEMS.iter().zip(&org.level_texts) {
        b.extend_from_slice(b"    <System code=\"");
        attr(b, system.code);
        b.extend_from_slice(b"\" name=\"");
        attr(b, system.name);
        if let Some(vendor) = system.vendor {
            b.extend_from_slice(b"\" vendor=\"");
            attr(b, vendor);
        }
        if levels.is_empty() {
            b.extend_from_slice(b"\"/>\n");
            continue;
        }
        b.extend_from_slice(b"\">\n");
        for (value, description) in (1u64..).zip(levels) {
            b.extend_from_slice(b"      <Level value=\"");
            num(b, value);
            b.extend_from_slice(b"\">");
            text(b, description);
            b.extend_from_slice(b"</Level>\n");
        }
        b.extend_from_slice(b"    </System>\n");
    }
    b.extend_from_slice(b"  </Systems>\n  <Requirements>\n");
    for requirement in &org.requirements {
        b.extend_from_slice(b"    <Requirement occupation=\"");
        attr(b, OCCUPATIONS[requirement.occupation as usize].code);
        b.extend_from_slice(b"\" system=\"");
        attr(b, SYSTEMS[requirement.system as usize].code);
        b.extend_from_slice(b"\" level=\"");
        num(b, u64::from(requirement.level));
        if let Some(unit) = requirement.unit {
            b.extend_from_slice(b"\" unit=\"");
            attr(b, &org.units[unit as usize].id);
        }
        b.extend_from_slice(b"\"/>\n");
    }
    b.extend_from_slice(b"  </Requirements>\n  <Courses>\n");
    for course in &org.courses {
        b.extend_from_slice(b"    <Course code=\"");
        attr(b, &course.code);
        b.extend_from_slice(b"\" name=\"");
        attr(b, &course.name);
        b.extend_from_slice(b"\" system=\"");
        attr(b, SYSTEMS[course.system as usize].code);
        b.extend_from_slice(b"\" grantsLevel=\"");
        num(b, u64::from(course.level));
        b.extend_from_slice(b"\" validMonths=\"");
        num(b, u64::from(course.valid_months));
        b.extend_from_slice(b"\"/>\n");
    }
    b.extend_from_slice(b"  </Courses>\n");
}

/// The person's work e-mail address (without escaping: it is plain ASCII).
pub(crate) fn push_email(b: &mut Vec<u8>, org: &Org, person: &Person) {
    b.extend_from_slice(org.given_mail[person.given].as_bytes());
    b.push(b'.');
    b.extend_from_slice(org.family_mail[person.family].as_bytes());
    if let Some(f2) = person.family2 {
        b.push(b'.');
        b.extend_from_slice(org.family_mail[f2].as_bytes());
    }
    b.push(b'@');
    b.extend_from_slice(MAIL_DOMAIN.as_bytes());
}

/// The family name as character data (`A &amp; B` for a double name).
pub(crate) fn push_family_name(b: &mut Vec<u8>, person: &Person) {
    text(b, FAMILY_NAMES[person.family]);
    if let Some(f2) = person.family2 {
        b.extend_from_slice(b" &amp; ");
        text(b, FAMILY_NAMES[f2]);
    }
}

fn write_person(b: &mut Vec<u8>, org: &Org, person: &Person, stats: &mut GenStats) {
    b.extend_from_slice(b"    <Person employeeNo=\"");
    num(b, person.employee_no);
    b.extend_from_slice(b"\">\n      <GivenName>");
    text(b, GIVEN_NAMES[person.given]);
    b.extend_from_slice(b"</GivenName>\n      <FamilyName>");
    push_family_name(b, person);
    b.extend_from_slice(b"</FamilyName>\n");
    if person.email {
        b.extend_from_slice(b"      <Email>");
        push_email(b, org, person);
        b.extend_from_slice(b"</Email>\n");
    }
    for e in &person.employments {
        b.extend_from_slice(b"      <Employment unit=\"");
        attr(b, &org.units[e.unit as usize].id);
        b.extend_from_slice(b"\" occupation=\"");
        attr(b, OCCUPATIONS[e.occupation as usize].code);
        b.extend_from_slice(if e.primary {
            b"\" primary=\"true\" percent=\""
        } else {
            b"\" primary=\"false\" percent=\""
        });
        num(b, u64::from(e.percent));
        b.extend_from_slice(b"\" start=\"");
        push_date(b, e.start);
        b.extend_from_slice(b"\" end=\"");
        if let Some(end) = e.end {
            push_date(b, end);
        }
        if let Some(manager) = e.manager {
            b.extend_from_slice(b"\" managerEmployeeNo=\"");
            num(b, manager);
        }
        b.extend_from_slice(b"\"/>\n");
    }
    for c in &person.competences {
        b.extend_from_slice(b"      <Competence system=\"");
        attr(b, SYSTEMS[c.system as usize].code);
        b.extend_from_slice(b"\" level=\"");
        b.push(b'0' + c.level);
        b.extend_from_slice(b"\" source=\"");
        b.extend_from_slice(c.source.as_str().as_bytes());
        b.extend_from_slice(b"\" date=\"");
        push_date(b, c.date);
        if let Some(assessor) = c.assessor {
            b.extend_from_slice(b"\" assessor=\"");
            num(b, assessor);
        }
        b.extend_from_slice(b"\"/>\n");
    }
    for r in &person.course_results {
        b.extend_from_slice(b"      <CourseResult course=\"");
        attr(b, &org.courses[r.course as usize].code);
        b.extend_from_slice(b"\" completed=\"");
        push_date(b, r.completed);
        if let Some(score) = r.score {
            b.extend_from_slice(b"\" score=\"");
            num(b, u64::from(score));
        }
        b.extend_from_slice(b"\"/>\n");
    }
    b.extend_from_slice(b"    </Person>\n");

    stats.n_people += 1;
    stats.n_employments += person.employments.len() as u64;
    stats.n_competences += person.competences.len() as u64;
    stats.n_course_results += person.course_results.len() as u64;
    stats.n_changed += u64::from(person.changed_tonight);
}
