//! The appraisal brief page.

use std::fmt::Write as _;

use skillreg_core::view::{Brief, BriefSystem};
use skillreg_core::{Catalog, CurrentSource, EvidenceKind, Level};
use skillreg_l10n::{Labels, Lang};

use crate::escape::Escaped;
use crate::page::{PageAssets, col_headers, document_with};
use crate::radar::{RadarAxis, RadarFrame, RadarShape, Series, marker, radar, radar_svg};

/// The id of the radar chart's caption (the chart's `aria-labelledby`).
pub const RADAR_CAPTION_ID: &str = "radar-caption";

/// The radar axes of a brief: one per system in it (each has a target or evidence), in the
/// brief's order, labelled with the system's name.
pub fn brief_axes(brief: &Brief) -> Vec<RadarAxis> {
    brief
        .systems
        .iter()
        .map(|s| RadarAxis {
            code: s.standing.system.clone(),
            label: s.name.clone(),
            target: s.standing.target,
            current: s.standing.current,
            self_level: s.standing.self_level,
        })
        .collect()
}

/// The appraisal brief as a self-contained HTML page in `lang`: who, role, unit and manager;
/// the radar chart of target, current and self-assessed levels with the table that is its
/// text alternative; gaps with what the target level means, recommended courses and open
/// referrals; self/confirmed discrepancies; open referrals; results expiring within the brief's
/// `expiring_days` (the heading names the window); what changed since the brief's `since` day;
/// and what each level means in each system.
///
/// Names of units, occupations, systems and courses are taken from `catalog` (the code is
/// shown when the catalog does not know it). Every text from data is HTML-escaped.
pub fn render_brief(brief: &Brief, catalog: &Catalog, lang: Lang) -> String {
    render_brief_with(brief, catalog, lang, PageAssets::Inline)
}

/// [`render_brief`] with the style sheet from `assets`: [`PageAssets::Linked`] for the web
/// service, whose pages may carry no inline style.
///
/// ```
/// use skillreg_html::{Lang, PageAssets, render_brief_with};
/// use skillreg_store::{BriefConfig, Registry};
///
/// let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
/// # let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// # let sample = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/winlas/sample-export.xml"));
/// # let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample")?;
/// # registry.sync(&mut export, "sample", &skillreg_core::sync::SyncConfig::default())?;
/// let brief = registry.brief("10031", &BriefConfig::new(day))?;
/// let assets = PageAssets::Linked { stylesheet: "/static/skillreg.css", header: "<nav></nav>\n" };
/// let html = render_brief_with(&brief, &registry.catalog()?, Lang::En, assets);
/// assert!(html.contains("<link rel=\"stylesheet\" href=\"/static/skillreg.css\">"));
/// assert!(html.contains("<body>\n<nav></nav>\n<main>"));
/// assert!(!html.contains("<style>") && !html.contains("<script"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_brief_with(
    brief: &Brief,
    catalog: &Catalog,
    lang: Lang,
    assets: PageAssets<'_>,
) -> String {
    let l = lang.labels();
    let mut body = String::new();
    header(&mut body, brief, catalog, lang);
    profile(&mut body, brief, lang);
    levels_table(&mut body, brief, lang);
    gaps(&mut body, brief, catalog, lang);
    discrepancies(&mut body, brief, lang);
    agreements(&mut body, brief, catalog, lang);
    referrals(&mut body, brief, catalog, lang);
    expiring(&mut body, brief, catalog, lang);
    changes(&mut body, brief, catalog, lang);
    meanings(&mut body, brief, catalog, lang);
    let title = format!("{} – {}", l.brief_title, brief.name);
    document_with(lang, &title, &body, assets)
}

fn system_name<'a>(catalog: &'a Catalog, code: &'a str) -> &'a str {
    catalog.system(code).map_or(code, |s| s.name.as_str())
}

fn course_name<'a>(catalog: &'a Catalog, code: &'a str) -> &'a str {
    catalog.course(code).map_or(code, |c| c.name.as_str())
}

/// "Name <span class=code>CODE</span>", or only the code when the name is the code.
fn named(name: &str, code: &str) -> String {
    if name == code {
        format!("{}", Escaped(code))
    } else {
        format!(
            "{} <span class=\"code\">{}</span>",
            Escaped(name),
            Escaped(code)
        )
    }
}

/// Ends a section that has nothing to show with the sentence that says so.
fn end_empty_section(out: &mut String, message: &str) {
    let _ = writeln!(out, "<p>{}</p>", Escaped(message));
    out.push_str("</section>\n");
}

