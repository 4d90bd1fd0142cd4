//! Helpers shared by the core's test files.

use skillreg_core::{Level, Standing};

/// One standing on one line, e.g.
/// `LIFECARE target 2 confirmed 3 self 2 current 3 (confirmed) gap 0 discrepancy`.
pub fn render(s: &Standing) -> String {
    let lv = |l: Option<Level>| l.map_or_else(|| "-".to_string(), |l| l.to_string());
    let mut out = format!(
        "{} target {} confirmed {} self {} current {} ({}) gap {}",
        s.system,
        lv(s.target),
        lv(s.confirmed),
        lv(s.self_level),
        lv(s.current),
        s.current_source.name(),
        s.gap
    );
    if s.discrepancy {
        out.push_str(" discrepancy");
    }
    if !s.recommended_courses.is_empty() {
        out.push_str(&format!(" recommended {}", s.recommended_courses.join(",")));
    }
    if !s.referred_courses.is_empty() {
        out.push_str(&format!(" referred {}", s.referred_courses.join(",")));
    }
    out
}
