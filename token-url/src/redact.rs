//! Hiding security tokens in text that goes to logs.

use std::borrow::Cow;
use std::fmt;

use crate::TokenUrl;

/// The text that replaces a token's digits, as in [`TokenUrl::redacted`].
const MARKER: &str = "[redacted]";

/// Replaces the digits of every security token in `text` with `[redacted]`,
/// for log lines, `Referer` values and error messages.
///
/// A token is `cpsess` followed by one or more digits, anywhere in the text:
/// in a path (`/cpsess0123456789/…` becomes `/cpsess[redacted]/…`, as
/// [`TokenUrl::redacted`] writes it), in a query or a fragment, in JSON, and
/// without its slash. This is deliberately wider than what cpsrvd reads as a
/// token, because a redaction too many costs nothing and one too few leaks a
/// session: `CPSESS` in any case matches, and so does any of the characters
/// percent-encoded once (`%2Fcpsess123` in a `goto_uri` parameter, or
/// `%63psess123`). Text around a token is kept as written; text without one
/// is returned borrowed.
///
/// # Examples
///
/// ```
/// use token_url::redact_tokens;
///
/// let line = r#"GET /cpsess0123456789/execute/Email/list_pops "https://h:2083/login/?goto_uri=%2Fcpsess0123456789%2F""#;
/// assert_eq!(
///     redact_tokens(line),
///     r#"GET /cpsess[redacted]/execute/Email/list_pops "https://h:2083/login/?goto_uri=%2Fcpsess[redacted]%2F""#,
/// );
/// assert_eq!(redact_tokens(r#"{"security_token":"\/cpsess42"}"#), r#"{"security_token":"\/cpsess[redacted]"}"#);
/// assert_eq!(redact_tokens("no token here"), "no token here");
/// ```
#[must_use]
pub fn redact_tokens(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut redacted = String::new();
    let mut copied = 0;
    let mut position = 0;
    while position < bytes.len() {
        match token_digits_at(bytes, position) {
            Some(digits) => {
                redacted.push_str(&text[copied..digits.start]);
                redacted.push_str(MARKER);
                copied = digits.end;
                position = digits.end;
            }
            None => position += 1,
        }
    }
    if copied == 0 {
        return Cow::Borrowed(text);
    }
    redacted.push_str(&text[copied..]);
    Cow::Owned(redacted)
}

/// Returns the byte range of the digits if `cpsess` and at least one digit
/// start at `position`, each character plain or percent-encoded.
fn token_digits_at(bytes: &[u8], position: usize) -> Option<std::ops::Range<usize>> {
    let mut at = position;
    for expected in *b"cpsess" {
        let (byte, len) = decoded_at(bytes, at)?;
        if byte.to_ascii_lowercase() != expected {
            return None;
        }
        at += len;
    }
    let digits_start = at;
    while let Some((byte, len)) = decoded_at(bytes, at) {
        if !byte.is_ascii_digit() {
            break;
        }
        at += len;
    }
    (at > digits_start).then_some(digits_start..at)
}

/// Returns the byte that the text at `position` stands for, and how many
/// bytes of text it takes: 3 for a `%XX` escape, else 1.
fn decoded_at(bytes: &[u8], position: usize) -> Option<(u8, usize)> {
    let byte = *bytes.get(position)?;
    if byte != b'%' {
        return Some((byte, 1));
    }
    let high = hex_value(*bytes.get(position + 1)?)?;
    let low = hex_value(*bytes.get(position + 2)?)?;
    Some((high << 4 | low, 3))
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

impl TokenUrl {
    /// Returns a view of the URL with its token left out, for logs and for
    /// comparing URLs across sessions.
    ///
    /// Unlike [`redacted`](TokenUrl::redacted), which shows where the token
    /// was, this shows the URL as it would be with tokens off. A `/cpsess…`
    /// that a value carries into the path, query or fragment is not the
    /// URL's token, so it stays, but with its digits hidden as
    /// [`redact_tokens`] hides them.
    ///
    /// # Examples
    ///
    /// ```
    /// use token_url::{cpurl, SecurityToken};
    ///
    /// let token = SecurityToken::parse("/cpsess0123456789")?;
    /// let url = cpurl!(token = &token, "https://example.com:2083/frontend/jupiter/?page=2");
    /// assert_eq!(url.without_token().to_string(), "https://example.com:2083/frontend/jupiter/?page=2");
    ///
    /// let root = cpurl!(token = &token, "/");
    /// assert_eq!(root.without_token().to_string(), "/");
    /// # Ok::<(), token_url::Error>(())
    /// ```
    #[must_use]
    pub fn without_token(&self) -> WithoutToken<'_> {
        WithoutToken(self)
    }
}

