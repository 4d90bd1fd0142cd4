//! The HTTP API under load (`/api/v1/`), in the same run and over the same registry as the
//! pages: 32 managers and HR hold service tokens made in the setup; wrk with `api.lua` sends each
//! request with the next line's token. Measured: a person's brief as JSON at 32 connections,
//! saturated (throughput) and paced as the pages' brief is (latency at the rate the target
//! names), and a team's gaps as JSON (`?manager=NO&limit=1000`, one page of up to 1,000 rows)
//! one and two at a time.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{Connection, params};
use skillreg_store::{Actor, BriefConfig, Registry, Scope, TokenSpec};

use crate::support::{Wrk, percentile, ratio, secs};
use crate::{Report, cpu_time, verdict};

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// What the API's measures need from the run around them.
pub struct Setting<'a> {
    pub db: &'a Path,
    pub dir: &'a Path,
    pub origin: &'a str,
    pub root: PathBuf,
    pub managers: &'a [(String, usize)],
    pub today: chrono::NaiveDate,
    pub connections: usize,
    pub team_connections: usize,
    pub seconds: u64,
    pub pace_ms: u64,
    pub pid: u32,
    pub ticks: f64,
    /// The library's brief of an employee's own, in process, p50 (for a ratio).
    pub lib_brief_p50: Duration,
}

