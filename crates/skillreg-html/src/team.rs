//! The team matrix page: people × systems, coloured and marked by gap.

use std::fmt::Write as _;

use chrono::NaiveDate;
use skillreg_core::{Catalog, CurrentSource, Level, Standing};
use skillreg_store::Profile;

use crate::escape::Escaped;
use crate::lang::Lang;
use crate::page::document;

/// Settings of the team page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamConfig {
    /// The day the profiles describe.
    pub as_of: NaiveDate,
    /// A count over fewer people than this is suppressed (DOMAIN.md, Privacy: default 5).
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
const SORT_SCRIPT: &str = r#"
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
/// among those with one, suppressed ("fewer than N", class `suppressed`) when that is fewer
/// than `config.min_group` people.
///
/// The rows name individuals: pass only the people the reader may see (a manager's reports).
pub fn render_team(team: &[Profile], catalog: &Catalog, lang: Lang, config: &TeamConfig) -> String {
    let l = lang.labels();
    let systems = team_systems(team, catalog);
    let mut body = String::new();
    let _ = write!(
        body,
        "<header>\n<h1>{}</h1>\n<p class=\"subtitle\">",
        Escaped(l.team_title)
    );
    if let Some(sub) = &config.subtitle {
        let _ = write!(body, "{} · ", Escaped(sub));
    }
    let _ = write!(
        body,
        "{} {}</p>\n</header>\n",
        Escaped(l.as_of),
        Escaped(&lang.date(config.as_of))
    );
    if team.is_empty() {
        let _ = writeln!(body, "<p>{}</p>", Escaped(l.no_people));
        return document(lang, l.team_title, &body, None);
    }
    let _ = writeln!(
        body,
        "<p id=\"sort-hint\" class=\"note sort-hint\" hidden>{}</p>",
        Escaped(l.sort_hint)
    );
    body.push_str("<table id=\"team-table\" class=\"team\">\n<thead><tr>");
    let _ = write!(body, "<th scope=\"col\">{}</th>", Escaped(l.col_employee));
    for (code, name) in &systems {
        let _ = write!(
            body,
            "<th scope=\"col\" class=\"num\" data-system=\"{}\">{}<br><span class=\"code\">{}</span></th>",
            Escaped(code),
            Escaped(name),
            Escaped(code)
        );
    }
    body.push_str("</tr></thead>\n<tbody>\n");
    for p in team {
        let _ = write!(
            body,
            "<tr data-employee=\"{}\"><th scope=\"row\" data-sort=\"{}\">{} <span class=\"code\">{}</span></th>",
            Escaped(&p.employee.employee_no),
            Escaped(&p.employee.full_name()),
            Escaped(&p.employee.full_name()),
            Escaped(&p.employee.employee_no)
        );
        for (code, _) in &systems {
            body.push_str(&cell(p.systems.iter().find(|s| s.system == *code), lang));
        }
        body.push_str("</tr>\n");
    }
    body.push_str("</tbody>\n<tfoot><tr>");
    let _ = write!(body, "<th scope=\"row\">{}</th>", Escaped(l.at_target));
    for (code, _) in &systems {
        let with_target: Vec<&Standing> = team
            .iter()
            .filter_map(|p| p.systems.iter().find(|s| s.system == *code))
            .filter(|s| s.target.is_some())
            .collect();
        let n_with_target = with_target.len();
        let n_at_target = with_target.iter().filter(|s| s.gap == 0).count();
        if n_with_target == 0 {
            body.push_str("<td class=\"num\">–</td>");
        } else if n_with_target < config.min_group {
            let _ = write!(
                body,
                "<td class=\"num suppressed\" data-system=\"{}\">{} {}</td>",
                Escaped(code),
                Escaped(l.fewer_than),
                config.min_group
            );
        } else {
            let _ = write!(
                body,
                "<td class=\"num\" data-system=\"{}\" data-at-target=\"{n_at_target}\" data-with-target=\"{n_with_target}\">{n_at_target} {} {n_with_target}</td>",
                Escaped(code),
                Escaped(l.of)
            );
        }
    }
    body.push_str("</tr></tfoot>\n</table>\n");
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
    let _ = writeln!(
        body,
        "<p class=\"note\">{} {}: {}</p>",
        Escaped(l.fewer_than),
        config.min_group,
        Escaped(l.suppressed_note)
    );
    document(lang, l.team_title, &body, Some(SORT_SCRIPT))
}

/// The systems that matter to anyone in `team`: catalog order first, then unknown codes.
fn team_systems(team: &[Profile], catalog: &Catalog) -> Vec<(String, String)> {
    let mut codes: Vec<&str> = team
        .iter()
        .flat_map(|p| p.systems.iter().map(|s| s.system.as_str()))
        .collect();
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

fn short(level: Option<Level>) -> String {
    level.map_or_else(|| "–".to_string(), |l| l.number().to_string())
}

/// One matrix cell: class by gap, a compact visible text, and a full text for screen readers.
fn cell(standing: Option<&Standing>, lang: Lang) -> String {
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
