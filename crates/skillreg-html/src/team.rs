//! The team matrix page: people × systems, coloured and marked by gap.

use std::fmt::Write as _;

use chrono::NaiveDate;
use skillreg_core::view::{Cell, Profile, Suppressor};
use skillreg_core::{Catalog, CurrentSource, Level, Standing};
use skillreg_l10n::Lang;

use crate::escape::Escaped;
use crate::page::{PageAssets, document, document_with};

/// Settings of the team page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamConfig {
    /// The day the profiles describe.
    pub as_of: NaiveDate,
    /// The smallest group whose figures are shown (docs/src/reports.md#suppression: default 5), by the rule
    /// of [`skillreg_core::view::Suppressor`].
    pub min_group: usize,
    /// Shown under the title, e.g. the manager or unit the team belongs to.
    pub subtitle: Option<String>,
}

impl TeamConfig {
    /// Defaults for `as_of`: groups of at least 5, no subtitle.
    pub fn new(as_of: NaiveDate) -> TeamConfig {
        TeamConfig {
            as_of,
            min_group: 5,
            subtitle: None,
        }
    }
}

/// Sorts the matrix by a column when its heading is pressed. The page reads the same without
/// it: the buttons and the hint only appear when the script runs.
pub const SORT_SCRIPT: &str = r#"
(function () {
  var table = document.getElementById("team-table");
  if (!table || !table.tHead || !table.tBodies.length) return;
  var heads = table.tHead.rows[0].cells;
  var lang = document.documentElement.lang;
  function key(row, i) {
    var cell = row.cells[i];
    var v = cell && cell.getAttribute("data-sort");
    return v === null || v === undefined ? (cell ? cell.textContent.trim() : "") : v;
  }
  function sortBy(i) {
    var th = heads[i];
    var asc = th.getAttribute("aria-sort") !== "ascending";
    for (var j = 0; j < heads.length; j++) heads[j].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, i), y = key(b, i), nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, lang);
      return asc ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(heads, function (th, i) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "sort";
    while (th.firstChild) b.appendChild(th.firstChild);
    th.appendChild(b);
    b.addEventListener("click", function () { sortBy(i); });
  });
  var hint = document.getElementById("sort-hint");
  if (hint) hint.hidden = false;
})();
"#;

/// The team overview as a self-contained HTML page in `lang`: one row per person in `team`,
/// one column per system that matters to anyone in it (catalog order), each cell showing
/// current / target level with a symbol (✓ reached, ▲n levels missing, s self-assessed only)
/// as well as a colour; the last row counts, per system, the people at or above their target
/// among those with one. The counts follow the one suppression rule of every aggregate
/// ([`skillreg_core::view::Suppressor`] with groups of `config.min_group`): a count of 1 to
/// `min_group - 1` people reads "fewer than N" (class `suppressed`), so "2 of 6" reads
/// "fewer than 5 of 6", and the page says how many figures it withheld.
///
/// The rows name individuals: pass only the people the reader may see (a manager's reports).
pub fn render_team(team: &[Profile], catalog: &Catalog, lang: Lang, config: &TeamConfig) -> String {
    render_team_with(team, catalog, lang, config, PageAssets::Inline)
}