/// The people each manager manages directly on `today`, in employee-number order.
pub fn reports_of(db: &Path, manager: &str, today: chrono::NaiveDate) -> Result<Vec<String>> {
    let conn = Connection::open(db)?;
    let day = i64::from(chrono::Datelike::num_days_from_ce(&today));
    let people = conn
        .prepare(
            "SELECT DISTINCT p.employee_no FROM persons p JOIN employments e ON e.person_id = p.id
             WHERE e.manager_no = ?1 AND e.start_day <= ?2 AND (e.end_day IS NULL OR e.end_day >= ?2)
             ORDER BY p.employee_no",
        )?
        .query_map(params![manager, day], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(people)
}

/// Measures the API and adds its lines to the report.
pub fn measure(r: &mut Report, s: &Setting) -> Result<()> {
    // The callers: one service token per manager, and HR's.
    let mut registry = Registry::open_existing(s.db, Actor::Hr)?;
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs();
    let mut tokens = Vec::new();
    for (m, _) in s.managers {
        let spec = TokenSpec {
            name: format!("bench-{m}-{stamp:x}"),
            actor: Actor::Manager(m.clone()),
            expires: None,
        };
        tokens.push((
            m.clone(),
            registry
                .create_service_token(&spec, "bench")?
                .secret
                .expose()
                .to_string(),
        ));
    }
    let hr = registry
        .create_service_token(
            &TokenSpec {
                name: format!("bench-hr-{stamp:x}"),
                actor: Actor::Hr,
                expires: None,
            },
            "bench",
        )?
        .secret
        .expose()
        .to_string();
    // The library's gaps of the same teams, in process, for the ratio.
    let mut t_gaps = Vec::new();
    for (m, _) in s.managers {
        registry = registry.with_actor(Actor::Manager(m.clone()));
        let start = Instant::now();
        let gaps = registry.gaps(
            &Scope::Manager {
                manager: m.clone(),
                indirect: false,
            },
            s.today,
        )?;
        t_gaps.push(start.elapsed());
        std::hint::black_box(gaps);
    }
    let lib_gaps_p50 = percentile(&mut t_gaps, 0.5);

    // The request files: briefs of each manager's reports (taken in turn across managers),
    // the team's gaps of each manager.
    let mut teams = Vec::new();
    let mut t_brief = Vec::new();
    for (m, token) in &tokens {
        let team = reports_of(s.db, m, s.today)?;
        // The library's brief as the API asks it: a manager reading a report's (which writes
        // the read to the audit trail), in process.
        registry = registry.with_actor(Actor::Manager(m.clone()));
        for no in team.iter().take(8) {
            let start = Instant::now();
            let brief = registry.brief(no, &BriefConfig::new(s.today))?;
            t_brief.push(start.elapsed());
            std::hint::black_box(brief);
        }
        teams.push((token.clone(), team));
    }
    let lib_brief_p50 = percentile(&mut t_brief, 0.5);
    drop(registry);
    r.line(
        "API: library brief as a manager of a report's (audited), in process, p50",
        secs(lib_brief_p50),
        &format!(
            "{:.2}x the employee's own brief",
            ratio(lib_brief_p50, s.lib_brief_p50)
        ),
        "",
    );
    let longest = teams.iter().map(|(_, t)| t.len()).max().unwrap_or(0);
    let mut briefs = String::new();
    for i in 0..longest {
        for (token, team) in &teams {
            if let Some(no) = team.get(i) {
                briefs.push_str(&format!("{token} /api/v1/people/{no}/brief\n"));
            }
        }
    }
    let briefs_file = s.dir.join("api-briefs.txt");
    std::fs::write(&briefs_file, &briefs)?;
    let gaps_file = s.dir.join("api-gaps.txt");
    std::fs::write(
        &gaps_file,
        tokens
            .iter()
            .map(|(m, token)| format!("{token} /api/v1/gaps?manager={m}&limit=1000\n"))
            .collect::<String>(),
    )?;

    // A check that the tokens work before the load: HR is HR.
    let me: serde_json::Value = reqwest::blocking::Client::new()
        .get(format!("{}/api/v1/me", s.origin))
        .bearer_auth(&hr)
        .send()?
        .error_for_status()?
        .json()?;
    if me["actor"] != "hr" {
        return Err(format!("the HR token is not HR: {me}").into());
    }
    println!(
        "api: {} manager tokens and one HR token; {} briefs to ask for",
        tokens.len(),
        briefs.lines().count()
    );

    let wrk = Wrk {
        script: s.root.join("benches/serve/api.lua"),
        origin: s.origin.to_string(),
    };
    let c = s.connections;
    let cpu_before = cpu_time(s.pid, s.ticks)?;
    let brief = wrk.run("/", c, s.seconds, &briefs_file, "get", None)?;
    let brief_cpu = cpu_time(s.pid, s.ticks)? - cpu_before;
    brief.expect_only_ok("API briefs")?;
    r.line(
        &format!("API: brief JSON at {c} connections, saturated: answers/s"),
        format!("{:.0}/s", brief.per_second()),
        &format!(
            "p50 {} / p99 {} (the queue's: {c} connections / rate)",
            secs(brief.p50),
            secs(brief.p99)
        ),
        &verdict(">= 2,000/s", brief.per_second() >= 2000.0),
    );
    let paced = wrk.run_paced("/", c, s.seconds, &briefs_file, "get", None, s.pace_ms)?;
    paced.expect_only_ok("paced API briefs")?;
    r.line(
        &format!(
            "API: brief JSON at {c} connections, paced ({} ms between a connection's requests): p50 / p99",
            s.pace_ms
        ),
        format!("{} / {}", secs(paced.p50), secs(paced.p99)),
        &format!(
            "{:.0}/s offered and answered, {:.1}x library brief p50",
            paced.per_second(),
            ratio(paced.p50, lib_brief_p50)
        ),
        &verdict("p50 <= 2 ms", paced.p50 <= Duration::from_millis(2)),
    );
    let per_answer = brief_cpu / brief.requests.max(1) as u32;
    r.line(
        "API: server CPU per brief JSON (user + system)",
        secs(per_answer),
        &format!(
            "{:.2}x library brief p50; the server had {:.2} of the 2 cores",
            ratio(per_answer, lib_brief_p50),
            brief_cpu.as_secs_f64() / brief.duration.as_secs_f64().max(1e-9)
        ),
        "",
    );
    for n in [1, s.team_connections] {
        let gaps = wrk.run("/", n, s.seconds, &gaps_file, "get", None)?;
        gaps.expect_only_ok("API team gaps")?;
        r.line(
            &format!("API: a team's gaps JSON (limit=1000) at {n} connection(s), p50 / p99"),
            format!("{} / {}", secs(gaps.p50), secs(gaps.p99)),
            &format!(
                "{:.0}/s, {:.1}x library gaps p50 ({})",
                gaps.per_second(),
                ratio(gaps.p50, lib_gaps_p50),
                secs(lib_gaps_p50)
            ),
            &verdict("p50 <= 30 ms", gaps.p50 <= Duration::from_millis(30)),
        );
    }
    Ok(())
}
