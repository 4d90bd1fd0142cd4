//! [`Lang`]: a language, and what depends on it besides the label tables: level names, dates,
//! decimals and percentages in the local form, and the language the locale asks for.

use chrono::{Datelike, NaiveDate};
use skillreg_core::Level;

use crate::form::{FORM_EN, FORM_NB, FORM_SV, FormLabels};
use crate::labels::{EN, Labels, NB, SV};
use crate::table::{TABLE_EN, TABLE_NB, TABLE_SV, TableLabels};

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
    /// The labels of the printable self-assessment forms in this language.
    pub fn form_labels(self) -> &'static FormLabels {
        match self {
            Lang::En => &FORM_EN,
            Lang::Sv => &FORM_SV,
            Lang::Nb => &FORM_NB,
        }
    }

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
    /// use skillreg_l10n::Lang;
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
