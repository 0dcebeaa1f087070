//! The order in which the BEAM (OTP 25) walks a map of more than 32 keys: a hash array
//! mapped trie over `make_internal_hash(key, 0)`, 4 bits a level from the lowest, walked
//! slot by slot. `:maps.fold/3`, `:maps.iterator/1` and `Enum.reduce/3` go in that order;
//! `:maps.to_list/1`, `:maps.keys/1` and `:maps.values/1` build their list by prepending
//! as they walk, so they give the reverse (semantics §5.20).
//!
//! The hash is reproduced for integers, floats, strings, and lists, tuples and maps of them
//! (checked against `erts_debug:get_internal_state({internal_hash, T})` on the VM). An
//! atom hashes by its index in the VM's atom table, a pid or a reference by what the VM
//! numbered it: those cannot be reproduced, and get a stand-in hash of their text.

use crate::term::Term;

const HCONST: u32 = 0x9e37_79b9;
const HCONST_4: u32 = 0x78dd_e6e4;
const HCONST_9: u32 = 0x8ff3_4781;
const HCONST_10: u32 = 0x2e2a_c13a;
const HCONST_11: u32 = 0xcc62_3af3;
const HCONST_12: u32 = 0x6a99_b4ac;
const HCONST_13: u32 = 0x08d1_2e65;
const HCONST_16: u32 = 0xe377_9b90;
const HCONST_17: u32 = 0x81af_1549;
const HCONST_18: u32 = 0x1fe6_8f02;
const HCONST_22: u32 = 0x98c4_75e6;
/// `INTERNAL_HASH_SALT`.
const SALT: u32 = 3_432_918_353;
/// The word of `[]` (an immediate).
const NIL: u64 = 0x3b;
/// Stand-ins for the terms whose hash depends on the VM's tables.
const STAND_IN_ATOM: u32 = 0x5c55_8274;
const STAND_IN_OTHER: u32 = 0xfa8c_fc2d;

/// Bob Jenkins' `mix` (lookup2), as `MIX` in `erts/emulator/beam/utils.c`: its `c`.
fn mix(a: u32, b: u32, c: u32) -> u32 {
    mix3(a, b, c).2
}

/// `UINT32_HASH_2(x, y, k)` into `hash`.
fn hash2(x: u32, y: u32, k: u32, hash: u32) -> u32 {
    mix(k.wrapping_add(x), k.wrapping_add(y), hash)
}

/// An immediate word (`UINT32_HASH_2(lo, hi, HCONST)`).
fn word(w: u64, hash: u32) -> u32 {
    hash2(w as u32, (w >> 32) as u32, HCONST, hash)
}

/// `CONST_HASH`.
fn const_hash(hash: u32, k: u32) -> u32 {
    (hash ^ k).rotate_left(17)
}

/// `block_hash/3`: lookup2 over bytes.
fn block_hash(k: &[u8], initval: u32) -> u32 {
    let (mut a, mut b, mut c) = (HCONST, HCONST, initval);
    let word = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
    let mut chunks = k.chunks_exact(12);
    for s in &mut chunks {
        a = a.wrapping_add(word(&s[0..4]));
        b = b.wrapping_add(word(&s[4..8]));
        c = c.wrapping_add(word(&s[8..12]));
        (a, b, c) = mix3(a, b, c);
    }
    c = c.wrapping_add(k.len() as u32);
    let rest = chunks.remainder();
    for (i, &byte) in rest.iter().enumerate() {
        let byte = u32::from(byte);
        match i {
            0..=3 => a = a.wrapping_add(byte << (8 * i)),
            4..=7 => b = b.wrapping_add(byte << (8 * (i - 4))),
            // The first byte of `c` is the length's.
            _ => c = c.wrapping_add(byte << (8 * (i - 7))),
        }
    }
    mix(a, b, c)
}

/// Bob Jenkins' `mix`, all three words out.
fn mix3(mut a: u32, mut b: u32, mut c: u32) -> (u32, u32, u32) {
    a = a.wrapping_sub(b).wrapping_sub(c) ^ (c >> 13);
    b = b.wrapping_sub(c).wrapping_sub(a) ^ (a << 8);
    c = c.wrapping_sub(a).wrapping_sub(b) ^ (b >> 13);
    a = a.wrapping_sub(b).wrapping_sub(c) ^ (c >> 12);
    b = b.wrapping_sub(c).wrapping_sub(a) ^ (a << 16);
    c = c.wrapping_sub(a).wrapping_sub(b) ^ (b >> 5);
    a = a.wrapping_sub(b).wrapping_sub(c) ^ (c >> 3);
    b = b.wrapping_sub(c).wrapping_sub(a) ^ (a << 10);
    c = c.wrapping_sub(a).wrapping_sub(b) ^ (b >> 15);
    (a, b, c)
}

