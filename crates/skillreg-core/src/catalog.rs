//! The catalog: org units, occupations, systems, requirements and courses, and the org tree.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::model::{Course, Group, Occupation, OrgUnit, Requirement, System};

/// Everything the rules need besides people: the org tree and what each occupation should reach.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Catalog {
    /// Org units (any order; parents may follow children).
    pub units: Vec<OrgUnit>,
    /// Occupational groups.
    pub occupations: Vec<Occupation>,
    /// Digital systems.
    pub systems: Vec<System>,
    /// Required levels per occupation (and optionally per unit subtree).
    pub requirements: Vec<Requirement>,
    /// Courses.
    pub courses: Vec<Course>,
    /// Target groups of the roll-out (from the TOML catalog only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
}

impl Catalog {
    /// True when the catalog holds nothing.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
            && self.occupations.is_empty()
            && self.systems.is_empty()
            && self.requirements.is_empty()
            && self.courses.is_empty()
            && self.groups.is_empty()
    }

    /// The target group with `code`.
    pub fn group(&self, code: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.code == code)
    }

    /// The course with `code`.
    pub fn course(&self, code: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.code == code)
    }

    /// The system with `code`.
    pub fn system(&self, code: &str) -> Option<&System> {
        self.systems.iter().find(|s| s.code == code)
    }

    /// The unit with `id`.
    pub fn unit(&self, id: &str) -> Option<&OrgUnit> {
        self.units.iter().find(|u| u.id == id)
    }

    /// `self` (incoming) with what it does not state taken from `existing`: a system listed
    /// without vendor or level descriptions keeps the ones the registry has (set, say, by a
    /// catalog file), rather than losing them.
    pub fn keeping_unstated(mut self, existing: &Catalog) -> Catalog {
        for system in &mut self.systems {
            if let Some(old) = existing.system(&system.code) {
                if system.vendor.is_none() {
                    system.vendor = old.vendor.clone();
                }
                for (new, old) in system
                    .level_descriptions
                    .iter_mut()
                    .zip(&old.level_descriptions)
                {
                    if new.is_none() {
                        new.clone_from(old);
                    }
                }
            }
        }
        self
    }

    /// `self` overlaid with `incoming`: items with the same key are replaced, new ones added.
    /// The result is sorted by key, so it is deterministic whatever the input order.
    pub fn merged(&self, incoming: &Catalog) -> Catalog {
        fn merge<T: Clone, K: Ord>(a: &[T], b: &[T], key: impl Fn(&T) -> K) -> Vec<T> {
            let mut map = BTreeMap::new();
            for item in a.iter().chain(b) {
                map.insert(key(item), item.clone());
            }
            map.into_values().collect()
        }
        Catalog {
            units: merge(&self.units, &incoming.units, |u| u.id.clone()),
            occupations: merge(&self.occupations, &incoming.occupations, |o| o.code.clone()),
            systems: merge(&self.systems, &incoming.systems, |s| s.code.clone()),
            requirements: merge(&self.requirements, &incoming.requirements, requirement_key),
            courses: merge(&self.courses, &incoming.courses, |c| c.code.clone()),
            groups: merge(&self.groups, &incoming.groups, |g| g.code.clone()),
        }
    }
}

/// The identity of a requirement: (occupation, system, unit).
pub fn requirement_key(r: &Requirement) -> (String, String, Option<String>) {
    (r.occupation.clone(), r.system.clone(), r.unit.clone())
}

/// The org tree: answers "which units are above this one".
#[derive(Debug, Clone, Default)]
pub struct OrgTree {
    parent: HashMap<String, Option<String>>,
}

impl OrgTree {
    /// Builds the tree from a list of units.
    pub fn new(units: &[OrgUnit]) -> OrgTree {
        OrgTree {
            parent: units
                .iter()
                .map(|u| (u.id.clone(), u.parent.clone()))
                .collect(),
        }
    }

    /// Whether `unit` is known.
    pub fn contains(&self, unit: &str) -> bool {
        self.parent.contains_key(unit)
    }

    /// `unit`, its parent, its parent's parent ... up to the root. Stops if the tree has a cycle.
    pub fn self_and_ancestors<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        let mut next = Some(unit);
        let mut steps = 0usize;
        let limit = self.parent.len() + 1;
        std::iter::from_fn(move || {
            let current = next?;
            steps += 1;
            if steps > limit {
                return None;
            }
            next = self.parent.get(current).and_then(|p| p.as_deref());
            Some(current)
        })
    }

    /// Whether `unit` is `ancestor` or lies below it.
    pub fn is_within(&self, unit: &str, ancestor: &str) -> bool {
        self.self_and_ancestors(unit).any(|u| u == ancestor)
    }

    /// `root` and every unit below it.
    pub fn subtree(&self, root: &str) -> BTreeSet<String> {
        self.parent
            .keys()
            .filter(|u| self.is_within(u, root))
            .cloned()
            .collect()
    }

    /// Every cycle in the tree, each as the list of unit ids on it (sorted). Linear: each unit
    /// is walked once.
    pub fn cycles(&self) -> Vec<Vec<String>> {
        // 0 = not visited, 1 = on the current walk, 2 = done.
        let mut state: HashMap<&str, u8> = HashMap::new();
        let mut found: BTreeSet<Vec<String>> = BTreeSet::new();
        let mut starts: Vec<&str> = self.parent.keys().map(String::as_str).collect();
        starts.sort();
        for start in starts {
            let mut walk: Vec<&str> = Vec::new();
            let mut current = Some(start);
            while let Some(unit) = current {
                match state.get(unit).copied().unwrap_or(0) {
                    2 => break,
                    1 => {
                        if let Some(pos) = walk.iter().position(|u| *u == unit) {
                            let mut cycle: Vec<String> =
                                walk[pos..].iter().map(|s| s.to_string()).collect();
                            cycle.sort();
                            found.insert(cycle);
                        }
                        break;
                    }
                    _ => {
                        state.insert(unit, 1);
                        walk.push(unit);
                        current = self.parent.get(unit).and_then(|p| p.as_deref());
                    }
                }
            }
            for unit in walk {
                state.insert(unit, 2);
            }
        }
        found.into_iter().collect()
    }
}
