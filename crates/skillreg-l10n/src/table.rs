//! [`TableLabels`]: every text of the command line's tables for people, one `const` per
//! language.

use crate::Counted;

// The rule of the note on withheld figures is written once per language and used twice: in the
// one-template note and after the counted phrase.
macro_rules! en_withheld_rule {
    () => {
        ", shown as <{n}: a count of 1 to {m} people (also within a group, such as those at target), any share, mean or count over a group of 1 to {m} people, a share whose count is withheld, and a change from or to a withheld figure are withheld so that no individual can be singled out."
    };
}

macro_rules! sv_withheld_rule {
    () => {
        " utan som <{n}: ett antal på 1 till {m} personer (även inom en grupp, till exempel de som når målnivån), en andel, ett medelvärde eller ett antal över en grupp på 1 till {m} personer, en andel vars antal är dolt och en förändring från eller till en dold uppgift visas inte, så att ingen enskild kan pekas ut."
    };
}

macro_rules! nb_withheld_rule {
    () => {
        ", men som <{n}: et antall på 1 til {m} personer (også innenfor en gruppe, for eksempel de som når målnivået), en andel, et gjennomsnitt eller et antall over en gruppe på 1 til {m} personer, en andel der antallet er skjult, og en endring fra eller til et skjult tall vises ikke, slik at ingen enkeltperson kan pekes ut."
    };
}

