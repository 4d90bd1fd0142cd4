//! The PAXml 2.0 personnel register (docs/src/formats/payroll.md), and its mapping file.

use std::io::{self, Write};

use crate::config::{GenConfig, GenStats};
use crate::data::{GIVEN_NAMES, OCCUPATIONS};
use crate::date::push_date;
use crate::org::Org;
use crate::person::Person;
use crate::plan::Plan;
use crate::wlx::{push_email, push_family_name};
use crate::xml::{Sink, attr, latin1, num, text};

/// The `persontexter/text/@id` that carries the manager's employee number.
const MANAGER_TEXT: &str = "CHEF";

/// Writes `config`'s organisation on `config.night` as a PAXml 2.0 `REGISTER` file to `out`,
/// like `shared/fixtures/paxml/sample-personal.pax`: encoded ISO-8859-1 as payroll systems
/// write them (the few names outside Latin-1, such as *Łukasz*, as character references),
/// org units as cost centres (`resultatenhet`, dimension 1), one `person` per person with
/// their primary employment only (PAXml has one employment per `person`, and a second one
/// would need a second `anstid`), the manager in `persontexter/text[@id="CHEF"]`, and no
/// `persnr`. Competence is not part of PAXml. [`write_paxml_mapping`] writes the file that maps
/// its codes to the WLX catalog.
///
/// # Errors
/// Any error of `out`, and `InvalidInput` for a share above 1000 per mille.
pub fn write_paxml<W: Write>(config: &GenConfig, out: W) -> io::Result<GenStats> {
    config.check()?;
    let org = Org::new(config.seed, config.people as u64);
    let plan = Plan::new(&org, config);
    let mut sink = Sink::new(out);
    let mut utf8 = Vec::with_capacity(8192);
    write_header(&mut utf8, config, &org);
    latin1(
        &mut sink.buf,
        std::str::from_utf8(&utf8).map_err(io::Error::other)?,
    );
    sink.maybe_flush()?;

    let mut stats = GenStats::default();
    let mut person = Person::default();
    let anyone = org.n_people + plan.n_joiners() > 0;
    if anyone {
        sink.buf.extend_from_slice(b"  <personal>\n");
    }
    let mut write = |sink: &mut Sink<W>, person: &Person| -> io::Result<()> {
        utf8.clear();
        write_person(&mut utf8, &org, person);
        latin1(
            &mut sink.buf,
            std::str::from_utf8(&utf8).map_err(io::Error::other)?,
        );
        stats.n_people += 1;
        stats.n_employments += 1;
        stats.n_changed += u64::from(person.percent_changed_tonight);
        sink.maybe_flush()
    };
    for i in 0..org.n_people {
        if person.original(&org, &plan, i) {
            write(&mut sink, &person)?;
        }
    }
    for k in 0..plan.n_joiners() {
        person.joiner(&org, &plan, k);
        write(&mut sink, &person)?;
    }
    if anyone {
        sink.buf.extend_from_slice(b"  </personal>\n");
    }
    sink.buf.extend_from_slice(b"</paxml>\n");
    stats.n_bytes = sink.finish()?;
    stats.n_left = plan.left_tonight();
    stats.n_joined = if plan.night > 0 {
        plan.joiners_per_night()
    } else {
        0
    };
    Ok(stats)
}

/// Writes the mapping file (TOML, like `shared/fixtures/paxml/sample-mapping.toml`) that
/// translates the cost centres and `befattningskod`s of [`write_paxml`]'s output for `config`
/// into the org unit ids and occupation codes of [`write_wlx`](crate::write_wlx)'s. Returns the
/// bytes written.
///
/// # Errors
/// Any error of `out`, and `InvalidInput` for a share above 1000 per mille.
pub fn write_paxml_mapping<W: Write>(config: &GenConfig, mut out: W) -> io::Result<u64> {
    config.check()?;
    let org = Org::new(config.seed, config.people as u64);
    let mut b = String::new();
    b.push_str(&format!(
        "# Maps the payroll codes of skillreg-gen's PAXml register (seed {}, {} people) to its WLX catalog.\n",
        config.seed, config.people
    ));
    b.push_str("[units]            # resultatenhet id (dim 1, kostnadsställe) -> org unit id\n");
    for unit in &org.units {
        b.push_str(&format!(
            "\"{}\" = {}\n",
            unit.cost_centre,
            toml_string(&unit.id)
        ));
    }
    b.push_str("\n[occupations]      # befattningskod -> occupation code\n");
    for (index, occupation) in OCCUPATIONS.iter().enumerate() {
        b.push_str(&format!(
            "{} = {}\n",
            toml_string(&position_code(index)),
            toml_string(occupation.code)
        ));
    }
    b.push_str("\n[manager]          # where the file carries each person's manager (not part of the PAXml standard)\n");
    b.push_str(&format!("persontext = \"{MANAGER_TEXT}\"\n"));
    out.write_all(b.as_bytes())?;
    out.flush()?;
    Ok(b.len() as u64)
}

fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The payroll system's code of occupation `index` (`befattningskod`), e.g. `USK05`.
fn position_code(index: usize) -> String {
    let mut b = Vec::new();
    push_position_code(&mut b, index);
    String::from_utf8(b).unwrap_or_default()
}

fn push_position_code(b: &mut Vec<u8>, index: usize) {
    text(b, OCCUPATIONS[index].code);
    let n = index as u8 + 1;
    b.extend_from_slice(&[b'0' + n / 10 % 10, b'0' + n % 10]);
}

fn write_header(b: &mut Vec<u8>, config: &GenConfig, org: &Org) {
    b.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n");
    b.extend_from_slice(
        b"<paxml xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
          xsi:noNamespaceSchemaLocation=\"http://www.paxml.se/2.0/paxml.xsd\">\n",
    );
    b.extend_from_slice(
        b"  <header>\n    <format>REGISTER</format>\n    <version>2.0</version>\n    <datum>",
    );
    push_date(b, Org::export_day(config.night));
    b.extend_from_slice(b"T01:30:00</datum>\n    <foretagorgnr>");
    text(b, &org.org_no.replace('-', ""));
    b.extend_from_slice(b"</foretagorgnr>\n    <foretagnamn>");
    text(b, &org.organisation);
    b.extend_from_slice(
        b"</foretagnamn>\n    <programnamn>skillreg-gen</programnamn>\n  </header>\n",
    );
    b.extend_from_slice(b"  <dimensioner>\n    <dimension dim=\"1\" namn=\"Kostnadsst\xc3\xa4lle\"/>\n  </dimensioner>\n");
    b.extend_from_slice(b"  <resultatenheter>\n");
    for unit in &org.units {
        b.extend_from_slice(b"    <resultatenhet dim=\"1\" id=\"");
        num(b, u64::from(unit.cost_centre));
        b.extend_from_slice(b"\" namn=\"");
        attr(b, &unit.name);
        b.extend_from_slice(b"\"/>\n");
    }
    b.extend_from_slice(b"  </resultatenheter>\n");
}

fn write_person(b: &mut Vec<u8>, org: &Org, person: &Person) {
    let e = &person.employments[0];
    b.extend_from_slice(b"    <person anstid=\"");
    num(b, person.employee_no);
    b.extend_from_slice(b"\">\n      <fornamn>");
    text(b, GIVEN_NAMES[person.given]);
    b.extend_from_slice(b"</fornamn>\n      <efternamn>");
    push_family_name(b, person);
    b.extend_from_slice(b"</efternamn>\n");
    if person.email {
        b.extend_from_slice(b"      <epostarb>");
        push_email(b, org, person);
        b.extend_from_slice(b"</epostarb>\n");
    }
    b.extend_from_slice(b"      <personaltyp>TJM</personaltyp>\n      <befattning>");
    text(b, OCCUPATIONS[e.occupation as usize].name);
    b.extend_from_slice(b"</befattning>\n      <befattningskod>");
    push_position_code(b, e.occupation as usize);
    b.extend_from_slice(b"</befattningskod>\n      <anstform>FAST</anstform>\n      <anstdatum>");
    push_date(b, e.start);
    b.extend_from_slice(b"</anstdatum>\n");
    if let Some(end) = e.end {
        b.extend_from_slice(b"      <avgdatum>");
        push_date(b, end);
        b.extend_from_slice(b"</avgdatum>\n");
    }
    b.extend_from_slice(b"      <lonform>M\xc3\x85N</lonform>\n      <sysgrad datum=\"");
    push_date(b, e.percent_since);
    b.extend_from_slice(b"\">");
    num(b, u64::from(e.percent));
    b.extend_from_slice(b"</sysgrad>\n");
    if let Some(manager) = e.manager {
        b.extend_from_slice(b"      <persontexter><text id=\"");
        b.extend_from_slice(MANAGER_TEXT.as_bytes());
        b.extend_from_slice(b"\">");
        num(b, manager);
        b.extend_from_slice(b"</text></persontexter>\n");
    }
    b.extend_from_slice(b"      <resenheter><resenhet dim=\"1\" id=\"");
    num(b, u64::from(org.units[e.unit as usize].cost_centre));
    b.extend_from_slice(b"\"/></resenheter>\n    </person>\n");
}
