//! One person or a team: profile, appraisal brief, team overview and gap rows as text.
use skillreg_core::Standing;
use skillreg_html::Lang;
use skillreg_store::{Brief, Profile};

use crate::render::{self, Format, Table, Text, level};

/// The name of an evidence kind: the machine name (`self`, `manager`, `course`) or, for people,
/// the words of the pages.
pub fn evidence_kind(text: Text, kind: &skillreg_core::EvidenceKind) -> &'static str {
    if text.machine {
        return kind.name();
    }
    let l = text.labels();
    match kind {
        skillreg_core::EvidenceKind::SelfAssessment => l.kind_self,
        skillreg_core::EvidenceKind::ManagerAssessment { .. } => l.kind_manager,
        skillreg_core::EvidenceKind::CourseResult { .. } => l.kind_course,
    }
}
/// The cells of one gap row (person, system, target, current, gap, courses) in a table.
pub fn gap_cells(text: Text, g: &skillreg_store::GapRow) -> Vec<String> {
    let current = match g.current_source.as_str() {
        "self" => format!(
            "{} ({})",
            text.level(g.current),
            text.table().standing_columns[4]
        ),
        _ => text.level(g.current),
    };
    vec![
        g.employee_no.clone(),
        g.name.clone(),
        g.system.clone(),
        text.level(g.target),
        current,
        g.gap.to_string(),
        g.recommended_courses.join(", "),
    ]
}
/// Each system of a person: target, confirmed, self and current level, gap and courses.
pub fn standing_table(text: Text, systems: &[Standing]) -> Table {
    let (l, w) = (text.labels(), text.table());
    let mut t = Table::new(&w.standing_columns);
    for s in systems {
        let mut notes = Vec::new();
        match s.current_source {
            skillreg_core::CurrentSource::SelfAssessed => notes.push(l.source_self),
            skillreg_core::CurrentSource::None => notes.push(l.not_assessed),
            skillreg_core::CurrentSource::Confirmed => {}
        }
        if s.discrepancy {
            notes.push(w.differ);
        }
        if s.no_course_for_group {
            notes.push(l.no_course_for_group);
        }
        let courses = if s.referred_courses.is_empty() {
            s.recommended_courses.join(", ")
        } else {
            format!("{}: {}", w.referred_to, s.referred_courses.join(", "))
        };
        t.row(vec![
            s.system.clone(),
            text.level(s.target),
            text.level(s.current),
            text.level(s.confirmed),
            text.level(s.self_level),
            s.gap.to_string(),
            notes.join("; "),
            courses,
        ]);
    }
    t
}
/// A percentage of employment: `100%`, or `100 %` in Swedish and Norwegian.
pub fn employment_percent(lang: Lang, percent: Option<u8>) -> String {
    let number = percent.map_or_else(|| "?".to_string(), |p| p.to_string());
    match lang {
        Lang::En => format!("{number}%"),
        Lang::Sv | Lang::Nb => format!("{number} %"),
    }
}
/// The gender line of a profile or brief, when the registry gave it (HR and the person only).
fn gender_line(text: Text, gender: Option<skillreg_core::Gender>) -> String {
    let Some(g) = gender else {
        return String::new();
    };
    let w = text.table();
    let i = skillreg_core::Gender::ALL
        .iter()
        .position(|x| *x == g)
        .unwrap_or_default();
    w.gender_line.replace("{g}", w.gender_words[i]) + "\n"
}

