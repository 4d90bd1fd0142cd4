//! The one rule by which every aggregate withholds figures over too few people.
//!
//! Every aggregate (the demand and progress reports, the unit view and the team page's totals)
//! goes through [`Suppressor`], hides the cells of fewer than `min_group` people and says how
//! many it hid ([`Suppression`]):
//! - a count of people from 1 to `min_group - 1` is withheld, wherever it is: a group's head
//!   count, and a count within a group (the people at target among those with a target, the
//!   people not assessed). 0 is shown: it singles out nobody;
//! - every figure over a group of 1 to `min_group - 1` people is withheld: a share, a mean, and
//!   any count within it (0 too: "none of these 3 is assessed" says something of each of them);
//! - a share is withheld when its count is (the share at target of 2 of 6 people gives the 2
//!   back), so a withheld count cannot be worked out from what is shown;
//! - a change is withheld when either day's figure is;
//! - where parts add up to a whole that is shown (the gender groups of a row: women, men,
//!   other, not stated), further parts are withheld, smallest first, until the withheld parts
//!   add up to 0 or to `min_group` or more people ([`Suppressor::parts`]): 6 women and 1 man
//!   withhold the man's 1 *and* the women's 6, or the total minus 6 would give the 1 back.
//!
//! Only counts and the groups they are within are checked: "5 of 6 at target" is shown, even
//! though it says that one person is not. A mean level is shown over a group of `min_group` or
//! more people whatever the spread of levels.
//!
//! Shares are rounded to 3 decimals, means and their changes to 2 (changes are computed before
//! rounding).

use serde::Serialize;

/// The default smallest group shown in an aggregate report (docs/src/reports.md#suppression).
pub const DEFAULT_MIN_GROUP: u32 = 5;

/// One figure of an aggregate report: a value, or nothing because it is withheld.
///
/// In JSON: `{"value": 3, "suppressed": false}` or `{"value": null, "suppressed": true}`. A
/// `value` of `null` without `suppressed` means there is nothing to show (a share over nobody).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Cell<T> {
    /// The figure; `None` when withheld or undefined.
    #[cfg_attr(feature = "openapi", schema(schema_with = figure_schema))]
    pub value: Option<T>,
    /// Withheld because it is over too few people.
    pub suppressed: bool,
}

/// The schema of a [`Cell`]'s value: a number, or `null` when withheld or undefined (every
/// figure is a count, a share or a mean).
#[cfg(feature = "openapi")]
fn figure_schema() -> utoipa::openapi::schema::Object {
    use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Number, Type::Null]))
        .description(Some(
            "The figure, or null when it is withheld or there is nothing to show",
        ))
        .build()
}

impl<T> Cell<T> {
    /// A figure that is shown (`None`: there is nothing to show, such as a share over nobody).
    pub fn shown(value: Option<T>) -> Cell<T> {
        Cell {
            value,
            suppressed: false,
        }
    }

    /// A figure withheld because it is over too few people.
    pub fn withheld() -> Cell<T> {
        Cell {
            value: None,
            suppressed: true,
        }
    }
}

/// How many figures a report withheld, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Suppression {
    /// The smallest group shown.
    pub min_group: u32,
    /// Figures withheld.
    pub n_suppressed: usize,
    /// The rule, in words.
    pub rule: String,
}

/// The one rule by which every aggregate withholds figures over too few people (the store's
/// reports and unit view, and the team page's totals in `skillreg-html`): a count of 1 to
/// `min_group - 1` people, any figure over a group of that size, and a share whose count is
/// withheld. The docs of this module explain the rule and why; the text of
/// [`Suppression::rule`] states it to the reader. Each figure goes through one call, which also
/// counts what was withheld; [`Suppressor::finish`] says how many.
///
/// ```
/// use skillreg_core::view::Suppressor;
///
/// let mut s = Suppressor::new(5);
/// assert_eq!(s.count(6).value, Some(6));
/// assert!(s.count(2).suppressed);
/// assert_eq!(s.count(0).value, Some(0)); // nobody is singled out by a 0
/// // 2 at target of 6 with a target: the 2 is withheld, and so is the share that gives it back.
/// assert!(s.count_within(2, 6).suppressed);
/// assert!(s.share(2, 6, 3).suppressed);
/// assert_eq!(s.share(5, 6, 3).value, Some(0.833));
/// // Anything over a group of 3 people.
/// assert!(s.count_within(0, 3).suppressed);
/// assert!(s.mean(Some(1.5), 3).suppressed);
/// assert_eq!(s.finish().n_suppressed, 5);
/// ```
#[derive(Debug)]
pub struct Suppressor {
    min_group: u32,
    n_suppressed: usize,
}

impl Suppressor {
    /// Withholds figures over fewer than `min_group` people (docs/src/reports.md#suppression: default
    /// [`DEFAULT_MIN_GROUP`]); 0 and 1 withhold nothing.
    pub fn new(min_group: u32) -> Suppressor {
        Suppressor {
            min_group,
            n_suppressed: 0,
        }
    }

    /// The smallest group shown.
    pub fn min_group(&self) -> u32 {
        self.min_group
    }

    /// Whether `n` people are too few to show: 1 to `min_group - 1` (0 is not).
    pub fn too_few(&self, n: u64) -> bool {
        n > 0 && n < u64::from(self.min_group)
    }

    fn withhold<T>(&mut self) -> Cell<T> {
        self.n_suppressed += 1;
        Cell::withheld()
    }

    /// A count of people: withheld when 1 to `min_group - 1`.
    pub fn count(&mut self, n: u64) -> Cell<u64> {
        if self.too_few(n) {
            self.withhold()
        } else {
            Cell::shown(Some(n))
        }
    }

