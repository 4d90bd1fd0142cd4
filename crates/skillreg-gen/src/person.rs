//! One person, generated from `(seed, person)` alone: the base record from a generator seeded
//! with the person's index, then the changes of the nights on which the plan says they changed,
//! each from a generator seeded with `(person, night)`. So a person's record is the same every
//! night until they change, and the same on every run.

use crate::data::{FAMILY_NAMES, GIVEN_NAMES};
use crate::date::{Day, NIGHT_ZERO, civil_from_days, days_from_civil};
use crate::org::{FIRST_EMPLOYEE_NO, Org};
use crate::plan::{Plan, Who};
use crate::rng::{Rng, salt};

/// Where a competence record comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    SelfAssessed,
    Manager,
    Course,
}

impl Source {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Source::SelfAssessed => "self",
            Source::Manager => "manager",
            Source::Course => "course",
        }
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Employment {
    pub(crate) unit: u32,
    pub(crate) occupation: u16,
    pub(crate) primary: bool,
    pub(crate) percent: u8,
    pub(crate) start: Day,
    pub(crate) end: Option<Day>,
    pub(crate) manager: Option<u64>,
    /// Since when `percent` holds (PAXml `sysgrad/@datum`).
    pub(crate) percent_since: Day,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Competence {
    pub(crate) system: u16,
    /// 1-4.
    pub(crate) level: u8,
    pub(crate) source: Source,
    pub(crate) date: Day,
    pub(crate) assessor: Option<u64>,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct CourseResult {
    pub(crate) course: u16,
    pub(crate) completed: Day,
    pub(crate) score: Option<u8>,
}

/// A person, reused from one to the next so that writing allocates nothing per person.
#[derive(Debug, Default)]
pub(crate) struct Person {
    pub(crate) employee_no: u64,
    pub(crate) given: usize,
    pub(crate) family: usize,
    /// A second family name, written `family & family2`.
    pub(crate) family2: Option<usize>,
    pub(crate) email: bool,
    pub(crate) employments: Vec<Employment>,
    pub(crate) competences: Vec<Competence>,
    pub(crate) course_results: Vec<CourseResult>,
    /// The person changed on the plan's night.
    pub(crate) changed_tonight: bool,
    /// ... and that change was to the percent (the only change that PAXml shows).
    pub(crate) percent_changed_tonight: bool,
    nights: Vec<u32>,
    dates: Vec<Day>,
}

const PERCENTS: &[(u8, u32)] = &[(100, 55), (75, 15), (80, 10), (90, 8), (50, 7), (60, 5)];
const DAYS_PER_YEAR: f64 = 365.25;

impl Person {
    /// Generates original person `i` as of the plan's night; false (and nothing generated) if
    /// they have left by then.
    pub(crate) fn original(&mut self, org: &Org, plan: &Plan, i: u64) -> bool {
        let seat = org.seat(i);
        let who = if seat.head {
            Who::Head(seat.rank)
        } else {
            let position = plan.leave_position(seat.rank);
            if !plan.present(position, plan.night) {
                return false;
            }
            Who::Staff(position)
        };
        self.clear(FIRST_EMPLOYEE_NO + i);
        let mut rng = Rng::new(&[org.seed, salt::PERSON, i]);
        self.names(&mut rng);
        let unit = &org.units[seat.unit as usize];

        let occupation = if seat.head {
            unit.head_occupation
        } else if unit.level <= 2 {
            org.office_staff[rng.weighted(&org.office_staff)].0
        } else {
            let staff = &org.admin_staff[unit.admin];
            staff[rng.weighted(staff)].0
        };
        let percent = if seat.head {
            100
        } else {
            PERCENTS[rng.weighted(PERCENTS)].0
        };
        let tenure = if seat.head {
            rng.range(730, 35 * 365) as Day
        } else {
            30 + (rng.unit() * rng.unit() * 40.0 * DAYS_PER_YEAR) as Day
        };
        let mut start = NIGHT_ZERO - tenure;
        if rng.chance(600) {
            let (y, m, _) = civil_from_days(start);
            start = days_from_civil(y, m, 1);
        }
        let mut end = None;
        if !seat.head && rng.chance(12) {
            let last = NIGHT_ZERO - rng.range(1, 180) as Day;
            if last - start >= 30 {
                end = Some(last);
            }
        }
        let manager = if seat.head {
            unit.head_manager
        } else {
            unit.manager
        };
        self.employments.push(Employment {
            unit: seat.unit,
            occupation,
            primary: true,
            percent,
            start,
            end,
            manager,
            percent_since: start,
        });

        if !seat.head && end.is_none() && rng.chance(150) && start < NIGHT_ZERO - 90 {
            let leaves = &org.leaves[org.admin_leaves[unit.admin].clone()];
            let other = leaves[rng.index(leaves.len())];
            let staff = &org.admin_staff[unit.admin];
            let start2 = rng.range(i64::from(start) + 1, i64::from(NIGHT_ZERO) - 30) as Day;
            let end2 = start2 + rng.range(30, 1500) as Day;
            let ended = rng.chance(550) && end2 < NIGHT_ZERO;
            self.employments.push(Employment {
                unit: other,
                occupation: staff[rng.weighted(staff)].0,
                primary: false,
                percent: 10 + 5 * rng.below(7) as u8,
                start: start2,
                end: ended.then_some(end2),
                manager: org.units[other as usize].manager,
                percent_since: start2,
            });
        }

        self.base_records(org, &mut rng, occupation, start, manager);
        self.changes(org, plan, who, end.is_some());
        true
    }

    /// Generates joiner `k` (the `k`-th over all nights), who must have arrived by the plan's
    /// night.
    pub(crate) fn joiner(&mut self, org: &Org, plan: &Plan, k: u64) {
        self.clear(FIRST_EMPLOYEE_NO + org.n_people + k);
        let mut rng = Rng::new(&[org.seed, salt::JOINER, k]);
        self.names(&mut rng);
        let day = Org::export_day(plan.join_night(k));
        let unit_index = org.leaves[rng.index(org.leaves.len())];
        let unit = &org.units[unit_index as usize];
        let staff = &org.admin_staff[unit.admin];
        let occupation = staff[rng.weighted(staff)].0;
        self.employments.push(Employment {
            unit: unit_index,
            occupation,
            primary: true,
            percent: PERCENTS[rng.weighted(PERCENTS)].0,
            start: day,
            end: None,
            manager: unit.manager,
            percent_since: day,
        });
        // A few self assessments from the first day.
        let systems = &org.occupation_systems[occupation as usize];
        for &system in systems.iter().take(rng.index(4)) {
            let level = pick_level(&mut rng, org, occupation, system);
            self.competences.push(Competence {
                system,
                level,
                source: Source::SelfAssessed,
                date: day,
                assessor: None,
            });
        }
        self.changes(org, plan, Who::Joiner(k), false);
    }

    fn clear(&mut self, employee_no: u64) {
        self.employee_no = employee_no;
        self.employments.clear();
        self.competences.clear();
        self.course_results.clear();
        self.changed_tonight = false;
        self.percent_changed_tonight = false;
    }

    fn names(&mut self, rng: &mut Rng) {
        self.given = rng.index(GIVEN_NAMES.len());
        self.family = rng.index(FAMILY_NAMES.len());
        self.family2 = rng.chance(15).then(|| rng.index(FAMILY_NAMES.len()));
        self.email = rng.chance(920);
    }

    /// About 20 competence records over the last three years, and a few course results.
    fn base_records(
        &mut self,
        org: &Org,
        rng: &mut Rng,
        occupation: u16,
        start: Day,
        manager: Option<u64>,
    ) {
        let last = NIGHT_ZERO - 1;
        let first = (NIGHT_ZERO - 3 * 365).max(start);
        if first > last {
            return;
        }
        let span = (last - first + 1) as u64;
        let n = (10 + rng.below(21)).min(span);
        // n distinct days, in order: n sorted draws from 0..=span-n, the k-th moved up by k.
        self.dates.clear();
        for _ in 0..n {
            self.dates.push(rng.below(span - n + 1) as Day);
        }
        self.dates.sort_unstable();
        for k in 0..self.dates.len() {
            let date = first + self.dates[k] + k as Day;
            let roll = rng.below(1000);
            let competence = if roll < 100 {
                let courses =
                    org.system_courses[pick_system(rng, org, occupation) as usize].clone();
                let course = courses.start + rng.index(courses.len()) as u16;
                if !self.course_results.iter().any(|r| r.course == course) {
                    let score = rng.chance(300).then(|| 60 + rng.below(41) as u8);
                    self.course_results.push(CourseResult {
                        course,
                        completed: date,
                        score,
                    });
                }
                let course = &org.courses[course as usize];
                Competence {
                    system: course.system,
                    level: course.level,
                    source: Source::Course,
                    date,
                    assessor: None,
                }
            } else {
                let system = pick_system(rng, org, occupation);
                let level = pick_level(rng, org, occupation, system);
                match manager {
                    Some(m) if roll < 450 => Competence {
                        system,
                        level,
                        source: Source::Manager,
                        date,
                        assessor: rng.chance(950).then_some(m),
                    },
                    _ => Competence {
                        system,
                        level,
                        source: Source::SelfAssessed,
                        date,
                        assessor: None,
                    },
                }
            };
            self.competences.push(competence);
        }
        // Courses taken without a record of their own, some long ago (expired ones too).
        let first_course = (NIGHT_ZERO - 6 * 365).max(start);
        for _ in 0..rng.below(4) {
            let courses = org.system_courses[pick_system(rng, org, occupation) as usize].clone();
            let course = courses.start + rng.index(courses.len()) as u16;
            let completed = rng.range(i64::from(first_course), i64::from(last)) as Day;
            let score = rng.chance(300).then(|| 60 + rng.below(41) as u8);
            if !self.course_results.iter().any(|r| r.course == course) {
                self.course_results.push(CourseResult {
                    course,
                    completed,
                    score,
                });
            }
        }
    }

    /// Applies the changes of every night up to the plan's on which this person changed.
    fn changes(&mut self, org: &Org, plan: &Plan, who: Who, ended: bool) {
        self.nights.clear();
        plan.change_nights(who, &mut self.nights);
        self.changed_tonight = self.nights.last() == Some(&plan.night);
        let primary = self.employments[0];
        for &m in &self.nights {
            let mut rng = Rng::new(&[org.seed, salt::CHANGE, self.employee_no, u64::from(m)]);
            let date = Org::export_day(m) - 1;
            let roll = rng.below(1000);
            if roll < 200 && !ended {
                // Another of the usual percents (every percent written is one of them).
                let current = self.employments[0].percent;
                let percent = PERCENTS
                    .iter()
                    .map(|&(p, _)| p)
                    .filter(|&p| p != current)
                    .nth(rng.index(PERCENTS.len() - 1))
                    .unwrap_or(current);
                self.employments[0].percent = percent;
                self.employments[0].percent_since = date;
                self.percent_changed_tonight = m == plan.night;
                continue;
            }
            let system = pick_system(&mut rng, org, primary.occupation);
            let level = pick_level(&mut rng, org, primary.occupation, system);
            let competence = match primary.manager {
                Some(manager) if roll < 600 => Competence {
                    system,
                    level,
                    source: Source::Manager,
                    date,
                    assessor: Some(manager),
                },
                _ => Competence {
                    system,
                    level,
                    source: Source::SelfAssessed,
                    date,
                    assessor: None,
                },
            };
            self.competences.push(competence);
        }
    }
}

/// Mostly a system of the occupation, sometimes one everybody uses.
fn pick_system(rng: &mut Rng, org: &Org, occupation: u16) -> u16 {
    let own = &org.occupation_systems[occupation as usize];
    if rng.chance(650) {
        own[rng.index(own.len())]
    } else {
        org.common_systems[rng.index(org.common_systems.len())]
    }
}

/// Around the required level (1-2 where nothing is required), within 1-4.
fn pick_level(rng: &mut Rng, org: &Org, occupation: u16, system: u16) -> u8 {
    let required = org.required_level(occupation, system);
    let base = if required > 0 {
        required
    } else {
        1 + rng.below(2) as u8
    };
    let level = match rng.below(4) {
        0 => base.saturating_sub(1),
        3 => base + 1,
        _ => base,
    };
    level.clamp(1, 4)
}