/// Every text of the command line's tables for people, in one language (JSON and CSV keep
/// their English keys and ISO dates). Column headings are arrays of a fixed length and the rest
/// are fields, so a text missing in one language is a compile error; texts the pages share
/// (level names, "not assessed", evidence kinds, headings of the brief) come from [`Labels`](crate::Labels).
#[derive(Debug)]
pub struct TableLabels {
    /// "as of" before a day in running text.
    pub as_of: &'static str,
    /// Columns of a person's levels per system: system, target, current, confirmed, self, gap,
    /// note, courses.
    pub standing_columns: [&'static str; 8],
    /// Note: self-assessment and confirmed level differ.
    pub differ: &'static str,
    /// Columns of a person's appraisal talks: date, held by, agreed.
    pub talk_columns: [&'static str; 3],
    /// Columns of the talks due: employee, name, last talk, due.
    pub talks_due_columns: [&'static str; 4],
    /// Columns of the coverage of talks: unit, name, people, with a talk, share.
    pub talk_coverage_columns: [&'static str; 5],
    /// Where an agreement stands: met, not yet, overdue.
    pub agreement_status: [&'static str; 3],
    /// Heading of the agreements of the last talk in the brief: `{date}`.
    pub agreed_at_last_talk: &'static str,
    /// Heading of the brief's section on the last talk when there was none.
    pub talk_heading: &'static str,
    /// Said in the brief when there was no talk before its day.
    pub no_talk: &'static str,
    /// Said of someone who never had a talk.
    pub never: &'static str,
    /// A talk recorded: `{employee}`, `{date}`, `{n}` agreements.
    pub talk_recorded: &'static str,
    /// Heading of the talks due: `{day}`, `{months}` between talks.
    pub talks_due_title: &'static str,
    /// Heading of the coverage of talks: `{day}`, `{months}` between talks.
    pub talk_coverage_title: &'static str,
    /// "everyone", the first row of an aggregate over units.
    pub everyone: &'static str,
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
    /// How many figures are withheld, `{n}`: the start of the note on withheld figures.
    pub withheld: Counted,
    /// The rest of the note on withheld figures, after [`TableLabels::withheld`]: `{n}` the
    /// smallest group shown, `{m}` one less.
    pub withheld_rule: &'static str,
    /// The note when nothing can be withheld (`--min-group` 0 or 1: every group is shown).
    pub withheld_none: &'static str,
    /// Columns of the training demand: kind, system, level, course, by, group, closes,
    /// narrows, referred, people.
    pub demand_columns: [&'static str; 10],
    /// Kind of a demand row: an existing course.
    pub demand_course: &'static str,
    /// Kind of a demand row: a course that does not exist yet.
    pub demand_new_course: &'static str,
    /// Row kind in the demand table: a course to be made for one occupational group.
    pub demand_group_course: &'static str,
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
    /// Scope: target group `{g}` (after the other scope, if any, and a comma).
    pub scope_group: &'static str,
    /// Heading of the target groups: `{day}`.
    pub groups_title: &'static str,
    /// Columns of the target groups: phase, group, name, occupations, units, people, latest
    /// round opened, asked, response rate, with target, at target, share at target, with gaps,
    /// with a gap no course for the group reaches.
    pub groups_columns: [&'static str; 14],
    /// The units of a group that names none.
    pub groups_all_units: &'static str,
    /// Said when the catalog holds no target group.
    pub groups_none: &'static str,
    /// What the target groups' columns mean (lines ending in a newline).
    pub groups_notes: &'static str,
    /// The equality follow-up (`--by gender`): the breakdown's name in the demand's `by`
    /// column and the progress table's gender column.
    pub by_gender: &'static str,
    /// The gender groups: women, men, other, not stated.
    pub gender_groups: [&'static str; 4],
    /// Heading of the completions per course (progress `--by gender`): `{from}`, `{to}`.
    pub completions_heading: &'static str,
    /// Columns of the completions: course, name, people, then one per gender group.
    pub completions_columns: [&'static str; 7],
    /// A person's gender on the profile and brief (HR and the person only): `{g}`.
    pub gender_line: &'static str,
    /// A person's gender in words: female, male, other.
    pub gender_words: [&'static str; 3],
    /// Columns of the service tokens: name, actor, state, expires, created at, created by,
    /// last used, revoked at, revoked by.
    pub tokens_columns: [&'static str; 9],
    /// A token's state: active, revoked, expired.
    pub token_states: [&'static str; 3],
    /// Said when there is no service token (ends in a newline).
    pub tokens_none: &'static str,
    /// The note after a token is printed: `{name}`, `{actor}`, `{expiry}`.
    pub token_created: &'static str,
    /// A token's expiry in the note: `{day}`.
    pub token_expires: &'static str,
    /// A token without expiry, in the note.
    pub token_no_expiry: &'static str,
    /// A token revoked: `{name}`, `{actor}`.
    pub token_revoked: &'static str,
    /// A token revoked before: `{name}`, `{at}`.
    pub token_already_revoked: &'static str,
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
    talk_columns: ["date", "held by", "agreed"],
    talks_due_columns: ["employee", "name", "last talk", "due"],
    talk_coverage_columns: ["unit", "name", "people", "with a talk", "share"],
    agreement_status: ["met", "not yet", "overdue"],
    agreed_at_last_talk: "Agreed at the last talk ({date}):",
    talk_heading: "Appraisal talk",
    no_talk: "No appraisal talk recorded before this day.",
    never: "never",
    talk_recorded: "recorded: talk with {employee} on {date}, {n} agreement(s)",
    talks_due_title: "Appraisal talks due as of {day} (one every {months} months)",
    talk_coverage_title: "Appraisal talks within {months} months, as of {day}",
    everyone: "everyone",
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
    withheld: Counted {
        one: "{n} figure withheld",
        other: "{n} figures withheld",
    },
    withheld_rule: en_withheld_rule!(),
    withheld_none: "No figure withheld: every group is shown, however small (--min-group 1).",
    demand_columns: [
        "kind", "system", "level", "course", "by", "group", "closes", "narrows", "referred",
        "people",
    ],
    demand_course: "course",
    demand_new_course: "new course",
    demand_group_course: "course for the group",
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
    scope_group: "target group {g}",
    groups_title: "Target groups as of {day}",
    groups_columns: [
        "phase",
        "group",
        "name",
        "occupations",
        "units",
        "people",
        "round_opened",
        "asked",
        "response_rate",
        "with_target",
        "at_target",
        "share_at_target",
        "with_gaps",
        "without_course",
    ],
    groups_all_units: "all units",
    groups_none: "no target groups in the catalog: list them as [[groups]] in a catalog file and apply it with `skillreg catalog apply`\n",
    groups_notes: "people: active with an employment in one of the group's occupations and units (a unit includes the units below it).\nround_opened, asked, response_rate: the rounds last opened for the group (`skillreg round open --group`), together.\nat_target: reaches every target; share_at_target: of those with a target. with_gaps: below a target; without_course: a gap no course made for their occupation reaches.\n",
    by_gender: "gender",
    gender_groups: ["female", "male", "other", "unknown"],
    completions_heading: "Course completions after {from} up to {to} (people, each once per course):",
    completions_columns: [
        "course", "name", "people", "female", "male", "other", "unknown",
    ],
    gender_line: "Gender: {g} (for the equality follow-up; shown to HR and the person only)",
    gender_words: ["female", "male", "other"],
    tokens_columns: [
        "name",
        "actor",
        "state",
        "expires",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    ],
    token_states: ["active", "revoked", "expired"],
    tokens_none: "no service tokens: create one with `skillreg token create --name NAME --actor ACTOR`\n",
    token_created: "Service token {name} created, acting as {actor}, {expiry}. It is printed above, this once only: keep it where the system that uses it keeps its secrets. The registry keeps only a hash of it.",
    token_expires: "valid through {day}",
    token_no_expiry: "without expiry",
    token_revoked: "revoked service token {name} ({actor})",
    token_already_revoked: "service token {name} was revoked already, at {at}",
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
    talk_columns: ["datum", "hölls av", "överenskommet"],
    talks_due_columns: ["anst.nr", "namn", "senaste samtal", "nästa senast"],
    talk_coverage_columns: ["enhet", "namn", "personer", "med samtal", "andel"],
    agreement_status: ["uppfyllt", "inte än", "försenat"],
    agreed_at_last_talk: "Överenskommet vid senaste medarbetarsamtalet ({date}):",
    talk_heading: "Medarbetarsamtal",
    no_talk: "Inget medarbetarsamtal registrerat före den här dagen.",
    never: "aldrig",
    talk_recorded: "registrerat: medarbetarsamtal med {employee} {date}, {n} överenskommelse(r)",
    talks_due_title: "Medarbetarsamtal att hålla per {day} (ett var {months}:e månad)",
    talk_coverage_title: "Medarbetarsamtal inom {months} månader, per {day}",
    everyone: "alla",
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
    withheld: Counted {
        one: "{n} uppgift visas inte",
        other: "{n} uppgifter visas inte",
    },
    withheld_rule: sv_withheld_rule!(),
    withheld_none: "Inga uppgifter dolda: varje grupp visas, hur liten den än är (--min-group 1).",
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
    demand_group_course: "utbildning för gruppen",
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
    scope_group: "målgrupp {g}",
    groups_title: "Målgrupper per {day}",
    groups_columns: [
        "fas",
        "målgrupp",
        "namn",
        "yrkesgrupper",
        "enheter",
        "personer",
        "omgång öppnad",
        "tillfrågade",
        "svarsfrekvens",
        "med målnivå",
        "når målnivån",
        "andel på målnivå",
        "med gap",
        "utan utbildning",
    ],
    groups_all_units: "alla enheter",
    groups_none: "inga målgrupper i katalogen: ange dem som [[groups]] i en katalogfil och läs in den med `skillreg catalog apply`\n",
    groups_notes: "personer: aktiva med en anställning i någon av gruppens yrkesgrupper och enheter (en enhet omfattar enheterna under den).\nomgång öppnad, tillfrågade, svarsfrekvens: de omgångar som senast öppnades för gruppen (`skillreg round open --group`), tillsammans.\nnår målnivån: når alla sina målnivåer; andel: av dem med en målnivå. med gap: under en målnivå; utan utbildning: ett gap som ingen utbildning gjord för yrkesgruppen når.\n",
    by_gender: "kön",
    gender_groups: ["kvinnor", "män", "annat", "ej angivet"],
    completions_heading: "Genomförda utbildningar efter {from} till och med {to} (personer, var och en en gång per utbildning):",
    completions_columns: [
        "utbildning",
        "namn",
        "personer",
        "kvinnor",
        "män",
        "annat",
        "ej angivet",
    ],
    gender_line: "Kön: {g} (för jämställdhetsuppföljningen; visas bara för HR och personen själv)",
    gender_words: ["kvinna", "man", "annat"],
    tokens_columns: [
        "namn",
        "aktör",
        "status",
        "giltig till",
        "skapad",
        "skapad av",
        "senast använd",
        "återkallad",
        "återkallad av",
    ],
    token_states: ["aktiv", "återkallad", "utgången"],
    tokens_none: "inga tjänstetoken: skapa en med `skillreg token create --name NAMN --actor AKTÖR`\n",
    token_created: "Tjänstetoken {name} skapad, agerar som {actor}, {expiry}. Den visas ovan, bara denna gång: förvara den där systemet som använder den förvarar sina hemligheter. Registret sparar bara en hash av den.",
    token_expires: "giltig till och med {day}",
    token_no_expiry: "utan slutdag",
    token_revoked: "tjänstetoken {name} ({actor}) återkallad",
    token_already_revoked: "tjänstetoken {name} var redan återkallad, {at}",
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
    talk_columns: ["dato", "holdt av", "avtalt"],
    talks_due_columns: ["ansattnr.", "navn", "siste samtale", "neste innen"],
    talk_coverage_columns: ["enhet", "navn", "personer", "med samtale", "andel"],
    agreement_status: ["oppfylt", "ikke ennå", "forsinket"],
    agreed_at_last_talk: "Avtalt i siste medarbeidersamtale ({date}):",
    talk_heading: "Medarbeidersamtale",
    no_talk: "Ingen medarbeidersamtale registrert før denne dagen.",
    never: "aldri",
    talk_recorded: "registrert: medarbeidersamtale med {employee} {date}, {n} avtale(r)",
    talks_due_title: "Medarbeidersamtaler som skal holdes per {day} (én hver {months}. måned)",
    talk_coverage_title: "Medarbeidersamtaler innen {months} måneder, per {day}",
    everyone: "alle",
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
    withheld: Counted {
        one: "{n} tall vises ikke",
        other: "{n} tall vises ikke",
    },
    withheld_rule: nb_withheld_rule!(),
    withheld_none: "Ingen tall skjult: hver gruppe vises, uansett hvor liten (--min-group 1).",
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
    demand_group_course: "kurs for gruppen",
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
    scope_group: "målgruppe {g}",
    groups_title: "Målgrupper per {day}",
    groups_columns: [
        "fase",
        "målgruppe",
        "navn",
        "yrkesgrupper",
        "enheter",
        "personer",
        "runde åpnet",
        "spurt",
        "svarprosent",
        "med målnivå",
        "når målnivået",
        "andel på målnivå",
        "med gap",
        "uten kurs",
    ],
    groups_all_units: "alle enheter",
    groups_none: "ingen målgrupper i katalogen: oppgi dem som [[groups]] i en katalogfil og les den inn med `skillreg catalog apply`\n",
    groups_notes: "personer: aktive med et arbeidsforhold i en av gruppens yrkesgrupper og enheter (en enhet omfatter enhetene under den).\nrunde åpnet, spurt, svarprosent: rundene som sist ble åpnet for gruppen (`skillreg round open --group`), samlet.\nnår målnivået: når alle sine målnivåer; andel: av dem med et målnivå. med gap: under et målnivå; uten kurs: et gap som ingen kurs laget for yrkesgruppen når.\n",
    by_gender: "kjønn",
    gender_groups: ["kvinner", "menn", "annet", "ikke oppgitt"],
    completions_heading: "Gjennomførte kurs etter {from} til og med {to} (personer, hver én gang per kurs):",
    completions_columns: [
        "kurs",
        "navn",
        "personer",
        "kvinner",
        "menn",
        "annet",
        "ikke oppgitt",
    ],
    gender_line: "Kjønn: {g} (for likestillingsoppfølgingen; vises bare for HR og personen selv)",
    gender_words: ["kvinne", "mann", "annet"],
    tokens_columns: [
        "navn",
        "aktør",
        "status",
        "gyldig til",
        "opprettet",
        "opprettet av",
        "sist brukt",
        "tilbakekalt",
        "tilbakekalt av",
    ],
    token_states: ["aktiv", "tilbakekalt", "utløpt"],
    tokens_none: "ingen tjenestetokener: opprett et med `skillreg token create --name NAVN --actor AKTØR`\n",
    token_created: "Tjenestetoken {name} opprettet, opptrer som {actor}, {expiry}. Det vises ovenfor, bare denne ene gangen: oppbevar det der systemet som bruker det, oppbevarer sine hemmeligheter. Registeret lagrer bare en hash av det.",
    token_expires: "gyldig til og med {day}",
    token_no_expiry: "uten sluttdato",
    token_revoked: "tjenestetoken {name} ({actor}) tilbakekalt",
    token_already_revoked: "tjenestetoken {name} var allerede tilbakekalt, {at}",
};

impl TableLabels {
    /// The note on withheld figures: how many (`n_suppressed`, singular or plural) and the rule
    /// for groups smaller than `min_group`.
    ///
    /// ```
    /// use skillreg_l10n::TABLE_EN;
    /// assert!(TABLE_EN.withheld_note_for(1, 5).starts_with("1 figure withheld, shown as <5: a count of 1 to 4 people"));
    /// assert!(TABLE_EN.withheld_note_for(3, 5).starts_with("3 figures withheld, shown as <5:"));
    /// assert!(TABLE_EN.withheld_note_for(0, 1).starts_with("No figure withheld: every group is shown"));
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn withheld_note_for(&self, n_suppressed: usize, min_group: u32) -> String {
        if min_group <= 1 {
            return self.withheld_none.to_string();
        }
        let n_suppressed = u64::try_from(n_suppressed).unwrap_or(u64::MAX);
        self.withheld.format(n_suppressed)
            + &self
                .withheld_rule
                .replace("{n}", &min_group.to_string())
                .replace("{m}", &min_group.saturating_sub(1).to_string())
    }
}
