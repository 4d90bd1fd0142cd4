//! The organisation: the unit tree with each unit's block of people, and the catalog
//! (occupations, systems, requirements, courses). Built from `(seed, people)` alone, so it is the
//! same every night; its size grows with the number of units, never with the number of people
//! written.

use std::ops::Range;

use crate::data::{self, ADMINS, OCCUPATIONS, SYSTEMS};
use crate::date::{Day, NIGHT_ZERO};
use crate::rng::{Rng, salt};

/// Employee numbers are `FIRST_EMPLOYEE_NO + i`; joiners continue after the original range.
pub(crate) const FIRST_EMPLOYEE_NO: u64 = 100_000;

/// People per leaf unit, on average.
const PEOPLE_PER_LEAF: usize = 250;

/// An org unit.
#[derive(Debug)]
pub(crate) struct Unit {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) parent: Option<u32>,
    /// 1 = administration ... 4 = subunit.
    pub(crate) level: u8,
    /// Index into `data::ADMINS`.
    pub(crate) admin: usize,
    /// Its id in the payroll system (PAXml `resultatenhet`, dimension 1).
    pub(crate) cost_centre: u32,
    /// Its people: original indices `start..start + len`; the first is its head.
    pub(crate) start: u64,
    pub(crate) len: u64,
    /// How many heads (units with people) come before this unit.
    pub(crate) heads_before: u64,
    /// The occupation of its head.
    pub(crate) head_occupation: u16,
    /// The head's manager: the head of the nearest unit above with people (for an
    /// administration, the head of the first one, Kommunstyrelseförvaltningen).
    pub(crate) head_manager: Option<u64>,
    /// Everyone else's manager: the head, or if it has nobody, `head_manager`.
    pub(crate) manager: Option<u64>,
}

/// A requirement of the catalog.
#[derive(Debug)]
pub(crate) struct Requirement {
    pub(crate) occupation: u16,
    pub(crate) system: u16,
    pub(crate) level: u8,
    pub(crate) unit: Option<u32>,
}

/// A course of the catalog.
#[derive(Debug)]
pub(crate) struct Course {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) system: u16,
    pub(crate) level: u8,
    pub(crate) valid_months: u32,
}

/// Where an original person sits.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Seat {
    pub(crate) unit: u32,
    /// The person heads the unit (and so manages its other people).
    pub(crate) head: bool,
    /// Among heads: their rank in unit order; among the others: their rank among the others.
    pub(crate) rank: u64,
}

/// The whole organisation.
#[derive(Debug)]
pub(crate) struct Org {
    pub(crate) seed: u64,
    pub(crate) n_people: u64,
    pub(crate) n_heads: u64,
    pub(crate) organisation: String,
    pub(crate) org_no: String,
    pub(crate) units: Vec<Unit>,
    /// Leaf units (level 4), in tree order, so grouped by administration.
    pub(crate) leaves: Vec<u32>,
    /// Per administration: its range in `leaves`.
    pub(crate) admin_leaves: Vec<Range<usize>>,
    /// Per administration: who works in its units (occupation, weight).
    pub(crate) admin_staff: Vec<Vec<(u16, u32)>>,
    pub(crate) office_staff: Vec<(u16, u32)>,
    /// Per occupation: the systems that matter for it.
    pub(crate) occupation_systems: Vec<Vec<u16>>,
    pub(crate) common_systems: Vec<u16>,
    /// `[occupation * n_systems + system]`: the required level, 0 if none.
    required: Vec<u8>,
    pub(crate) requirements: Vec<Requirement>,
    pub(crate) courses: Vec<Course>,
    /// Per system: its courses in `courses`.
    pub(crate) system_courses: Vec<Range<u16>>,
    /// Per system: its level descriptions (0-4, for levels 1..).
    pub(crate) level_texts: Vec<Vec<String>>,
    /// Mail-address forms of the names.
    pub(crate) given_mail: Vec<String>,
    pub(crate) family_mail: Vec<String>,
}

fn occupation_index(code: &str) -> u16 {
    OCCUPATIONS
        .iter()
        .position(|o| o.code == code)
        .unwrap_or_else(|| panic!("occupation {code} is not in data::OCCUPATIONS")) as u16
}

fn system_index(code: &str) -> u16 {
    SYSTEMS
        .iter()
        .position(|s| s.code == code)
        .unwrap_or_else(|| panic!("system {code} is not in data::SYSTEMS")) as u16
}

