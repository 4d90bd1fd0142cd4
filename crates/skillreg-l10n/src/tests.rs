//! Every label filled in, translated and with the same placeholders in every language.

use chrono::NaiveDate;
use skillreg_core::Level;

use crate::*;

/// Every label of `labels` with its field name, for the checks that all are filled in.
fn all_labels(l: &Labels) -> Vec<(&'static str, &'static str)> {
    // Destructured without `..`: a new field that is not listed here fails to compile.
    let Labels {
        code,
        level_names,
        brief_title,
        team_title,
        unit_title,
        col_occupation,
        unit_people,
        unit_by_occupation,
        unit_names_no_one,
        unit_cell_reads,
        mean_level,
        mean_gap,
        n_withheld,
        as_of,
        employee_no,
        role,
        unit,
        manager,
        not_active,
        profile_heading,
        radar_caption,
        radar_few_axes,
        radar_empty,
        series_target,
        series_current,
        series_self,
        radar_centre_note,
        levels_heading,
        col_system,
        col_target,
        col_current,
        col_source,
        col_self,
        col_confirmed,
        col_gap,
        not_assessed,
        no_course_for_group,
        no_target,
        source_confirmed,
        source_self,
        gaps_heading,
        no_gaps,
        col_target_meaning,
        col_recommended,
        col_referred,
        level_word,
        none,
        discrepancies_heading,
        discrepancies_intro,
        no_discrepancies,
        self_higher,
        self_lower,
        referrals_heading,
        no_referrals,
        col_course,
        col_referred_on,
        col_due,
        overdue,
        expiring_heading,
        no_expiring,
        col_completed,
        col_expires,
        changes_since,
        no_changes,
        moved_heading,
        new_evidence_heading,
        col_date,
        col_kind,
        col_level,
        kind_self,
        kind_manager,
        kind_course,
        meanings_heading,
        col_employee,
        at_target,
        of,
        fewer_than,
        suppressed_note,
        sym_met,
        sym_gap,
        sym_self,
        sym_no_target,
        cell_reads,
        sort_hint,
        no_people,
        footer,
        footer_aggregate,
        progress_title,
        progress_baseline,
        progress_follow_up,
        progress_scope,
        progress_group,
        progress_everyone,
        progress_manager,
        progress_chart_heading,
        progress_chart_caption,
        progress_table_heading,
        progress_col_people,
        progress_col_share,
        progress_col_mean,
        progress_col_change,
        progress_points,
        progress_mean_note,
        progress_turnover_heading,
        progress_handling,
        progress_n_both,
        progress_n_left,
        progress_n_joined,
        progress_suppression_heading,
        progress_suppression,
        progress_n_withheld,
        progress_no_rows,
    } = l;
    let [l1, l2, l3, l4] = level_names;
    vec![
        ("code", *code),
        ("level 1", *l1),
        ("level 2", *l2),
        ("level 3", *l3),
        ("level 4", *l4),
        ("brief_title", *brief_title),
        ("team_title", *team_title),
        ("unit_title", *unit_title),
        ("col_occupation", *col_occupation),
        ("unit_people", *unit_people),
        ("unit_by_occupation", *unit_by_occupation),
        ("unit_names_no_one", *unit_names_no_one),
        ("unit_cell_reads", *unit_cell_reads),
        ("mean_level", *mean_level),
        ("mean_gap", *mean_gap),
        ("n_withheld", *n_withheld),
        ("as_of", *as_of),
        ("employee_no", *employee_no),
        ("role", *role),
        ("unit", *unit),
        ("manager", *manager),
        ("not_active", *not_active),
        ("profile_heading", *profile_heading),
        ("radar_caption", *radar_caption),
        ("radar_few_axes", *radar_few_axes),
        ("radar_empty", *radar_empty),
        ("series_target", *series_target),
        ("series_current", *series_current),
        ("series_self", *series_self),
        ("radar_centre_note", *radar_centre_note),
        ("levels_heading", *levels_heading),
        ("col_system", *col_system),
        ("col_target", *col_target),
        ("col_current", *col_current),
        ("col_source", *col_source),
        ("col_self", *col_self),
        ("col_confirmed", *col_confirmed),
        ("col_gap", *col_gap),
        ("not_assessed", *not_assessed),
        ("no_course_for_group", *no_course_for_group),
        ("no_target", *no_target),
        ("source_confirmed", *source_confirmed),
        ("source_self", *source_self),
        ("gaps_heading", *gaps_heading),
        ("no_gaps", *no_gaps),
        ("col_target_meaning", *col_target_meaning),
        ("col_recommended", *col_recommended),
        ("col_referred", *col_referred),
        ("level_word", *level_word),
        ("none", *none),
        ("discrepancies_heading", *discrepancies_heading),
        ("discrepancies_intro", *discrepancies_intro),
        ("no_discrepancies", *no_discrepancies),
        ("self_higher", *self_higher),
        ("self_lower", *self_lower),
        ("referrals_heading", *referrals_heading),
        ("no_referrals", *no_referrals),
        ("col_course", *col_course),
        ("col_referred_on", *col_referred_on),
        ("col_due", *col_due),
        ("overdue", *overdue),
        ("expiring_heading.one", expiring_heading.one),
        ("expiring_heading.other", expiring_heading.other),
        ("no_expiring.one", no_expiring.one),
        ("no_expiring.other", no_expiring.other),
        ("col_completed", *col_completed),
        ("col_expires", *col_expires),
        ("changes_since", *changes_since),
        ("no_changes", *no_changes),
        ("moved_heading", *moved_heading),
        ("new_evidence_heading", *new_evidence_heading),
        ("col_date", *col_date),
        ("col_kind", *col_kind),
        ("col_level", *col_level),
        ("kind_self", *kind_self),
        ("kind_manager", *kind_manager),
        ("kind_course", *kind_course),
        ("meanings_heading", *meanings_heading),
        ("col_employee", *col_employee),
        ("at_target", *at_target),
        ("of", *of),
        ("fewer_than", *fewer_than),
        ("suppressed_note", *suppressed_note),
        ("sym_met", *sym_met),
        ("sym_gap", *sym_gap),
        ("sym_self", *sym_self),
        ("sym_no_target", *sym_no_target),
        ("cell_reads", *cell_reads),
        ("sort_hint", *sort_hint),
        ("no_people", *no_people),
        ("footer", *footer),
        ("footer_aggregate", *footer_aggregate),
        ("progress_title", *progress_title),
        ("progress_baseline", *progress_baseline),
        ("progress_follow_up", *progress_follow_up),
        ("progress_scope", *progress_scope),
        ("progress_group", *progress_group),
        ("progress_everyone", *progress_everyone),
        ("progress_manager", *progress_manager),
        ("progress_chart_heading", *progress_chart_heading),
        ("progress_chart_caption", *progress_chart_caption),
        ("progress_table_heading", *progress_table_heading),
        ("progress_col_people", *progress_col_people),
        ("progress_col_share", *progress_col_share),
        ("progress_col_mean", *progress_col_mean),
        ("progress_col_change", *progress_col_change),
        ("progress_points.one", progress_points.one),
        ("progress_points.other", progress_points.other),
        ("progress_mean_note", *progress_mean_note),
        ("progress_turnover_heading", *progress_turnover_heading),
        ("progress_handling", *progress_handling),
        ("progress_n_both", *progress_n_both),
        ("progress_n_left", *progress_n_left),
        ("progress_n_joined", *progress_n_joined),
        (
            "progress_suppression_heading",
            *progress_suppression_heading,
        ),
        ("progress_suppression", *progress_suppression),
        ("progress_n_withheld.one", progress_n_withheld.one),
        ("progress_n_withheld.other", progress_n_withheld.other),
        ("progress_no_rows", *progress_no_rows),
    ]
}

