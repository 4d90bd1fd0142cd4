//! The pages rendered from the shipped sample organisation (docs/src/rules.md#worked-example), as of
//! 2026-11-20, and from hand-made data with hostile names.

use chrono::NaiveDate;
use skillreg_core::sync::SyncConfig;
use skillreg_core::{
    Catalog, CurrentSource, Employee, Employment, Level, Occupation, OrgUnit, Standing, System,
};
use skillreg_html::{Lang, TeamConfig, render_brief, render_team};
use skillreg_store::{Brief, BriefConfig, BriefSystem, Profile, Registry, Scope};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn sample() -> Registry {
    let mut r = Registry::open_in_memory(skillreg_store::Actor::Hr).expect("in-memory registry");
    let sample = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fixtures/winlas/sample-export.xml"
    ));
    let mut export =
        skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample").expect("the sample reads");
    r.sync(&mut export, "sample", &SyncConfig::default())
        .expect("the sample syncs");
    r
}

/// The brief page of `employee` in the sample, as of 2026-11-20.
fn brief_page(employee: &str, lang: Lang) -> String {
    let r = sample();
    let brief = r
        .brief(employee, &BriefConfig::new(day(2026, 11, 20)))
        .expect("brief");
    render_brief(&brief, &r.catalog().expect("catalog"), lang)
}

/// The one element (start tag) containing `needle`.
fn tag_with<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in page"));
    let start = html[..at].rfind('<').unwrap_or(0);
    let end = at + html[at..].find('>').unwrap_or(0) + 1;
    &html[start..end]
}

/// Checks that hold for every page: self-contained, language set, table headers scoped.
fn check_page(html: &str, lang: &str) {
    assert!(
        html.starts_with(&format!("<!DOCTYPE html>\n<html lang=\"{lang}\">")),
        "{}",
        &html[..80.min(html.len())]
    );
    for outside in [
        "http://", "https://", "<link", " src=", "@import", "url(", "//cdn",
    ] {
        assert!(
            !html.contains(outside),
            "page refers outside itself: {outside}"
        );
    }
    assert_eq!(html.matches("<h1").count(), 1);
    assert_eq!(
        html.matches("<th ").count() + html.matches("<th>").count(),
        html.matches("<th scope=\"col\"").count() + html.matches("<th scope=\"row\"").count(),
        "every table header has a scope"
    );
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("@media print"));
}

