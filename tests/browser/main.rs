//! Opens the pages `skillreg` writes (the appraisal brief, the team matrix, the unit overview and
//! the progress report) in real headless Chromium and checks the page as the browser built it: the DOM it dumps, the screenshot it
//! takes, and what axe-core (run inside the page) finds.
//!
//! The web service's pages (the `server` and `server_walk` modules) are walked in the same
//! Chromium driven over WebDriver by Debian's `chromedriver`, through the real sign-in.
//!
//! Chromium is Debian's `chromium`, its driver Debian's `chromedriver`; axe-core lives in
//! `.peers/node_modules`. When one is missing, the harness runs `.ci/browser` once (under a file lock, since tests run in parallel)
//! and fails with the reason if they are still missing: nothing here is skipped.
//!
//! A separate test target (`cargo test -p skillreg-cli --test browser`), so that the rest of
//! the suite runs without a browser.

mod dom;
mod maturity;
mod pages;
mod rounds;
mod server;
mod server_walk;
mod views;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use dom::Element;

/// How long one Chromium run may take before it is killed and the test fails.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

/// The size of every screenshot.
const SHOT_WIDTH: u32 = 1000;
/// The size of every screenshot.
const SHOT_HEIGHT: u32 = 1400;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Where Chromium, its WebDriver server and axe-core are.
struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
    axe: PathBuf,
}

fn axe_path() -> PathBuf {
    workspace_root().join(".peers/node_modules/axe-core/axe.min.js")
}

/// Debian's `/usr/bin/NAME`, or else `NAME` on the `PATH`.
fn find_program(name: &str) -> Option<PathBuf> {
    let debian = Path::new("/usr/bin").join(name);
    if debian.is_file() {
        return Some(debian);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

fn find_tools() -> Option<Tools> {
    let axe = axe_path();
    let chromium = find_program("chromium")?;
    let chromedriver = find_program("chromedriver")?;
    axe.is_file().then_some(Tools {
        chromium,
        chromedriver,
        axe,
    })
}

/// Finds the tools, running `.ci/browser` once (under a file lock) when one is missing.
fn locate_tools() -> Result<Tools, String> {
    if let Some(tools) = find_tools() {
        return Ok(tools);
    }
    let lock_path = std::env::temp_dir().join("skillreg-browser-install.lock");
    let lock = File::create(&lock_path)
        .map_err(|e| format!("cannot create {}: {e}", lock_path.display()))?;
    lock.lock()
        .map_err(|e| format!("cannot lock {}: {e}", lock_path.display()))?;
    if let Some(tools) = find_tools() {
        return Ok(tools);
    }
    let root = workspace_root();
    let out = Command::new("bash")
        .arg(root.join(".ci").join("browser"))
        .current_dir(&root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| {
            format!("cannot run .ci/browser to install Chromium, chromedriver and axe-core: {e}")
        })?;
    if !out.status.success() {
        return Err(format!(
            ".ci/browser failed to install Chromium, chromedriver and axe-core ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    find_tools().ok_or_else(|| {
        format!(
            "after running .ci/browser: chromium {}, chromedriver {}, axe-core at {} {}",
            found(find_program("chromium")),
            found(find_program("chromedriver")),
            axe_path().display(),
            if axe_path().is_file() {
                "found"
            } else {
                "missing"
            }
        )
    })
}

fn found(program: Option<PathBuf>) -> &'static str {
    if program.is_some() {
        "found"
    } else {
        "not found in /usr/bin or on PATH"
    }
}

fn tools() -> &'static Tools {
    static TOOLS: OnceLock<Result<Tools, String>> = OnceLock::new();
    match TOOLS.get_or_init(locate_tools) {
        Ok(tools) => tools,
        Err(reason) => {
            panic!("the browser tests need Chromium, chromedriver and axe-core: {reason}")
        }
    }
}

/// `file://` URL of an absolute path, percent-encoding everything but unreserved characters.
fn file_url(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut url = String::from("file://");
    for b in absolute.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// Runs headless Chromium on `page` with `extra` flags and a fresh profile, and returns what
/// it printed on standard output. Fails on a non-zero exit or after [`CHROMIUM_TIMEOUT`].
fn chromium(page: &Path, extra: &[&str]) -> Vec<u8> {
    let tools = tools();
    let work = tempfile::tempdir().expect("a temp dir for Chromium");
    let profile = work.path().join("profile");
    let out_path = work.path().join("stdout");
    let err_path = work.path().join("stderr");
    let mut command = Command::new(&tools.chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(file_url(page))
        .stdin(Stdio::null())
        .stdout(File::create(&out_path).expect("Chromium's stdout file"))
        .stderr(File::create(&err_path).expect("Chromium's stderr file"));
    let started = Instant::now();
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", tools.chromium.display()));
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > CHROMIUM_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "Chromium did not finish {} within {CHROMIUM_TIMEOUT:?}; its stderr:\n{}",
                    page.display(),
                    tail(&err_path)
                );
            }
            Ok(None) => thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("cannot wait for Chromium: {e}"),
        }
    };
    assert!(
        status.success(),
        "Chromium failed ({status}) on {}; its stderr:\n{}",
        page.display(),
        tail(&err_path)
    );
    eprintln!(
        "chromium {} {}: {:.2?}",
        extra.join(" "),
        page.file_name().unwrap_or_default().to_string_lossy(),
        started.elapsed()
    );
    std::fs::read(&out_path).expect("Chromium's stdout")
}