/// [`render_team`] with its style sheet and script from `assets`: with
/// [`PageAssets::Linked`] the page holds no inline style or script, and the caller serves
/// [`SORT_SCRIPT`] as a file and names it in the header (`<script src=... defer>`).
///
/// ```
/// use skillreg_html::{PageAssets, TeamConfig, render_team_with};
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).ok_or("date")?;
/// let assets = PageAssets::Linked { stylesheet: "/s.css", header: "" };
/// let page = render_team_with(&[], &Default::default(), skillreg_html::Lang::En, &TeamConfig::new(day), assets);
/// assert!(!page.contains("<script>") && !page.contains("<style>"));
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_team_with(
    team: &[Profile],
    catalog: &Catalog,
    lang: Lang,
    config: &TeamConfig,
    assets: PageAssets<'_>,
) -> String {
    let linked = matches!(assets, PageAssets::Linked { .. });
    let finish = |body: &str, script: Option<&str>| {
        if linked {
            document_with(lang, lang.labels().team_title, body, assets)
        } else {
            document(lang, lang.labels().team_title, body, script)
        }
    };
    let l = lang.labels();
    let systems = team_systems(team, catalog);
    let mut body = String::new();
    page_header(
        &mut body,
        lang,
        l.team_title,
        config.subtitle.as_deref(),
        config.as_of,
    );
    if team.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", Escaped(l.no_people));
        return finish(&body, None);
    }
    matrix_head(
        &mut body,
        lang,
        "team-table",
        "team",
        l.col_employee,
        &systems,
    );
    for p in team {
        person_row(
            &mut body,
            lang,
            &p.employee.employee_no,
            &p.employee.full_name(),
            &systems,
            &p.systems,
        );
    }
    matrix_foot_start(&mut body, lang);
    let mut suppressor = Suppressor::new(u32::try_from(config.min_group).unwrap_or(u32::MAX));
    for (code, _) in &systems {
        let with_target: Vec<&Standing> = team
            .iter()
            .filter_map(|p| p.systems.iter().find(|s| s.system == *code))
            .filter(|s| s.target.is_some())
            .collect();
        let n_with_target = with_target.len() as u64;
        let n_at_target = with_target.iter().filter(|s| s.gap == 0).count() as u64;
        let total = Total::new(
            suppressor.count(n_with_target),
            suppressor.count_within(n_at_target, n_with_target),
        );
        body.push_str(&total_cell(code, total, lang, config.min_group));
    }
    body.push_str("</tr></tfoot>\n</table>\n");
    legend(&mut body, lang);
    suppressed_note(&mut body, lang, config.min_group);
    withheld_note(&mut body, lang, suppressor.n_suppressed());
    finish(&body, Some(SORT_SCRIPT))
}

/// The title, the subtitle (if any) and the day, as the page's header.
pub(crate) fn page_header(
    body: &mut String,
    lang: Lang,
    title: &str,
    subtitle: Option<&str>,
    as_of: NaiveDate,
) {
    let l = lang.labels();
    let _ = write!(
        body,
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">",
        Escaped(title)
    );
    if let Some(sub) = subtitle {
        let _ = write!(body, "{} · ", Escaped(sub));
    }
    let _ = write!(
        body,
        "{} {}</p>\n</header>\n",
        Escaped(l.as_of),
        Escaped(&lang.date(as_of))
    );
}

/// The sort hint, the table start and the heading row (first column `first`, one per system),
/// up to the opening `<tbody>`.
pub(crate) fn matrix_head(
    body: &mut String,
    lang: Lang,
    id: &str,
    class: &str,
    first: &str,
    systems: &[(String, String)],
) {
    let l = lang.labels();
    let _ = writeln!(
        body,
        "<p id=\"sort-hint\" class=\"note sort-hint\" hidden>{}</p>",
        Escaped(l.sort_hint)
    );
    let _ = write!(
        body,
        "<table id=\"{}\" class=\"{}\">\n<thead><tr>",
        Escaped(id),
        Escaped(class)
    );
    let _ = write!(body, "<th scope=\"col\">{}</th>", Escaped(first));
    for (code, name) in systems {
        let _ = write!(
            body,
            "<th scope=\"col\" class=\"num\" data-system=\"{}\">{}<br><span class=\"code\">{}</span></th>",
            Escaped(code),
            Escaped(name),
            Escaped(code)
        );
    }
    body.push_str("</tr></thead>\n<tbody>\n");
}

/// One person's row: name and number, then one cell per system.
pub(crate) fn person_row(
    body: &mut String,
    lang: Lang,
    employee_no: &str,
    name: &str,
    systems: &[(String, String)],
    standings: &[Standing],
) {
    let _ = write!(
        body,
        "<tr data-employee=\"{}\"><th scope=\"row\" data-sort=\"{}\">{} <span class=\"code\">{}</span></th>",
        Escaped(employee_no),
        Escaped(name),
        Escaped(name),
        Escaped(employee_no)
    );
    for (code, _) in systems {
        body.push_str(&cell(standings.iter().find(|s| s.system == *code), lang));
    }
    body.push_str("</tr>\n");
}

/// Closes the body and opens the footer row of per-system totals.
pub(crate) fn matrix_foot_start(body: &mut String, lang: Lang) {
    body.push_str("</tbody>\n<tfoot><tr>");
    let _ = write!(
        body,
        "<th scope=\"row\">{}</th>",
        Escaped(lang.labels().at_target)
    );
}

/// A per-system total under the matrix: the people at or above target of those with one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Total {
    /// Nobody has a target.
    Nobody,
    /// Over too few people to show.
    Suppressed,
    /// `at` (`None`: withheld, 1 to `min_group - 1` people) of `with` people.
    Shown { at: Option<u64>, with: u64 },
}