#[test]
fn linnea_brief_has_two_axes_three_series_and_the_gap_to_lc_handl() {
    let html = brief_page("10031", Lang::En);
    check_page(&html, "en");
    assert!(html.contains("<h1>Appraisal brief: Linnéa Karlsson</h1>"));
    assert!(html.contains("<dt>Employee number</dt><dd>10031</dd>"));
    assert!(html.contains("<dt>Role</dt><dd>Sjuksköterska <span class=\"code\">SSK</span></dd>"));
    assert!(html.contains(
        "<dt>Unit</dt><dd>Särskilt boende Solgården <span class=\"code\">SOC-SÄBO</span></dd>"
    ));
    // The manager by name, with the employee number.
    assert!(html.contains("<dt>Manager</dt><dd>Per Ström <span class=\"code\">10030</span></dd>"));

    // One axis per system with a target or evidence: LIFECARE (evidence, target 3) and O365
    // (target 2 for nurses, nothing assessed). Two axes: lines, said so in the caption.
    let svg = tag_with(&html, "<svg id=\"radar\"");
    assert!(svg.contains("role=\"img\" aria-labelledby=\"radar-caption\""));
    assert!(svg.contains("data-axes=\"2\" data-shape=\"line\""));
    assert_eq!(html.matches("class=\"radar-axis\"").count(), 2);
    assert!(html.contains("<text class=\"radar-axis-label\" data-axis=\"LIFECARE\" x=\"320.0\" y=\"51.0\" text-anchor=\"middle\"><tspan x=\"320.0\" dy=\"0.0em\">Lifecare</tspan></text>"));
    assert!(html.contains(">Microsoft 365</tspan></text>"));
    assert_eq!(
        tag_with(&html, "id=\"radar-target\""),
        "<polyline id=\"radar-target\" class=\"radar-target\" data-levels=\"3,2\" points=\"320.0,102.5 320.0,290.0\"/>"
    );
    assert!(
        tag_with(&html, "id=\"radar-current\"")
            .contains("data-levels=\"2,none\" points=\"320.0,140.0 320.0,215.0\"")
    );
    assert!(tag_with(&html, "id=\"radar-self\"").contains("data-levels=\"3,none\""));
    assert!(
        html.contains("<p id=\"radar-caption\">Target, current and self-assessed level per system")
    );
    assert!(html.contains("With fewer than three systems the chart shows points and lines"));
    assert!(html.contains("drawn at the centre and marked “not assessed” in the table"));
    // The legend names the three series, each with its own line and marker.
    for (class, label, shape) in [
        ("radar-target", "Target", "<rect"),
        ("radar-current", "Current", "<circle"),
        ("radar-self", "Self-assessed", "<polygon"),
    ] {
        let item = &html[html
            .find(&format!("<li class=\"legend-{class}\">"))
            .expect("legend item")..];
        let item = &item[..item.find("</li>").expect("end of item")];
        assert!(item.ends_with(label), "{item}");
        assert!(item.contains(&format!("<line class=\"{class}\"")), "{item}");
        assert!(item.contains(shape), "{item}");
    }

    // The table that is the chart's text alternative.
    assert!(html.contains(
        "<tr data-system=\"LIFECARE\"><th scope=\"row\">Lifecare <span class=\"code\">LIFECARE</span></th>\
         <td data-level=\"3\">3 advanced</td><td data-level=\"2\">2 independent</td><td>confirmed</td>\
         <td data-level=\"3\">3 advanced</td><td data-level=\"2\">2 independent</td><td class=\"num\" data-gap=\"1\">▲ 1</td></tr>"
    ), "{html}");
    assert!(html.contains("<td data-level=\"none\" class=\"muted\">not assessed</td>"));

    // Gaps: LIFECARE with what level 3 means and LC-HANDL (its result expired), O365 with TEAMS-1.
    let gaps = &html[html.find("<table id=\"gaps-table\">").expect("gap table")..];
    let gaps = &gaps[..gaps.find("</table>").expect("end")];
    assert!(gaps.contains("<td class=\"meaning\">Handleder kollegor i dokumentationen</td>"));
    assert!(gaps.contains("<li data-course=\"LC-HANDL\">Handledare i Lifecare <span class=\"code\">LC-HANDL</span>, level 3 advanced</li>"), "{gaps}");
    assert!(gaps.contains("<li data-course=\"TEAMS-1\">Teams för alla"));
    assert!(gaps.contains("<td class=\"meaning\">Teams-möten och delade filer</td>"));

    // Self 3 against confirmed 2: a discrepancy to talk about.
    assert!(html.contains("<li data-system=\"LIFECARE\"><strong>Lifecare</strong>: self-assessed 3 advanced, confirmed 2 independent – self-assessment higher than confirmed</li>"), "{html}");
    assert!(html.contains("<p>No open referrals.</p>"));
    assert!(html.contains("<p>No course result expires within 90 days.</p>"));
    // A year ago LIFECARE was not assessed (the course result had expired).
    assert!(html.contains("<h2 id=\"h-changes\">Changes since 20 Nov 2025</h2>"));
    assert!(html.contains("<td>not assessed → 2 independent</td>"));
    assert!(html.contains("<tr><td>2 Sep 2026</td><td>Lifecare <span class=\"code\">LIFECARE</span></td><td>self-assessment</td><td>3 advanced</td></tr>"));
    assert!(html.contains("<tr><td>12 Oct 2026</td><td>Lifecare <span class=\"code\">LIFECARE</span></td><td>manager assessment</td><td>2 independent</td></tr>"));
    // Level descriptions of the systems that have them.
    assert!(html.contains("<td>Superanvändare: konfigurerar och utbildar</td>"));
}

