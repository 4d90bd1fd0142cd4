//! The aggregate pages of HR, managers and viewers: the units, a manager's people at a glance,
//! training demand, target groups, talk coverage, maturity and the sync run log. Each page is
//! one or two store calls as the session's actor: the store decides what the actor covers (HR
//! everyone, a manager their people, a viewer their unit) and refuses the rest; a refusal is a
//! 403 page that shows nothing of what was asked. Figures over fewer than [`MIN_GROUP`] people
//! are withheld by the store and read "fewer than 5".

use std::fmt::Write as _;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use serde::Deserialize;
use skillreg_html::escape;
use skillreg_l10n::Lang;
use skillreg_store::{Actor, By, Cell, DEFAULT_TALK_INTERVAL_MONTHS, DemandFilter, UnitScope};

use super::person::{SignedIn, ok_page, store_failure, t};
use crate::app::AppState;
use crate::pages;
use crate::session::Session;
use crate::web::html;

type Shared = State<Arc<AppState>>;

/// The smallest group whose figures a page shows.
pub(crate) const MIN_GROUP: u32 = 5;
/// How many people a unit view shows by name before it turns to occupations.
const MAX_PEOPLE: usize = 50;

/// A count as the pages show it: the number, "fewer than 5" when withheld, "–" when there is
/// nothing to count.
fn count(cell: &Cell<u64>, lang: Lang) -> String {
    match (cell.suppressed, cell.value) {
        (true, _) => withheld(lang),
        (false, Some(v)) => v.to_string(),
        (false, None) => "–".to_string(),
    }
}

/// A share as the pages show it (see [`count`]).
fn share(cell: &Cell<f64>, lang: Lang) -> String {
    match (cell.suppressed, cell.value) {
        (true, _) => withheld(lang),
        (false, Some(v)) => lang.percent(v),
        (false, None) => "–".to_string(),
    }
}

fn withheld(lang: Lang) -> String {
    format!("{} {MIN_GROUP}", lang.labels().fewer_than)
}

/// The note under a page whose figures may be withheld.
fn withheld_note(lang: Lang, n_suppressed: usize) -> String {
    let l = lang.labels();
    format!(
        "<p class=\"note\" data-min-group=\"{MIN_GROUP}\" data-suppressed=\"{n_suppressed}\">{} {}</p>\n",
        escape(
            &l.progress_suppression
                .replace("{n}", &MIN_GROUP.to_string())
        ),
        escape(&l.progress_n_withheld.format(n_suppressed as u64)),
    )
}

/// `<thead>` with `headers`.
fn head(headers: &[&str]) -> String {
    let cells: String = headers
        .iter()
        .map(|h| format!("<th scope=\"col\">{}</th>", escape(h)))
        .collect();
    format!("<thead><tr>{cells}</tr></thead>\n")
}

/// The text of a query parameter, `None` when empty.
fn given(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// `GET /units`: the units whose views the actor may open (HR every unit, a viewer theirs and
/// those below, a manager those whose people they all manage), each linking to its view.
pub async fn units(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), |r| {
            Ok((r.aggregate_units()?, r.catalog()?))
        })
        .await;
    let (units, catalog) = match read {
        Ok(x) => x,
        Err(e) => return store_failure(lang, e, "units"),
    };
    let name_of = |id: &str| {
        catalog
            .units
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    };
    let mut body = String::new();
    if units.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            escape(t(
                lang,
                "No unit whose people you all manage.",
                "Ingen enhet där du är chef för alla.",
                "Ingen enhet der du er leder for alle."
            ))
        );
    } else {
        body += "<table class=\"units\">\n";
        body += &head(&[
            t(lang, "Unit", "Enhet", "Enhet"),
            t(lang, "Id", "Id", "Id"),
            t(lang, "Part of", "Del av", "Del av"),
        ]);
        body += "<tbody>\n";
        for u in &units {
            let _ = writeln!(
                body,
                "<tr><th scope=\"row\"><a href=\"/units/{id}\">{}</a></th><td>{id}</td><td>{}</td></tr>",
                escape(&u.name),
                escape(&u.parent.as_deref().map(name_of).unwrap_or_default()),
                id = escape(&u.id),
            );
        }
        body += "</tbody>\n</table>\n";
    }
    ok_page(lang, t(lang, "Units", "Enheter", "Enheter"), &body, &bar)
}

