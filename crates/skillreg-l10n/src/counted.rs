//! [`Counted`]: a phrase with a count in it, in its singular and its plural form.

/// A phrase with a count, in the form for one and the form for any other number: "1 figure is
/// withheld", "3 figures are withheld"; `{n}` in either form stands for the count.
///
/// English, Swedish and Norwegian Bokmål share one plural rule (CLDR's "one" and "other"): the
/// singular is for exactly 1, and 0 takes the plural ("0 figures", "0 siffror", "0 tall"). A
/// language with more forms would need more fields here, so adding one is a compile error in
/// every table rather than a wrong word at run time.
///
/// ```
/// use skillreg_l10n::Counted;
///
/// let days = Counted { one: "within {n} day", other: "within {n} days" };
/// assert_eq!(days.format(1), "within 1 day");
/// assert_eq!(days.format(90), "within 90 days");
/// assert_eq!(days.format(0), "within 0 days");
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// The form for a count of 1.
    pub one: &'static str,
    /// The form for every other count: 0, 2, 3, ...
    pub other: &'static str,
}

impl Counted {
    /// The form that goes with `n`, with `{n}` still in it.
    pub fn form(&self, n: u64) -> &'static str {
        if n == 1 { self.one } else { self.other }
    }

    /// The phrase for `n`, with `n` in place of `{n}`.
    pub fn format(&self, n: u64) -> String {
        self.form(n).replace("{n}", &n.to_string())
    }

    /// The phrase for a number already written out (`+1`, `−2,5`, `<5`), with `text` in place of
    /// `placeholder`: the singular when `text` is 1 with at most a sign before it, else the
    /// plural (so "1.0" and "<5" take the plural, as CLDR's rule says of a number shown with
    /// decimals). Code written for a one-form template, `label.replace("{n}", &n.to_string())`,
    /// reads the same and gets the right form.
    ///
    /// ```
    /// use skillreg_l10n::Lang;
    ///
    /// let points = Lang::Sv.labels().progress_points;
    /// assert_eq!(points.replace("{n}", "+1"), "+1 procentenhet");
    /// assert_eq!(points.replace("{n}", "\u{2212}2,5"), "\u{2212}2,5 procentenheter");
    /// Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn replace(&self, placeholder: &str, text: &str) -> String {
        let digits = text.trim_start_matches(['+', '-', '\u{2212}', '±']);
        let form = if digits == "1" { self.one } else { self.other };
        form.replace(placeholder, text)
    }
}