#[test]
fn anna_brief_with_three_systems_draws_three_polygons() {
    let html = brief_page("10023", Lang::En);
    check_page(&html, "en");
    assert!(html.contains("data-axes=\"3\" data-shape=\"polygon\""));
    assert_eq!(html.matches("<polygon id=\"radar-").count(), 3);
    // Axes LIFECARE, O365, TIMECARE (the brief's order): targets 2, 1, 1.
    assert!(tag_with(&html, "<polygon id=\"radar-target\"").contains("data-levels=\"2,1,1\""));
    assert!(tag_with(&html, "<polygon id=\"radar-current\"").contains("data-levels=\"3,1,none\""));
    assert!(tag_with(&html, "<polygon id=\"radar-self\"").contains("data-levels=\"2,1,none\""));
    assert!(!html.contains("fewer than three systems"));
    // Rule 6: the Timecare course made for her group, never the one for unit managers.
    assert!(html.contains("<li data-course=\"TC-PERS\">Timecare för personal"));
    assert!(!html.contains("TC-CHEF"));
    assert!(!html.contains("no-course"));
    assert!(html.contains("self-assessment lower than confirmed"));
    assert!(html.contains("<td>self-assessed only</td>"));
}

#[test]
fn each_language_has_its_own_labels_level_names_and_dates() {
    let cases = [
        (
            Lang::En,
            "en",
            "Appraisal brief",
            "3 advanced",
            "20 Nov 2026",
            "Gaps and recommended training",
        ),
        (
            Lang::Sv,
            "sv",
            "Underlag för medarbetarsamtal",
            "3 avancerad",
            "20 nov. 2026",
            "Utvecklingsbehov och rekommenderade utbildningar",
        ),
        (
            Lang::Nb,
            "nb",
            "Grunnlag for medarbeidersamtale",
            "3 avansert",
            "20.11.2026",
            "Utviklingsbehov og anbefalte kurs",
        ),
    ];
    for (lang, code, title, level, date, gaps) in cases {
        let html = brief_page("10031", lang);
        check_page(&html, code);
        assert!(
            html.contains(&format!("<h1>{title}: Linnéa Karlsson</h1>")),
            "{code}"
        );
        assert!(
            html.contains(&format!("<td data-level=\"3\">{level}</td>")),
            "{code}"
        );
        assert!(html.contains(date), "{code}");
        assert!(html.contains(&format!(">{gaps}</h2>")), "{code}");
        assert!(html.contains(lang.labels().footer));
    }
    let sv = brief_page("10031", Lang::Sv);
    assert!(sv.contains("<td data-level=\"none\" class=\"muted\">ej bedömd</td>"));
    assert!(sv.contains(">Självskattning</li>"));
    assert!(sv.contains("Förändringar sedan 20 nov. 2025"));
    let nb = brief_page("10031", Lang::Nb);
    assert!(nb.contains("<td data-level=\"2\">2 selvstendig</td>"));
    assert!(nb.contains(">Egenvurdering</li>"));
    assert!(nb.contains("Endringer siden 20.11.2025"));
}

const HOSTILE: &str = "<script>alert('x')</script> Öhman & Berg \"quoted\"";

fn hostile_catalog() -> Catalog {
    Catalog {
        units: vec![OrgUnit {
            id: "U<1>".into(),
            name: HOSTILE.into(),
            parent: None,
        }],
        occupations: vec![Occupation {
            code: "O&1".into(),
            name: HOSTILE.into(),
        }],
        systems: vec![System {
            code: "S<img onerror=x>".into(),
            name: HOSTILE.into(),
            vendor: None,
            level_descriptions: [Some(HOSTILE.into()), None, Some(HOSTILE.into()), None],
        }],
        ..Catalog::default()
    }
}

fn hostile_standing() -> Standing {
    Standing {
        system: "S<img onerror=x>".into(),
        target: Some(Level::Advanced),
        confirmed: None,
        self_level: Some(Level::Basic),
        current: Some(Level::Basic),
        current_source: CurrentSource::SelfAssessed,
        gap: 2,
        discrepancy: false,
        recommended_courses: vec!["C<b>".into()],
        no_course_for_group: false,
        referred_courses: vec![],
    }
}

fn assert_inert(html: &str) {
    assert!(
        !html.contains("<script>alert"),
        "markup from data came out live"
    );
    assert!(!html.contains("<img"), "markup from data came out live");
    assert!(!html.contains("<b>"), "markup from data came out live");
    assert!(html.contains(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Öhman &amp; Berg &quot;quoted&quot;"
    ));
}

