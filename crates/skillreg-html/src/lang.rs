//! The languages of the pages: every label, level name and date format.
//!
//! One typed table per language ([`Labels`]): a label missing in one language is a compile
//! error, because every field of the struct must be given; a test checks that no label is
//! empty and that the translations are not copies of the English.

use chrono::{Datelike, NaiveDate};
use skillreg_core::Level;

/// The language a page is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Swedish (svenska).
    Sv,
    /// Norwegian Bokmål (norsk bokmål).
    Nb,
}

impl Lang {
    /// All languages.
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Sv, Lang::Nb];

    /// The BCP 47 tag for the `lang` attribute: `en`, `sv` or `nb`.
    pub fn code(self) -> &'static str {
        self.labels().code
    }

    /// The language for a tag such as `sv`, `sv-SE`, `nb`, `no`, `nb-NO` or `en-GB`, or a locale
    /// such as `sv_SE.UTF-8`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_', '.', '@']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "sv" => Some(Lang::Sv),
            "nb" | "no" => Some(Lang::Nb),
            _ => None,
        }
    }

    /// Every label of this language.
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::En => &EN,
            Lang::Sv => &SV,
            Lang::Nb => &NB,
        }
    }

    /// The name of `level` ("advanced", "avancerad", "avansert").
    pub fn level_name(self, level: Level) -> &'static str {
        let names = &self.labels().level_names;
        match level {
            Level::Basic => names[0],
            Level::Independent => names[1],
            Level::Advanced => names[2],
            Level::Expert => names[3],
        }
    }

    /// `level` as a number and its name ("3 advanced"), or "not assessed" for `None`.
    pub fn level(self, level: Option<Level>) -> String {
        match level {
            Some(l) => format!("{} {}", l.number(), self.level_name(l)),
            None => self.labels().not_assessed.to_string(),
        }
    }

    /// `day` in the local form: `20 Nov 2026`, `20 nov. 2026`, `20.11.2026`.
    pub fn date(self, day: NaiveDate) -> String {
        let month0 = usize::try_from(day.month0()).unwrap_or_default();
        match self {
            Lang::En => format!(
                "{} {} {}",
                day.day(),
                EN_MONTHS.get(month0).copied().unwrap_or_default(),
                day.year()
            ),
            Lang::Sv => format!(
                "{} {} {}",
                day.day(),
                SV_MONTHS.get(month0).copied().unwrap_or_default(),
                day.year()
            ),
            Lang::Nb => format!("{:02}.{:02}.{}", day.day(), day.month(), day.year()),
        }
    }
}

impl Lang {
    /// `value` with `places` decimals and the local decimal sign, minus as `−`: `2.5`, `2,5`.
    pub fn decimal(self, value: f64, places: usize) -> String {
        let text = format!("{:.*}", places, value.abs());
        let text = match self {
            Lang::En => text,
            Lang::Sv | Lang::Nb => text.replace('.', ","),
        };
        let zero = text.chars().all(|c| matches!(c, '0' | '.' | ','));
        if value.is_sign_negative() && !zero {
            format!("\u{2212}{text}")
        } else {
            text
        }
    }

    /// A share (0-1) as a percentage with at most one decimal, in the local form: `62.5%` in
    /// English, `62,5 %` (with a no-break space) in Swedish and Norwegian.
    pub fn percent(self, share: f64) -> String {
        let pct = share * 100.0;
        let places = if (pct - pct.round()).abs() < 0.05 {
            0
        } else {
            1
        };
        let number = self.decimal(pct, places);
        match self {
            Lang::En => format!("{number}%"),
            Lang::Sv | Lang::Nb => format!("{number}\u{a0}%"),
        }
    }
}

impl Lang {
    /// The labels of the command line's text tables in this language.
    pub fn table_labels(self) -> &'static TableLabels {
        match self {
            Lang::En => &TABLE_EN,
            Lang::Sv => &TABLE_SV,
            Lang::Nb => &TABLE_NB,
        }
    }

    /// `day` in the short numeric form of a table column: `2026-11-20` in English and Swedish
    /// (the Swedish standard form), `20.11.2026` in Norwegian (as on the pages).
    pub fn short_date(self, day: NaiveDate) -> String {
        match self {
            Lang::En | Lang::Sv => day.format("%Y-%m-%d").to_string(),
            Lang::Nb => format!("{:02}.{:02}.{}", day.day(), day.month(), day.year()),
        }
    }

    /// The language the locale variables ask for, in the order they take precedence
    /// (`LC_ALL`, `LC_MESSAGES`, `LANG`): the first that is set and not empty decides, and a
    /// locale of another language (`C`, `de_DE.UTF-8`) gives `None`.
    ///
    /// ```
    /// use skillreg_html::Lang;
    /// assert_eq!(Lang::from_locale([None, Some(""), Some("sv_SE.UTF-8")]), Some(Lang::Sv));
    /// assert_eq!(Lang::from_locale([Some("C"), None, Some("nb_NO.UTF-8")]), None);
    /// ```
    pub fn from_locale<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> Option<Lang> {
        values
            .into_iter()
            .flatten()
            .find(|v| !v.is_empty())
            .and_then(Lang::from_tag)
    }
}

const EN_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The abbreviated month names of Swedish dates (as in "20 nov. 2026").
const SV_MONTHS: [&str; 12] = [
    "jan.", "feb.", "mars", "apr.", "maj", "juni", "juli", "aug.", "sep.", "okt.", "nov.", "dec.",
];

