//! UTF-8 checked in a few dozen instructions: `core::str::from_utf8` is fast on long text, and several
//! hundred bytes of wasm for it. The SDK checks short texts (a token's parts, a JSON string).

use crate::prelude::*;

/// `bytes` as a `String` when they are UTF-8 (RFC 3629: no overlong form, no surrogate, ≤ U+10FFFF).
pub fn string(bytes: Vec<u8>) -> Option<String> {
    // SAFETY: `valid` accepts exactly the UTF-8 octet sequences.
    valid(&bytes).then(|| unsafe { String::from_utf8_unchecked(bytes) })
}

/// `bytes` as a `&str` when they are UTF-8.
pub fn str(bytes: &[u8]) -> Option<&str> {
    // SAFETY: as in `string`.
    valid(bytes).then(|| unsafe { core::str::from_utf8_unchecked(bytes) })
}

fn valid(bytes: &[u8]) -> bool {
    let mut rest = bytes.iter();
    while let Some(&lead) = rest.next() {
        if lead < 0x80 {
            continue;
        }
        let (more, least) = match lead {
            0xc2..=0xdf => (1, 0x80),
            0xe0..=0xef => (2, 0x800),
            0xf0..=0xf4 => (3, 0x1_0000),
            _ => return false,
        };
        let mut point = u32::from(lead & (0x3f >> more));
        for _ in 0..more {
            match rest.next() {
                Some(&next) if next & 0xc0 == 0x80 => point = point << 6 | u32::from(next & 0x3f),
                _ => return false,
            }
        }
        if point < least || char::from_u32(point).is_none() {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Agrees with the standard library on every one- to four-octet sequence around the edges.
    #[test]
    fn agrees_with_std() {
        let edges = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];
        let tails = [0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0x41];
        let mut checked = 0;
        for &a in &edges {
            for &b in tails.iter().chain(&[0x41]) {
                for &c in &tails {
                    for &d in &tails {
                        for len in 1..=4 {
                            let seq = &[a, b, c, d][..len];
                            assert_eq!(str(seq).is_some(), core::str::from_utf8(seq).is_ok(), "{seq:x?}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000);
        assert_eq!(string("été 🦀".as_bytes().to_vec()).as_deref(), Some("été 🦀"));
        assert_eq!(string(vec![0xed, 0xa0, 0x80]), None, "a surrogate");
        assert_eq!(string(vec![0xf4, 0x90, 0x80, 0x80]), None, "past U+10FFFF");
    }
}