    /// A count of `n` people within a group of `group` people (those at target among those
    /// with a target): withheld when either is 1 to `min_group - 1`.
    pub fn count_within(&mut self, n: u64, group: u64) -> Cell<u64> {
        if self.too_few(n) || self.too_few(group) {
            self.withhold()
        } else {
            Cell::shown(Some(n))
        }
    }

    /// The share `n / group`, rounded to `decimals`: withheld when [`Suppressor::count_within`]
    /// would withhold `n`, since the share and the group give the count back. Nothing to show
    /// (not withheld) when the group is empty.
    pub fn share(&mut self, n: u64, group: u64, decimals: i32) -> Cell<f64> {
        if self.too_few(n) || self.too_few(group) {
            self.withhold()
        } else {
            Cell::shown((group > 0).then(|| round(n as f64 / group as f64, decimals)))
        }
    }

    /// A mean (or any other figure) over a group of `group` people: withheld when the group
    /// has 1 to `min_group - 1` people.
    pub fn mean<T>(&mut self, value: Option<T>, group: u64) -> Cell<T> {
        if self.too_few(group) {
            self.withhold()
        } else {
            Cell::shown(value)
        }
    }

    /// A change between two figures, withheld when either is: `value`, computed by the caller
    /// (from unrounded figures), shown only when both figures are.
    pub fn change<A, B>(&mut self, before: &Cell<A>, after: &Cell<A>, value: Option<B>) -> Cell<B> {
        if before.suppressed || after.suppressed {
            return self.withhold();
        }
        Cell::shown(value.filter(|_| before.value.is_some() && after.value.is_some()))
    }

    /// Which of `parts` (counts of people that add up to a whole) to withhold: each of 1 to
    /// `min_group - 1`, and, when the whole is shown (`whole_shown`), more parts, smallest
    /// count first, until what the withheld parts add up to is 0 or `min_group` or more, so
    /// that the whole minus the parts shown gives back no small count. Counts nothing: each
    /// withheld part's figures go through [`Suppressor::withheld`].
    ///
    /// ```
    /// use skillreg_core::view::Suppressor;
    /// let s = Suppressor::new(5);
    /// // 6 women, 1 man: both withheld (7 - 6 would give the man back).
    /// assert_eq!(s.parts(true, &[6, 1, 0, 0]), [true, true, false, false]);
    /// // 6 women, 5 men: nothing withheld.
    /// assert_eq!(s.parts(true, &[6, 5, 0, 0]), [false; 4]);
    /// // 9 women, 1 man, 1 other, 6 not stated: the 1s add up to 2, so the 6 goes too.
    /// assert_eq!(s.parts(true, &[9, 1, 1, 6]), [false, true, true, true]);
    /// ```
    pub fn parts(&self, whole_shown: bool, parts: &[u64]) -> Vec<bool> {
        let withheld: Vec<bool> = parts.iter().map(|&n| self.too_few(n)).collect();
        self.more_parts(whole_shown, parts, withheld)
    }

    /// [`Suppressor::parts`] where some parts are withheld already for another reason
    /// (`withheld`, one flag per part; a count within a group that is withheld goes with it).
    ///
    /// ```
    /// use skillreg_core::view::Suppressor;
    /// let s = Suppressor::new(5);
    /// // At target: 6 women (shown group), 3 of another group already withheld with its group:
    /// // 3 is too few to leave as the rest, so the women's 6 goes too.
    /// assert_eq!(s.more_parts(true, &[6, 3], vec![false, true]), [true, true]);
    /// ```
    pub fn more_parts(
        &self,
        whole_shown: bool,
        parts: &[u64],
        mut withheld: Vec<bool>,
    ) -> Vec<bool> {
        for (w, &n) in withheld.iter_mut().zip(parts) {
            *w |= self.too_few(n);
        }
        if !whole_shown {
            return withheld;
        }
        loop {
            let hidden: u64 = parts
                .iter()
                .zip(&withheld)
                .filter(|(_, w)| **w)
                .map(|(n, _)| n)
                .sum();
            if !self.too_few(hidden) {
                return withheld;
            }
            let next = parts
                .iter()
                .enumerate()
                .filter(|(i, n)| !withheld[*i] && **n > 0)
                .min_by_key(|(_, n)| **n)
                .map(|(i, _)| i);
            match next {
                Some(i) => withheld[i] = true,
                None => return withheld,
            }
        }
    }

    /// A figure withheld because [`Suppressor::parts`] said so (counted like every other).
    ///
    /// ```
    /// use skillreg_core::view::Suppressor;
    /// let mut s = Suppressor::new(5);
    /// assert!(s.withheld::<u64>().suppressed);
    /// assert_eq!(s.finish().n_suppressed, 1);
    /// ```
    pub fn withheld<T>(&mut self) -> Cell<T> {
        self.withhold()
    }

    /// How many figures were withheld so far.
    pub fn n_suppressed(&self) -> usize {
        self.n_suppressed
    }

    /// What was withheld, with the rule in words.
    pub fn finish(self) -> Suppression {
        let n = self.min_group.saturating_sub(1);
        Suppression {
            min_group: self.min_group,
            n_suppressed: self.n_suppressed,
            rule: format!(
                "a count of 1 to {n} people (also within a group, such as those at target), any \
                 share, mean or count over a group of 1 to {n} people, a share whose count is \
                 withheld, and a change from or to a withheld figure are withheld so that no \
                 individual can be singled out"
            ),
        }
    }
}

/// `x` rounded to `decimals` places, half away from zero (how every share and mean of a report is
/// rounded).
pub fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}