fn binary(bytes: &[u8], hash: u32) -> u32 {
    let con = HCONST_13.wrapping_add(hash);
    if bytes.is_empty() {
        con
    } else {
        block_hash(bytes, con)
    }
}

fn int(i: i64, hash: u32) -> u32 {
    // A small integer (60 bits, signed) is an immediate: `i << 4 | 0xF`.
    if (-(1 << 59)..(1 << 59)).contains(&i) {
        return word(((i << 4) | 0xf) as u64, hash);
    }
    // A bignum: its 64-bit digits of magnitude, one for an `i64`.
    let con = if i < 0 { HCONST_10 } else { HCONST_11 };
    let d = i.unsigned_abs();
    hash2(d as u32, (d >> 32) as u32, con, hash)
}

/// A list: runs of bytes packed four to a word (the VM's optimisation for strings), any
/// other element hashed in turn, then the `[]` that ends it.
fn list<'a>(items: impl Iterator<Item = &'a Term>, mut hash: u32) -> u32 {
    let mut items = items.peekable();
    loop {
        let (mut packed, mut count) = (0u32, 0u32);
        while let Some(Term::Int(b @ 0..=255)) = items.peek() {
            packed = (packed << 8).wrapping_add(*b as u32);
            if count == 3 {
                hash = hash2(packed, 0, HCONST_4, hash);
                (packed, count) = (0, 0);
            } else {
                count += 1;
            }
            items.next();
        }
        if count > 0 {
            hash = hash2(packed, count, HCONST_22, hash);
        }
        let Some(t) = items.next() else {
            return word(NIL, hash);
        };
        hash = const_hash(hash, HCONST_17);
        hash = term(t, hash);
        if items.peek().is_none() {
            return word(NIL, const_hash(hash, HCONST_18));
        }
    }
}

/// A map as a key, as the VM hashes one of up to 32 keys: its size, then each key and
/// value in key order. (A larger one the VM hashes as its trie; not reproduced.)
fn map(mut entries: Vec<(Term, Term)>, hash: u32) -> u32 {
    entries.sort_by(|a, b| a.0.key_cmp(&b.0));
    let mut hash = hash2(entries.len() as u32, 0, HCONST_16, hash);
    for (k, v) in &entries {
        hash = term(v, term(k, hash));
    }
    hash
}

fn term(t: &Term, hash: u32) -> u32 {
    match t {
        Term::Int(i) => int(*i, hash),
        // Its two 32-bit words, low first; -0.0 as 0.0.
        Term::Float(x) => {
            let bits = if *x == 0.0 { 0 } else { x.to_bits() };
            hash2(bits as u32, (bits >> 32) as u32, HCONST_12, hash)
        }
        Term::Str(s) => binary(s.as_bytes(), hash),
        Term::Tuple(items) => items
            .iter()
            .fold(hash2(items.len() as u32, 0, HCONST_9, hash), |h, x| {
                term(x, h)
            }),
        Term::List(items) => list(items.iter(), hash),
        Term::Map(m) => map(m.to_vec(), hash),
        // A struct is the map it is, `__struct__` among its keys (equal to that map, so
        // one key with it).
        Term::Struct(s) => {
            let name = (Term::atom("__struct__"), Term::Atom(s.name.clone()));
            let fields = s
                .fields
                .iter()
                .map(|(k, v)| (Term::Atom(k.clone()), v.clone()));
            map(std::iter::once(name).chain(fields).collect(), hash)
        }
        Term::Atom(a) => binary(a.as_str().as_bytes(), hash ^ STAND_IN_ATOM),
        Term::Pid(_) | Term::Ref(_) | Term::Opaque(_) => {
            binary(t.to_string().as_bytes(), hash ^ STAND_IN_OTHER)
        }
    }
}

/// `make_internal_hash(t, 0)`.
pub(super) fn internal_hash(t: &Term) -> u32 {
    term(t, SALT)
}