/// `GET /team/overview`: a manager's people at a glance: the unit view over everyone they
/// manage, directly and indirectly (`skillreg unit` without a unit, as the manager); for HR
/// the whole organisation.
pub async fn team_overview(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    // HR sees everyone; anyone else asks for the people of the signed-in person, which the
    // store grants a manager and refuses a viewer or an employee.
    let scope = match &session.actor {
        Actor::Hr => UnitScope::Everyone,
        Actor::Manager(no) => UnitScope::Manager(no.clone()),
        _ => UnitScope::Manager(session.employee_no.clone()),
    };
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            let view = r.unit_view(scope, r.today(), MAX_PEOPLE, MIN_GROUP)?;
            Ok((view, r.catalog()?))
        })
        .await;
    match read {
        Ok((view, catalog)) => html(
            StatusCode::OK,
            skillreg_html::render_unit_with(&view, &catalog, lang, pages::linked(&bar)),
        ),
        Err(e) => store_failure(lang, e, "people overview"),
    }
}

/// The demand page's query: the CLI's filters (`unit`, `occupation`, `manager`, and
/// `by=gender`, which the store lets only HR ask for over small groups).
#[derive(Debug, Deserialize)]
pub struct DemandQuery {
    unit: Option<String>,
    occupation: Option<String>,
    manager: Option<String>,
    by: Option<String>,
}

/// The filter form above the demand page.
fn demand_form(session: &Session, filter: &DemandFilter) -> String {
    let lang = session.lang;
    let v = |x: &Option<String>| escape(x.as_deref().unwrap_or_default()).to_string();
    let mut form = format!(
        "<form class=\"filters\" method=\"get\" action=\"/demand\"><p>\
         <label for=\"f-unit\">{}</label> <input id=\"f-unit\" name=\"unit\" value=\"{}\"> \
         <label for=\"f-occupation\">{}</label> <input id=\"f-occupation\" name=\"occupation\" value=\"{}\"> ",
        escape(t(lang, "Unit", "Enhet", "Enhet")),
        v(&filter.unit),
        escape(t(lang, "Occupation", "Yrkesgrupp", "Yrkesgruppe")),
        v(&filter.occupation),
    );
    if session.actor == Actor::Hr {
        let _ = write!(
            form,
            "<label for=\"f-manager\">{}</label> <input id=\"f-manager\" name=\"manager\" value=\"{}\"> \
             <label for=\"f-by\">{}</label> <input id=\"f-by\" type=\"checkbox\" name=\"by\" value=\"gender\"{}> ",
            escape(t(
                lang,
                "Manager's people",
                "Chefens medarbetare",
                "Lederens medarbeidere"
            )),
            v(&filter.manager),
            escape(t(lang, "By gender", "Per kön", "Per kjønn")),
            if filter.by.is_some() { " checked" } else { "" },
        );
    }
    let _ = writeln!(
        form,
        "<button type=\"submit\">{}</button></p></form>",
        escape(t(lang, "Show", "Visa", "Vis"))
    );
    form
}

/// `GET /demand?unit=&occupation=&manager=&by=gender`: training demand over what the actor
/// covers (HR everyone or the filter, a manager their people, a viewer their unit).
pub async fn demand(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Query(query): Query<DemandQuery>,
) -> Response {
    let lang = session.lang;
    let filter = DemandFilter {
        unit: given(query.unit),
        occupation: given(query.occupation),
        group: None,
        manager: given(query.manager),
        by: given(query.by)
            .filter(|b| b == "gender")
            .map(|_| By::Gender),
    };
    let header = format!("{bar}{}", demand_form(&session, &filter));
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            Ok((r.demand(&filter, r.today(), MIN_GROUP)?, r.catalog()?))
        })
        .await;
    match read {
        Ok((demand, catalog)) => html(
            StatusCode::OK,
            skillreg_html::render_demand_with(&demand, &catalog, lang, pages::linked(&header)),
        ),
        Err(e) => store_failure(lang, e, "demand"),
    }
}

