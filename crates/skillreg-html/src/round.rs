//! The printable forms of a self-assessment round: one A4 page per person, each system with its
//! four levels and what they mean locally, to tick on paper or on screen.

use std::fmt::Write as _;

use skillreg_core::Level;
use skillreg_core::view::{RoundForm, RoundForms};
use skillreg_l10n::Lang;

use crate::escape::Escaped;
use crate::page::document;

/// The printable forms of a round as one self-contained page: one A4 page per person with the
/// systems on their form, each a group of four choices (the level's number, name and local
/// description), the person's last answer, and a place for date and signature.
///
/// ```
/// use skillreg_store::{Registry, RoundSpec};
///
/// let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
/// let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/winlas/sample-export.xml"));
/// let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
/// registry.sync(&mut export, "sample", &skillreg_core::sync::SyncConfig::default())?;
/// let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).ok_or("date");
/// let round = registry.open_round(
///     &RoundSpec { occupation: "USK".into(), unit: None, opens: day(11, 20)?, closes: day(12, 11)? }, "hr")?;
/// let page = skillreg_html::render_round_forms(&registry.round_forms(round.id, day(11, 20)?)?, skillreg_html::Lang::Sv);
/// assert!(page.contains("Självskattning"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_round_forms(forms: &RoundForms, lang: Lang) -> String {
    let l = lang.form_labels();
    let round = &forms.round;
    let title = format!(
        "{}: {} {}, {}",
        l.title, l.round, round.id, round.occupation_name
    );
    let mut body = String::new();
    if forms.forms.is_empty() {
        let _ = writeln!(
            body,
            "<h1>{}</h1>\n<p>{}</p>",
            Escaped(&title),
            Escaped(l.no_people)
        );
    }
    for form in &forms.forms {
        person_form(&mut body, forms, form, lang);
    }
    document(lang, &title, &body, None)
}

fn person_form(out: &mut String, forms: &RoundForms, form: &RoundForm, lang: Lang) {
    let l = lang.form_labels();
    let round = &forms.round;
    let _ = write!(
        out,
        "<section class=\"round-form\" data-employee=\"{}\">\n<h1>{}: {}</h1>\n<dl class=\"facts\">\
         <dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{} <span class=\"code\">{}</span></dd>\
         <dt>{}</dt><dd>{}</dd><dt>{}</dt><dd>{} <span class=\"code\">{}</span></dd><dt>{}</dt><dd><strong>{}</strong></dd></dl>\n<p>{}</p>\n",
        Escaped(&form.employee_no),
        Escaped(l.title),
        Escaped(&form.name),
        Escaped(l.employee_no),
        Escaped(&form.employee_no),
        Escaped(l.unit),
        Escaped(&form.unit_name),
        Escaped(&form.unit),
        Escaped(l.round),
        round.id,
        Escaped(l.occupation),
        Escaped(&round.occupation_name),
        Escaped(&round.occupation),
        Escaped(l.answer_by),
        Escaped(&lang.date(round.closes)),
        Escaped(l.intro),
    );
    for system in &form.systems {
        let group = format!("r{}-{}-{}", round.id, form.employee_no, system.system);
        let _ = write!(
            out,
            "<fieldset class=\"round-system\" data-system=\"{}\"><legend>{} <span class=\"code\">{}</span></legend>\n<ul class=\"choices\">",
            Escaped(&system.system),
            Escaped(&system.name),
            Escaped(&system.system)
        );
        for level in Level::ALL {
            let id = format!("{group}-{}", level.number());
            let description = system.level_descriptions[usize::from(level.number() - 1)]
                .as_deref()
                .unwrap_or(l.no_description);
            let _ = write!(
                out,
                "<li><input type=\"radio\" id=\"{}\" name=\"{}\" value=\"{}\"> <label for=\"{}\"><strong>{} {}</strong>: {}</label></li>",
                Escaped(&id),
                Escaped(&group),
                level.number(),
                Escaped(&id),
                level.number(),
                Escaped(lang.level_name(level)),
                Escaped(description)
            );
        }
        out.push_str("</ul>\n");
        match system.last_self {
            Some((level, day)) => {
                let _ = write!(
                    out,
                    "<p class=\"note\">{}: {} ({})</p>",
                    Escaped(l.last_answer),
                    Escaped(&lang.level(Some(level))),
                    Escaped(&lang.date(day))
                );
            }
            None => {
                let _ = write!(out, "<p class=\"note\">{}</p>", Escaped(l.never_answered));
            }
        }
        out.push_str("</fieldset>\n");
    }
    let _ = writeln!(
        out,
        "<p class=\"sign\"><span>{}: ____________</span> <span>{}: ______________________</span></p>\n</section>",
        Escaped(l.date),
        Escaped(l.signature)
    );
}