impl Total {
    /// The total of the people with a target and those at target among them, as the store's
    /// [`Suppressor`] left them.
    pub(crate) fn new(with: Cell<u64>, at: Cell<u64>) -> Total {
        match with.value {
            _ if with.suppressed => Total::Suppressed,
            Some(with) if with > 0 => Total::Shown {
                at: at.value.filter(|_| !at.suppressed),
                with,
            },
            _ => Total::Nobody,
        }
    }
}

/// The footer cell of one system.
pub(crate) fn total_cell(code: &str, total: Total, lang: Lang, min_group: usize) -> String {
    let l = lang.labels();
    match total {
        Total::Nobody => "<td class=\"num\">–</td>".to_string(),
        Total::Suppressed => format!(
            "<td class=\"num suppressed\" data-system=\"{}\">{} {}</td>",
            Escaped(code),
            Escaped(l.fewer_than),
            min_group
        ),
        Total::Shown { at: None, with } => format!(
            "<td class=\"num suppressed\" data-system=\"{}\" data-with-target=\"{with}\">{} {min_group} {} {with}</td>",
            Escaped(code),
            Escaped(l.fewer_than),
            Escaped(l.of)
        ),
        Total::Shown { at: Some(at), with } => format!(
            "<td class=\"num\" data-system=\"{}\" data-at-target=\"{at}\" data-with-target=\"{with}\">{at} {} {with}</td>",
            Escaped(code),
            Escaped(l.of)
        ),
    }
}

/// The legend of the people matrix.
pub(crate) fn legend(body: &mut String, lang: Lang) {
    let l = lang.labels();
    let _ = write!(
        body,
        "<ul class=\"legend team-legend\">\n<li><span class=\"sym\">2 / 3</span>&nbsp;{}</li>\n\
         <li><span class=\"sym\">✓</span>&nbsp;{}</li>\n<li><span class=\"sym\">▲1</span>&nbsp;{}</li>\n\
         <li><span class=\"sym\">s</span>&nbsp;{}</li>\n<li><span class=\"sym\">–</span>&nbsp;{} / {}</li>\n</ul>\n",
        Escaped(l.cell_reads),
        Escaped(l.sym_met),
        Escaped(l.sym_gap),
        Escaped(l.sym_self),
        Escaped(l.not_assessed),
        Escaped(l.sym_no_target),
    );
}

/// The note on what "fewer than N" means.
pub(crate) fn suppressed_note(body: &mut String, lang: Lang, min_group: usize) {
    let l = lang.labels();
    let _ = writeln!(
        body,
        "<p class=\"note\">{} {}: {}</p>",
        Escaped(l.fewer_than),
        min_group,
        Escaped(l.suppressed_note)
    );
}

/// How many figures the page withheld.
pub(crate) fn withheld_note(body: &mut String, lang: Lang, n_suppressed: usize) {
    let _ = writeln!(
        body,
        "<p class=\"note withheld\">{}: <span class=\"n-suppressed\">{n_suppressed}</span></p>",
        Escaped(lang.labels().n_withheld),
    );
}

/// The sorting script for the table with id `table_id`.
pub(crate) fn sort_script(table_id: &str) -> String {
    SORT_SCRIPT.replace("\"team-table\"", &format!("\"{table_id}\""))
}

/// The systems that matter to anyone in `team`: catalog order first, then unknown codes.
fn team_systems(team: &[Profile], catalog: &Catalog) -> Vec<(String, String)> {
    named_systems(
        team.iter()
            .flat_map(|p| p.systems.iter().map(|s| s.system.as_str())),
        catalog,
    )
}

/// `codes` with their names: catalog order first, then unknown codes (named by their code).
pub(crate) fn named_systems<'a>(
    codes: impl IntoIterator<Item = &'a str>,
    catalog: &Catalog,
) -> Vec<(String, String)> {
    let mut codes: Vec<&str> = codes.into_iter().collect();
    codes.sort_unstable();
    codes.dedup();
    let mut out: Vec<(String, String)> = catalog
        .systems
        .iter()
        .filter(|s| codes.binary_search(&s.code.as_str()).is_ok())
        .map(|s| (s.code.clone(), s.name.clone()))
        .collect();
    for code in codes {
        if !out.iter().any(|(c, _)| c == code) {
            out.push((code.to_string(), code.to_string()));
        }
    }
    out
}