/// Every text of `t` with its name (columns numbered), for the checks that all are filled in.
fn all_table_labels(t: &TableLabels) -> Vec<(String, &'static str)> {
    // Destructured without `..`: a new field that is not listed here fails to compile.
    let TableLabels {
        as_of,
        standing_columns,
        differ,
        talk_columns,
        talks_due_columns,
        talk_coverage_columns,
        agreement_status,
        agreed_at_last_talk,
        talk_heading,
        no_talk,
        never,
        talk_recorded,
        talks_due_title,
        talk_coverage_title,
        everyone,
        referred_to,
        not_active_on_day,
        in_unit,
        manager,
        to_reach_target,
        referred_on,
        due,
        completed,
        expires,
        active,
        not_active,
        primary,
        gap_columns,
        no_gaps_as_of,
        team_of,
        self_letter,
        team_legend,
        levels,
        unit_occupation_columns,
        withheld,
        withheld_rule,
        withheld_none,
        demand_columns,
        demand_course,
        demand_new_course,
        demand_group_course,
        demand_by,
        demand_title,
        scope_everyone,
        scope_unit,
        scope_occupation,
        scope_occupation_in_unit,
        demand_notes,
        progress_columns,
        all_rows,
        progress_heading,
        progress_people,
        points,
        progress_notes,
        history_columns,
        by,
        run,
        runs_columns,
        scope_group,
        groups_title,
        groups_columns,
        groups_all_units,
        groups_none,
        groups_notes,
        by_gender,
        gender_groups,
        completions_heading,
        completions_columns,
        gender_line,
        gender_words,
        tokens_columns,
        token_states,
        tokens_none,
        token_created,
        token_expires,
        token_no_expiry,
        token_revoked,
        token_already_revoked,
    } = t;
    let mut all: Vec<(String, &'static str)> = [
        ("as_of", *as_of),
        ("differ", *differ),
        ("agreed_at_last_talk", *agreed_at_last_talk),
        ("talk_heading", *talk_heading),
        ("no_talk", *no_talk),
        ("never", *never),
        ("talk_recorded", *talk_recorded),
        ("talks_due_title", *talks_due_title),
        ("talk_coverage_title", *talk_coverage_title),
        ("everyone", *everyone),
        ("referred_to", *referred_to),
        ("not_active_on_day", *not_active_on_day),
        ("in_unit", *in_unit),
        ("manager", *manager),
        ("to_reach_target", *to_reach_target),
        ("referred_on", *referred_on),
        ("due", *due),
        ("completed", *completed),
        ("expires", *expires),
        ("active", *active),
        ("not_active", *not_active),
        ("primary", *primary),
        ("no_gaps_as_of", *no_gaps_as_of),
        ("team_of", *team_of),
        ("self_letter", *self_letter),
        ("team_legend", *team_legend),
        ("levels", *levels),
        ("withheld.one", withheld.one),
        ("withheld.other", withheld.other),
        ("withheld_rule", *withheld_rule),
        ("withheld_none", *withheld_none),
        ("demand_course", *demand_course),
        ("demand_new_course", *demand_new_course),
        ("demand_group_course", *demand_group_course),
        ("demand_title", *demand_title),
        ("scope_everyone", *scope_everyone),
        ("scope_unit", *scope_unit),
        ("scope_occupation", *scope_occupation),
        ("scope_occupation_in_unit", *scope_occupation_in_unit),
        ("demand_notes", *demand_notes),
        ("all_rows", *all_rows),
        ("progress_heading", *progress_heading),
        ("progress_people", *progress_people),
        ("points", *points),
        ("progress_notes", *progress_notes),
        ("by", *by),
        ("run", *run),
        ("scope_group", *scope_group),
        ("groups_title", *groups_title),
        ("groups_all_units", *groups_all_units),
        ("groups_none", *groups_none),
        ("groups_notes", *groups_notes),
        ("by_gender", *by_gender),
        ("completions_heading", *completions_heading),
        ("gender_line", *gender_line),
        ("tokens_none", *tokens_none),
        ("token_created", *token_created),
        ("token_expires", *token_expires),
        ("token_no_expiry", *token_no_expiry),
        ("token_revoked", *token_revoked),
        ("token_already_revoked", *token_already_revoked),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let columns: [(&str, &[&'static str]); 18] = [
        ("standing_columns", standing_columns),
        ("talk_columns", talk_columns),
        ("talks_due_columns", talks_due_columns),
        ("talk_coverage_columns", talk_coverage_columns),
        ("agreement_status", agreement_status),
        ("gap_columns", gap_columns),
        ("unit_occupation_columns", unit_occupation_columns),
        ("demand_columns", demand_columns),
        ("demand_by", demand_by),
        ("progress_columns", progress_columns),
        ("history_columns", history_columns),
        ("runs_columns", runs_columns),
        ("groups_columns", groups_columns),
        ("gender_groups", gender_groups),
        ("completions_columns", completions_columns),
        ("gender_words", gender_words),
        ("tokens_columns", tokens_columns),
        ("token_states", token_states),
    ];
    for (name, list) in columns {
        for (i, text) in list.iter().enumerate() {
            all.push((format!("{name}[{i}]"), *text));
        }
    }
    all
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

#[test]
fn every_label_is_filled_in_in_every_language() {
    for lang in Lang::ALL {
        for (key, text) in all_labels(lang.labels()) {
            assert!(!text.trim().is_empty(), "{lang:?}: {key} is empty");
        }
    }
}

#[test]
fn translations_are_not_copies_of_the_english() {
    // Words that are the same in the languages (and one shared abbreviation).
    let same = [
        "code",
        "level 4",
        "col_system",
        "unit",
        "as_of",
        "level_word",
        "of",
        "col_kind",
    ];
    let en = all_labels(&EN);
    for lang in [Lang::Sv, Lang::Nb] {
        for ((key, en_text), (_, text)) in en.iter().zip(all_labels(lang.labels())) {
            if !same.contains(key) {
                assert_ne!(*en_text, text, "{lang:?}: {key} is the English text");
            }
        }
    }
}

#[test]
fn level_names_per_language() {
    assert_eq!(Lang::En.level(Some(Level::Advanced)), "3 advanced");
    assert_eq!(Lang::Sv.level(Some(Level::Independent)), "2 självständig");
    assert_eq!(Lang::Nb.level(Some(Level::Basic)), "1 grunnleggende");
    assert_eq!(Lang::Nb.level_name(Level::Expert), "ekspert");
    assert_eq!(Lang::Sv.level(None), "ej bedömd");
}

#[test]
fn dates_in_local_form() {
    let d = day(2026, 11, 20);
    assert_eq!(Lang::En.date(d), "20 Nov 2026");
    assert_eq!(Lang::Sv.date(d), "20 nov. 2026");
    assert_eq!(Lang::Nb.date(d), "20.11.2026");
    assert_eq!(Lang::Sv.date(day(2026, 3, 2)), "2 mars 2026");
    assert_eq!(Lang::Nb.date(day(2026, 3, 2)), "02.03.2026");
}

#[test]
fn every_table_label_is_filled_in_and_translated() {
    // The same word in every language (or a shared mark).
    let same = [
        "self_letter",
        "standing_columns[0]",
        "gap_columns[2]",
        "unit_occupation_columns[2]",
        "demand_columns[1]",
        "progress_columns[1]",
        "history_columns[0]",
        "history_columns[2]",
        "runs_columns[12]",
    ];
    let en = all_table_labels(&TABLE_EN);
    for lang in Lang::ALL {
        let texts = all_table_labels(lang.table_labels());
        assert_eq!(texts.len(), en.len());
        for ((key, en_text), (_, text)) in en.iter().zip(texts) {
            assert!(!text.trim().is_empty(), "{lang:?}: {key} is empty");
            assert_eq!(
                placeholders(en_text),
                placeholders(text),
                "{lang:?}: {key} has other placeholders than the English"
            );
            if lang != Lang::En && !same.contains(&key.as_str()) {
                assert_ne!(*en_text, text, "{lang:?}: {key} is the English text");
            }
        }
    }
}

/// The `{name}` placeholders of a template, sorted.
fn placeholders(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    found.sort_unstable();
    found
}

#[test]
fn the_english_table_texts_are_the_csv_column_names() {
    // The human table in English keeps the machine names people already script against.
    assert_eq!(TABLE_EN.gap_columns[6], "recommended");
    assert_eq!(TABLE_EN.progress_columns[3], "from_share_at_target");
    assert_eq!(TABLE_SV.gap_columns[3], "målnivå");
    assert_eq!(TABLE_NB.standing_columns[4], "egenvurdert");
}

#[test]
fn short_dates_per_language() {
    let d = day(2026, 3, 2);
    assert_eq!(Lang::En.short_date(d), "2026-03-02");
    assert_eq!(Lang::Sv.short_date(d), "2026-03-02");
    assert_eq!(Lang::Nb.short_date(d), "02.03.2026");
    assert_eq!(Lang::Nb.short_date(d), Lang::Nb.date(d), "as on the pages");
}

#[test]
fn the_first_locale_variable_that_is_set_decides() {
    assert_eq!(
        Lang::from_locale([None, None, Some("sv_SE.UTF-8")]),
        Some(Lang::Sv)
    );
    assert_eq!(
        Lang::from_locale([Some("nb_NO.UTF-8"), Some("sv_SE"), None]),
        Some(Lang::Nb)
    );
    assert_eq!(
        Lang::from_locale([Some(""), Some("no_NO@euro"), Some("en_GB")]),
        Some(Lang::Nb)
    );
    // LC_ALL=C means the C locale, whatever LANG says.
    assert_eq!(Lang::from_locale([Some("C"), None, Some("sv_SE")]), None);
    assert_eq!(Lang::from_locale([Some("C.UTF-8"), None, None]), None);
    assert_eq!(Lang::from_locale([None, None, None]), None);
    assert_eq!(Lang::from_locale([None, None, Some("de_DE.UTF-8")]), None);
}

#[test]
fn the_expiring_window_is_named_in_every_language() {
    for lang in Lang::ALL {
        let l = lang.labels();
        for counted in [l.expiring_heading, l.no_expiring] {
            assert!(counted.one.contains("{n}"), "{lang:?}");
            assert!(counted.other.contains("{n}"), "{lang:?}");
        }
    }
}

#[test]
fn tags() {
    assert_eq!(Lang::from_tag("sv-SE"), Some(Lang::Sv));
    assert_eq!(Lang::from_tag("no"), Some(Lang::Nb));
    assert_eq!(Lang::from_tag("nb_NO"), Some(Lang::Nb));
    assert_eq!(Lang::from_tag("EN"), Some(Lang::En));
    assert_eq!(Lang::from_tag("de"), None);
    assert_eq!(Lang::from_tag("sv_SE.UTF-8"), Some(Lang::Sv));
    assert_eq!(Lang::from_tag("C.UTF-8"), None);
    assert_eq!(Lang::Nb.code(), "nb");
}

#[test]
fn counted_phrases_are_singular_for_one_and_plural_for_zero_and_more() {
    // (language, count, figures withheld on the progress page, the expiring window, the table's
    // note on withheld figures up to its rule).
    let cases = [
        (
            Lang::En,
            0,
            "0 figures are withheld in this report.",
            "within 0 days",
            "0 figures withheld",
        ),
        (
            Lang::En,
            1,
            "1 figure is withheld in this report.",
            "within 1 day",
            "1 figure withheld",
        ),
        (
            Lang::En,
            2,
            "2 figures are withheld in this report.",
            "within 2 days",
            "2 figures withheld",
        ),
        (
            Lang::Sv,
            0,
            "0 siffror är dolda i rapporten.",
            "inom 0 dagar",
            "0 uppgifter visas inte",
        ),
        (
            Lang::Sv,
            1,
            "1 siffra är dold i rapporten.",
            "inom 1 dag",
            "1 uppgift visas inte",
        ),
        (
            Lang::Sv,
            2,
            "2 siffror är dolda i rapporten.",
            "inom 2 dagar",
            "2 uppgifter visas inte",
        ),
        (
            Lang::Nb,
            0,
            "0 tall er skjult i rapporten.",
            "innen 0 dager",
            "0 tall vises ikke",
        ),
        (
            Lang::Nb,
            1,
            "1 tall er skjult i rapporten.",
            "innen 1 dag",
            "1 tall vises ikke",
        ),
        (
            Lang::Nb,
            2,
            "2 tall er skjult i rapporten.",
            "innen 2 dager",
            "2 tall vises ikke",
        ),
    ];
    for (lang, n, withheld, window, note) in cases {
        let l = lang.labels();
        assert_eq!(l.progress_n_withheld.format(n), withheld, "{lang:?} {n}");
        assert!(
            l.expiring_heading.format(n).ends_with(window),
            "{lang:?} {n}"
        );
        assert!(l.no_expiring.format(n).contains(window), "{lang:?} {n}");
        let t = lang.table_labels();
        let full = t.withheld_note_for(usize::try_from(n).unwrap_or_default(), 5);
        assert!(full.starts_with(note), "{lang:?} {n}: {full}");
    }
}

#[test]
fn a_change_of_one_percentage_point_is_singular_whatever_its_sign() {
    let cases = [
        (Lang::En, "+1", "+1 percentage point"),
        (Lang::En, "\u{2212}1", "\u{2212}1 percentage point"),
        (Lang::En, "±0", "±0 percentage points"),
        (Lang::En, "+1.5", "+1.5 percentage points"),
        (Lang::En, "+10", "+10 percentage points"),
        (Lang::Sv, "+1", "+1 procentenhet"),
        (Lang::Sv, "+2,5", "+2,5 procentenheter"),
        (Lang::Nb, "+1", "+1 prosentpoeng"),
        (Lang::Nb, "+3", "+3 prosentpoeng"),
    ];
    for (lang, number, expected) in cases {
        assert_eq!(
            lang.labels().progress_points.replace("{n}", number),
            expected
        );
    }
}

#[test]
fn the_note_on_withheld_figures_counts_in_each_language() {
    let cases = [
        (
            &TABLE_EN,
            1,
            "1 figure withheld, shown as <5: a count of 1 to 4 people",
        ),
        (
            &TABLE_EN,
            3,
            "3 figures withheld, shown as <5: a count of 1 to 4 people",
        ),
        (&TABLE_SV, 1, "1 uppgift visas inte"),
        (&TABLE_SV, 3, "3 uppgifter visas inte"),
        (&TABLE_NB, 3, "3 tall vises ikke"),
    ];
    for (t, k, start) in cases {
        let note = t.withheld_note_for(k, 5);
        assert!(note.starts_with(start), "{note:?} should start {start:?}");
        assert!(
            note.contains("<5") && note.contains('4'),
            "{note:?} names the rule"
        );
    }
}

/// Every text of `f` with its field name, for the checks that all are filled in.
fn all_form_labels(f: &FormLabels) -> Vec<(&'static str, &'static str)> {
    // Destructured without `..`: a new field that is not listed here fails to compile.
    let FormLabels {
        title,
        round,
        occupation,
        unit,
        employee_no,
        answer_by,
        intro,
        last_answer,
        never_answered,
        no_description,
        no_people,
        signature,
        date,
    } = f;
    vec![
        ("title", *title),
        ("round", *round),
        ("occupation", *occupation),
        ("unit", *unit),
        ("employee_no", *employee_no),
        ("answer_by", *answer_by),
        ("intro", *intro),
        ("last_answer", *last_answer),
        ("never_answered", *never_answered),
        ("no_description", *no_description),
        ("no_people", *no_people),
        ("signature", *signature),
        ("date", *date),
    ]
}

#[test]
fn every_form_label_is_filled_in_and_translated() {
    // The same word in the languages.
    let same = ["unit"];
    let en = all_form_labels(&FORM_EN);
    for lang in Lang::ALL {
        for ((key, en_text), (_, text)) in en.iter().zip(all_form_labels(lang.form_labels())) {
            assert!(!text.trim().is_empty(), "{lang:?}: {key} is empty");
            if lang != Lang::En && !same.contains(key) {
                assert_ne!(*en_text, text, "{lang:?}: {key} is the English text");
            }
        }
    }
    assert_ne!(FORM_SV.title, FORM_NB.title);
}
