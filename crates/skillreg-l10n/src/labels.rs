//! [`Labels`]: every text the pages show, one `const` per language.

use crate::Counted;

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
    /// Note when the unit is shown per occupation because the reader may not see anyone one
    /// by one (a viewer of the unit), `{n}` the smallest group shown.
    pub unit_names_no_one: &'static str,
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
    /// Note on a gap: no course made for the person's occupational group reaches the target.
    pub no_course_for_group: &'static str,
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
    pub expiring_heading: Counted,
    /// When nothing expires within the window; `{n}` is the window in days.
    pub no_expiring: Counted,
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
    /// Scope of the progress report, before the target group's name.
    pub progress_group: &'static str,
    /// Everyone in the report's scope.
    pub progress_everyone: &'static str,
    /// Scope of an aggregate narrowed to one manager's people, before the employee number.
    pub progress_manager: &'static str,
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
    /// A change in a share in percentage points; `{n}` is the signed change.
    pub progress_points: Counted,
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
    /// The suppression statement; `{n}` is the smallest group shown.
    pub progress_suppression: &'static str,
    /// After the suppression statement: how many figures the report withholds, `{n}`.
    pub progress_n_withheld: Counted,
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
    unit_names_no_one: "This view names no one: one row per occupational group, and the figures of a group of fewer than {n} people are withheld.",
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
    no_course_for_group: "no course made for this occupational group reaches the target",
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
    expiring_heading: Counted {
        one: "Course results expiring within {n} day",
        other: "Course results expiring within {n} days",
    },
    no_expiring: Counted {
        one: "No course result expires within {n} day.",
        other: "No course result expires within {n} days.",
    },
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
    progress_group: "Target group",
    progress_everyone: "Everyone",
    progress_manager: "People of manager",
    progress_chart_heading: "Share at or above target",
    progress_chart_caption: "Per system, the share of the people with a target who are at or above it: the outlined bar is the baseline, the filled bar the follow-up; each bar is labelled with its day and value. The table below gives the same figures.",
    progress_table_heading: "Figures per unit and system",
    progress_col_people: "People with a target",
    progress_col_share: "At or above target",
    progress_col_mean: "Mean level",
    progress_col_change: "Change",
    progress_points: Counted {
        one: "{n} percentage point",
        other: "{n} percentage points",
    },
    progress_mean_note: "The mean level counts a system not assessed as 0.",
    progress_turnover_heading: "Joiners and leavers",
    progress_handling: "Each day counts its own active people: people who left are in the baseline's figures only, people who joined in the follow-up's only.",
    progress_n_both: "In scope on both days",
    progress_n_left: "Baseline only (left or moved out)",
    progress_n_joined: "Follow-up only (joined or moved in)",
    progress_suppression_heading: "Withheld figures",
    progress_suppression: "A count of fewer than {n} people (also of those at target within a group), any share, mean or count over a group of fewer than {n} people, and a share whose count is withheld are withheld so that no one can be singled out (a count of 0 is shown); so is a change from or to a withheld figure.",
    progress_n_withheld: Counted {
        one: "{n} figure is withheld in this report.",
        other: "{n} figures are withheld in this report.",
    },
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
    unit_names_no_one: "Den här vyn namnger ingen: en rad per yrkesgrupp, och siffrorna för en grupp med färre än {n} personer visas inte.",
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
    no_course_for_group: "ingen utbildning för den här yrkesgruppen når målnivån",
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
    expiring_heading: Counted {
        one: "Utbildningsresultat som upphör att gälla inom {n} dag",
        other: "Utbildningsresultat som upphör att gälla inom {n} dagar",
    },
    no_expiring: Counted {
        one: "Inget utbildningsresultat upphör att gälla inom {n} dag.",
        other: "Inget utbildningsresultat upphör att gälla inom {n} dagar.",
    },
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
    progress_group: "Målgrupp",
    progress_everyone: "Alla",
    progress_manager: "Medarbetare till chef",
    progress_chart_heading: "Andel på eller över målnivån",
    progress_chart_caption: "Per system, andelen av personerna med en målnivå som är på eller över den: den ofyllda stapeln är nulägesmätningen, den fyllda uppföljningen; varje stapel har sin dag och sitt värde utskrivet. Tabellen nedan visar samma siffror.",
    progress_table_heading: "Siffror per enhet och system",
    progress_col_people: "Personer med målnivå",
    progress_col_share: "På eller över målnivån",
    progress_col_mean: "Medelnivå",
    progress_col_change: "Förändring",
    progress_points: Counted {
        one: "{n} procentenhet",
        other: "{n} procentenheter",
    },
    progress_mean_note: "Medelnivån räknar ett system som inte är bedömt som 0.",
    progress_turnover_heading: "Nyanställda och avgångar",
    progress_handling: "Varje dag räknar sina egna aktiva personer: de som har slutat finns bara med i nulägesmätningens siffror, de som har börjat bara i uppföljningens.",
    progress_n_both: "Med båda dagarna",
    progress_n_left: "Bara vid nulägesmätningen (slutat eller flyttat ut)",
    progress_n_joined: "Bara vid uppföljningen (börjat eller flyttat in)",
    progress_suppression_heading: "Dolda siffror",
    progress_suppression: "Ett antal under {n} personer (även av dem som når målnivån inom en grupp), en andel, ett medelvärde eller ett antal i en grupp på färre än {n} personer och en andel vars antal är dolt visas inte, så att ingen enskild kan pekas ut (antalet 0 visas); inte heller en förändring från eller till en dold siffra.",
    progress_n_withheld: Counted {
        one: "{n} siffra är dold i rapporten.",
        other: "{n} siffror är dolda i rapporten.",
    },
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
    unit_names_no_one: "Denne visningen navngir ingen: én rad per yrkesgruppe, og tallene for en gruppe med færre enn {n} personer vises ikke.",
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
    no_course_for_group: "ingen kurs for denne yrkesgruppen når målnivået",
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
    expiring_heading: Counted {
        one: "Kursresultater som utløper innen {n} dag",
        other: "Kursresultater som utløper innen {n} dager",
    },
    no_expiring: Counted {
        one: "Ingen kursresultater utløper innen {n} dag.",
        other: "Ingen kursresultater utløper innen {n} dager.",
    },
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
    progress_group: "Målgruppe",
    progress_everyone: "Alle",
    progress_manager: "Medarbeidere til leder",
    progress_chart_heading: "Andel på eller over målnivået",
    progress_chart_caption: "Per system, andelen av personene med et målnivå som er på eller over det: den åpne søylen er kartleggingen, den fylte oppfølgingen; hver søyle har dagen og verdien skrevet ved siden av. Tabellen nedenfor viser de samme tallene.",
    progress_table_heading: "Tall per enhet og system",
    progress_col_people: "Personer med målnivå",
    progress_col_share: "På eller over målnivået",
    progress_col_mean: "Gjennomsnittlig nivå",
    progress_col_change: "Endring",
    progress_points: Counted {
        one: "{n} prosentpoeng",
        other: "{n} prosentpoeng",
    },
    progress_mean_note: "Gjennomsnittlig nivå regner et system som ikke er vurdert, som 0.",
    progress_turnover_heading: "Nyansatte og avganger",
    progress_handling: "Hver dag teller sine egne aktive personer: de som har sluttet, er bare med i kartleggingens tall, de som har begynt, bare i oppfølgingens.",
    progress_n_both: "Med begge dagene",
    progress_n_left: "Bare ved kartleggingen (sluttet eller flyttet ut)",
    progress_n_joined: "Bare ved oppfølgingen (begynt eller flyttet inn)",
    progress_suppression_heading: "Skjulte tall",
    progress_suppression: "Et antall under {n} personer (også av dem som når målnivået innenfor en gruppe), en andel, et gjennomsnitt eller et antall i en gruppe på færre enn {n} personer og en andel der antallet er skjult, vises ikke, slik at ingen enkeltperson kan pekes ut (antallet 0 vises); heller ikke en endring fra eller til et skjult tall.",
    progress_n_withheld: Counted {
        one: "{n} tall er skjult i rapporten.",
        other: "{n} tall er skjult i rapporten.",
    },
    progress_no_rows: "Ingen i utvalget har målnivå noen av dagene.",
};