/// Opens a table with its column headers and body.
fn table_start(out: &mut String, id: &str, headers: &[&str]) {
    let _ = writeln!(out, "<table id=\"{id}\">");
    out.push_str(&col_headers(headers));
    out.push_str("\n<tbody>\n");
}

fn section_start(out: &mut String, id: &str, heading: &str) {
    let _ = write!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"h-{id}\">\n<h2 id=\"h-{id}\">{}</h2>\n",
        Escaped(heading)
    );
}

fn header(out: &mut String, brief: &Brief, catalog: &Catalog, lang: Lang) {
    let l = lang.labels();
    let _ = write!(
        out,
        "<header>\n<h1>{}: {}</h1>\n<p class=\"subtitle\">{} {}</p>\n",
        Escaped(l.brief_title),
        Escaped(&brief.name),
        Escaped(l.as_of),
        Escaped(&lang.date(brief.as_of))
    );
    if !brief.active {
        let _ = writeln!(
            out,
            "<p class=\"warning\" id=\"not-active\">{}</p>",
            Escaped(l.not_active)
        );
    }
    out.push_str("<dl class=\"facts\">\n");
    let mut fact = |label: &str, value: String| {
        let _ = writeln!(out, "<dt>{}</dt><dd>{value}</dd>", Escaped(label));
    };
    fact(l.employee_no, Escaped(&brief.employee_no).to_string());
    let occupation_name = |code: &str| {
        catalog
            .occupations
            .iter()
            .find(|o| o.code == code)
            .map_or(code.to_string(), |o| o.name.clone())
    };
    let unit_name = |id: &str| catalog.unit(id).map_or(id.to_string(), |u| u.name.clone());
    if brief.roles.len() > 1 {
        // Several roles: each with its unit and percent, the primary one first.
        let mut list = String::from("<ul class=\"roles\">");
        for role in &brief.roles {
            let percent = role
                .percent
                .map(|p| format!(", {p}\u{a0}%"))
                .unwrap_or_default();
            let _ = write!(
                list,
                "<li>{}, {}{}</li>",
                named(&occupation_name(&role.occupation), &role.occupation),
                named(&unit_name(&role.unit), &role.unit),
                Escaped(&percent)
            );
        }
        list.push_str("</ul>");
        fact(l.role, list);
    } else if let Some(occupation) = &brief.occupation {
        let name = catalog
            .occupations
            .iter()
            .find(|o| o.code == *occupation)
            .map_or(occupation.as_str(), |o| o.name.as_str());
        fact(l.role, named(name, occupation));
    }
    if let Some(unit) = &brief.unit {
        let name = catalog
            .unit(unit)
            .map_or(unit.as_str(), |u| u.name.as_str());
        fact(l.unit, named(name, unit));
    }
    if let Some(manager) = &brief.manager {
        let shown = match &brief.manager_name {
            Some(name) => named(name, manager),
            None => Escaped(manager).to_string(),
        };
        fact(l.manager, shown);
    }
    out.push_str("</dl>\n</header>\n");
}

fn profile(out: &mut String, brief: &Brief, lang: Lang) {
    let l = lang.labels();
    let chart = radar(&brief_axes(brief), RadarFrame::default());
    section_start(out, "profile", l.profile_heading);
    out.push_str("<figure class=\"radar-figure\">\n");
    out.push_str(&radar_svg(&chart, lang, RADAR_CAPTION_ID));
    out.push('\n');
    out.push_str("<figcaption>\n<ul class=\"legend\" id=\"radar-legend\">\n");
    for series in Series::ALL {
        let class = series.class();
        let sample = marker(series, crate::radar::Point { x: 24.0, y: 8.0 }, "");
        let _ = writeln!(
            out,
            "<li class=\"legend-{class}\"><svg viewBox=\"0 0 48 16\" aria-hidden=\"true\"><line class=\"{class}\" x1=\"2\" y1=\"8\" x2=\"46\" y2=\"8\"/>{sample}</svg>{}</li>",
            Escaped(series.label(lang))
        );
    }
    out.push_str("</ul>\n");
    let _ = write!(
        out,
        "<p id=\"{RADAR_CAPTION_ID}\">{}",
        Escaped(l.radar_caption)
    );
    if matches!(chart.shape, RadarShape::Points | RadarShape::Line) {
        let _ = write!(out, " {}", Escaped(l.radar_few_axes));
    }
    if chart.shape == RadarShape::Empty {
        let _ = write!(out, " {}", Escaped(l.radar_empty));
    }
    let any_unassessed = brief
        .systems
        .iter()
        .any(|s| s.standing.current.is_none() || s.standing.self_level.is_none());
    if any_unassessed {
        let _ = write!(out, " {}", Escaped(l.radar_centre_note));
    }
    out.push_str("</p>\n</figcaption>\n</figure>\n</section>\n");
}

