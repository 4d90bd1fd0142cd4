//! [`MaturityLabels`]: every text of the digital maturity report (page and text table), one
//! `const` per language.

use crate::lang::Lang;

/// Every text of the digital maturity report, in one language.
#[derive(Debug)]
pub struct MaturityLabels {
    /// The page's title.
    pub title: &'static str,
    /// Label before the framework's name.
    pub framework: &'static str,
    /// "version" before the framework's version.
    pub version: &'static str,
    /// The baseline day's label.
    pub baseline: &'static str,
    /// The follow-up day's label.
    pub follow_up: &'static str,
    /// Label before the report's unit.
    pub scope: &'static str,
    /// The group of everyone in scope.
    pub everyone: &'static str,
    /// Column: capability.
    pub capability: &'static str,
    /// Column: median step.
    pub median: &'static str,
    /// Column: change of the median.
    pub change: &'static str,
    /// Column: respondents.
    pub respondents: &'static str,
    /// Column: answers per step.
    pub distribution: &'static str,
    /// "step" before a step's number.
    pub step: &'static str,
    /// Heading of the scale's steps.
    pub steps_heading: &'static str,
    /// The radar chart's caption; `{n}` is the number of steps.
    pub radar_caption: &'static str,
    /// Instead of the chart when no median can be shown.
    pub radar_withheld: &'static str,
    /// Heading of the skills beside the radar.
    pub skills_heading: &'static str,
    /// What the skills figure is.
    pub skills_note: &'static str,
    /// Label: people with a target.
    pub skills_people: &'static str,
    /// Label: share at all targets.
    pub skills_share: &'static str,
    /// Heading of the figures table of a group.
    pub table_heading: &'static str,
    /// Heading of the method.
    pub method_heading: &'static str,
    /// How the figures are computed.
    pub method: &'static str,
    /// No answers at all in the report's scope.
    pub no_answers: &'static str,
    /// The text table's columns (the CSV's, in English).
    pub columns: [&'static str; 9],
}

/// English.
pub const MATURITY_EN: MaturityLabels = MaturityLabels {
    title: "Digital maturity",
    framework: "Framework",
    version: "version",
    baseline: "Baseline",
    follow_up: "Follow-up",
    scope: "Scope",
    everyone: "Everyone",
    capability: "Capability",
    median: "Median step",
    change: "Change",
    respondents: "Respondents",
    distribution: "Answers per step",
    step: "step",
    steps_heading: "The steps of the scale",
    radar_caption: "Median step per capability on the baseline day and at the follow-up (scale 1 to {n}, the centre is 0). The table below gives every figure.",
    radar_withheld: "No median can be shown (too few respondents, or no answers): see the table.",
    skills_heading: "People at all their skill targets",
    skills_note: "The share of the active people with a skill target who are at or above every one of their targets (confirmed level, else self-assessed), on the same two days.",
    skills_people: "People with a target",
    skills_share: "At all targets",
    table_heading: "Figures per capability",
    method_heading: "How the figures are computed",
    method: "Each day takes, per respondent, unit and capability, the latest answer dated on or before that day. A unit includes the units below it. The median is over those answers (the mean of the two middle ones for an even number).",
    no_answers: "No answers to this framework in the report's scope.",
    columns: [
        "unit",
        "capability",
        "baseline_respondents",
        "baseline_median",
        "baseline_distribution",
        "follow_up_respondents",
        "follow_up_median",
        "follow_up_distribution",
        "change",
    ],
};

/// Swedish.
pub const MATURITY_SV: MaturityLabels = MaturityLabels {
    title: "Digital mognad",
    framework: "Ramverk",
    version: "version",
    baseline: "Nulägesmätning",
    follow_up: "Uppföljning",
    scope: "Omfattning",
    everyone: "Alla",
    capability: "Förmåga",
    median: "Median (steg)",
    change: "Förändring",
    respondents: "Svarande",
    distribution: "Svar per steg",
    step: "steg",
    steps_heading: "Skalans steg",
    radar_caption: "Mediansteg per förmåga vid nulägesmätningen och vid uppföljningen (skala 1 till {n}, mitten är 0). Tabellen nedan ger alla värden.",
    radar_withheld: "Ingen median kan visas (för få svarande eller inga svar): se tabellen.",
    skills_heading: "Personer som når alla sina kompetensmål",
    skills_note: "Andelen av de aktiva personerna med ett kompetensmål som når eller överträffar alla sina mål (bekräftad nivå, annars självskattad), samma två dagar.",
    skills_people: "Personer med mål",
    skills_share: "Når alla mål",
    table_heading: "Värden per förmåga",
    method_heading: "Så räknas värdena",
    method: "Varje dag tar, per svarande, enhet och förmåga, det senaste svaret daterat den dagen eller tidigare. En enhet omfattar enheterna under den. Medianen räknas över dessa svar (medelvärdet av de två mittersta vid ett jämnt antal).",
    no_answers: "Inga svar på detta ramverk inom rapportens omfattning.",
    columns: [
        "Enhet",
        "Förmåga",
        "Svarande (nuläge)",
        "Median (nuläge)",
        "Svar per steg (nuläge)",
        "Svarande (uppföljning)",
        "Median (uppföljning)",
        "Svar per steg (uppföljning)",
        "Förändring",
    ],
};

/// Norwegian Bokmål.
pub const MATURITY_NB: MaturityLabels = MaturityLabels {
    title: "Digital modenhet",
    framework: "Rammeverk",
    version: "versjon",
    baseline: "Nullpunktsmåling",
    follow_up: "Oppfølging",
    scope: "Omfang",
    everyone: "Alle",
    capability: "Kapabilitet",
    median: "Median (trinn)",
    change: "Endring",
    respondents: "Respondenter",
    distribution: "Svar per trinn",
    step: "trinn",
    steps_heading: "Skalaens trinn",
    radar_caption: "Mediantrinn per kapabilitet ved nullpunktsmålingen og ved oppfølgingen (skala 1 til {n}, midten er 0). Tabellen nedenfor gir alle tallene.",
    radar_withheld: "Ingen median kan vises (for få respondenter eller ingen svar): se tabellen.",
    skills_heading: "Personer som når alle sine kompetansemål",
    skills_note: "Andelen av de aktive personene med et kompetansemål som når eller overgår alle målene sine (bekreftet nivå, ellers egenvurdert), de samme to dagene.",
    skills_people: "Personer med mål",
    skills_share: "Når alle mål",
    table_heading: "Tall per kapabilitet",
    method_heading: "Slik regnes tallene",
    method: "Hver dag tar, per respondent, enhet og kapabilitet, det siste svaret datert den dagen eller tidligere. En enhet omfatter enhetene under den. Medianen regnes over disse svarene (gjennomsnittet av de to midterste ved et partall).",
    no_answers: "Ingen svar på dette rammeverket innenfor rapportens omfang.",
    columns: [
        "Enhet",
        "Kapabilitet",
        "Respondenter (nullpunkt)",
        "Median (nullpunkt)",
        "Svar per trinn (nullpunkt)",
        "Respondenter (oppfølging)",
        "Median (oppfølging)",
        "Svar per trinn (oppfølging)",
        "Endring",
    ],
};

impl Lang {
    /// The labels of the digital maturity report in this language.
    pub fn maturity_labels(self) -> &'static MaturityLabels {
        match self {
            Lang::En => &MATURITY_EN,
            Lang::Sv => &MATURITY_SV,
            Lang::Nb => &MATURITY_NB,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text of `m` with its field name.
    fn all(m: &MaturityLabels) -> Vec<(String, &'static str)> {
        // Destructured without `..`: a new field that is not listed here fails to compile.
        let MaturityLabels {
            title,
            framework,
            version,
            baseline,
            follow_up,
            scope,
            everyone,
            capability,
            median,
            change,
            respondents,
            distribution,
            step,
            steps_heading,
            radar_caption,
            radar_withheld,
            skills_heading,
            skills_note,
            skills_people,
            skills_share,
            table_heading,
            method_heading,
            method,
            no_answers,
            columns,
        } = m;
        let mut v: Vec<(String, &'static str)> = [
            ("title", *title),
            ("framework", *framework),
            ("version", *version),
            ("baseline", *baseline),
            ("follow_up", *follow_up),
            ("scope", *scope),
            ("everyone", *everyone),
            ("capability", *capability),
            ("median", *median),
            ("change", *change),
            ("respondents", *respondents),
            ("distribution", *distribution),
            ("step", *step),
            ("steps_heading", *steps_heading),
            ("radar_caption", *radar_caption),
            ("radar_withheld", *radar_withheld),
            ("skills_heading", *skills_heading),
            ("skills_note", *skills_note),
            ("skills_people", *skills_people),
            ("skills_share", *skills_share),
            ("table_heading", *table_heading),
            ("method_heading", *method_heading),
            ("method", *method),
            ("no_answers", *no_answers),
        ]
        .into_iter()
        .map(|(k, t)| (k.to_string(), t))
        .collect();
        v.extend(
            columns
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("columns[{i}]"), *c)),
        );
        v
    }

    #[test]
    fn every_maturity_label_is_filled_in_and_translated() {
        // The same word in English and Swedish.
        let same = ["version"];
        let en = all(&MATURITY_EN);
        for lang in Lang::ALL {
            for ((key, en_text), (_, text)) in en.iter().zip(all(lang.maturity_labels())) {
                assert!(!text.trim().is_empty(), "{lang:?}: {key} is empty");
                if lang != Lang::En && !same.contains(&key.as_str()) {
                    assert_ne!(*en_text, text, "{lang:?}: {key} is the English text");
                }
                assert_eq!(
                    en_text.contains("{n}"),
                    text.contains("{n}"),
                    "{lang:?}: {key} placeholders"
                );
            }
        }
        assert_ne!(MATURITY_SV.title, MATURITY_NB.title);
    }
}