/// `GET /groups`: the target groups: people, the latest round's response, at target, gaps and
/// gaps no course made for the group reaches.
pub async fn groups(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), |r| {
            r.groups(r.today(), MIN_GROUP)
        })
        .await;
    let report = match read {
        Ok(x) => x,
        Err(e) => return store_failure(lang, e, "groups"),
    };
    let mut body = format!(
        "<p class=\"subtitle\">{} {}</p>\n",
        escape(lang.labels().as_of),
        escape(&lang.date(report.as_of))
    );
    if report.groups.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            escape(t(
                lang,
                "The catalog lists no target groups.",
                "Katalogen har inga målgrupper.",
                "Katalogen har ingen målgrupper."
            ))
        );
    } else {
        body += "<table class=\"groups\">\n";
        body += &head(&[
            t(lang, "Phase", "Etapp", "Fase"),
            t(lang, "Group", "Målgrupp", "Målgruppe"),
            t(lang, "Occupations", "Yrkesgrupper", "Yrkesgrupper"),
            t(lang, "Units", "Enheter", "Enheter"),
            t(lang, "People", "Personer", "Personer"),
            t(lang, "Latest round", "Senaste omgång", "Siste runde"),
            t(lang, "Answered", "Har svarat", "Har svart"),
            t(lang, "With a target", "Med målnivå", "Med målnivå"),
            t(
                lang,
                "At every target",
                "Når alla målnivåer",
                "Når alle målnivåer",
            ),
            t(lang, "Share", "Andel", "Andel"),
            t(
                lang,
                "With a gap",
                "Med utvecklingsbehov",
                "Med utviklingsbehov",
            ),
            t(
                lang,
                "No course for the group",
                "Ingen utbildning för gruppen",
                "Ingen kurs for gruppen",
            ),
        ]);
        body += "<tbody>\n";
        for g in &report.groups {
            let (round, answered) = match &g.latest_round {
                Some(r) => (
                    format!("{} – {}", lang.date(r.opened), lang.date(r.closes)),
                    format!(
                        "{} / {}",
                        count(&r.n_answered, lang),
                        count(&r.n_asked, lang)
                    ),
                ),
                None => ("–".to_string(), "–".to_string()),
            };
            let units = if g.units.is_empty() {
                t(lang, "all units", "alla enheter", "alle enheter").to_string()
            } else {
                g.units.join(", ")
            };
            let _ = writeln!(
                body,
                "<tr data-group=\"{code}\"><td class=\"num\">{}</td><th scope=\"row\">{} <span class=\"code\">{code}</span></th><td>{}</td><td>{}</td>\
                 <td class=\"num\" data-people>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                g.phase,
                escape(&g.name),
                escape(&g.occupations.join(", ")),
                escape(&units),
                escape(&count(&g.n_people, lang)),
                escape(&round),
                escape(&answered),
                escape(&count(&g.n_with_target, lang)),
                escape(&count(&g.n_at_target, lang)),
                escape(&share(&g.share_at_target, lang)),
                escape(&count(&g.n_with_gaps, lang)),
                escape(&count(&g.n_without_course, lang)),
                code = escape(&g.code),
            );
        }
        body += "</tbody>\n</table>\n";
    }
    body += &withheld_note(lang, report.suppression.n_suppressed);
    ok_page(
        lang,
        t(lang, "Target groups", "Målgrupper", "Målgrupper"),
        &body,
        &bar,
    )
}