#[test]
fn names_from_data_come_out_escaped_in_the_brief() {
    let brief = Brief {
        employee_no: "10<9>".into(),
        name: HOSTILE.into(),
        as_of: day(2026, 11, 20),
        since: day(2025, 11, 20),
        active: true,
        unit: Some("U<1>".into()),
        occupation: Some("O&1".into()),
        manager: Some("<m>".into()),
        manager_name: None,
        roles: Vec::new(),
        systems: vec![BriefSystem {
            standing: hostile_standing(),
            name: HOSTILE.into(),
            target_description: Some(HOSTILE.into()),
        }],
        open_referrals: vec![],
        expiring: vec![],
        expiring_days: 90,
        changes: vec![],
        new_evidence: vec![],
        last_talk: None,
        agreements: vec![],
        gender: None,
    };
    for lang in Lang::ALL {
        let html = render_brief(&brief, &hostile_catalog(), lang);
        check_page(&html, lang.code());
        assert_inert(&html);
        assert!(html.contains("data-axis=\"S&lt;img onerror=x&gt;\""));
        assert!(html.contains("<dd>10&lt;9&gt;</dd>"));
        assert!(html.contains("<li data-course=\"C&lt;b&gt;\">C&lt;b&gt;"));
        assert!(html.contains(&format!(
            "<title>{} – &lt;script&gt;",
            lang.labels().brief_title
        )));
        // One system: a point per series, no line or polygon.
        assert!(html.contains("data-axes=\"1\" data-shape=\"points\""));
        assert!(!html.contains("id=\"radar-target\""));
    }
}

fn person(no: &str, given: &str, family: &str) -> Employee {
    Employee {
        employee_no: no.into(),
        given_name: given.into(),
        family_name: family.into(),
        email: None,
        employments: vec![Employment {
            unit: "U<1>".into(),
            occupation: "O&1".into(),
            percent: Some(100),
            start: day(2020, 1, 1),
            end: None,
            manager: None,
            primary: true,
        }],
    }
}

#[test]
fn names_from_data_come_out_escaped_in_the_team() {
    let team = vec![Profile {
        employee: person(
            "1<2",
            "<script>alert('x')</script>",
            "Öhman & Berg \"quoted\"",
        ),
        as_of: day(2026, 11, 20),
        active: true,
        systems: vec![hostile_standing()],
        gender: None,
    }];
    let html = render_team(
        &team,
        &hostile_catalog(),
        Lang::En,
        &TeamConfig::new(day(2026, 11, 20)),
    );
    check_page(&html, "en");
    assert_inert(&html);
    assert!(html.contains("data-employee=\"1&lt;2\""));
}

fn sample_team(min_group: usize, lang: Lang) -> String {
    let r = sample();
    let as_of = day(2026, 11, 20);
    let team = r.team(&Scope::All, as_of).expect("team");
    let config = TeamConfig {
        min_group,
        subtitle: Some("Exempel kommun".into()),
        ..TeamConfig::new(as_of)
    };
    render_team(&team, &r.catalog().expect("catalog"), lang, &config)
}

#[test]
fn team_matrix_marks_each_cell_with_text_and_counts_people_at_target() {
    let html = sample_team(1, Lang::En);
    check_page(&html, "en");
    assert!(html.contains("<h1>Team overview</h1>"));
    assert!(html.contains("Exempel kommun · As of 20 Nov 2026"));
    // Linnéa: LIFECARE 2 of 3, one level short; O365 not assessed, target 2.
    let row = &html[html
        .find("<tr data-employee=\"10031\">")
        .expect("Linnéa's row")..];
    let row = &row[..row.find("</tr>").expect("end of row")];
    assert!(row.contains("<td class=\"cell gap-1\" data-system=\"LIFECARE\" data-gap=\"1\" data-sort=\"1\"><span aria-hidden=\"true\">2 / 3 <span class=\"sym\">▲1</span></span><span class=\"vh\">Current: 2 independent (confirmed); Target: 3 advanced; Gap: 1</span></td>"), "{row}");
    assert!(row.contains("<td class=\"cell gap-2\" data-system=\"O365\" data-gap=\"2\""));
    assert!(row.contains("– / 2 <span class=\"sym\">▲2</span>"));
    // Anna: O365 self-assessed only and reached.
    let row = &html[html
        .find("<tr data-employee=\"10023\">")
        .expect("Anna's row")..];
    let row = &row[..row.find("</tr>").expect("end of row")];
    assert!(row.contains("<td class=\"cell met\" data-system=\"O365\""));
    assert!(row.contains("1s / 1 <span class=\"sym\">✓</span>"), "{row}");
    // The footer counts; with groups of 1 nothing is suppressed.
    assert!(html.contains("<th scope=\"row\">At or above target</th>"));
    assert!(!html.contains("class=\"num suppressed\""));
    assert!(html.contains("data-system=\"LIFECARE\" data-at-target="));
    // Sorting is offered by the script only; the hint is hidden without it.
    assert!(html.contains("<p id=\"sort-hint\" class=\"note sort-hint\" hidden>"));
    assert!(html.contains("<script>"));
}

