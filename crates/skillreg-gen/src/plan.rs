//! Who is in the file on a given night, and who changed on which night.
//!
//! Heads of units (the managers) never leave, so every `managerEmployeeNo` stays resolvable.
//! The other original people leave in a fixed pseudo-random order (a [`Permutation`] of their
//! ranks): with `L` leavers a night, the person at position `p` of that order leaves on night
//! `p / L + 1` and stays gone. Joiner `k` (employee number after the original range) arrives on
//! night `k / J + 1` and stays. On night `m`, exactly `C` of the people present on both night
//! `m - 1` and night `m` change: the present people are numbered `0..D` (heads first, in a
//! permuted order, then the remaining original people in leave order, then the joiners) and a
//! window of `C` numbers starting at a per-night pseudo-random offset, wrapping around, is
//! chosen. Whether someone changed on night `m` is thus a few integer operations on
//! `(person, m)`, so a person's whole history is recomputed in `O(nights)` without any memory
//! per person.

use crate::config::GenConfig;
use crate::org::Org;
use crate::rng::{Permutation, hash, salt};

/// Who a person is, for the night plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Who {
    /// The head of a unit: rank among heads.
    Head(u64),
    /// Another original person: rank among them.
    Staff(u64),
    /// The `k`-th joiner (0-based, over all nights).
    Joiner(u64),
}

#[derive(Clone, Copy, Debug)]
struct Window {
    /// Original non-heads gone by this night (positions `0..gone` of the leave order).
    gone: u64,
    /// Number of people eligible to change this night.
    domain: u64,
    offset: u64,
    count: u64,
}

/// The plan of one night.
#[derive(Debug)]
pub(crate) struct Plan {
    pub(crate) night: u32,
    n_heads: u64,
    n_staff: u64,
    leavers: u64,
    joiners: u64,
    leave_order: Permutation,
    head_order: Permutation,
    /// Index `m - 1` for night `m`.
    windows: Vec<Window>,
}

/// `share` per mille of `n`, rounded half up.
pub(crate) fn per_mille(n: u64, share: u32) -> u64 {
    (n * u64::from(share) + 500) / 1000
}

impl Plan {
    pub(crate) fn new(org: &Org, config: &GenConfig) -> Plan {
        let n_heads = org.n_heads;
        let n_staff = org.n_people - n_heads;
        let leavers = per_mille(org.n_people, config.leavers_per_mille);
        let joiners = per_mille(org.n_people, config.joiners_per_mille);
        let changed = per_mille(org.n_people, config.changed_per_mille);
        let windows = (1..=u64::from(config.night))
            .map(|m| {
                let gone = (m * leavers).min(n_staff);
                let domain = n_heads + (n_staff - gone) + (m - 1) * joiners;
                let offset = if domain == 0 {
                    0
                } else {
                    hash(&[org.seed, salt::CHANGE_WINDOW, m]) % domain
                };
                Window {
                    gone,
                    domain,
                    offset,
                    count: changed.min(domain),
                }
            })
            .collect();
        Plan {
            night: config.night,
            n_heads,
            n_staff,
            leavers,
            joiners,
            leave_order: Permutation::new(n_staff, &[org.seed, salt::LEAVE_ORDER, n_staff]),
            head_order: Permutation::new(n_heads, &[org.seed, salt::MANAGER_ORDER, n_heads]),
            windows,
        }
    }

    /// Joiners in the file tonight (all nights so far).
    pub(crate) fn n_joiners(&self) -> u64 {
        u64::from(self.night) * self.joiners
    }

    /// Joiners per night.
    pub(crate) fn joiners_per_night(&self) -> u64 {
        self.joiners
    }

    /// The position of a non-head in the leave order.
    pub(crate) fn leave_position(&self, staff_rank: u64) -> u64 {
        self.leave_order.apply(staff_rank)
    }

    /// Whether the non-head at `position` of the leave order is still there on `night`.
    pub(crate) fn present(&self, position: u64, night: u32) -> bool {
        position >= (u64::from(night) * self.leavers).min(self.n_staff)
    }

    /// The night joiner `k` arrives.
    pub(crate) fn join_night(&self, k: u64) -> u32 {
        (k / self.joiners.max(1) + 1) as u32
    }

    /// People who left tonight.
    pub(crate) fn left_tonight(&self) -> u64 {
        let n = u64::from(self.night);
        if n == 0 {
            return 0;
        }
        (n * self.leavers).min(self.n_staff) - ((n - 1) * self.leavers).min(self.n_staff)
    }

    /// People who changed tonight.
    pub(crate) fn changed_tonight(&self) -> u64 {
        self.windows.last().map_or(0, |w| w.count)
    }

    /// Appends to `out` the nights `1..=night` on which `who` changed, in order. For `Staff`,
    /// `who` carries the leave position (see [`Plan::leave_position`]).
    pub(crate) fn change_nights(&self, who: Who, out: &mut Vec<u32>) {
        let head_rank = match who {
            Who::Head(rank) => self.head_order.apply(rank),
            _ => 0,
        };
        for (i, w) in self.windows.iter().enumerate() {
            let m = i as u64 + 1;
            let number = match who {
                Who::Head(_) => head_rank,
                Who::Staff(position) => {
                    if position < w.gone {
                        continue;
                    }
                    self.n_heads + (position - w.gone)
                }
                Who::Joiner(k) => {
                    if k >= (m - 1) * self.joiners {
                        continue;
                    }
                    self.n_heads + (self.n_staff - w.gone) + k
                }
            };
            if (number + w.domain - w.offset) % w.domain < w.count {
                out.push(m as u32);
            }
        }
    }
}