/// `GET /talks/coverage`: per unit, the people who had an appraisal talk within the standard
/// interval.
pub async fn talk_coverage(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), |r| {
            r.talk_coverage(r.today(), DEFAULT_TALK_INTERVAL_MONTHS, MIN_GROUP)
        })
        .await;
    let coverage = match read {
        Ok(x) => x,
        Err(e) => return store_failure(lang, e, "talk coverage"),
    };
    let mut body = format!(
        "<p class=\"subtitle\">{} {} · {}</p>\n<table class=\"coverage\">\n",
        escape(lang.labels().as_of),
        escape(&lang.date(coverage.as_of)),
        escape(
            &t(
                lang,
                "A talk within the last {m} months",
                "Ett samtal under de senaste {m} månaderna",
                "En samtale i løpet av de siste {m} månedene"
            )
            .replace("{m}", &coverage.interval_months.to_string())
        ),
    );
    body += &head(&[
        t(lang, "Unit", "Enhet", "Enhet"),
        t(lang, "People", "Personer", "Personer"),
        t(lang, "With a talk", "Med samtal", "Med samtale"),
        t(lang, "Share", "Andel", "Andel"),
    ]);
    body += "<tbody>\n";
    for u in &coverage.units {
        // The first row, with no unit, is everyone the actor covers.
        let name = if u.unit.is_empty() {
            t(lang, "Everyone", "Alla", "Alle")
        } else {
            u.name.as_str()
        };
        let _ = writeln!(
            body,
            "<tr data-unit=\"{}\"><th scope=\"row\">{}</th><td class=\"num\" data-people>{}</td><td class=\"num\" data-talked>{}</td><td class=\"num\">{}</td></tr>",
            escape(&u.unit),
            escape(name),
            escape(&count(&u.n_people, lang)),
            escape(&count(&u.n_with_talk, lang)),
            escape(&share(&u.share_with_talk, lang)),
        );
    }
    body += "</tbody>\n</table>\n";
    body += &withheld_note(lang, coverage.suppression.n_suppressed);
    ok_page(
        lang,
        t(
            lang,
            "Appraisal talk coverage",
            "Medarbetarsamtal: täckning",
            "Medarbeidersamtaler: dekning",
        ),
        &body,
        &bar,
    )
}

/// The maturity page's query: the two days and the unit (default: everyone the actor covers).
#[derive(Debug, Deserialize)]
pub struct MaturityQuery {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    unit: Option<String>,
}

/// `GET /maturity?from=&to=&unit=`: the maturity report of the configured framework (its
/// latest version held) with a radar per unit; without `maturity_framework` in the config,
/// the frameworks the registry holds answers to.
pub async fn maturity(
    State(state): Shared,
    SignedIn(session, bar): SignedIn,
    Query(query): Query<MaturityQuery>,
) -> Response {
    let lang = session.lang;
    let wanted = state.maturity_framework.clone();
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), move |r| {
            let held = r.maturity_frameworks()?;
            let Some(id) = wanted else {
                return Ok(Err((None, held)));
            };
            let Some(framework) = held.iter().rev().find(|f| f.id == id).cloned() else {
                return Ok(Err((Some(id), held)));
            };
            let to = query.to.unwrap_or(r.today());
            let from = query
                .from
                .or_else(|| NaiveDate::from_ymd_opt(chrono::Datelike::year(&to), 1, 1))
                .unwrap_or(to);
            let unit = given(query.unit);
            Ok(Ok(r.maturity_report(
                &framework,
                unit.as_deref(),
                from,
                to,
                MIN_GROUP,
            )?))
        })
        .await;
    let (missing, held) = match read {
        Ok(Ok(report)) => {
            return html(
                StatusCode::OK,
                skillreg_html::render_maturity_with(&report, lang, pages::linked(&bar)),
            );
        }
        Ok(Err(x)) => x,
        Err(e) => return store_failure(lang, e, "maturity"),
    };
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<p>{}</p>",
        escape(&match &missing {
            Some(id) => t(
                lang,
                "The registry holds no answers to maturity framework {id}.",
                "Registret har inga svar för mognadsmodellen {id}.",
                "Registeret har ingen svar for modenhetsmodellen {id}."
            )
            .replace("{id}", id),
            None => t(
                lang,
                "No maturity framework is chosen for this page (maturity_framework in the server's configuration). The registry holds answers to these:",
                "Ingen mognadsmodell är vald för sidan (maturity_framework i serverns konfiguration). Registret har svar för dessa:",
                "Ingen modenhetsmodell er valgt for siden (maturity_framework i serverens konfigurasjon). Registeret har svar for disse:"
            )
            .to_string(),
        })
    );
    if held.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            escape(t(
                lang,
                "No maturity answers have been imported yet.",
                "Inga svar om digital mognad har lästs in ännu.",
                "Ingen svar om digital modenhet er lest inn ennå."
            ))
        );
    } else {
        body += "<table class=\"frameworks\">\n";
        body += &head(&[
            t(lang, "Id", "Id", "Id"),
            t(lang, "Version", "Version", "Versjon"),
            t(lang, "Name", "Namn", "Navn"),
            t(lang, "Capabilities", "Förmågor", "Kapabiliteter"),
        ]);
        body += "<tbody>\n";
        for f in &held {
            let _ = writeln!(
                body,
                "<tr data-framework=\"{id}\"><th scope=\"row\">{id}</th><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
                escape(&f.version),
                escape(&f.name),
                f.capabilities.len(),
                id = escape(&f.id),
            );
        }
        body += "</tbody>\n</table>\n";
    }
    let status = if missing.is_some() {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    html(
        status,
        pages::page(
            lang,
            t(
                lang,
                "Digital maturity",
                "Digital mognad",
                "Digital modenhet",
            ),
            &body,
            &bar,
        ),
    )
}