pub(crate) fn short(level: Option<Level>) -> String {
    level.map_or_else(|| "–".to_string(), |l| l.number().to_string())
}

/// One matrix cell: class by gap, a compact visible text, and a full text for screen readers.
pub(crate) fn cell(standing: Option<&Standing>, lang: Lang) -> String {
    let l = lang.labels();
    let Some(s) = standing else {
        return format!(
            "<td class=\"cell no-target\" data-sort=\"-1\"><span aria-hidden=\"true\">–</span><span class=\"vh\">{}</span></td>",
            Escaped(l.sym_no_target)
        );
    };
    let (class, symbol) = match (s.target, s.gap) {
        (None, _) => ("no-target", String::new()),
        (Some(_), 0) => ("met", "✓".to_string()),
        (Some(_), 1) => ("gap-1", "▲1".to_string()),
        (Some(_), n) => ("gap-2", format!("▲{n}")),
    };
    let self_mark = if s.current_source == CurrentSource::SelfAssessed {
        "s"
    } else {
        ""
    };
    let source = match s.current_source {
        CurrentSource::Confirmed => format!(" ({})", l.source_confirmed),
        CurrentSource::SelfAssessed => format!(" ({})", l.source_self),
        CurrentSource::None => String::new(),
    };
    let target = match s.target {
        Some(_) => lang.level(s.target),
        None => l.no_target.to_string(),
    };
    let full = format!(
        "{}: {}{source}; {}: {target}; {}: {}",
        l.col_current,
        lang.level(s.current),
        l.col_target,
        l.col_gap,
        s.gap
    );
    let sort = if s.target.is_some() {
        i32::from(s.gap)
    } else {
        -1
    };
    format!(
        "<td class=\"cell {class}\" data-system=\"{}\" data-gap=\"{}\" data-sort=\"{sort}\"><span aria-hidden=\"true\">{}{self_mark} / {} <span class=\"sym\">{symbol}</span></span><span class=\"vh\">{}</span></td>",
        Escaped(&s.system),
        s.gap,
        short(s.current),
        short(s.target),
        Escaped(&full)
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use skillreg_core::sync::SyncConfig;
    use skillreg_store::{Registry, Scope};

    use super::*;

    /// Everyone active in the sample on 2026-11-20 as one team: 7 people.
    fn sample_page(min_group: usize) -> String {
        let mut registry = Registry::open_in_memory(skillreg_store::Actor::Hr).unwrap();
        let sample = include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../fixtures/winlas/sample-export.xml"
        ));
        let mut export = skillreg_wlx::WlxReader::with_file_name(&sample[..], "sample").unwrap();
        registry
            .sync(&mut export, "sample", &SyncConfig::default())
            .unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let team = registry.team(&Scope::All, day).unwrap();
        let config = TeamConfig {
            min_group,
            ..TeamConfig::new(day)
        };
        render_team(&team, &registry.catalog().unwrap(), Lang::En, &config)
    }

    #[test]
    fn the_totals_follow_the_one_suppression_rule() {
        // With a target / at it: LIFECARE 6 / 2 (10001, 10023), O365 7 / 3 (10023, 10025,
        // 10040), PMO 1 / 1 (10040), TIMECARE 5 / 3 (10001, 10024, 10030). With groups of 5
        // each count at target is 1 to 4 and withheld, PMO's group too: 5 figures.
        let html = sample_page(5);
        for (system, with) in [("LIFECARE", 6), ("O365", 7), ("TIMECARE", 5)] {
            assert!(
                html.contains(&format!(
                    "<td class=\"num suppressed\" data-system=\"{system}\" data-with-target=\"{with}\">fewer than 5 of {with}</td>"
                )),
                "{system}"
            );
        }
        assert!(
            html.contains("<td class=\"num suppressed\" data-system=\"PMO\">fewer than 5</td>")
        );
        assert!(!html.contains("data-at-target"));
        assert!(html.contains("Figures withheld: <span class=\"n-suppressed\">5</span>"));
        // With groups of 3, the counts of 3 show.
        let html = sample_page(3);
        assert!(html.contains(
            "<td class=\"num\" data-system=\"O365\" data-at-target=\"3\" data-with-target=\"7\">3 of 7</td>"
        ));
        assert!(html.contains(
            "<td class=\"num suppressed\" data-system=\"LIFECARE\" data-with-target=\"6\">fewer than 3 of 6</td>"
        ));
        assert!(html.contains("Figures withheld: <span class=\"n-suppressed\">3</span>"));
    }
}