/// Where `t` goes in a large map's walk for `:maps.to_list/1`: the trie's order is the
/// hash's nibbles from the lowest, compared as digits; the list's is its reverse.
pub(super) fn list_rank(t: &Term) -> u32 {
    let h = internal_hash(t);
    let mut digits = 0u32;
    for i in 0..8 {
        digits = (digits << 4) | ((h >> (4 * i)) & 0xf);
    }
    !digits
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `erts_debug:get_internal_state({internal_hash, T})` on OTP 25 (erts-13.1.5).
    #[test]
    fn hashes_agree_with_the_vm() {
        let l = |xs: Vec<Term>| Term::list(xs);
        let cases: Vec<(Term, u32)> = vec![
            (Term::Int(1), 2_441_450_838),
            (Term::Int(2), 1_268_203_079),
            (Term::Int(0), 3_620_831_944),
            (Term::Int(-1), 559_702_020),
            (Term::Int(-5), 789_380_858),
            (Term::Int(1 << 59), 2_160_620_466),
            (Term::Int(-(1 << 59)), 767_231_620),
            (Term::Int(i64::MIN), 2_312_516_942),
            (Term::Int(1 << 62), 82_766_582),
            (Term::str("a"), 1_526_245_209),
            (Term::str(""), 3_580_844_982),
            (Term::str("hello world, this is long"), 1_181_446_236),
            (Term::str("abcdefghijklmnopqrstuvwxyz"), 982_620_092),
            (Term::tuple([Term::Int(1), Term::Int(2)]), 240_741_374),
            (l(vec![]), 2_464_209_347),
            (l(vec![Term::Int(1), Term::Int(2)]), 2_125_191_709),
            (l(vec![Term::Int(300)]), 3_431_643_858),
            (l(vec![Term::Int(1), l(vec![Term::Int(2)])]), 2_979_722_977),
            (
                l(vec![Term::tuple([Term::Int(1), Term::Int(2)])]),
                3_337_103_694,
            ),
            (Term::map(vec![(Term::Int(1), Term::Int(2))]), 3_344_407_571),
            (Term::map(vec![]), 4_050_418_618),
            (Term::Float(1.5), 1_817_557_079),
            (Term::Float(0.0), 2_778_859_731),
            (Term::Float(-0.0), 2_778_859_731),
            (Term::Float(1.0e300), 4_116_291_860),
            (Term::Float(-2.25), 258_124_035),
            (Term::tuple([Term::Float(1.5)]), 2_460_546_015),
            (l(vec![Term::Float(1.5)]), 2_769_640_432),
        ];
        for (t, want) in cases {
            assert_eq!(internal_hash(&t), want, "hash of {t}");
        }
    }

    /// `Map.keys(Map.new(1..40, &{&1, &1}))` on the VM, and `Enum.map/2`'s walk of it
    /// (`scenarios/tests/exs/large_map_order.exs` checks the rest).
    #[test]
    fn a_large_map_lists_and_folds_as_the_vm_does() {
        let m: crate::Map = (1..=40).map(|i| (Term::Int(i), Term::Int(i))).collect();
        let listed: Vec<i64> = m.iter().filter_map(|(k, _)| k.as_int()).collect();
        let vm = [
            33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9, 32, 34, 25, 28, 6, 38, 13, 40, 20, 15, 14,
            2, 7, 1, 8, 3, 17, 22, 21, 4, 36, 24, 10, 35, 27, 19, 5, 18, 16,
        ];
        assert_eq!(listed, vm);
        let folded: Vec<i64> = m.iter_fold().filter_map(|(k, _)| k.as_int()).collect();
        assert_eq!(folded, vm.iter().rev().copied().collect::<Vec<_>>());
        // Every key is still found, and a put or a delete keeps the order of the rest.
        assert!((1..=40).all(|i| m.get(&Term::Int(i)) == Some(&Term::Int(i))));
        let less = m.remove(&Term::Int(33));
        let listed: Vec<i64> = less.iter().filter_map(|(k, _)| k.as_int()).collect();
        assert_eq!(listed, vm[1..]);
        // Shrunk to 32 keys, a map is a sorted array again (as on the BEAM), and equal to
        // one built at that size.
        let m33: crate::Map = (1..=33).map(|i| (Term::Int(i), Term::Int(i))).collect();
        let shrunk = m33.remove(&Term::Int(1));
        let listed: Vec<i64> = shrunk.iter().filter_map(|(k, _)| k.as_int()).collect();
        assert_eq!(listed, (2..=33).collect::<Vec<_>>());
        let built: crate::Map = (2..=33).map(|i| (Term::Int(i), Term::Int(i))).collect();
        assert_eq!(shrunk, built);
        // Up to 32 keys: key order, both ways.
        let small: crate::Map = (1..=32)
            .rev()
            .map(|i| (Term::Int(i), Term::Int(i)))
            .collect();
        let listed: Vec<i64> = small.iter().filter_map(|(k, _)| k.as_int()).collect();
        assert_eq!(listed, (1..=32).collect::<Vec<_>>());
        let folded: Vec<i64> = small.iter_fold().filter_map(|(k, _)| k.as_int()).collect();
        assert_eq!(folded, listed);
    }
}