/// A [`TokenUrl`] displayed without its token, for logs.
///
/// Made by [`TokenUrl::without_token`]. `Debug` shows the same text.
///
/// # Examples
///
/// ```
/// use token_url::{set_token, SecurityToken};
///
/// let token = SecurityToken::parse("/cpsess0123456789")?;
/// let url = set_token("/cpsess1/execute/Email/list_pops", &token)?;
/// println!("request for {}", url.without_token());
/// assert_eq!(format!("{:?}", url.without_token()), "/execute/Email/list_pops");
/// # Ok::<(), token_url::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct WithoutToken<'a>(&'a TokenUrl);

impl fmt::Display for WithoutToken<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.0.as_str();
        let origin_len = self.0.origin().map_or(0, str::len);
        let token_len = self.0.token().map_or(0, str::len);
        formatter.write_str(&url[..origin_len])?;
        // A value such as a `goto_uri` may carry a token of its own.
        formatter.write_str(&redact_tokens(&url[origin_len + token_len..]))
    }
}

impl fmt::Debug for WithoutToken<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_string(), formatter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SecurityToken, set_token};

    #[test]
    fn redact_tokens_table() {
        for (text, expected) in [
            ("", ""),
            ("/cpsess1", "/cpsess[redacted]"),
            ("/cpsess0123456789/x", "/cpsess[redacted]/x"),
            ("/cpsess1/cpsess2/", "/cpsess[redacted]/cpsess[redacted]/"),
            ("//cpsess1", "//cpsess[redacted]"),
            (
                "a /cpsess1 b /cpsess22",
                "a /cpsess[redacted] b /cpsess[redacted]",
            ),
            (
                "?goto=/cpsess1#/cpsess2",
                "?goto=/cpsess[redacted]#/cpsess[redacted]",
            ),
            ("cpsess1", "cpsess[redacted]"),
            ("token=cpsess1;", "token=cpsess[redacted];"),
            ("/CPSESS1", "/CPSESS[redacted]"),
            ("%2Fcpsess1%2F", "%2Fcpsess[redacted]%2F"),
            ("/%63psess1", "/%63psess[redacted]"),
            ("/%43%50%53%45%53%53%31%32", "/%43%50%53%45%53%53[redacted]"),
            ("/cpsess%31%32x", "/cpsess[redacted]x"),
            ("é/cpsess1é", "é/cpsess[redacted]é"),
            ("/cpsess12345678901234567890123", "/cpsess[redacted]"),
            ("/cpsesscpsess1", "/cpsesscpsess[redacted]"),
        ] {
            assert_eq!(redact_tokens(text), expected, "text {text:?}");
        }
    }

    #[test]
    fn redact_tokens_keeps_other_text() {
        for text in [
            "/cpsess",
            "/cpsess/1",
            "/cpsessx1",
            "cpsession=abc",
            "/cps%65",
            "/cpsess%3",
            "/cpsess%",
            "/cpsess%2",
            "/cpsess%G1",
            "/cpses1",
            "/cpsess١",
        ] {
            assert!(
                matches!(redact_tokens(text), Cow::Borrowed(_)),
                "text {text:?}"
            );
        }
    }

    #[test]
    fn without_token_leaves_token_out() {
        let token = SecurityToken::parse("/cpsess1").unwrap();
        for (url, expected) in [
            ("/x?y=/cpsess1#z", "/x?y=/cpsess[redacted]#z"),
            ("/", "/"),
            ("https://h:2083/cpsess9/x", "https://h:2083/x"),
            ("https://h", "https://h/"),
        ] {
            let built = set_token(url, &token).unwrap();
            assert_eq!(built.without_token().to_string(), expected, "url {url:?}");
            assert_eq!(format!("{:?}", built.without_token()), expected);
            let none = set_token(url, &SecurityToken::NONE).unwrap();
            assert_eq!(none.without_token().to_string(), expected, "url {url:?}");
        }
    }
}