/// `x` scaled by a factor uniform in [0.7, 1.3], rounded, at least 1.
fn jitter(rng: &mut Rng, x: f64) -> usize {
    ((x * (0.7 + 0.6 * rng.unit())).round() as usize).max(1)
}

/// The mail-address form of a name: lower case ASCII, diacritics folded, spaces dropped.
fn mail_form(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'å' | 'ä' | 'á' | 'à' => "a",
            'ö' | 'ø' | 'ó' => "o",
            'æ' => "ae",
            'é' | 'è' => "e",
            'ü' | 'ú' => "u",
            'í' | 'ı' => "i",
            'þ' => "th",
            'ł' => "l",
            'ş' => "s",
            'ć' => "c",
            'a'..='z' | '0'..='9' | '-' => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

/// A tree node before the people are placed.
struct Node {
    id: String,
    name: String,
    parent: Option<u32>,
    level: u8,
    admin: usize,
    weight: u64,
}

impl Org {
    pub(crate) fn new(seed: u64, n_people: u64) -> Org {
        let mut rng = Rng::new(&[seed, salt::CATALOG, n_people]);
        let nodes = build_tree(&mut rng, n_people);
        let units = place_people(&nodes, n_people);
        let n_heads = units.iter().filter(|u| u.len > 0).count() as u64;

        let leaves: Vec<u32> = (0..units.len() as u32)
            .filter(|&u| units[u as usize].level == 4)
            .collect();
        let admin_leaves = (0..ADMINS.len())
            .map(|a| {
                let first = leaves.partition_point(|&u| units[u as usize].admin < a);
                let end = leaves.partition_point(|&u| units[u as usize].admin <= a);
                first..end
            })
            .collect();
        let weights = |list: &[(&str, u32)]| {
            list.iter()
                .map(|&(c, w)| (occupation_index(c), w))
                .collect()
        };
        let admin_staff = ADMINS.iter().map(|a| weights(a.staff)).collect();
        let office_staff = weights(data::OFFICE_STAFF);
        let occupation_systems: Vec<Vec<u16>> = OCCUPATIONS
            .iter()
            .map(|o| o.systems.iter().map(|s| system_index(s)).collect())
            .collect();
        let common_systems = data::COMMON_SYSTEMS
            .iter()
            .map(|s| system_index(s))
            .collect();

        let (requirements, required) = build_requirements(&mut rng, &units, &occupation_systems);
        let (courses, system_courses) = build_courses(&mut rng);
        let level_texts = SYSTEMS
            .iter()
            .map(|s| {
                let n = rng.index(5);
                let style = &data::LEVEL_TEXTS[rng.index(2)];
                style[..n].iter().map(|t| t.replace("{}", s.name)).collect()
            })
            .collect();

        Org {
            seed,
            n_people,
            n_heads,
            organisation: format!("Syntetiska kommunen {seed}"),
            org_no: format!("212000-{:04}", seed % 10_000),
            units,
            leaves,
            admin_leaves,
            admin_staff,
            office_staff,
            occupation_systems,
            common_systems,
            required,
            requirements,
            courses,
            system_courses,
            level_texts,
            given_mail: data::GIVEN_NAMES.iter().map(|n| mail_form(n)).collect(),
            family_mail: data::FAMILY_NAMES.iter().map(|n| mail_form(n)).collect(),
        }
    }

    /// The level `occupation` must reach in `system`, anywhere (0 = none).
    pub(crate) fn required_level(&self, occupation: u16, system: u16) -> u8 {
        self.required[occupation as usize * SYSTEMS.len() + system as usize]
    }

    /// Where original person `i` sits.
    pub(crate) fn seat(&self, i: u64) -> Seat {
        debug_assert!(i < self.n_people);
        let u = self.units.partition_point(|u| u.start <= i) - 1;
        let unit = &self.units[u];
        let head = i == unit.start;
        let rank = if head {
            unit.heads_before
        } else {
            i - unit.heads_before - 1
        };
        Seat {
            unit: u as u32,
            head,
            rank,
        }
    }

    /// The first day of the export of `night`.
    pub(crate) fn export_day(night: u32) -> Day {
        NIGHT_ZERO + night as Day
    }
}

/// The four-level tree, in depth-first order (parents before children).
fn build_tree(rng: &mut Rng, n_people: u64) -> Vec<Node> {
    let n_leaves = (n_people as usize / PEOPLE_PER_LEAF).max(4);
    let n_admins = ((1.8 * (n_leaves as f64).powf(0.25)).round() as usize).clamp(1, ADMINS.len());
    let total_weight: u32 = ADMINS[..n_admins].iter().map(|a| a.weight).sum();
    let mut nodes = Vec::new();
    for (a, admin) in ADMINS[..n_admins].iter().enumerate() {
        let admin_leaves = ((n_leaves * admin.weight as usize) as f64 / total_weight as f64)
            .round()
            .max(1.0);
        let admin_node = nodes.len() as u32;
        nodes.push(Node {
            id: admin.code.to_owned(),
            name: admin.name.to_owned(),
            parent: None,
            level: 1,
            admin: a,
            weight: 2,
        });
        let n_departments = jitter(rng, admin_leaves.cbrt()).min(admin_leaves as usize);
        for d in 0..n_departments {
            let (abbr, name, unit_prefix) = admin.departments[d % admin.departments.len()];
            let round = d / admin.departments.len();
            let (dept_id, dept_name) = if round == 0 {
                (format!("{}-{abbr}", admin.code), name.to_owned())
            } else {
                (
                    format!("{}-{abbr}{}", admin.code, round + 1),
                    format!("{name} område {}", round + 1),
                )
            };
            let dept_leaves = admin_leaves / n_departments as f64;
            let dept_node = nodes.len() as u32;
            nodes.push(Node {
                id: dept_id,
                name: dept_name,
                parent: Some(admin_node),
                level: 2,
                admin: a,
                weight: 1,
            });
            let n_units = jitter(rng, dept_leaves.sqrt());
            let place_offset = rng.index(data::PLACES.len());
            for k in 0..n_units {
                let unit_id = format!("{}-{:02}", nodes[dept_node as usize].id, k + 1);
                let place = data::PLACES[(place_offset + k) % data::PLACES.len()];
                let unit_name = if k < data::PLACES.len() {
                    format!("{unit_prefix} {place}")
                } else {
                    format!("{unit_prefix} {place} {}", k / data::PLACES.len() + 1)
                };
                let unit_node = nodes.len() as u32;
                let n_subunits = jitter(rng, dept_leaves / n_units as f64);
                nodes.push(Node {
                    id: unit_id.clone(),
                    name: unit_name.clone(),
                    parent: Some(dept_node),
                    level: 3,
                    admin: a,
                    weight: 1,
                });
                let names = admin.subunit_names;
                let name_offset = rng.index(names.len());
                for s in 0..n_subunits {
                    let sub = names[(name_offset + s) % names.len()];
                    let sub_name = if s < names.len() {
                        format!("{unit_name}, {} {sub}", admin.subunit_kind)
                    } else {
                        format!(
                            "{unit_name}, {} {sub} {}",
                            admin.subunit_kind,
                            s / names.len() + 1
                        )
                    };
                    nodes.push(Node {
                        id: format!("{unit_id}-{}", s + 1),
                        name: sub_name,
                        parent: Some(unit_node),
                        level: 4,
                        admin: a,
                        weight: 60 + rng.below(81),
                    });
                }
            }
        }
    }
    nodes
}

/// Gives each unit a block of people in proportion to its weight (exactly `n_people` in all),
/// and works out the managers.
fn place_people(nodes: &[Node], n_people: u64) -> Vec<Unit> {
    let total: u128 = nodes.iter().map(|n| u128::from(n.weight)).sum();
    let mut units: Vec<Unit> = Vec::with_capacity(nodes.len());
    let mut cumulative = 0u128;
    let mut start = 0u64;
    let mut heads_before = 0u64;
    let mut in_admin = vec![0u32; ADMINS.len()];
    for node in nodes {
        cumulative += u128::from(node.weight);
        let end = (u128::from(n_people) * cumulative / total) as u64;
        let len = end - start;
        let head_occupation = occupation_index(match node.level {
            1 => data::ADMIN_HEAD,
            2 => data::DEPARTMENT_HEAD,
            _ => ADMINS[node.admin].unit_head,
        });
        let head_manager = match node.parent {
            Some(p) => units[p as usize].manager,
            // An administration's head reports to the head of the first administration.
            None if !units.is_empty() => units[0].manager,
            None => None,
        };
        let manager = if len > 0 {
            Some(FIRST_EMPLOYEE_NO + start)
        } else {
            head_manager
        };
        in_admin[node.admin] += 1;
        units.push(Unit {
            id: node.id.clone(),
            name: node.name.clone(),
            parent: node.parent,
            level: node.level,
            admin: node.admin,
            cost_centre: (node.admin as u32 + 1) * 10_000 + in_admin[node.admin],
            start,
            len,
            heads_before,
            head_occupation,
            head_manager,
            manager,
        });
        if len > 0 {
            heads_before += 1;
        }
        start = end;
    }
    units
}

fn build_requirements(
    rng: &mut Rng,
    units: &[Unit],
    occupation_systems: &[Vec<u16>],
) -> (Vec<Requirement>, Vec<u8>) {
    let n_systems = SYSTEMS.len();
    let mut required = vec![0u8; OCCUPATIONS.len() * n_systems];
    let mut requirements = Vec::new();
    let mut limited = Vec::new();
    let departments: Vec<u32> = (0..units.len() as u32)
        .filter(|&u| units[u as usize].level == 2)
        .collect();
    for (o, systems) in occupation_systems.iter().enumerate() {
        let code = OCCUPATIONS[o].code;
        let manager = ["FCH", "VCH", "ECH", "REK"].contains(&code);
        let n = (2 + rng.index(5)).min(systems.len());
        // The first system always, then a random choice of the rest (partial Fisher-Yates).
        let mut pool = systems.clone();
        for k in 1..n {
            let j = k + rng.index(pool.len() - k);
            pool.swap(k, j);
        }
        let first_requirement = requirements.len();
        for &s in &pool[..n] {
            let level = if manager {
                2 + rng.below(2) as u8
            } else {
                [1, 2, 2, 2, 3][rng.index(5)]
            };
            required[o * n_systems + s as usize] = level;
            requirements.push(Requirement {
                occupation: o as u16,
                system: s,
                level,
                unit: None,
            });
        }
        // Some occupations need more in part of the organisation (a department and below).
        if rng.chance(400) {
            let candidates: Vec<u32> = departments
                .iter()
                .copied()
                .filter(|&d| {
                    let admin = &ADMINS[units[d as usize].admin];
                    admin.staff.iter().any(|&(c, _)| c == code)
                        || admin.unit_head == code
                        || code == "VCH"
                })
                .collect();
            let base = &requirements[first_requirement + rng.index(n)];
            if !candidates.is_empty() && base.level < 4 {
                let unit = candidates[rng.index(candidates.len())];
                limited.push(Requirement {
                    occupation: o as u16,
                    system: base.system,
                    level: base.level + 1,
                    unit: Some(unit),
                });
            }
        }
    }
    requirements.extend(limited);
    (requirements, required)
}

fn build_courses(rng: &mut Rng) -> (Vec<Course>, Vec<Range<u16>>) {
    let mut courses = Vec::new();
    let mut ranges = Vec::with_capacity(SYSTEMS.len());
    for (s, system) in SYSTEMS.iter().enumerate() {
        let first = courses.len() as u16;
        let n = 1 + rng.index(3);
        let mut kinds = vec![('G', 1u8)];
        if n >= 2 {
            kinds.push(('F', 2));
        }
        if n == 3 {
            kinds.push(if rng.chance(500) { ('H', 3) } else { ('S', 4) });
        }
        for (suffix, level) in kinds {
            let name = match suffix {
                'G' => format!("{} grundkurs", system.name),
                'F' => format!("{} fördjupning", system.name),
                'H' => format!("Handledare i {}", system.name),
                _ => format!("{} för superanvändare", system.name),
            };
            let valid_months = if system.expiring {
                [12, 24, 36][rng.index(3)]
            } else if rng.chance(80) {
                36
            } else {
                0
            };
            courses.push(Course {
                code: format!("{}-{suffix}", system.code),
                name,
                system: s as u16,
                level,
                valid_months,
            });
        }
        ranges.push(first..courses.len() as u16);
    }
    (courses, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_forms() {
        assert_eq!(mail_form("Åsa"), "asa");
        assert_eq!(mail_form("Þórunn"), "thorunn");
        assert_eq!(mail_form("Britt-Marie"), "britt-marie");
        assert_eq!(mail_form("von Platen"), "vonplaten");
        assert_eq!(mail_form("Łukasz"), "lukasz");
    }

    #[test]
    fn blocks_cover_everyone_and_seats_agree() {
        for n in [0u64, 1, 3, 7, 50, 501, 5000] {
            let org = Org::new(9, n);
            let total: u64 = org.units.iter().map(|u| u.len).sum();
            assert_eq!(total, n);
            let mut heads = 0;
            for i in 0..n {
                let seat = org.seat(i);
                let unit = &org.units[seat.unit as usize];
                assert!(unit.start <= i && i < unit.start + unit.len);
                if seat.head {
                    assert_eq!(seat.rank, heads);
                    heads += 1;
                } else {
                    assert_eq!(seat.rank, i - heads);
                }
            }
            assert_eq!(heads, org.n_heads);
        }
    }
}
