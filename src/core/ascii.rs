//! Text cut at an ASCII octet. `str`'s own patterns decode characters and search with `memchr`: more
//! wasm than these loops, for the few hundred bytes of a URL or a token.

/// `text` before and after its first `sep`.
pub fn split_once(text: &str, sep: u8) -> Option<(&str, &str)> {
    cut(text, text.bytes().position(|b| b == sep)?)
}

/// `text` before and after its last `sep`.
pub fn rsplit_once(text: &str, sep: u8) -> Option<(&str, &str)> {
    cut(text, text.bytes().rposition(|b| b == sep)?)
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

/// `text` up to the first octet that `stop` is true of (all of it without one). (A predicate, not a
/// list: `<[u8]>::contains` is `memchr`.)
pub fn until(text: &str, stop: impl Fn(u8) -> bool) -> &str {
    let at = text.bytes().position(stop).unwrap_or(text.len());
    text.get(..at).unwrap_or(text)
}

/// `text` without the `trailing` octets at its end.
pub fn trim_end(text: &str, trailing: u8) -> &str {
    let at = text.bytes().rposition(|b| b != trailing).map_or(0, |i| i + 1);
    text.get(..at).unwrap_or(text)
}

/// Both sides of the ASCII `sep` at `at` (always a character boundary).
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
            assert_eq!(until(text, |b| b == b'&' || b == b'='), text.split(['&', '=']).next().unwrap(), "{text:?}");
        }
    }
}