#[test]
fn team_counts_over_fewer_than_min_group_people_are_suppressed() {
    let html = sample_team(50, Lang::Sv);
    check_page(&html, "sv");
    assert!(!html.contains("data-at-target="));
    assert!(
        html.contains("<td class=\"num suppressed\" data-system=\"LIFECARE\">färre än 50</td>")
    );
    assert!(html.contains("<h1>Översikt för arbetsgruppen</h1>"));
    let nb = sample_team(50, Lang::Nb);
    assert!(nb.contains("færre enn 50"));
}

#[test]
fn an_empty_team_says_so() {
    let html = render_team(
        &[],
        &Catalog::default(),
        Lang::Nb,
        &TeamConfig::new(day(2026, 11, 20)),
    );
    check_page(&html, "nb");
    assert!(html.contains("<p>Ingen i gruppen denne dagen.</p>"));
}

#[test]
fn elin_after_her_employment_ended_is_marked_not_employed_with_no_targets() {
    let html = brief_page("10041", Lang::En);
    check_page(&html, "en");
    assert!(html.contains("<p class=\"warning\" id=\"not-active\">Not employed on this day</p>"));
    // No active employment: no role or unit to show, no targets, her PMO evidence remains.
    assert!(!html.contains("<dt>Role</dt>"));
    assert!(html.contains("data-axes=\"1\" data-shape=\"points\""));
    assert!(html.contains("<tspan x=\"320.0\" dy=\"-1.1em\">PMO</tspan><tspan x=\"320.0\" dy=\"1.1em\">Elevhälsojournal</tspan>"));
    assert!(html.contains(
        "<td data-level=\"none\" class=\"muted\">no target</td><td data-level=\"4\">4 expert</td>"
    ));
    assert!(html.contains("<p>No gaps: every target is reached.</p>"));
}

#[test]
fn elin_as_of_a_day_she_was_employed_has_her_targets() {
    let r = sample();
    let brief = r
        .brief("10041", &BriefConfig::new(day(2026, 6, 1)))
        .expect("brief");
    let html = render_brief(&brief, &r.catalog().expect("catalog"), Lang::Sv);
    check_page(&html, "sv");
    assert!(!html.contains("id=\"not-active\""));
    assert!(html.contains("Per 1 juni 2026"));
    assert!(
        html.contains("<dt>Yrkesgrupp</dt><dd>Skolsköterska <span class=\"code\">SKSK</span></dd>")
    );
    assert!(html.contains("data-axes=\"2\" data-shape=\"line\""));
    assert!(tag_with(&html, "id=\"radar-target\"").contains("data-levels=\"2,3\""));
}

#[test]
fn a_brief_without_systems_says_so_instead_of_drawing() {
    let brief = Brief {
        employee_no: "20001".into(),
        name: "Ny Medarbetare".into(),
        as_of: day(2026, 11, 20),
        since: day(2025, 11, 20),
        active: true,
        unit: None,
        occupation: None,
        manager: None,
        manager_name: None,
        roles: Vec::new(),
        systems: vec![],
        open_referrals: vec![],
        expiring: vec![],
        expiring_days: 90,
        changes: vec![],
        new_evidence: vec![],
        last_talk: None,
        agreements: vec![],
        gender: None,
    };
    let html = render_brief(&brief, &Catalog::default(), Lang::Nb);
    check_page(&html, "nb");
    assert!(html.contains("data-axes=\"0\" data-shape=\"empty\""));
    assert!(html.contains(">Ingen systemer har målnivå eller vurdering ennå.</text>"));
    assert!(!html.contains("<table id=\"levels-table\">"));
    assert!(html.contains("<p>Ingenting er endret.</p>"));
    assert!(!html.contains("id=\"meanings\""));
}

