//! Percent-encoding of placeholder values.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Every byte outside the RFC 3986 unreserved set `A-Z a-z 0-9 - . _ ~`.
///
/// The same set serves path segments, query keys, query values and
/// fragments, so a value can never add a segment, a pair or a fragment.
/// cPanel's own query encoder escapes exactly this set, and cPanel reads a
/// raw `+` in a query as a space, so `+` is always encoded.
pub(crate) const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Returns `true` for the bytes that [`ENCODE_SET`] leaves as they are.
#[inline]
pub(crate) const fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// The encoded length of each byte: 1 for unreserved bytes, else 3.
const ENCODED_LEN: [u8; 256] = {
    let mut table = [3; 256];
    let mut byte: u8 = 0;
    loop {
        if is_unreserved(byte) {
            table[byte as usize] = 1;
        }
        if byte == u8::MAX {
            break table;
        }
        byte += 1;
    }
};

/// Appends `text` to `out`, percent-encoded.
#[inline]
pub(crate) fn push_encoded(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, ENCODE_SET));
}

/// [`ENCODE_SET`] without `/`, for a `<rest..>` value that is split on `/`.
const ENCODE_SET_KEEPING_SLASH: &AsciiSet = &ENCODE_SET.remove(b'/');

/// Appends `text` to `out`, percent-encoded except for `/`.
#[inline]
pub(crate) fn push_encoded_keeping_slash(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, ENCODE_SET_KEEPING_SLASH));
}

/// Returns the length of `text` once percent-encoded.
#[inline]
pub(crate) fn encoded_len(text: &str) -> usize {
    text.bytes()
        .map(|byte| usize::from(ENCODED_LEN[usize::from(byte)]))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_agrees_with_encode_set() {
        for byte in 0..=u8::MAX {
            let encoded = percent_encoding::percent_encode(&[byte], ENCODE_SET).to_string();
            let expected_len = if is_unreserved(byte) { 1 } else { 3 };
            assert_eq!(encoded.len(), expected_len, "byte {byte:#04x}");
        }
    }

    #[test]
    fn encodes_delimiters_and_unicode() {
        for (input, expected) in [
            ("john+tag@example.com", "john%2Btag%40example.com"),
            ("p&ss", "p%26ss"),
            ("a b", "a%20b"),
            ("a/b", "a%2Fb"),
            ("100%", "100%25"),
            ("q?x#y", "q%3Fx%23y"),
            ("é", "%C3%A9"),
            ("-._~", "-._~"),
        ] {
            let mut out = String::new();
            push_encoded(&mut out, input);
            assert_eq!(out, expected, "input {input:?}");
            assert_eq!(encoded_len(input), expected.len(), "input {input:?}");
        }
    }
}
