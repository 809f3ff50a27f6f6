//! Tables de hachage rapides pour les index internes des calculs et des règles (clés :
//! identifiants, codes de questions) : le hachage de `std` (SipHash) résiste aux entrées
//! hostiles mais coûte cher ; ici les clés viennent du dossier et ne sortent jamais de la
//! mémoire. Hachage multiplicatif par mot de 64 bits (celui de rustc, « FxHash »).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Le hachage « Fx » : une rotation, un ou exclusif et une multiplication par mot.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Une table de hachage rapide.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
/// Un ensemble haché rapide.
pub type FastSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn distinct_keys_stay_distinct() {
        let ids: Vec<Uuid> = (0..10_000u128).map(Uuid::from_u128).collect();
        let set: FastSet<Uuid> = ids.iter().copied().collect();
        assert_eq!(set.len(), ids.len());
        assert!(set.contains(&Uuid::from_u128(9_999)));
        assert!(!set.contains(&Uuid::from_u128(10_000)));
        let mut m: FastMap<(&str, Option<Uuid>), u32> = FastMap::default();
        m.insert(("q1", None), 1);
        m.insert(("q1", Some(ids[3])), 2);
        assert_eq!(m.get(&("q1", None)), Some(&1));
        assert_eq!(m.get(&("q1", Some(ids[3]))), Some(&2));
    }
}