#[test]
fn a_person_with_two_roles_shows_both_the_primary_first() {
    // Sofia Öhman & Berg holds two employments on 2026-11-20 (see the WLX sample).
    let html = brief_page("10025", Lang::En);
    let roles = between(&html, "<ul class=\"roles\">", "</ul>");
    assert_eq!(roles.matches("<li>").count(), 2, "{roles}");
    assert!(
        roles.starts_with("<li>Undersköterska <span class=\"code\">USK</span>, "),
        "{roles}"
    );
    assert!(
        roles.contains("SOC-SÄBO") && roles.contains("SOC-HT"),
        "{roles}"
    );
}

/// The text between the first `start` and the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in the page"))
        + start.len();
    let to = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{end:?} not after {start:?}"));
    &html[from..from + to]
}

#[test]
fn an_expiring_window_of_one_day_is_singular() {
    let r = sample();
    let catalog = r.catalog().expect("catalog");
    let cases = [
        (Lang::En, 0, "No course result expires within 0 days."),
        (Lang::En, 1, "No course result expires within 1 day."),
        (Lang::En, 2, "No course result expires within 2 days."),
        (
            Lang::Sv,
            0,
            "Inget utbildningsresultat upphör att gälla inom 0 dagar.",
        ),
        (
            Lang::Sv,
            1,
            "Inget utbildningsresultat upphör att gälla inom 1 dag.",
        ),
        (
            Lang::Sv,
            2,
            "Inget utbildningsresultat upphör att gälla inom 2 dagar.",
        ),
        (Lang::Nb, 0, "Ingen kursresultater utløper innen 0 dager."),
        (Lang::Nb, 1, "Ingen kursresultater utløper innen 1 dag."),
        (Lang::Nb, 2, "Ingen kursresultater utløper innen 2 dager."),
    ];
    for (lang, days, sentence) in cases {
        let config = BriefConfig {
            expiring_days: days,
            ..BriefConfig::new(day(2026, 11, 20))
        };
        let brief = r.brief("10031", &config).expect("brief");
        assert!(brief.expiring.is_empty(), "{days}");
        let html = render_brief(&brief, &catalog, lang);
        assert!(
            html.contains(&format!("<p>{sentence}</p>")),
            "{lang:?} {days}"
        );
        let heading = lang.labels().expiring_heading.format(u64::from(days));
        assert!(
            html.contains(&format!("<h2 id=\"h-expiring\">{heading}</h2>")),
            "{lang:?} {days}"
        );
    }
    assert_eq!(
        Lang::En.labels().expiring_heading.format(1),
        "Course results expiring within 1 day"
    );
}

#[test]
fn sofia_brief_says_no_course_for_her_group_reaches_the_target() {
    // TIMECARE 2 at Solgården: only TC-PERS (grants 1) is made for USK.
    for (lang, note) in [
        (
            Lang::En,
            "no course made for this occupational group reaches the target",
        ),
        (
            Lang::Sv,
            "ingen utbildning för den här yrkesgruppen når målnivån",
        ),
        (Lang::Nb, "ingen kurs for denne yrkesgruppen når målnivået"),
    ] {
        let html = brief_page("10025", lang);
        let gaps = html.split("gaps-table").nth(1).unwrap_or_default();
        let row = gaps
            .split("<tr data-system=\"TIMECARE\">")
            .nth(1)
            .and_then(|rest| rest.split("</tr>").next())
            .unwrap_or_else(|| panic!("no TIMECARE gap row in\n{html}"));
        assert!(row.contains("<li data-course=\"TC-PERS\">"), "{row}");
        assert!(
            row.contains(&format!("<p class=\"no-course\">{note}</p>")),
            "{row}"
        );
        assert!(!row.contains("TC-CHEF"), "{row}");
    }
}

#[test]
fn a_brief_without_a_talk_says_so_under_its_own_heading() {
    let html = brief_page("10025", Lang::Sv);
    assert!(
        html.contains("<h2 id=\"h-agreements\">Medarbetarsamtal</h2>\n<p>Inget medarbetarsamtal registrerat före den här dagen.</p>"),
        "{html}"
    );
}