/// Every text a page shows that does not come from the registry, in one language.
#[derive(Debug)]
pub struct Labels {
    /// BCP 47 tag.
    pub code: &'static str,
    /// Level names, level 1 first.
    pub level_names: [&'static str; 4],
    /// Title of the appraisal brief.
    pub brief_title: &'static str,
    /// Title of the team overview.
    pub team_title: &'static str,
    /// Title of the unit overview.
    pub unit_title: &'static str,
    /// Column: occupation.
    pub col_occupation: &'static str,
    /// Count of the people in the unit.
    pub unit_people: &'static str,
    /// Note when the unit is shown per occupation.
    pub unit_by_occupation: &'static str,
    /// Legend of the occupation matrix.
    pub unit_cell_reads: &'static str,
    /// Mean current level.
    pub mean_level: &'static str,
    /// Mean gap.
    pub mean_gap: &'static str,
    /// Count of the figures withheld.
    pub n_withheld: &'static str,
    /// "As of" before the day.
    pub as_of: &'static str,
    /// Employee number.
    pub employee_no: &'static str,
    /// Role (occupation).
    pub role: &'static str,
    /// Org unit.
    pub unit: &'static str,
    /// Manager.
    pub manager: &'static str,
    /// Said of a person with no employment on the day.
    pub not_active: &'static str,
    /// Heading of the radar chart.
    pub profile_heading: &'static str,
    /// Caption of the radar chart.
    pub radar_caption: &'static str,
    /// Note when the chart has one or two axes.
    pub radar_few_axes: &'static str,
    /// Note when the chart has no axis.
    pub radar_empty: &'static str,
    /// Legend: target level.
    pub series_target: &'static str,
    /// Legend: current level.
    pub series_current: &'static str,
    /// Legend: self-assessed level.
    pub series_self: &'static str,
    /// Note under the chart: where "not assessed" is drawn.
    pub radar_centre_note: &'static str,
    /// Heading of the levels table.
    pub levels_heading: &'static str,
    /// Column: system.
    pub col_system: &'static str,
    /// Column: target level.
    pub col_target: &'static str,
    /// Column: current level.
    pub col_current: &'static str,
    /// Column: where the current level comes from.
    pub col_source: &'static str,
    /// Column: self-assessed level.
    pub col_self: &'static str,
    /// Column: confirmed level.
    pub col_confirmed: &'static str,
    /// Column: gap.
    pub col_gap: &'static str,
    /// A level that is not known.
    pub not_assessed: &'static str,
    /// No target level.
    pub no_target: &'static str,
    /// Current level from a manager or a course.
    pub source_confirmed: &'static str,
    /// Current level from the self-assessment only.
    pub source_self: &'static str,
    /// Heading of the gaps.
    pub gaps_heading: &'static str,
    /// When there is no gap.
    pub no_gaps: &'static str,
    /// Column: what the target level means.
    pub col_target_meaning: &'static str,
    /// Column: recommended courses.
    pub col_recommended: &'static str,
    /// Column: open referrals.
    pub col_referred: &'static str,
    /// The word "level" before a number.
    pub level_word: &'static str,
    /// An empty list.
    pub none: &'static str,
    /// Heading of the self/confirmed discrepancies.
    pub discrepancies_heading: &'static str,
    /// Introduction to the discrepancies.
    pub discrepancies_intro: &'static str,
    /// When there is no discrepancy.
    pub no_discrepancies: &'static str,
    /// The self-assessment is above the confirmed level.
    pub self_higher: &'static str,
    /// The self-assessment is below the confirmed level.
    pub self_lower: &'static str,
    /// Heading of the open referrals.
    pub referrals_heading: &'static str,
    /// When there is no open referral.
    pub no_referrals: &'static str,
    /// Column: course.
    pub col_course: &'static str,
    /// Column: day referred.
    pub col_referred_on: &'static str,
    /// Column: due day.
    pub col_due: &'static str,
    /// Said of a referral past its due day.
    pub overdue: &'static str,
    /// Heading of the expiring results; `{n}` is the window in days.
    pub expiring_heading: &'static str,
    /// When nothing expires within the window; `{n}` is the window in days.
    pub no_expiring: &'static str,
    /// Column: completion day.
    pub col_completed: &'static str,
    /// Column: first day no longer valid.
    pub col_expires: &'static str,
    /// Heading of the changes, before the day.
    pub changes_since: &'static str,
    /// When nothing changed.
    pub no_changes: &'static str,
    /// Sub-heading: standings that moved.
    pub moved_heading: &'static str,
    /// Sub-heading: new evidence.
    pub new_evidence_heading: &'static str,
    /// Column: day.
    pub col_date: &'static str,
    /// Column: kind of evidence.
    pub col_kind: &'static str,
    /// Column: level.
    pub col_level: &'static str,
    /// Evidence kind: self-assessment.
    pub kind_self: &'static str,
    /// Evidence kind: manager assessment.
    pub kind_manager: &'static str,
    /// Evidence kind: course result.
    pub kind_course: &'static str,
    /// Heading of the level descriptions.
    pub meanings_heading: &'static str,
    /// Column: employee.
    pub col_employee: &'static str,
    /// Footer row of the team matrix.
    pub at_target: &'static str,
    /// "of" in "3 of 7".
    pub of: &'static str,
    /// "fewer than" in "fewer than 5".
    pub fewer_than: &'static str,
    /// Note on suppressed counts.
    pub suppressed_note: &'static str,
    /// Legend of the team matrix: target reached.
    pub sym_met: &'static str,
    /// Legend: gap.
    pub sym_gap: &'static str,
    /// Legend: self-assessed only.
    pub sym_self: &'static str,
    /// Legend: no target.
    pub sym_no_target: &'static str,
    /// Legend: how a cell reads.
    pub cell_reads: &'static str,
    /// Hint on sorting.
    pub sort_hint: &'static str,
    /// When the team is empty.
    pub no_people: &'static str,
    /// Footer of every page that shows people.
    pub footer: &'static str,
    /// Footer of a page of aggregates only (it names no one).
    pub footer_aggregate: &'static str,
    /// Title of the progress report (baseline compared with follow-up).
    pub progress_title: &'static str,
    /// The first day of the progress report.
    pub progress_baseline: &'static str,
    /// The second day of the progress report.
    pub progress_follow_up: &'static str,
    /// Scope of the progress report, before the unit.
    pub progress_scope: &'static str,
    /// Everyone in the report's scope.
    pub progress_everyone: &'static str,
    /// Heading of the progress chart.
    pub progress_chart_heading: &'static str,
    /// Caption of the progress chart.
    pub progress_chart_caption: &'static str,
    /// Heading of the progress table.
    pub progress_table_heading: &'static str,
    /// Column: people with a target.
    pub progress_col_people: &'static str,
    /// Column: share at or above target.
    pub progress_col_share: &'static str,
    /// Column: mean current level.
    pub progress_col_mean: &'static str,
    /// Column group: second day minus first.
    pub progress_col_change: &'static str,
    /// Unit of a change in a share: percentage points.
    pub progress_points: &'static str,
    /// Note on the mean level.
    pub progress_mean_note: &'static str,
    /// Heading of joiners and leavers.
    pub progress_turnover_heading: &'static str,
    /// How joiners and leavers are counted.
    pub progress_handling: &'static str,
    /// Count: in scope on both days.
    pub progress_n_both: &'static str,
    /// Count: in scope on the first day only.
    pub progress_n_left: &'static str,
    /// Count: in scope on the second day only.
    pub progress_n_joined: &'static str,
    /// Heading of the suppression statement.
    pub progress_suppression_heading: &'static str,
    /// The suppression statement; `{n}` is the smallest group shown, `{k}` the number of figures withheld.
    pub progress_suppression: &'static str,
    /// When the report has no row.
    pub progress_no_rows: &'static str,
}

/// English.
pub const EN: Labels = Labels {
    code: "en",
    level_names: ["basic", "independent", "advanced", "expert"],
    brief_title: "Appraisal brief",
    team_title: "Team overview",
    unit_title: "Unit overview",
    col_occupation: "Occupation",
    unit_people: "People in the unit",
    unit_by_occupation: "More people than are shown one by one: one row per occupation.",
    unit_cell_reads: "Each cell: people at or above target of those with a target, and their mean current level; the colour follows the mean gap.",
    mean_level: "mean level",
    mean_gap: "mean gap",
    n_withheld: "Figures withheld",
    as_of: "As of",
    employee_no: "Employee number",
    role: "Role",
    unit: "Unit",
    manager: "Manager",
    not_active: "Not employed on this day",
    profile_heading: "Competence profile",
    radar_caption: "Target, current and self-assessed level per system, from 1 (basic) at the centre to 4 (expert) at the edge. The table below gives the same figures.",
    radar_few_axes: "With fewer than three systems the chart shows points and lines instead of areas.",
    radar_empty: "No system has a target or any evidence yet.",
    series_target: "Target",
    series_current: "Current",
    series_self: "Self-assessed",
    radar_centre_note: "A level that is not assessed is drawn at the centre and marked “not assessed” in the table.",
    levels_heading: "Levels per system",
    col_system: "System",
    col_target: "Target",
    col_current: "Current",
    col_source: "Based on",
    col_self: "Self-assessed",
    col_confirmed: "Confirmed",
    col_gap: "Gap",
    not_assessed: "not assessed",
    no_target: "no target",
    source_confirmed: "confirmed",
    source_self: "self-assessed only",
    gaps_heading: "Gaps and recommended training",
    no_gaps: "No gaps: every target is reached.",
    col_target_meaning: "What the target level means",
    col_recommended: "Recommended courses",
    col_referred: "Already referred to",
    level_word: "level",
    none: "none",
    discrepancies_heading: "Self-assessment and confirmed level differ",
    discrepancies_intro: "Worth talking about at the appraisal talk.",
    no_discrepancies: "None: the self-assessments agree with the confirmed levels.",
    self_higher: "self-assessment higher than confirmed",
    self_lower: "self-assessment lower than confirmed",
    referrals_heading: "Open referrals",
    no_referrals: "No open referrals.",
    col_course: "Course",
    col_referred_on: "Referred",
    col_due: "Due",
    overdue: "overdue",
    expiring_heading: "Course results expiring within {n} days",
    no_expiring: "No course result expires within {n} days.",
    col_completed: "Completed",
    col_expires: "No longer valid from",
    changes_since: "Changes since",
    no_changes: "Nothing changed.",
    moved_heading: "Levels and targets that moved",
    new_evidence_heading: "New evidence",
    col_date: "Date",
    col_kind: "Kind",
    col_level: "Level",
    kind_self: "self-assessment",
    kind_manager: "manager assessment",
    kind_course: "course result",
    meanings_heading: "What the levels mean",
    col_employee: "Employee",
    at_target: "At or above target",
    of: "of",
    fewer_than: "fewer than",
    suppressed_note: "Counts over fewer people than this are not shown, so that no one can be singled out.",
    sym_met: "target reached",
    sym_gap: "levels below target",
    sym_self: "self-assessed only",
    sym_no_target: "no target",
    cell_reads: "Each cell: current level / target level.",
    sort_hint: "Select a column heading to sort by it.",
    no_people: "Nobody in this group on this day.",
    footer: "Contains personal data. Made by skillreg from the competence registry.",
    footer_aggregate: "Figures over groups only; no person is named. Made by skillreg from the competence registry.",
    progress_title: "Progress from baseline to follow-up",
    progress_baseline: "Baseline",
    progress_follow_up: "Follow-up",
    progress_scope: "Unit and the units below it",
    progress_everyone: "Everyone",
    progress_chart_heading: "Share at or above target",
    progress_chart_caption: "Per system, the share of the people with a target who are at or above it: the outlined bar is the baseline, the filled bar the follow-up; each bar is labelled with its day and value. The table below gives the same figures.",
    progress_table_heading: "Figures per unit and system",
    progress_col_people: "People with a target",
    progress_col_share: "At or above target",
    progress_col_mean: "Mean level",
    progress_col_change: "Change",
    progress_points: "percentage points",
    progress_mean_note: "The mean level counts a system not assessed as 0.",
    progress_turnover_heading: "Joiners and leavers",
    progress_handling: "Each day counts its own active people: people who left are in the baseline's figures only, people who joined in the follow-up's only.",
    progress_n_both: "In scope on both days",
    progress_n_left: "Baseline only (left or moved out)",
    progress_n_joined: "Follow-up only (joined or moved in)",
    progress_suppression_heading: "Withheld figures",
    progress_suppression: "A count of fewer than {n} people (also of those at target within a group), any share, mean or count over a group of fewer than {n} people, and a share whose count is withheld are withheld so that no one can be singled out (a count of 0 is shown); so is a change from or to a withheld figure. {k} figures are withheld in this report.",
    progress_no_rows: "Nobody in scope has a target on either day.",
};

/// Swedish.
pub const SV: Labels = Labels {
    code: "sv",
    level_names: ["grundläggande", "självständig", "avancerad", "expert"],
    brief_title: "Underlag för medarbetarsamtal",
    team_title: "Översikt för arbetsgruppen",
    unit_title: "Översikt för enheten",
    col_occupation: "Yrkesgrupp",
    unit_people: "Personer i enheten",
    unit_by_occupation: "Fler personer än som visas en och en: en rad per yrkesgrupp.",
    unit_cell_reads: "Varje ruta: antal som når målnivån av dem som har en målnivå, och deras medelnivå; färgen följer det genomsnittliga gapet.",
    mean_level: "medelnivå",
    mean_gap: "genomsnittligt gap",
    n_withheld: "Uppgifter som inte visas",
    as_of: "Per",
    employee_no: "Anställningsnummer",
    role: "Yrkesgrupp",
    unit: "Enhet",
    manager: "Närmaste chef",
    not_active: "Inte anställd denna dag",
    profile_heading: "Kompetensprofil",
    radar_caption: "Målnivå, nuvarande nivå och självskattad nivå per system, från 1 (grundläggande) i mitten till 4 (expert) i ytterkanten. Tabellen nedan visar samma uppgifter.",
    radar_few_axes: "Med färre än tre system visar diagrammet punkter och linjer i stället för ytor.",
    radar_empty: "Inget system har ännu någon målnivå eller bedömning.",
    series_target: "Målnivå",
    series_current: "Nuvarande nivå",
    series_self: "Självskattning",
    radar_centre_note: "En nivå som inte är bedömd ritas i mitten och anges som ”ej bedömd” i tabellen.",
    levels_heading: "Nivåer per system",
    col_system: "System",
    col_target: "Målnivå",
    col_current: "Nuvarande nivå",
    col_source: "Grundas på",
    col_self: "Självskattning",
    col_confirmed: "Bekräftad nivå",
    col_gap: "Kvar till målet",
    not_assessed: "ej bedömd",
    no_target: "ingen målnivå",
    source_confirmed: "bekräftad",
    source_self: "endast självskattad",
    gaps_heading: "Utvecklingsbehov och rekommenderade utbildningar",
    no_gaps: "Inga utvecklingsbehov: alla målnivåer är nådda.",
    col_target_meaning: "Vad målnivån innebär",
    col_recommended: "Rekommenderade utbildningar",
    col_referred: "Redan anvisad till",
    level_word: "nivå",
    none: "inga",
    discrepancies_heading: "Självskattning och bekräftad nivå skiljer sig åt",
    discrepancies_intro: "Bra att ta upp i medarbetarsamtalet.",
    no_discrepancies: "Inga: självskattningarna stämmer med de bekräftade nivåerna.",
    self_higher: "självskattningen är högre än den bekräftade nivån",
    self_lower: "självskattningen är lägre än den bekräftade nivån",
    referrals_heading: "Anvisade utbildningar som pågår",
    no_referrals: "Inga anvisade utbildningar pågår.",
    col_course: "Utbildning",
    col_referred_on: "Anvisad",
    col_due: "Senast klar",
    overdue: "försenad",
    expiring_heading: "Utbildningsresultat som upphör att gälla inom {n} dagar",
    no_expiring: "Inget utbildningsresultat upphör att gälla inom {n} dagar.",
    col_completed: "Genomförd",
    col_expires: "Gäller inte från",
    changes_since: "Förändringar sedan",
    no_changes: "Inget har ändrats.",
    moved_heading: "Nivåer och målnivåer som har ändrats",
    new_evidence_heading: "Nya uppgifter",
    col_date: "Datum",
    col_kind: "Typ",
    col_level: "Nivå",
    kind_self: "självskattning",
    kind_manager: "chefens bedömning",
    kind_course: "utbildningsresultat",
    meanings_heading: "Vad nivåerna innebär",
    col_employee: "Medarbetare",
    at_target: "Når målnivån",
    of: "av",
    fewer_than: "färre än",
    suppressed_note: "Antal som bygger på färre personer än så visas inte, så att ingen enskild kan pekas ut.",
    sym_met: "målnivån är nådd",
    sym_gap: "nivåer kvar till målet",
    sym_self: "endast självskattad",
    sym_no_target: "ingen målnivå",
    cell_reads: "Varje ruta: nuvarande nivå / målnivå.",
    sort_hint: "Välj en kolumnrubrik för att sortera efter den.",
    no_people: "Ingen i gruppen denna dag.",
    footer: "Innehåller personuppgifter. Skapad av skillreg ur kompetensregistret.",
    footer_aggregate: "Endast siffror för grupper; ingen person namnges. Skapad av skillreg ur kompetensregistret.",
    progress_title: "Utveckling från nulägesmätning till uppföljning",
    progress_baseline: "Nulägesmätning",
    progress_follow_up: "Uppföljning",
    progress_scope: "Enheten och enheterna under den",
    progress_everyone: "Alla",
    progress_chart_heading: "Andel på eller över målnivån",
    progress_chart_caption: "Per system, andelen av personerna med en målnivå som är på eller över den: den ofyllda stapeln är nulägesmätningen, den fyllda uppföljningen; varje stapel har sin dag och sitt värde utskrivet. Tabellen nedan visar samma siffror.",
    progress_table_heading: "Siffror per enhet och system",
    progress_col_people: "Personer med målnivå",
    progress_col_share: "På eller över målnivån",
    progress_col_mean: "Medelnivå",
    progress_col_change: "Förändring",
    progress_points: "procentenheter",
    progress_mean_note: "Medelnivån räknar ett system som inte är bedömt som 0.",
    progress_turnover_heading: "Nyanställda och avgångar",
    progress_handling: "Varje dag räknar sina egna aktiva personer: de som har slutat finns bara med i nulägesmätningens siffror, de som har börjat bara i uppföljningens.",
    progress_n_both: "Med båda dagarna",
    progress_n_left: "Bara vid nulägesmätningen (slutat eller flyttat ut)",
    progress_n_joined: "Bara vid uppföljningen (börjat eller flyttat in)",
    progress_suppression_heading: "Dolda siffror",
    progress_suppression: "Ett antal under {n} personer (även av dem som når målnivån inom en grupp), en andel, ett medelvärde eller ett antal i en grupp på färre än {n} personer och en andel vars antal är dolt visas inte, så att ingen enskild kan pekas ut (antalet 0 visas); inte heller en förändring från eller till en dold siffra. {k} siffror är dolda i rapporten.",
    progress_no_rows: "Ingen i urvalet har någon målnivå någon av dagarna.",
};

/// Norwegian Bokmål.
pub const NB: Labels = Labels {
    code: "nb",
    level_names: ["grunnleggende", "selvstendig", "avansert", "ekspert"],
    brief_title: "Grunnlag for medarbeidersamtale",
    team_title: "Oversikt over arbeidsgruppen",
    unit_title: "Oversikt over enheten",
    col_occupation: "Yrkesgruppe",
    unit_people: "Personer i enheten",
    unit_by_occupation: "Flere personer enn det som vises enkeltvis: én rad per yrkesgruppe.",
    unit_cell_reads: "Hver rute: antall som når målnivået av dem som har et målnivå, og deres gjennomsnittsnivå; fargen følger den gjennomsnittlige avstanden.",
    mean_level: "gjennomsnittsnivå",
    mean_gap: "gjennomsnittlig avstand",
    n_withheld: "Tall som ikke vises",
    as_of: "Per",
    employee_no: "Ansattnummer",
    role: "Stilling",
    unit: "Enhet",
    manager: "Nærmeste leder",
    not_active: "Ikke ansatt denne dagen",
    profile_heading: "Kompetanseprofil",
    radar_caption: "Målnivå, nåværende nivå og egenvurdert nivå per system, fra 1 (grunnleggende) i midten til 4 (ekspert) ytterst. Tabellen nedenfor viser de samme tallene.",
    radar_few_axes: "Med færre enn tre systemer viser diagrammet punkter og linjer i stedet for flater.",
    radar_empty: "Ingen systemer har målnivå eller vurdering ennå.",
    series_target: "Målnivå",
    series_current: "Nåværende nivå",
    series_self: "Egenvurdering",
    radar_centre_note: "Et nivå som ikke er vurdert, tegnes i midten og står som «ikke vurdert» i tabellen.",
    levels_heading: "Nivåer per system",
    col_system: "System",
    col_target: "Målnivå",
    col_current: "Nåværende nivå",
    col_source: "Bygger på",
    col_self: "Egenvurdering",
    col_confirmed: "Bekreftet nivå",
    col_gap: "Gjenstår til målet",
    not_assessed: "ikke vurdert",
    no_target: "ingen målnivå",
    source_confirmed: "bekreftet",
    source_self: "kun egenvurdert",
    gaps_heading: "Utviklingsbehov og anbefalte kurs",
    no_gaps: "Ingen utviklingsbehov: alle målnivåer er nådd.",
    col_target_meaning: "Hva målnivået betyr",
    col_recommended: "Anbefalte kurs",
    col_referred: "Allerede henvist til",
    level_word: "nivå",
    none: "ingen",
    discrepancies_heading: "Egenvurdering og bekreftet nivå er ulike",
    discrepancies_intro: "Verdt å ta opp i medarbeidersamtalen.",
    no_discrepancies: "Ingen: egenvurderingene stemmer med de bekreftede nivåene.",
    self_higher: "egenvurderingen er høyere enn bekreftet nivå",
    self_lower: "egenvurderingen er lavere enn bekreftet nivå",
    referrals_heading: "Åpne henvisninger til kurs",
    no_referrals: "Ingen åpne henvisninger.",
    col_course: "Kurs",
    col_referred_on: "Henvist",
    col_due: "Frist",
    overdue: "forsinket",
    expiring_heading: "Kursresultater som utløper innen {n} dager",
    no_expiring: "Ingen kursresultater utløper innen {n} dager.",
    col_completed: "Fullført",
    col_expires: "Gjelder ikke fra",
    changes_since: "Endringer siden",
    no_changes: "Ingenting er endret.",
    moved_heading: "Nivåer og målnivåer som er endret",
    new_evidence_heading: "Nye registreringer",
    col_date: "Dato",
    col_kind: "Type",
    col_level: "Nivå",
    kind_self: "egenvurdering",
    kind_manager: "lederens vurdering",
    kind_course: "kursresultat",
    meanings_heading: "Hva nivåene betyr",
    col_employee: "Medarbeider",
    at_target: "Når målnivået",
    of: "av",
    fewer_than: "færre enn",
    suppressed_note: "Tall som bygger på færre personer enn dette, vises ikke, slik at ingen enkeltperson kan pekes ut.",
    sym_met: "målnivået er nådd",
    sym_gap: "nivåer igjen til målet",
    sym_self: "kun egenvurdert",
    sym_no_target: "ingen målnivå",
    cell_reads: "Hver rute: nåværende nivå / målnivå.",
    sort_hint: "Velg en kolonneoverskrift for å sortere etter den.",
    no_people: "Ingen i gruppen denne dagen.",
    footer: "Inneholder personopplysninger. Laget av skillreg fra kompetanseregisteret.",
    footer_aggregate: "Bare tall for grupper; ingen person er navngitt. Laget av skillreg fra kompetanseregisteret.",
    progress_title: "Utvikling fra kartlegging til oppfølging",
    progress_baseline: "Kartlegging",
    progress_follow_up: "Oppfølging",
    progress_scope: "Enheten og enhetene under den",
    progress_everyone: "Alle",
    progress_chart_heading: "Andel på eller over målnivået",
    progress_chart_caption: "Per system, andelen av personene med et målnivå som er på eller over det: den åpne søylen er kartleggingen, den fylte oppfølgingen; hver søyle har dagen og verdien skrevet ved siden av. Tabellen nedenfor viser de samme tallene.",
    progress_table_heading: "Tall per enhet og system",
    progress_col_people: "Personer med målnivå",
    progress_col_share: "På eller over målnivået",
    progress_col_mean: "Gjennomsnittlig nivå",
    progress_col_change: "Endring",
    progress_points: "prosentpoeng",
    progress_mean_note: "Gjennomsnittlig nivå regner et system som ikke er vurdert, som 0.",
    progress_turnover_heading: "Nyansatte og avganger",
    progress_handling: "Hver dag teller sine egne aktive personer: de som har sluttet, er bare med i kartleggingens tall, de som har begynt, bare i oppfølgingens.",
    progress_n_both: "Med begge dagene",
    progress_n_left: "Bare ved kartleggingen (sluttet eller flyttet ut)",
    progress_n_joined: "Bare ved oppfølgingen (begynt eller flyttet inn)",
    progress_suppression_heading: "Skjulte tall",
    progress_suppression: "Et antall under {n} personer (også av dem som når målnivået innenfor en gruppe), en andel, et gjennomsnitt eller et antall i en gruppe på færre enn {n} personer og en andel der antallet er skjult, vises ikke, slik at ingen enkeltperson kan pekes ut (antallet 0 vises); heller ikke en endring fra eller til et skjult tall. {k} tall er skjult i rapporten.",
    progress_no_rows: "Ingen i utvalget har målnivå noen av dagene.",
};

/// Every text of the command line's tables for people, in one language (JSON and CSV keep
/// their English keys and ISO dates). Column headings are arrays of a fixed length and the rest
/// are fields, so a text missing in one language is a compile error; texts the pages share
/// (level names, "not assessed", evidence kinds, headings of the brief) come from [`Labels`].
#[derive(Debug)]
pub struct TableLabels {
    /// "as of" before a day in running text.
    pub as_of: &'static str,
    /// Columns of a person's levels per system: system, target, current, confirmed, self, gap,
    /// note, courses.
    pub standing_columns: [&'static str; 8],
    /// Note: self-assessment and confirmed level differ.
    pub differ: &'static str,
    /// Before the courses someone is already referred to.
    pub referred_to: &'static str,
    /// Said of a person with no employment on the day of the brief.
    pub not_active_on_day: &'static str,
    /// "in" between an occupation and a unit.
    pub in_unit: &'static str,
    /// "manager" before the manager.
    pub manager: &'static str,
    /// Heading of the gaps in the brief.
    pub to_reach_target: &'static str,
    /// "referred" before the day of a referral.
    pub referred_on: &'static str,
    /// "due" before the due day.
    pub due: &'static str,
    /// "completed" before a completion day.
    pub completed: &'static str,
    /// "expires" before the first day a result is no longer valid.
    pub expires: &'static str,
    /// An active person.
    pub active: &'static str,
    /// A person who is not active.
    pub not_active: &'static str,
    /// The primary employment.
    pub primary: &'static str,
    /// Columns of the gaps: employee, name, system, target, current, gap, recommended.
    pub gap_columns: [&'static str; 7],
    /// When there is no gap, before the day.
    pub no_gaps_as_of: &'static str,
    /// The heading of the team, before the manager.
    pub team_of: &'static str,
    /// The mark of a level that is self-assessed only, in the team matrix.
    pub self_letter: &'static str,
    /// How a cell of the team matrix reads; `{s}` is the mark of self-assessed only.
    pub team_legend: &'static str,
    /// "levels" before the list of level names.
    pub levels: &'static str,
    /// Columns of a unit by occupation: occupation, people, system, with target, at target,
    /// mean level, mean gap.
    pub unit_occupation_columns: [&'static str; 7],
    /// The note on withheld figures: `{k}` figures withheld, `{n}` the smallest group shown,
    /// `{m}` one less.
    pub withheld_note: &'static str,
    /// Columns of the training demand: kind, system, level, course, by, group, closes,
    /// narrows, referred, people.
    pub demand_columns: [&'static str; 10],
    /// Kind of a demand row: an existing course.
    pub demand_course: &'static str,
    /// Kind of a demand row: a course that does not exist yet.
    pub demand_new_course: &'static str,
    /// Groups of a demand row: everyone, by occupation, by unit.
    pub demand_by: [&'static str; 3],
    /// Heading of the demand: `{day}`, `{scope}`, `{n}` active people, `{m}` with a gap.
    pub demand_title: &'static str,
    /// Scope: everyone.
    pub scope_everyone: &'static str,
    /// Scope: unit `{u}` and the units below it.
    pub scope_unit: &'static str,
    /// Scope: occupation `{o}`.
    pub scope_occupation: &'static str,
    /// Scope: occupation `{o}` in unit `{u}` and the units below it.
    pub scope_occupation_in_unit: &'static str,
    /// What the demand's columns mean (lines ending in a newline).
    pub demand_notes: &'static str,
    /// Columns of the progress report: unit, system, then people, share at target, mean level
    /// and not assessed on the first day and on the second, then the change in people, share
    /// and mean level.
    pub progress_columns: [&'static str; 13],
    /// The row of everyone in scope.
    pub all_rows: &'static str,
    /// Heading of the progress report: `{from}`, `{to}`, `{scope}`.
    pub progress_heading: &'static str,
    /// The people counted: `{both}`, `{left}`, `{joined}`.
    pub progress_people: &'static str,
    /// Unit of a change in a share, short.
    pub points: &'static str,
    /// What the progress report's columns mean (lines ending in a newline).
    pub progress_notes: &'static str,
    /// Columns of the evidence history: #, date, system, level, kind, detail, source.
    pub history_columns: [&'static str; 7],
    /// "by" before an assessor or a user.
    pub by: &'static str,
    /// "run" before the id of a sync run.
    pub run: &'static str,
    /// Columns of the run log: run, started, source, role, input, outcome, created, updated,
    /// terminated, reactivated, evidence, warnings, ms.
    pub runs_columns: [&'static str; 13],
}

/// English tables (the headings are the CSV's column names).
pub const TABLE_EN: TableLabels = TableLabels {
    as_of: "as of",
    standing_columns: [
        "system",
        "target",
        "current",
        "confirmed",
        "self",
        "gap",
        "note",
        "courses",
    ],
    differ: "self/confirmed differ",
    referred_to: "referred",
    not_active_on_day: "not active on this day",
    in_unit: "in",
    manager: "manager",
    to_reach_target: "To reach the target",
    referred_on: "referred",
    due: "due",
    completed: "completed",
    expires: "expires",
    active: "active",
    not_active: "not active",
    primary: "primary",
    gap_columns: [
        "employee",
        "name",
        "system",
        "target",
        "current",
        "gap",
        "recommended",
    ],
    no_gaps_as_of: "no gaps as of",
    team_of: "Team of",
    self_letter: "s",
    team_legend: "cell = current/target; {s} = self-assessed only; – = not assessed or no target; ▲ = gap",
    levels: "levels",
    unit_occupation_columns: [
        "occupation",
        "people",
        "system",
        "with_target",
        "at_target",
        "mean_level",
        "mean_gap",
    ],
    withheld_note: "{k} figure(s) withheld, shown as <{n}: a count of 1 to {m} people (also within a group, such as those at target), any share, mean or count over a group of 1 to {m} people, a share whose count is withheld, and a change from or to a withheld figure are withheld so that no individual can be singled out.",
    demand_columns: [
        "kind", "system", "level", "course", "by", "group", "closes", "narrows", "referred",
        "people",
    ],
    demand_course: "course",
    demand_new_course: "new course",
    demand_by: ["all", "occupation", "unit"],
    demand_title: "Training demand as of {day}, {scope}: {n} active people, {m} with a gap",
    scope_everyone: "everyone",
    scope_unit: "unit {u} and below",
    scope_occupation: "occupation {o}",
    scope_occupation_in_unit: "occupation {o} in unit {u} and below",
    demand_notes: "closes: recommended and reaches the target; narrows: recommended, below the target; referred: already referred.\nnew course: gaps no course closes (the system and level a new course would need).\nA person counts in every unit and occupation they work in; a unit includes the units below it.\n",
    progress_columns: [
        "unit",
        "system",
        "from_people",
        "from_share_at_target",
        "from_mean_level",
        "from_not_assessed",
        "to_people",
        "to_share_at_target",
        "to_mean_level",
        "to_not_assessed",
        "change_people",
        "change_share_at_target",
        "change_mean_level",
    ],
    all_rows: "(all)",
    progress_heading: "Progress from {from} to {to}, {scope}",
    progress_people: "People: {both} on both days, {left} left, {joined} joined; each day counts its own active people: people who left are in the first day's figures only, people who joined in the second day's only.",
    points: "pp",
    progress_notes: "share_at_target: at or above target; mean_level: not assessed counts as 0 (and is counted in not_assessed). (all): everyone in scope; a unit includes the units below it.\n",
    history_columns: ["#", "date", "system", "level", "kind", "detail", "source"],
    by: "by",
    run: "run",
    runs_columns: [
        "run",
        "started",
        "source",
        "role",
        "input",
        "outcome",
        "created",
        "updated",
        "terminated",
        "reactivated",
        "evidence",
        "warnings",
        "ms",
    ],
};

/// Swedish tables.
pub const TABLE_SV: TableLabels = TableLabels {
    as_of: "per",
    standing_columns: [
        "system",
        "målnivå",
        "nuvarande",
        "bekräftad",
        "självskattad",
        "kvar",
        "anmärkning",
        "utbildningar",
    ],
    differ: "självskattad och bekräftad nivå skiljer sig åt",
    referred_to: "anvisad till",
    not_active_on_day: "inte anställd denna dag",
    in_unit: "i",
    manager: "chef",
    to_reach_target: "För att nå målnivån",
    referred_on: "anvisad",
    due: "senast klar",
    completed: "genomförd",
    expires: "gäller inte från",
    active: "anställd",
    not_active: "inte anställd",
    primary: "huvudanställning",
    gap_columns: [
        "anställningsnr",
        "namn",
        "system",
        "målnivå",
        "nuvarande",
        "kvar",
        "rekommenderas",
    ],
    no_gaps_as_of: "inga utvecklingsbehov per",
    team_of: "Arbetsgrupp för",
    self_letter: "s",
    team_legend: "ruta = nuvarande/målnivå; {s} = endast självskattad; – = ej bedömd eller ingen målnivå; ▲ = nivåer kvar till målet",
    levels: "nivåer",
    unit_occupation_columns: [
        "yrkesgrupp",
        "personer",
        "system",
        "med målnivå",
        "når målnivån",
        "medelnivå",
        "genomsnittligt gap",
    ],
    withheld_note: "{k} uppgift(er) visas inte utan som <{n}: ett antal på 1 till {m} personer (även inom en grupp, till exempel de som når målnivån), en andel, ett medelvärde eller ett antal över en grupp på 1 till {m} personer, en andel vars antal är dolt och en förändring från eller till en dold uppgift visas inte, så att ingen enskild kan pekas ut.",
    demand_columns: [
        "typ",
        "system",
        "nivå",
        "utbildning",
        "per",
        "grupp",
        "når målet",
        "närmar sig",
        "anvisade",
        "personer",
    ],
    demand_course: "utbildning",
    demand_new_course: "ny utbildning",
    demand_by: ["alla", "yrkesgrupp", "enhet"],
    demand_title: "Utbildningsbehov per {day}, {scope}: {n} aktiva personer, {m} med utvecklingsbehov",
    scope_everyone: "alla",
    scope_unit: "enhet {u} med enheterna under den",
    scope_occupation: "yrkesgrupp {o}",
    scope_occupation_in_unit: "yrkesgrupp {o} i enhet {u} med enheterna under den",
    demand_notes: "når målet: rekommenderas och når målnivån; närmar sig: rekommenderas, under målnivån; anvisade: redan anvisade.\nny utbildning: behov som ingen utbildning täcker (det system och den nivå en ny utbildning skulle behöva).\nEn person räknas i varje enhet och yrkesgrupp där hen arbetar; en enhet omfattar enheterna under den.\n",
    progress_columns: [
        "enhet",
        "system",
        "personer från",
        "andel på målnivå från",
        "medelnivå från",
        "ej bedömda från",
        "personer till",
        "andel på målnivå till",
        "medelnivå till",
        "ej bedömda till",
        "förändring personer",
        "förändring andel",
        "förändring medelnivå",
    ],
    all_rows: "(alla)",
    progress_heading: "Utveckling från {from} till {to}, {scope}",
    progress_people: "Personer: {both} båda dagarna, {left} har slutat, {joined} har börjat; varje dag räknar sina egna aktiva personer: de som har slutat finns bara med i den första dagens siffror, de som har börjat bara i den andra dagens.",
    points: "%-enheter",
    progress_notes: "andel på målnivå: på eller över målnivån; medelnivå: ej bedömd räknas som 0 (och räknas i ej bedömda). (alla): alla i urvalet; en enhet omfattar enheterna under den.\n",
    history_columns: ["#", "datum", "system", "nivå", "typ", "detalj", "källa"],
    by: "av",
    run: "körning",
    runs_columns: [
        "körning",
        "startad",
        "källa",
        "roll",
        "indata",
        "utfall",
        "skapade",
        "ändrade",
        "avslutade",
        "återaktiverade",
        "underlag",
        "varningar",
        "ms",
    ],
};

/// Norwegian Bokmål tables.
pub const TABLE_NB: TableLabels = TableLabels {
    as_of: "per",
    standing_columns: [
        "system",
        "målnivå",
        "nåværende",
        "bekreftet",
        "egenvurdert",
        "gjenstår",
        "merknad",
        "kurs",
    ],
    differ: "egenvurdert og bekreftet nivå er ulike",
    referred_to: "henvist til",
    not_active_on_day: "ikke ansatt denne dagen",
    in_unit: "i",
    manager: "leder",
    to_reach_target: "For å nå målnivået",
    referred_on: "henvist",
    due: "frist",
    completed: "fullført",
    expires: "gjelder ikke fra",
    active: "ansatt",
    not_active: "ikke ansatt",
    primary: "hovedstilling",
    gap_columns: [
        "ansattnr.",
        "navn",
        "system",
        "målnivå",
        "nåværende",
        "gjenstår",
        "anbefales",
    ],
    no_gaps_as_of: "ingen utviklingsbehov per",
    team_of: "Arbeidsgruppe for",
    self_letter: "e",
    team_legend: "rute = nåværende/målnivå; {s} = kun egenvurdert; – = ikke vurdert eller ingen målnivå; ▲ = nivåer igjen til målet",
    levels: "nivåer",
    unit_occupation_columns: [
        "yrkesgruppe",
        "personer",
        "system",
        "med målnivå",
        "når målnivået",
        "gjennomsnittsnivå",
        "gjennomsnittlig avstand",
    ],
    withheld_note: "{k} tall vises ikke, men som <{n}: et antall på 1 til {m} personer (også innenfor en gruppe, for eksempel de som når målnivået), en andel, et gjennomsnitt eller et antall over en gruppe på 1 til {m} personer, en andel der antallet er skjult, og en endring fra eller til et skjult tall vises ikke, slik at ingen enkeltperson kan pekes ut.",
    demand_columns: [
        "type",
        "system",
        "nivå",
        "kurs",
        "per",
        "gruppe",
        "når målet",
        "nærmer seg",
        "henviste",
        "personer",
    ],
    demand_course: "kurs",
    demand_new_course: "nytt kurs",
    demand_by: ["alle", "yrkesgruppe", "enhet"],
    demand_title: "Opplæringsbehov per {day}, {scope}: {n} aktive personer, {m} med utviklingsbehov",
    scope_everyone: "alle",
    scope_unit: "enhet {u} med enhetene under den",
    scope_occupation: "yrkesgruppe {o}",
    scope_occupation_in_unit: "yrkesgruppe {o} i enhet {u} med enhetene under den",
    demand_notes: "når målet: anbefales og når målnivået; nærmer seg: anbefales, under målnivået; henviste: allerede henvist.\nnytt kurs: behov som ingen kurs dekker (systemet og nivået et nytt kurs måtte ha).\nEn person telles i hver enhet og yrkesgruppe der vedkommende arbeider; en enhet omfatter enhetene under den.\n",
    progress_columns: [
        "enhet",
        "system",
        "personer fra",
        "andel på målnivå fra",
        "gj.snittsnivå fra",
        "ikke vurdert fra",
        "personer til",
        "andel på målnivå til",
        "gj.snittsnivå til",
        "ikke vurdert til",
        "endring personer",
        "endring andel",
        "endring gj.snittsnivå",
    ],
    all_rows: "(alle)",
    progress_heading: "Utvikling fra {from} til {to}, {scope}",
    progress_people: "Personer: {both} begge dagene, {left} har sluttet, {joined} har begynt; hver dag teller sine egne aktive personer: de som har sluttet, er bare med i den første dagens tall, de som har begynt, bare i den andre dagens.",
    points: "%-poeng",
    progress_notes: "andel på målnivå: på eller over målnivået; gj.snittsnivå: ikke vurdert teller som 0 (og telles i ikke vurdert). (alle): alle i utvalget; en enhet omfatter enhetene under den.\n",
    history_columns: ["#", "dato", "system", "nivå", "type", "detalj", "kilde"],
    by: "av",
    run: "kjøring",
    runs_columns: [
        "kjøring",
        "startet",
        "kilde",
        "rolle",
        "inndata",
        "utfall",
        "opprettet",
        "endret",
        "avsluttet",
        "reaktivert",
        "grunnlag",
        "advarsler",
        "ms",
    ],
};

/// Every label of `labels` with its field name, for the checks that all are filled in.
#[cfg(test)]
pub(crate) fn all_labels(l: &Labels) -> Vec<(&'static str, &'static str)> {
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
        progress_everyone,
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
        ("expiring_heading", *expiring_heading),
        ("no_expiring", *no_expiring),
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
        ("progress_everyone", *progress_everyone),
        ("progress_chart_heading", *progress_chart_heading),
        ("progress_chart_caption", *progress_chart_caption),
        ("progress_table_heading", *progress_table_heading),
        ("progress_col_people", *progress_col_people),
        ("progress_col_share", *progress_col_share),
        ("progress_col_mean", *progress_col_mean),
        ("progress_col_change", *progress_col_change),
        ("progress_points", *progress_points),
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
        ("progress_no_rows", *progress_no_rows),
    ]
}

/// Every text of `t` with its name (columns numbered), for the checks that all are filled in.
#[cfg(test)]
pub(crate) fn all_table_labels(t: &TableLabels) -> Vec<(String, &'static str)> {
    // Destructured without `..`: a new field that is not listed here fails to compile.
    let TableLabels {
        as_of,
        standing_columns,
        differ,
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
        withheld_note,
        demand_columns,
        demand_course,
        demand_new_course,
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
    } = t;
    let mut all: Vec<(String, &'static str)> = [
        ("as_of", *as_of),
        ("differ", *differ),
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
        ("withheld_note", *withheld_note),
        ("demand_course", *demand_course),
        ("demand_new_course", *demand_new_course),
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
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let columns: [(&str, &[&'static str]); 8] = [
        ("standing_columns", standing_columns),
        ("gap_columns", gap_columns),
        ("unit_occupation_columns", unit_occupation_columns),
        ("demand_columns", demand_columns),
        ("demand_by", demand_by),
        ("progress_columns", progress_columns),
        ("history_columns", history_columns),
        ("runs_columns", runs_columns),
    ];
    for (name, list) in columns {
        for (i, text) in list.iter().enumerate() {
            all.push((format!("{name}[{i}]"), *text));
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert!(l.expiring_heading.contains("{n}"), "{lang:?}");
            assert!(l.no_expiring.contains("{n}"), "{lang:?}");
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
}