fn tail(path: &Path) -> String {
    let text = std::fs::read(path).unwrap_or_default();
    let start = text.len().saturating_sub(4000);
    String::from_utf8_lossy(&text[start..]).into_owned()
}

/// The DOM of `page` as Chromium built it (after the page's own scripts ran).
fn dump_dom(page: &Path) -> Element {
    let html = String::from_utf8(chromium(page, &["--dump-dom"])).expect("UTF-8 DOM");
    dom::parse(&html)
}

/// A screenshot of `page` in a [`SHOT_WIDTH`] × [`SHOT_HEIGHT`] window, written to `png`.
fn screenshot(page: &Path, png: &Path) {
    let _ = std::fs::remove_file(png);
    chromium(
        page,
        &[
            &format!("--screenshot={}", png.display()),
            &format!("--window-size={SHOT_WIDTH},{SHOT_HEIGHT}"),
        ],
    );
    assert!(png.is_file(), "Chromium wrote no {}", png.display());
}

/// Runs axe-core inside a copy of `page` (axe and a runner inlined before `</body>`) and
/// returns its result: `{"version", "violations", "passes", "incomplete"}` or `{"error"}`.
fn axe(page: &Path) -> serde_json::Value {
    let axe = std::fs::read_to_string(&tools().axe).expect("axe.min.js");
    let html = std::fs::read_to_string(page).expect("the page");
    let runner = r#"<script>
(function () {
  function report(value) {
    var pre = document.createElement("pre");
    pre.id = "axe-result";
    pre.textContent = JSON.stringify(value);
    document.body.appendChild(pre);
  }
  axe.run(document).then(function (r) {
    report({ version: r.testEngine.version, violations: r.violations,
             passes: r.passes.length, incomplete: r.incomplete.length });
  }, function (e) { report({ error: String(e) }); });
})();
</script>"#;
    let at = html
        .rfind("</body>")
        .unwrap_or_else(|| panic!("no </body> in {}", page.display()));
    let with_axe = format!(
        "{}<script>{axe}</script>\n{runner}\n{}",
        &html[..at],
        &html[at..]
    );
    let stem = page.file_stem().unwrap_or_default().to_string_lossy();
    let copy = page.with_file_name(format!("{stem}-axe.html"));
    std::fs::write(&copy, with_axe).expect("write the page with axe");
    let dumped = String::from_utf8(chromium(
        &copy,
        &["--virtual-time-budget=10000", "--dump-dom"],
    ))
    .expect("UTF-8 DOM");
    let dom = dom::parse(&dumped);
    let pre = dom.by_id("axe-result").unwrap_or_else(|| {
        panic!(
            "axe wrote no result into {}; the end of the DOM:\n{}",
            copy.display(),
            &dumped[dumped.len().saturating_sub(2000)..]
        )
    });
    let text = pre.text();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("axe's result is not JSON ({e}): {text}"))
}

