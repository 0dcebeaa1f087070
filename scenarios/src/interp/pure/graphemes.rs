//! Grapheme clusters, for `String.length/1` and `String.split(s, "")`.
//!
//! An approximation of Unicode's extended grapheme clusters (UAX #29) without the tables:
//! CR LF, controls, Hangul syllables, combining marks (the common blocks, spacing marks
//! included), emoji modifiers and variation selectors, ZWJ emoji sequences and flag pairs
//! are clustered as OTP 25's `unicode_util:gc/1` does (probe lines `String.length(...)`).
//! Not modelled: prepended concatenation marks, and combining marks outside the listed
//! blocks (some Indic and Southeast Asian ones), which count as graphemes of their own.

/// What a character is to the clustering rules.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Kind {
    Cr,
    Lf,
    Control,
    /// Extend or SpacingMark: never a break before it.
    Extend,
    Zwj,
    RegionalIndicator,
    Pictographic,
    /// Hangul leading consonant.
    L,
    /// Hangul vowel.
    V,
    /// Hangul trailing consonant.
    T,
    /// Hangul LV syllable.
    Lv,
    /// Hangul LVT syllable.
    Lvt,
    Other,
}

const EXTEND: &[(u32, u32)] = &[
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05BD),
    (0x05BF, 0x05BF),
    (0x05C1, 0x05C2),
    (0x05C4, 0x05C5),
    (0x05C7, 0x05C7),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
    (0x0900, 0x0903),
    (0x093A, 0x093C),
    (0x093E, 0x094F),
    (0x0951, 0x0957),
    (0x0962, 0x0963),
    (0x0981, 0x0983),
    (0x09BC, 0x09BC),
    (0x09BE, 0x09C4),
    (0x09C7, 0x09C8),
    (0x09CB, 0x09CD),
    (0x09D7, 0x09D7),
    (0x09E2, 0x09E3),
    (0x0E31, 0x0E31),
    (0x0E33, 0x0E3A),
    (0x0E47, 0x0E4E),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x200C, 0x200C),
    (0x20D0, 0x20FF),
    (0x302A, 0x302F),
    (0x3099, 0x309A),
    (0xFE00, 0xFE0F),
    (0xFE20, 0xFE2F),
    (0x1F3FB, 0x1F3FF),
    (0xE0020, 0xE007F),
    (0xE0100, 0xE01EF),
];

const PICTOGRAPHIC: &[(u32, u32)] = &[
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x2199),
    (0x21A9, 0x21AA),
    (0x231A, 0x231B),
    (0x2328, 0x2328),
    (0x23CF, 0x23CF),
    (0x23E9, 0x23F3),
    (0x23F8, 0x23FA),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25AB),
    (0x25B6, 0x25B6),
    (0x25C0, 0x25C0),
    (0x25FB, 0x25FE),
    (0x2600, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0x1F000, 0x1F1E5),
    (0x1F200, 0x1F3FA),
    (0x1F400, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
];

fn within(ranges: &[(u32, u32)], c: u32) -> bool {
    ranges.iter().any(|&(lo, hi)| lo <= c && c <= hi)
}

fn kind(ch: char) -> Kind {
    let c = ch as u32;
    match c {
        0x0D => Kind::Cr,
        0x0A => Kind::Lf,
        0x200D => Kind::Zwj,
        0x00..=0x1F | 0x7F..=0x9F | 0x200B | 0x200E | 0x200F | 0x2028 | 0x2029 | 0xFEFF => {
            Kind::Control
        }
        0x1100..=0x115F | 0xA960..=0xA97C => Kind::L,
        0x1160..=0x11A7 | 0xD7B0..=0xD7C6 => Kind::V,
        0x11A8..=0x11FF | 0xD7CB..=0xD7FB => Kind::T,
        0xAC00..=0xD7A3 if (c - 0xAC00) % 28 == 0 => Kind::Lv,
        0xAC00..=0xD7A3 => Kind::Lvt,
        0x1F1E6..=0x1F1FF => Kind::RegionalIndicator,
        _ if within(EXTEND, c) => Kind::Extend,
        _ if within(PICTOGRAPHIC, c) => Kind::Pictographic,
        _ => Kind::Other,
    }
}

/// Where the emoji rule (GB11: pictographic Extend* ZWJ × pictographic) stands.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Emoji {
    None,
    /// A pictographic character, then only Extend.
    Pictographic,
    /// ... then a ZWJ.
    Joined,
}

/// True if there is no break between `prev` and `cur` (`ri_odd`: an odd number of
/// regional indicators ends the cluster).
fn joins(prev: Kind, cur: Kind, emoji: Emoji, ri_odd: bool) -> bool {
    use Kind::*;
    match (prev, cur) {
        (Cr, Lf) => true,
        (Cr | Lf | Control, _) | (_, Cr | Lf | Control) => false,
        (L, L | V | Lv | Lvt) | (Lv | V, V | T) | (Lvt | T, T) => true,
        (_, Extend | Zwj) => true,
        (Zwj, Pictographic) => emoji == Emoji::Joined,
        (RegionalIndicator, RegionalIndicator) => ri_odd,
        _ => false,
    }
}

/// The grapheme clusters of `s`, in order.
pub(crate) fn graphemes(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<Kind> = None;
    let (mut emoji, mut ris) = (Emoji::None, 0usize);
    for (i, ch) in s.char_indices() {
        let k = kind(ch);
        let joined = prev.is_some_and(|p| joins(p, k, emoji, ris % 2 == 1));
        if !joined {
            if i > start {
                out.push(s.get(start..i).unwrap_or(""));
            }
            start = i;
            ris = 0;
        }
        emoji = match (k, emoji) {
            (Kind::Pictographic, _) => Emoji::Pictographic,
            (Kind::Extend, Emoji::Pictographic) => Emoji::Pictographic,
            (Kind::Zwj, Emoji::Pictographic) => Emoji::Joined,
            _ => Emoji::None,
        };
        ris = if k == Kind::RegionalIndicator {
            ris + 1
        } else {
            0
        };
        prev = Some(k);
    }
    if start < s.len() {
        out.push(s.get(start..).unwrap_or(""));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::graphemes;

    /// Counts checked on the VM (`String.length/1`, probe lines of the same strings).
    #[test]
    fn clusters_as_otp_does_for_the_common_cases() {
        let count = |s: &str| graphemes(s).len();
        assert_eq!(count("héllo"), 5);
        assert_eq!(count(""), 0);
        assert_eq!(count("e\u{301}"), 1);
        assert_eq!(count("\r\n"), 1);
        assert_eq!(count("\n\u{301}"), 2);
        assert_eq!(count("\u{301}"), 1);
        assert_eq!(count("a\u{308}\u{301}b"), 2);
        assert_eq!(count("a\u{200d}b"), 2);
        assert_eq!(count("🇫🇷🇩🇪"), 2);
        assert_eq!(count("🇫🇷🇩"), 2);
        assert_eq!(count("👍🏽"), 1);
        assert_eq!(count("👩\u{200d}👩\u{200d}👧"), 1);
        assert_eq!(count("🏳\u{fe0f}\u{200d}🌈"), 1);
        assert_eq!(count("각"), 1);
        assert_eq!(count("\u{1100}\u{1161}\u{11A8}"), 1);
        assert_eq!(graphemes("ae\u{301}"), vec!["a", "e\u{301}"]);
    }
}
