//! Text cut at an ASCII octet. `str`'s own patterns decode characters and search with `memchr`: more
//! wasm than these loops, for the few hundred bytes of a URL or a token.

/// `text` before and after its first `sep`.
pub fn split_once(text: &str, sep: u8) -> Option<(&str, &str)> {
    cut(text, first_of(text, &[sep]))
}

/// `text` before and after its last `sep`.
pub fn rsplit_once(text: &str, sep: u8) -> Option<(&str, &str)> {
    let bytes = text.as_bytes();
    let mut at = bytes.len();
    while at > 0 {
        at -= 1;
        if bytes[at] == sep {
            return cut(text, at);
        }
    }
    None
}

/// The pieces of `text` between its `sep`s, as `str::split` gives them.
pub fn split(text: &str, sep: u8) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    core::iter::from_fn(move || {
        let piece = rest?;
        let (first, more) = split_once(piece, sep).map_or((piece, None), |(a, b)| (a, Some(b)));
        rest = more;
        Some(first)
    })
}

/// Whether the space-separated `list` (a scope, a prompt) holds `word`.
pub fn has_word(list: &str, word: &str) -> bool {
    split(list, b' ').any(|w| w == word)
}

/// `text` up to its first octet in `stops` (all of it without one).
pub fn until<'a>(text: &'a str, stops: &[u8]) -> &'a str {
    text.get(..first_of(text, stops)).unwrap_or(text)
}

/// Whether `text` holds `octet`.
pub fn has(text: &str, octet: u8) -> bool {
    first_of(text, &[octet]) < text.len()
}

/// `text` without the `trailing` octets at its end.
pub fn trim_end(text: &str, trailing: u8) -> &str {
    let mut end = text.len();
    while end > 0 && text.as_bytes()[end - 1] == trailing {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

/// Where the first octet of `text` that is in `set` is (`text.len()` without one). Every search above
/// is this one loop: an iterator adapter per predicate, or `<[u8]>::contains` (`memchr`), costs more.
fn first_of(text: &str, set: &[u8]) -> usize {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        for &s in set {
            if bytes[at] == s {
                return at;
            }
        }
        at += 1;
    }
    at
}

/// Both sides of the ASCII `sep` at `at` (always a character boundary; `None` past the end).
fn cut(text: &str, at: usize) -> Option<(&str, &str)> {
    Some((text.get(..at)?, text.get(at + 1..)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn agrees_with_str() {
        for text in ["", "a", "&", "a&b", "&a&&b&", "é&ü=1", "x=1=2", "==="] {
            assert_eq!(split(text, b'&').collect::<Vec<_>>(), text.split('&').collect::<Vec<_>>(), "{text:?}");
            assert_eq!(split_once(text, b'='), text.split_once('='), "{text:?}");
            assert_eq!(rsplit_once(text, b'='), text.rsplit_once('='), "{text:?}");
            assert_eq!(trim_end(text, b'='), text.trim_end_matches('='), "{text:?}");
            assert_eq!(until(text, b"&="), text.split(['&', '=']).next().unwrap(), "{text:?}");
            assert_eq!(has(text, b'&'), text.contains('&'), "{text:?}");
        }
    }
}