/// The DOM of a copy of `page` with `script` run after the page's own scripts (inlined before
/// `</body>`): what the page looks like after, say, a click on a column heading.
fn dump_dom_after(page: &Path, script: &str) -> Element {
    let html = std::fs::read_to_string(page).expect("the page");
    let at = html
        .rfind("</body>")
        .unwrap_or_else(|| panic!("no </body> in {}", page.display()));
    let with_script = format!("{}<script>{script}</script>\n{}", &html[..at], &html[at..]);
    let stem = page.file_stem().unwrap_or_default().to_string_lossy();
    let copy = page.with_file_name(format!("{stem}-scripted.html"));
    std::fs::write(&copy, with_script).expect("write the page with the script");
    dump_dom(&copy)
}

/// A registry with the sample organisation, in its own temp dir, and the pages of it.
struct Sample {
    dir: tempfile::TempDir,
}

impl Sample {
    /// `skillreg init` and `skillreg sync wlx` of the shipped sample export.
    fn new() -> Sample {
        let sample = Sample {
            dir: tempfile::tempdir().expect("a temp dir"),
        };
        sample.run(&["init"]);
        let export = workspace_root().join("fixtures/winlas/sample-export.xml");
        sample.run(&["sync", "wlx", &export.to_string_lossy()]);
        sample
    }

    /// A path in the sample's temp dir.
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn run(&self, args: &[&str]) -> String {
        let db = self.path("skillreg.db");
        let out = Command::new(env!("CARGO_BIN_EXE_skillreg"))
            .current_dir(self.dir.path())
            .env_remove("SKILLREG_DB")
            .env("USER", "hr-officer")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .expect("run skillreg");
        assert!(
            out.status.success(),
            "skillreg {args:?} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// `skillreg --as-of 2026-11-20 brief EMPLOYEE --html FILE --lang LANG`.
    fn brief(&self, employee: &str, lang: &str) -> PathBuf {
        let page = self.path(&format!("brief-{employee}-{lang}.html"));
        let out = self.run(&[
            "--as-of",
            "2026-11-20",
            "brief",
            employee,
            "--html",
            &page.to_string_lossy(),
            "--lang",
            lang,
        ]);
        assert_eq!(out, format!("wrote {}\n", page.display()));
        page
    }

    /// `skillreg --as-of 2026-11-20 team MANAGER --indirect --html FILE --min-group N` (English).
    fn team(&self, manager: &str, min_group: usize) -> PathBuf {
        let page = self.path(&format!("team-{manager}-{min_group}.html"));
        let min = min_group.to_string();
        let out = self.run(&[
            "--as-of",
            "2026-11-20",
            "team",
            manager,
            "--indirect",
            "--html",
            &page.to_string_lossy(),
            "--lang",
            "en",
            "--min-group",
            &min,
        ]);
        assert_eq!(out, format!("wrote {}\n", page.display()));
        page
    }
}

impl Sample {
    /// `skillreg --as-of 2026-11-20 unit UNIT --html FILE --lang en`, then `extra` (e.g.
    /// `--max-people 1`).
    fn unit(&self, unit: &str, extra: &[&str]) -> PathBuf {
        let page = self.path(&format!("unit-{unit}-{}.html", extra.join("")));
        let file = page.to_string_lossy();
        let mut args = vec![
            "--as-of",
            "2026-11-20",
            "unit",
            unit,
            "--html",
            &file,
            "--lang",
            "en",
        ];
        args.extend(extra);
        let out = self.run(&args);
        assert_eq!(out, format!("wrote {}\n", page.display()));
        page
    }

    /// `skillreg progress --from 2026-01-01 --to 2026-11-20 --min-group N --html FILE --lang en`.
    fn progress(&self, min_group: u32) -> PathBuf {
        let page = self.path(&format!("progress-{min_group}.html"));
        let min = min_group.to_string();
        let out = self.run(&[
            "progress",
            "--from",
            "2026-01-01",
            "--to",
            "2026-11-20",
            "--min-group",
            &min,
            "--html",
            &page.to_string_lossy(),
            "--lang",
            "en",
        ]);
        assert_eq!(out, format!("wrote {}\n", page.display()));
        page
    }
}

/// Where screenshots are kept for people to look at: `target/tmp/browser-shots/`.
fn shots_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-shots");
    std::fs::create_dir_all(&dir).expect("create the screenshot dir");
    dir
}