/// A person's profile as a table, JSON or CSV.
pub fn render_profile(format: Format, text: Text, profile: &Profile) -> anyhow::Result<String> {
    let t = standing_table(text, &profile.systems);
    if format != Format::Table {
        return render::emit_with(format, text.csv, profile, &t);
    }
    let w = text.table();
    let e = &profile.employee;
    let mut out = format!(
        "{} {} ({}) {} {}\n",
        e.employee_no,
        e.full_name(),
        if profile.active {
            w.active
        } else {
            w.not_active
        },
        w.as_of,
        text.date(profile.as_of)
    );
    for emp in &e.employments {
        let end = emp.end.map(|d| text.date(d)).unwrap_or_default();
        let manager = emp
            .manager
            .as_ref()
            .map(|m| format!(", {} {m}", w.manager))
            .unwrap_or_default();
        let primary = if emp.primary {
            format!(" ({})", w.primary)
        } else {
            String::new()
        };
        out += &format!(
            "  {} {} {} {}..{end}{manager}{primary}\n",
            emp.unit,
            emp.occupation,
            employment_percent(text.lang, emp.percent),
            text.date(emp.start)
        );
    }
    out += &gender_line(text, profile.gender);
    out += "\n";
    out += &t.render();
    out += &text.level_legend();
    Ok(render::terminal_text(out))
}
/// The appraisal brief of one person as text (or JSON/CSV): standings, gaps, discrepancies,
/// referrals, expiring course results and changes since a day.
///
/// ```
/// use skillreg_cli::render::{Format, Text, render_brief};
/// use skillreg_store::{BriefConfig, Registry};
///
/// let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr)?;
/// skillreg_cli::sync_wlx_bytes(&mut registry, skillreg_cli::SAMPLE_EXPORT, "sample",
///     &skillreg_core::sync::SyncConfig::default())?;
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// let brief = registry.brief("10031", &BriefConfig::new(day))?;
/// let text = render_brief(Format::Table, Text::new(Format::Table, skillreg_html::Lang::En), &brief)?;
/// assert!(text.contains("LIFECARE"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_brief(format: Format, text: Text, brief: &Brief) -> anyhow::Result<String> {
    let standings: Vec<Standing> = brief.systems.iter().map(|s| s.standing.clone()).collect();
    let t = standing_table(text, &standings);
    if format != Format::Table {
        return render::emit_with(format, text.csv, brief, &t);
    }
    let (l, w) = (text.labels(), text.table());
    let mut out = format!(
        "{}: {} {} — {} {}{}\n",
        l.brief_title,
        brief.employee_no,
        brief.name,
        w.as_of,
        text.date(brief.as_of),
        if brief.active {
            String::new()
        } else {
            format!(" ({})", w.not_active_on_day)
        }
    );
    if let (Some(unit), Some(occupation)) = (&brief.unit, &brief.occupation) {
        let manager = brief
            .manager
            .as_ref()
            .map(|m| format!(", {} {m}", w.manager))
            .unwrap_or_default();
        out += &format!("{occupation} {} {unit}{manager}\n", w.in_unit);
    }
    out += &gender_line(text, brief.gender);
    out += "\n";
    out += &t.render();
    out += &text.level_legend();
    let gaps: Vec<&skillreg_store::BriefSystem> = brief
        .systems
        .iter()
        .filter(|s| s.standing.gap > 0)
        .collect();
    if !gaps.is_empty() {
        out += &format!("\n{}:\n", w.to_reach_target);
        for s in gaps {
            // What the level means is the catalog's own text (in the organisation's language).
            let meaning = s
                .target_description
                .as_ref()
                .map(|d| format!(" — {}: {d}", text.level(s.standing.target)))
                .unwrap_or_default();
            out += &format!("  {} ({}){meaning}\n", s.standing.system, s.name);
        }
    }
    // The follow-up of the last talk: what was agreed, and where each agreement stands.
    match brief.last_talk {
        Some(day) if !brief.agreements.is_empty() => {
            out += &format!(
                "\n{}\n",
                w.agreed_at_last_talk.replace("{date}", &text.date(day))
            );
            for a in &brief.agreements {
                out += &format!(
                    "  {}: {}\n",
                    super::agreement_words(text, &a.agreement),
                    super::status_word(text, a.status)
                );
            }
        }
        Some(day) => {
            out += &format!(
                "\n{} {}\n",
                w.agreed_at_last_talk.replace("{date}", &text.date(day)),
                l.none
            );
        }
        None => out += &format!("\n{}\n", w.no_talk),
    }
    out += &format!("\n{}:", l.referrals_heading);
    if brief.open_referrals.is_empty() {
        out += &format!(" {}\n", l.none);
    } else {
        out += "\n";
        for r in &brief.open_referrals {
            let due = r
                .due
                .map(|d| {
                    let overdue = if r.overdue {
                        format!(" ({})", l.overdue)
                    } else {
                        String::new()
                    };
                    format!(", {} {}{overdue}", w.due, text.date(d))
                })
                .unwrap_or_default();
            out += &format!(
                "  {} ({} {}) {} {}{due}\n",
                r.course,
                r.system,
                text.level(Some(r.grants)),
                w.referred_on,
                text.date(r.created)
            );
        }
    }
    out += &format!(
        "{}:",
        l.expiring_heading
            .replace("{n}", &brief.expiring_days.to_string())
    );
    if brief.expiring.is_empty() {
        out += &format!(" {}\n", l.none);
    } else {
        out += "\n";
        for x in &brief.expiring {
            out += &format!(
                "  {} ({}) {} {}, {} {}\n",
                x.course,
                x.system,
                w.completed,
                text.date(x.completed),
                w.expires,
                text.date(x.expires)
            );
        }
    }
    out += &format!("{} {}:", l.changes_since, text.date(brief.since));
    if brief.changes.is_empty() && brief.new_evidence.is_empty() {
        out += &format!(" {}\n", l.none);
    } else {
        out += "\n";
        let [_, target, current, _, _, gap, _, _] = w.standing_columns;
        for c in &brief.changes {
            out += &format!(
                "  {}: {current} {} → {}, {target} {} → {}, {gap} {} → {}\n",
                c.system,
                level(c.current_before),
                level(c.current_after),
                level(c.target_before),
                level(c.target_after),
                c.gap_before,
                c.gap_after
            );
        }
        for h in &brief.new_evidence {
            out += &format!(
                "  {} {} {} ({})\n",
                text.date(h.evidence.date),
                h.evidence.system,
                text.level(Some(h.evidence.level)),
                evidence_kind(text, &h.evidence.kind)
            );
        }
    }
    Ok(render::terminal_text(out))
}
/// The team overview: people as rows, systems as columns, `current/target` per cell.
pub fn team_overview(text: Text, team: &[Profile]) -> String {
    let w = text.table();
    let mut systems: Vec<&str> = team
        .iter()
        .flat_map(|p| p.systems.iter().map(|s| s.system.as_str()))
        .collect();
    systems.sort();
    systems.dedup();
    let mut headers = vec![w.gap_columns[0], w.gap_columns[1]];
    headers.extend(systems.iter());
    let mut t = Table::new(&headers);
    for p in team {
        let mut row = vec![p.employee.employee_no.clone(), p.employee.full_name()];
        for system in &systems {
            let cell = match p.systems.iter().find(|s| s.system == *system) {
                None => String::new(),
                Some(s) => {
                    let self_mark =
                        if s.current_source == skillreg_core::CurrentSource::SelfAssessed {
                            w.self_letter
                        } else {
                            ""
                        };
                    let gap = if s.gap > 0 {
                        format!(" ▲{}", s.gap)
                    } else {
                        String::new()
                    };
                    format!("{}{self_mark}/{}{gap}", level(s.current), level(s.target))
                }
            };
            row.push(cell);
        }
        t.row(row);
    }
    format!(
        "{}({}; {})\n",
        t.render(),
        w.team_legend.replace("{s}", w.self_letter),
        text.level_names()
    )
}