fn level_cell(lang: Lang, level: Option<Level>, none: &str) -> String {
    match level {
        Some(level) => format!(
            "<td data-level=\"{}\">{}</td>",
            level.number(),
            Escaped(&lang.level(Some(level)))
        ),
        None => format!(
            "<td data-level=\"none\" class=\"muted\">{}</td>",
            Escaped(none)
        ),
    }
}

fn source_label(l: &Labels, source: CurrentSource) -> &'static str {
    match source {
        CurrentSource::Confirmed => l.source_confirmed,
        CurrentSource::SelfAssessed => l.source_self,
        CurrentSource::None => l.not_assessed,
    }
}

fn levels_table(out: &mut String, brief: &Brief, lang: Lang) {
    let l = lang.labels();
    section_start(out, "levels", l.levels_heading);
    if brief.systems.is_empty() {
        end_empty_section(out, l.radar_empty);
        return;
    }
    table_start(
        out,
        "levels-table",
        &[
            l.col_system,
            l.col_target,
            l.col_current,
            l.col_source,
            l.col_self,
            l.col_confirmed,
            l.col_gap,
        ],
    );
    for s in &brief.systems {
        let st = &s.standing;
        let _ = write!(
            out,
            "<tr data-system=\"{}\"><th scope=\"row\">{}</th>",
            Escaped(&st.system),
            named(&s.name, &st.system)
        );
        out.push_str(&level_cell(lang, st.target, l.no_target));
        out.push_str(&level_cell(lang, st.current, l.not_assessed));
        let _ = write!(
            out,
            "<td>{}</td>",
            Escaped(source_label(l, st.current_source))
        );
        out.push_str(&level_cell(lang, st.self_level, l.not_assessed));
        out.push_str(&level_cell(lang, st.confirmed, l.not_assessed));
        let gap = match (st.target, st.gap) {
            (None, _) => "–".to_string(),
            (Some(_), 0) => "0 ✓".to_string(),
            (Some(_), n) => format!("▲ {n}"),
        };
        let _ = writeln!(
            out,
            "<td class=\"num\" data-gap=\"{}\">{gap}</td></tr>",
            st.gap
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn gaps(out: &mut String, brief: &Brief, catalog: &Catalog, lang: Lang) {
    let l = lang.labels();
    section_start(out, "gaps", l.gaps_heading);
    let with_gap: Vec<&BriefSystem> = brief
        .systems
        .iter()
        .filter(|s| s.standing.gap > 0)
        .collect();
    if with_gap.is_empty() {
        end_empty_section(out, l.no_gaps);
        return;
    }
    table_start(
        out,
        "gaps-table",
        &[
            l.col_system,
            l.col_target,
            l.col_target_meaning,
            l.col_current,
            l.col_gap,
            l.col_recommended,
            l.col_referred,
        ],
    );
    for s in with_gap {
        let st = &s.standing;
        let _ = write!(
            out,
            "<tr data-system=\"{}\"><th scope=\"row\">{}</th>",
            Escaped(&st.system),
            named(&s.name, &st.system)
        );
        out.push_str(&level_cell(lang, st.target, l.no_target));
        let _ = write!(
            out,
            "<td class=\"meaning\">{}</td>",
            s.target_description
                .as_deref()
                .map_or_else(|| "–".to_string(), |d| Escaped(d).to_string())
        );
        out.push_str(&level_cell(lang, st.current, l.not_assessed));
        let _ = write!(out, "<td class=\"num\">▲ {}</td>", st.gap);
        let mut recommended = course_list(&st.recommended_courses, catalog, lang, "recommended");
        if st.no_course_for_group
            && let Some(open_end) = recommended.strip_suffix("</td>")
        {
            recommended = format!(
                "{open_end}<p class=\"no-course\">{}</p></td>",
                Escaped(l.no_course_for_group)
            );
        }
        out.push_str(&recommended);
        out.push_str(&course_list(
            &st.referred_courses,
            catalog,
            lang,
            "referred",
        ));
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn course_list(codes: &[String], catalog: &Catalog, lang: Lang, class: &str) -> String {
    let l = lang.labels();
    if codes.is_empty() {
        return format!("<td class=\"{class} muted\">{}</td>", Escaped(l.none));
    }
    let mut out = format!("<td class=\"{class}\"><ul>");
    for code in codes {
        let level = catalog
            .course(code)
            .map(|c| {
                format!(
                    ", {} {}",
                    Escaped(l.level_word),
                    Escaped(&lang.level(Some(c.grants)))
                )
            })
            .unwrap_or_default();
        let _ = write!(
            out,
            "<li data-course=\"{}\">{}{level}</li>",
            Escaped(code),
            named(course_name(catalog, code), code)
        );
    }
    out.push_str("</ul></td>");
    out
}

fn discrepancies(out: &mut String, brief: &Brief, lang: Lang) {
    let l = lang.labels();
    section_start(out, "discrepancies", l.discrepancies_heading);
    let found: Vec<&BriefSystem> = brief
        .systems
        .iter()
        .filter(|s| s.standing.discrepancy)
        .collect();
    if found.is_empty() {
        end_empty_section(out, l.no_discrepancies);
        return;
    }
    let _ = writeln!(out, "<p>{}</p>\n<ul>", Escaped(l.discrepancies_intro));
    for s in found {
        let st = &s.standing;
        let direction = match (st.self_level, st.confirmed) {
            (Some(a), Some(b)) if a > b => l.self_higher,
            _ => l.self_lower,
        };
        let _ = writeln!(
            out,
            "<li data-system=\"{}\"><strong>{}</strong>: {} {}, {} {} – {}</li>",
            Escaped(&st.system),
            Escaped(&s.name),
            Escaped(&l.col_self.to_lowercase()),
            Escaped(&lang.level(st.self_level)),
            Escaped(&l.col_confirmed.to_lowercase()),
            Escaped(&lang.level(st.confirmed)),
            Escaped(direction)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

/// What was agreed at the last appraisal talk, and where each agreement stands on the brief's
/// day.
fn agreements(out: &mut String, brief: &Brief, catalog: &Catalog, lang: Lang) {
    let (l, w) = (lang.labels(), lang.table_labels());
    let Some(talk) = brief.last_talk else {
        section_start(out, "agreements", w.talk_heading);
        end_empty_section(out, w.no_talk);
        return;
    };
    let heading = w
        .agreed_at_last_talk
        .replace("{date}", &lang.date(talk))
        .trim_end_matches(':')
        .to_string();
    section_start(out, "agreements", &heading);
    if brief.agreements.is_empty() {
        end_empty_section(out, l.none);
        return;
    }
    out.push_str("<ul>\n");
    let [met, not_yet, overdue] = w.agreement_status;
    for a in &brief.agreements {
        let what = match &a.agreement.agreed {
            skillreg_core::talk::Agreed::Level { system, level } => format!(
                "{} {}",
                named(system_name(catalog, system), system),
                Escaped(&lang.level(Some(*level)))
            ),
            skillreg_core::talk::Agreed::Course { course } => {
                named(course_name(catalog, course), course)
            }
        };
        let due = a
            .agreement
            .due
            .map(|d| format!(" ({} {})", Escaped(w.due), Escaped(&lang.date(d))))
            .unwrap_or_default();
        let (class, word) = match a.status {
            skillreg_core::talk::AgreementStatus::Met => ("met", met),
            skillreg_core::talk::AgreementStatus::NotYet => ("not-yet", not_yet),
            skillreg_core::talk::AgreementStatus::Overdue => ("overdue", overdue),
        };
        let _ = writeln!(
            out,
            "<li data-status=\"{}\">{what}{due}: <strong class=\"{class}\">{}</strong></li>",
            a.status.name(),
            Escaped(word)
        );
    }
    out.push_str("</ul>\n</section>\n");
}

fn referrals(out: &mut String, brief: &Brief, catalog: &Catalog, lang: Lang) {
    let l = lang.labels();
    section_start(out, "referrals", l.referrals_heading);
    if brief.open_referrals.is_empty() {
        end_empty_section(out, l.no_referrals);
        return;
    }
    table_start(
        out,
        "referrals-table",
        &[
            l.col_course,
            l.col_system,
            l.col_level,
            l.col_referred_on,
            l.col_due,
        ],
    );
    for r in &brief.open_referrals {
        let due = match r.due {
            Some(d) if r.overdue => format!(
                "{} <strong class=\"overdue\">⚠ {}</strong>",
                Escaped(&lang.date(d)),
                Escaped(l.overdue)
            ),
            Some(d) => Escaped(&lang.date(d)).to_string(),
            None => "–".to_string(),
        };
        let _ = writeln!(
            out,
            "<tr data-course=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{due}</td></tr>",
            Escaped(&r.course),
            named(course_name(catalog, &r.course), &r.course),
            named(system_name(catalog, &r.system), &r.system),
            Escaped(&lang.level(Some(r.grants))),
            Escaped(&lang.date(r.created)),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn expiring(out: &mut String, brief: &Brief, catalog: &Catalog, lang: Lang) {
    let l = lang.labels();
    let days = u64::from(brief.expiring_days);
    section_start(out, "expiring", &l.expiring_heading.format(days));
    if brief.expiring.is_empty() {
        end_empty_section(out, &l.no_expiring.format(days));
        return;
    }
    table_start(
        out,
        "expiring-table",
        &[l.col_course, l.col_system, l.col_completed, l.col_expires],
    );
    for x in &brief.expiring {
        let _ = writeln!(
            out,
            "<tr data-course=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
            Escaped(&x.course),
            named(course_name(catalog, &x.course), &x.course),
            named(system_name(catalog, &x.system), &x.system),
            Escaped(&lang.date(x.completed)),
            Escaped(&lang.date(x.expires)),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn arrow(before: String, after: String) -> String {
    if before == after {
        Escaped(&after).to_string()
    } else {
        format!("{} → {}", Escaped(&before), Escaped(&after))
    }
}

fn changes(out: &mut String, brief: &Brief, catalog: &Catalog, lang: Lang) {
    let l = lang.labels();
    let heading = format!("{} {}", l.changes_since, lang.date(brief.since));
    section_start(out, "changes", &heading);
    if brief.changes.is_empty() && brief.new_evidence.is_empty() {
        end_empty_section(out, l.no_changes);
        return;
    }
    let level_or = |level: Option<Level>, none: &str| match level {
        Some(_) => lang.level(level),
        None => none.to_string(),
    };
    if !brief.changes.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", Escaped(l.moved_heading));
        table_start(
            out,
            "changes-table",
            &[l.col_system, l.col_current, l.col_target, l.col_gap],
        );
        for c in &brief.changes {
            let _ = writeln!(
                out,
                "<tr data-system=\"{}\"><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                Escaped(&c.system),
                named(system_name(catalog, &c.system), &c.system),
                arrow(
                    level_or(c.current_before, l.not_assessed),
                    level_or(c.current_after, l.not_assessed)
                ),
                arrow(
                    level_or(c.target_before, l.no_target),
                    level_or(c.target_after, l.no_target)
                ),
                arrow(c.gap_before.to_string(), c.gap_after.to_string()),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    if !brief.new_evidence.is_empty() {
        let _ = writeln!(out, "<h3>{}</h3>", Escaped(l.new_evidence_heading));
        table_start(
            out,
            "evidence-table",
            &[l.col_date, l.col_system, l.col_kind, l.col_level],
        );
        for h in &brief.new_evidence {
            let e = &h.evidence;
            let kind = match &e.kind {
                EvidenceKind::SelfAssessment => Escaped(l.kind_self).to_string(),
                EvidenceKind::ManagerAssessment { .. } => Escaped(l.kind_manager).to_string(),
                EvidenceKind::CourseResult { course, .. } => match course {
                    Some(code) => format!(
                        "{}: {}",
                        Escaped(l.kind_course),
                        named(course_name(catalog, code), code)
                    ),
                    None => Escaped(l.kind_course).to_string(),
                },
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{kind}</td><td>{}</td></tr>",
                Escaped(&lang.date(e.date)),
                named(system_name(catalog, &e.system), &e.system),
                Escaped(&lang.level(Some(e.level))),
            );
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");
}

fn meanings(out: &mut String, brief: &Brief, catalog: &Catalog, lang: Lang) {
    let l = lang.labels();
    let described: Vec<_> = brief
        .systems
        .iter()
        .filter_map(|s| catalog.system(&s.standing.system))
        .filter(|s| s.level_descriptions.iter().any(Option::is_some))
        .collect();
    if described.is_empty() {
        return;
    }
    section_start(out, "meanings", l.meanings_heading);
    out.push_str("<table id=\"meanings-table\">\n<thead><tr>");
    let _ = write!(out, "<th scope=\"col\">{}</th>", Escaped(l.col_system));
    for level in Level::ALL {
        let _ = write!(
            out,
            "<th scope=\"col\">{}</th>",
            Escaped(&lang.level(Some(level)))
        );
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for system in described {
        let _ = write!(
            out,
            "<tr data-system=\"{}\"><th scope=\"row\">{}</th>",
            Escaped(&system.code),
            named(&system.name, &system.code)
        );
        for level in Level::ALL {
            let _ = write!(
                out,
                "<td>{}</td>",
                system
                    .description(level)
                    .map_or_else(|| "–".to_string(), |d| Escaped(d).to_string())
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
