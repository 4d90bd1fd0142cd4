//! [`FormLabels`]: every text of the printable self-assessment forms, one `const` per language.

/// Every text of the printable self-assessment forms, in one language.
#[derive(Debug)]
pub struct FormLabels {
    /// Title of a form.
    pub title: &'static str,
    /// "Round" before its number.
    pub round: &'static str,
    /// Label: occupation.
    pub occupation: &'static str,
    /// Label: unit.
    pub unit: &'static str,
    /// Label: employee number.
    pub employee_no: &'static str,
    /// Label before the last day for answers.
    pub answer_by: &'static str,
    /// What to do, at the top of each form.
    pub intro: &'static str,
    /// Label before the person's last self-assessment.
    pub last_answer: &'static str,
    /// When the person has not rated themself in a system before.
    pub never_answered: &'static str,
    /// A level without a local description.
    pub no_description: &'static str,
    /// When the round asks nobody.
    pub no_people: &'static str,
    /// Label: signature.
    pub signature: &'static str,
    /// Label: date.
    pub date: &'static str,
}

/// English forms.
pub const FORM_EN: FormLabels = FormLabels {
    title: "Self-assessment",
    round: "Round",
    occupation: "Occupation",
    unit: "Unit",
    employee_no: "Employee number",
    answer_by: "Please answer by",
    intro: "For each system, tick the one level that best describes what you can do in it today. \
            There are no wrong answers: your answers are the starting point of your appraisal talk.",
    last_answer: "Your last answer",
    never_answered: "You have not rated yourself in this system before.",
    no_description: "(no local description)",
    no_people: "Nobody is asked in this round.",
    signature: "Signature",
    date: "Date",
};

/// Swedish forms.
pub const FORM_SV: FormLabels = FormLabels {
    title: "Självskattning",
    round: "Omgång",
    occupation: "Yrkesgrupp",
    unit: "Enhet",
    employee_no: "Anställningsnummer",
    answer_by: "Svara senast",
    intro: "Kryssa för varje system i den nivå som bäst beskriver vad du kan i det i dag. \
            Det finns inga fel svar: dina svar är utgångspunkten för ditt medarbetarsamtal.",
    last_answer: "Ditt senaste svar",
    never_answered: "Du har inte skattat dig själv i det här systemet tidigare.",
    no_description: "(ingen lokal beskrivning)",
    no_people: "Ingen tillfrågas i den här omgången.",
    signature: "Underskrift",
    date: "Datum",
};

/// Norwegian Bokmål forms.
pub const FORM_NB: FormLabels = FormLabels {
    title: "Egenvurdering",
    round: "Runde",
    occupation: "Yrkesgruppe",
    unit: "Enhet",
    employee_no: "Ansattnummer",
    answer_by: "Svar innen",
    intro: "Kryss av for hvert system det ene nivået som best beskriver hva du kan i det i dag. \
            Det finnes ingen feil svar: svarene dine er utgangspunktet for medarbeidersamtalen din.",
    last_answer: "Ditt siste svar",
    never_answered: "Du har ikke vurdert deg selv i dette systemet før.",
    no_description: "(ingen lokal beskrivelse)",
    no_people: "Ingen blir spurt i denne runden.",
    signature: "Underskrift",
    date: "Dato",
};
