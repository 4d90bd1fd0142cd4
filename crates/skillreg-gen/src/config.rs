//! What to generate ([`GenConfig`]) and what was written ([`GenStats`]).

use std::io;

use crate::date::{self, NIGHT_ZERO};
use crate::plan::per_mille;

/// What to generate. Everything in the output is a function of these fields alone.
///
/// The per-mille shares are of `people` (the size on night 0), rounded half up, and apply to
/// each night from 1 on: with 100 000 people and the defaults, every night 500 people leave, 500
/// join and 1 000 change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenConfig {
    /// People in the organisation on night 0.
    pub people: usize,
    /// Picks the organisation: the same seed gives the same bytes.
    pub seed: u64,
    /// 0 = the first export (2026-11-20); `n` = the `n`-th next night, one day later each.
    pub night: u32,
    /// Share of people who leave each night, per mille of `people`. Heads of units never leave.
    pub leavers_per_mille: u32,
    /// Share of people who join each night, per mille of `people`.
    pub joiners_per_mille: u32,
    /// Share of people who change each night (a new self assessment, a new manager assessment
    /// or a changed percent), per mille of `people`.
    pub changed_per_mille: u32,
}

impl Default for GenConfig {
    fn default() -> Self {
        GenConfig {
            people: 1000,
            seed: 1,
            night: 0,
            leavers_per_mille: 5,
            joiners_per_mille: 5,
            changed_per_mille: 10,
        }
    }
}

impl GenConfig {
    /// `people` people from `seed`, night 0, default shares.
    pub fn new(people: usize, seed: u64) -> Self {
        GenConfig {
            people,
            seed,
            ..GenConfig::default()
        }
    }

    /// People who leave each night (fewer once only heads of units are left).
    pub fn leavers_per_night(&self) -> u64 {
        per_mille(self.people as u64, self.leavers_per_mille)
    }

    /// People who join each night.
    pub fn joiners_per_night(&self) -> u64 {
        per_mille(self.people as u64, self.joiners_per_mille)
    }

    /// People who change each night.
    pub fn changed_per_night(&self) -> u64 {
        per_mille(self.people as u64, self.changed_per_mille)
    }

    /// The file's `exportedAt`: 02:00 in Stockholm on 2026-11-20 plus `night` days, e.g.
    /// `2026-11-20T02:00:00+01:00`.
    pub fn exported_at(&self) -> String {
        let day = NIGHT_ZERO + self.night as i32;
        let (time, offset) = date::stockholm_two_am(day);
        let mut out = Vec::with_capacity(25);
        date::push_date(&mut out, day);
        let mut s = String::from_utf8(out).unwrap_or_default();
        s.push('T');
        s.push_str(time);
        s.push_str(offset);
        s
    }

    pub(crate) fn check(&self) -> io::Result<()> {
        let shares = [
            ("leavers_per_mille", self.leavers_per_mille),
            ("joiners_per_mille", self.joiners_per_mille),
            ("changed_per_mille", self.changed_per_mille),
        ];
        for (name, value) in shares {
            if value > 1000 {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{name} is {value}: give a share between 0 and 1000 per mille"),
                ));
            }
        }
        if self.people > 100_000_000 || self.night > 36_500 {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{} people, night {}: at most 100 000 000 people and night 36 500",
                    self.people, self.night
                ),
            ));
        }
        Ok(())
    }
}

/// What a writer wrote.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GenStats {
    /// `Person` elements (PAXml: `person`).
    pub n_people: u64,
    /// `Employment` elements (PAXml: one per person, the primary employment).
    pub n_employments: u64,
    /// `Competence` elements (none in PAXml).
    pub n_competences: u64,
    /// `CourseResult` elements (none in PAXml).
    pub n_course_results: u64,
    /// Bytes written.
    pub n_bytes: u64,
    /// People in the previous night's file who are not in this one.
    pub n_left: u64,
    /// People in this file who were not in the previous night's.
    pub n_joined: u64,
    /// People in both files whose record differs (in PAXml only a changed percent shows, so
    /// fewer people change there than in WLX).
    pub n_changed: u64,
}
