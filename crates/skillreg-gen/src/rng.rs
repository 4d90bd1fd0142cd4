//! Randomness that never changes: SplitMix64 and a Feistel permutation built on it.
//!
//! Why not `rand`: `StdRng` is documented as not portable across `rand` versions, and even the
//! named generators have changed seeding helpers between major versions. A generated file is a
//! test fixture whose bytes other tests compare, so the algorithm is written out here (SplitMix64,
//! Steele, Lea and Flood 2014, the seeding generator of Java's `SplittableRandom` and of
//! xoshiro) and is fixed: same seed, same bytes, whatever the dependencies do.

/// Salts that keep the streams of different purposes apart.
pub(crate) mod salt {
    pub(crate) const CATALOG: u64 = 0x6361_7461_6c6f_6701;
    pub(crate) const PERSON: u64 = 0x7065_7273_6f6e_0002;
    pub(crate) const JOINER: u64 = 0x6a6f_696e_6572_0003;
    pub(crate) const LEAVE_ORDER: u64 = 0x6c65_6176_6500_0004;
    pub(crate) const MANAGER_ORDER: u64 = 0x6d61_6e61_6700_0005;
    pub(crate) const CHANGE_WINDOW: u64 = 0x7769_6e64_6f77_0006;
    pub(crate) const CHANGE: u64 = 0x6368_616e_6765_0007;
}

/// The SplitMix64 finaliser: a bijective mix of 64 bits.
pub(crate) const fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A hash of a few words, order-sensitive.
pub(crate) fn hash(words: &[u64]) -> u64 {
    let mut h = 0x243f_6a88_85a3_08d3_u64;
    for &w in words {
        h = mix64(h ^ mix64(w.wrapping_add(0x9e37_79b9_7f4a_7c15)));
    }
    h
}

/// The SplitMix64 generator.
#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A generator whose stream is determined by these words.
    pub(crate) fn new(words: &[u64]) -> Self {
        Rng(hash(words))
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix64(self.0)
    }

    /// Uniform in `0..n` (`n > 0`), by Lemire's multiply-shift (bias below 2^-40 for our `n`).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform index into a slice of length `n` (`n > 0`).
    pub(crate) fn index(&mut self, n: usize) -> usize {
        self.below(n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    /// True with probability `per_mille / 1000`.
    pub(crate) fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// Uniform in `[0, 1)`.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// An index drawn with the given weights (not all zero).
    pub(crate) fn weighted<T>(&mut self, items: &[(T, u32)]) -> usize {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (i, (_, w)) in items.iter().enumerate() {
            let w = u64::from(*w);
            if x < w {
                return i;
            }
            x -= w;
        }
        items.len() - 1
    }
}

/// A pseudo-random permutation of `0..n`: a four-round balanced Feistel network on the smallest
/// even number of bits that covers `n`, with cycle walking back into `0..n`. Stateless, so that
/// the position of element `x` is computed from `x` alone, in bounded memory, for any `n`.
#[derive(Clone, Debug)]
pub(crate) struct Permutation {
    n: u64,
    half_bits: u32,
    keys: [u64; 4],
}

impl Permutation {
    pub(crate) fn new(n: u64, words: &[u64]) -> Self {
        let bits = (64 - n.saturating_sub(1).leading_zeros()).max(2);
        let half_bits = bits.div_ceil(2);
        let mut rng = Rng::new(words);
        let keys = [
            rng.next_u64(),
            rng.next_u64(),
            rng.next_u64(),
            rng.next_u64(),
        ];
        Permutation { n, half_bits, keys }
    }

    /// Where `x` (`x < n`) goes.
    pub(crate) fn apply(&self, x: u64) -> u64 {
        debug_assert!(x < self.n);
        let mut y = x;
        loop {
            y = self.encrypt(y);
            if y < self.n {
                return y;
            }
        }
    }

    fn encrypt(&self, x: u64) -> u64 {
        let mask = (1u64 << self.half_bits) - 1;
        let (mut left, mut right) = (x >> self.half_bits, x & mask);
        for key in self.keys {
            let f = mix64(right ^ key) & mask;
            (left, right) = (right, left ^ f);
        }
        (left << self.half_bits) | right
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_is_a_bijection() {
        for n in [1u64, 2, 3, 5, 16, 17, 1000, 4097] {
            let p = Permutation::new(n, &[n, 7]);
            let mut seen = vec![false; n as usize];
            for x in 0..n {
                let y = p.apply(x) as usize;
                assert!(!seen[y], "n = {n}: {y} twice");
                seen[y] = true;
            }
        }
    }

    #[test]
    fn splitmix_stream_is_fixed() {
        // The first outputs of SplitMix64 seeded with 0 (the published reference values).
        let mut rng = Rng(0);
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }
}