/// `GET /runs`: the sync run log, newest first (HR).
pub async fn runs(State(state): Shared, SignedIn(session, bar): SignedIn) -> Response {
    let lang = session.lang;
    let read = state
        .pool
        .run(session.actor.clone(), session.via(), |r| r.runs())
        .await;
    let runs = match read {
        Ok(x) => x,
        Err(e) => return store_failure(lang, e, "run log"),
    };
    let mut body = String::from("<table class=\"runs\">\n");
    body += &head(&[
        "#",
        t(lang, "Source", "Källa", "Kilde"),
        t(lang, "Input", "Indata", "Inndata"),
        t(lang, "Started (UTC)", "Startad (UTC)", "Startet (UTC)"),
        t(lang, "Result", "Resultat", "Resultat"),
        t(lang, "Created", "Nya", "Nye"),
        t(lang, "Updated", "Ändrade", "Endret"),
        t(lang, "Terminated", "Avslutade", "Avsluttet"),
        t(lang, "Reactivated", "Återaktiverade", "Gjenaktivert"),
        t(lang, "Evidence", "Underlag", "Grunnlag"),
        t(lang, "Warnings", "Varningar", "Advarsler"),
        t(lang, "Message", "Meddelande", "Melding"),
    ]);
    body += "<tbody>\n";
    for run in &runs {
        let _ = write!(
            body,
            "<tr data-run=\"{}\"><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
            run.id,
            run.id,
            escape(&run.source),
            escape(run.input.as_deref().unwrap_or_default()),
            escape(&run.started_at),
            escape(outcome(lang, &run.outcome)),
        );
        for n in run.counts {
            let _ = write!(body, "<td class=\"num\">{n}</td>");
        }
        let _ = writeln!(
            body,
            "<td class=\"num\">{}</td><td>{}</td></tr>",
            run.n_warnings,
            escape(run.message.as_deref().unwrap_or_default())
        );
    }
    body += "</tbody>\n</table>\n";
    if runs.is_empty() {
        let _ = writeln!(
            body,
            "<p>{}</p>",
            escape(t(
                lang,
                "No sync has run yet.",
                "Ingen synkronisering har körts ännu.",
                "Ingen synkronisering er kjørt ennå."
            ))
        );
    }
    ok_page(
        lang,
        t(
            lang,
            "Sync run log",
            "Synkroniseringslogg",
            "Synkroniseringslogg",
        ),
        &body,
        &bar,
    )
}

/// A run's outcome in words.
fn outcome(lang: Lang, outcome: &str) -> &str {
    match outcome {
        "applied" => t(lang, "applied", "genomförd", "gjennomført"),
        "dry_run" => t(lang, "dry run", "provkörning", "prøvekjøring"),
        "refused" => t(lang, "refused", "nekad", "avvist"),
        "guard_tripped" => t(
            lang,
            "stopped by a guard",
            "stoppad av en spärr",
            "stoppet av en sperre",
        ),
        "failed" => t(lang, "failed", "misslyckades", "mislyktes"),
        other => other,
    }
}
