//! Reading and replacing the token of URLs that already exist: a request's
//! `REQUEST_URI`, a `Location` header, the `redirect` field of a login
//! reply.
//!
//! Only the first path segment is a token, as in cpsrvd, and it is matched
//! in the raw path: `/%63psess1/` is not a token, because cpsrvd does not
//! decode the path before it looks for one. Input that browsers would read
//! differently from its text (control characters, `\` before the query,
//! `.` and `..` segments, `//` at the start) is rejected rather than
//! guessed at, because a guess could put the token where cpsrvd ignores it.

use crate::{Error, Origin, SecurityToken, TokenUrl};

/// A URL string split where the path starts and ends.
#[derive(Debug, PartialEq, Eq)]
struct Parts<'a> {
    /// `scheme://authority` of an absolute URL, or `""` for a path.
    origin: &'a str,
    /// The path: empty (only after an origin) or starting with `/`.
    path: &'a str,
    /// The query and the fragment as written, each with its `?` or `#`.
    tail: &'a str,
}

/// Splits `url` into origin, path and the rest, rejecting what browsers and
/// the WHATWG URL parser would read differently from the text.
fn split(url: &str) -> Result<Parts<'_>, &'static str> {
    if url.is_empty() {
        return Err("the URL is empty");
    }
    if url.bytes().any(|byte| byte.is_ascii_control()) {
        return Err(
            "the URL contains a control character, such as a tab or a line break, which \
             browsers remove or encode; remove it",
        );
    }
    if url.starts_with(' ') || url.ends_with(' ') {
        return Err("the URL starts or ends with a space, which browsers strip; trim it");
    }
    let tail_start = url.find(['?', '#']).unwrap_or(url.len());
    if url[..tail_start].contains('\\') {
        return Err(
            "the URL has a `\\` before its query, which browsers read as `/`; write `/`, or \
             `%5C` for a literal backslash",
        );
    }
    let path_start = path_start(&url[..tail_start])?;
    let path = &url[path_start..tail_start];
    if path.split('/').any(is_dot_segment) {
        return Err(
            "the path has a `.` or `..` segment, which browsers resolve before sending, so \
             the first segment could change; resolve the path first",
        );
    }
    Ok(Parts {
        origin: &url[..path_start],
        path,
        tail: &url[tail_start..],
    })
}

/// Returns where the path starts in the URL without its query and
/// fragment: after `scheme://authority`, or at 0 for a path.
fn path_start(before_tail: &str) -> Result<usize, &'static str> {
    if let Some(scheme_end) = scheme_end(before_tail) {
        let scheme = &before_tail[..scheme_end];
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err("the URL's scheme is not `http` or `https`, so it carries no token");
        }
        let Some(after) = before_tail[scheme_end + 1..].strip_prefix("//") else {
            return Err("expected `//` and a host after the scheme, as in `https://host/`");
        };
        let authority_len = after.find('/').unwrap_or(after.len());
        if authority_len == 0 {
            return Err("the URL has no host after `://`");
        }
        return Ok(scheme_end + 3 + authority_len);
    }
    if before_tail.starts_with("//") {
        return Err(
            "the URL starts with `//`, which names a host, not a path; remove one `/` if it \
             is a path, or write the scheme (`https://`) if it is a host",
        );
    }
    if !before_tail.is_empty() && !before_tail.starts_with('/') {
        return Err(
            "the URL is a relative reference whose path does not start with `/`, so where \
             its first segment lands depends on the page; resolve it against the page's URL",
        );
    }
    if before_tail.is_empty() {
        return Err("the URL has no path, only a query or a fragment; start it with `/`");
    }
    Ok(0)
}

/// Returns the position of the `:` that ends a scheme (RFC 3986: a letter,
/// then letters, digits, `+`, `-` or `.`), if the text starts with one.
fn scheme_end(text: &str) -> Option<usize> {
    let colon = text.find(':')?;
    let scheme = &text[..colon];
    let mut bytes = scheme.bytes();
    let first = bytes.next()?;
    let valid = first.is_ascii_alphabetic()
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.'));
    valid.then_some(colon)
}

/// Returns whether a path segment is `.` or `..`, also percent-encoded
/// (`%2e`, `.%2E`), as the WHATWG URL parser resolves them.
fn is_dot_segment(segment: &str) -> bool {
    matches!(crate::__private::dot_or_empty(segment), Some("." | ".."))
}

/// Returns whether a path segment is a security token as cpsrvd matches
/// it: `cpsess` and one or more ASCII digits, in the raw path.
///
/// More than 20 digits is not a valid [`SecurityToken`], but such a segment
/// is still removed when a token is replaced.
pub(crate) fn is_token_segment(segment: &str) -> bool {
    segment
        .strip_prefix("cpsess")
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

/// Returns the path without the leading empty segments and token segments
/// that a token in front of it would double: `//cpsess1/cpsess1/x` → `/x`.
fn strip_leading_tokens(path: &str) -> &str {
    let mut rest = path;
    loop {
        if rest.starts_with("//") {
            rest = &rest[1..];
            continue;
        }
        let Some(after_slash) = rest.strip_prefix('/') else {
            return rest;
        };
        let segment_len = after_slash.find('/').unwrap_or(after_slash.len());
        if !is_token_segment(&after_slash[..segment_len]) {
            return rest;
        }
        rest = &after_slash[segment_len..];
    }
}

/// Reads the security token from a request path or an absolute URL.
///
/// The token is the first path segment, as cpsrvd reads it: `/cpsess` and 1
/// to 20 ASCII digits, in the raw path. This reads `REQUEST_URI`,
/// `SCRIPT_NAME`, a `Location` header value, and both the `redirect` and the
/// `security_token` fields of the JSON reply to `POST /login/?login_only=1`.
///
/// Returns `None` when the first segment is not a token, including:
/// - a token elsewhere: after an empty segment (`//cpsess1/`), later in
///   the path, or in the query or fragment;
/// - a percent-encoded token (`/%63psess1/`), which cpsrvd does not decode
///   before it looks for the token;
/// - input that [`set_token`] rejects as ambiguous: empty, a relative
///   reference that does not start with `/`, a scheme other than `http` or
///   `https`, `//` at the start, control characters, `\` before the query,
///   `.` and `..` segments, or a host or port that [`Origin::parse`]
///   rejects. Userinfo is allowed here, because it does not move the path.
///
/// # Examples
///
/// ```
/// use token_url::{find_token, SecurityToken};
///
/// let token = SecurityToken::parse("/cpsess0123456789")?;
///
/// // REQUEST_URI, or the `redirect` field of a login reply.
/// assert_eq!(find_token("/cpsess0123456789/frontend/jupiter/index.html?login=1"), Some(token.clone()));
/// // A Location header value, IPv6 host and port included.
/// assert_eq!(find_token("https://[2001:db8::1]:2083/cpsess0123456789/"), Some(token.clone()));
/// // The `security_token` field of a login reply.
/// assert_eq!(find_token("/cpsess0123456789"), Some(token));
///
/// // Only the first path segment counts.
/// assert_eq!(find_token("/frontend/cpsess0123456789/"), None);
/// assert_eq!(find_token("/login/?goto_uri=/cpsess0123456789/"), None);
/// assert_eq!(find_token("/%63psess0123456789/"), None);
/// # Ok::<(), token_url::Error>(())
/// ```
#[must_use]
pub fn find_token(url: &str) -> Option<SecurityToken> {
    let parts = split(url).ok()?;
    if let Some((scheme, authority)) = parts.origin.split_once("://") {
        // Userinfo does not move the path, so it is allowed here.
        let host_and_port = authority
            .rsplit_once('@')
            .map_or(authority, |(_, after)| after);
        Origin::parse(&format!("{scheme}://{host_and_port}")).ok()?;
    }
    let after_slash = parts.path.strip_prefix('/')?;
    let first = after_slash.split('/').next()?;
    if !is_token_segment(first) {
        return None;
    }
    SecurityToken::parse(first).ok()
}

/// Puts `token` on an existing path or absolute URL as its first path
/// segment, replacing any token the URL already has.
///
/// This cures the usual mistakes with URLs that already exist. One is a
/// token added to a `REQUEST_URI` that had one (`/cpsessN/cpsessN/…`),
/// another a stale token from a bookmark, and a third a doubled slash:
/// `https://host:2083//cpsess…`, or `//cpsess…/x`, which a browser reads as
/// a host named `cpsess…`. Every empty or token segment at the start of the
/// path goes, then the token is inserted. With [`SecurityToken::NONE`] the result has no token at all.
///
/// The result never has two tokens and its path never starts with `//`
/// (an empty segment later in the path, as in `/a//b`, is kept). The
/// origin, the rest of the path, the query and the fragment are kept byte
/// for byte, so a `/cpsess…` in the query or fragment is left alone. The
/// path is never empty: `https://host` becomes `https://host/cpsess…/`. A
/// percent-encoded token (`/%63psess1/`) is not a token to cpsrvd, which
/// matches the raw path, so it stays as an ordinary segment.
///
/// # Errors
///
/// Returns [`Error::InvalidUrl`] when `url` is empty, is a relative
/// reference that does not start with `/` (`x/y`, `?q`, `#f`), has a scheme
/// other than `http` or `https`, starts with `//` followed by anything other
/// than a token, contains a control character, starts or ends with a space,
/// has `\` before its query, or has a `.` or `..` segment (plain or
/// percent-encoded). Browsers read each of those differently from its
/// text, so the token could end up somewhere other than the first segment.
/// It also returns [`Error::InvalidUrl`] for userinfo (`user:password@`),
/// a credential that a URL to show or log must not carry. The error does
/// not repeat the URL, which may contain a token.
///
/// Returns [`Error::InvalidOrigin`] when the host or port of an absolute
/// URL is not one that [`Origin::parse`] accepts, such as a non-ASCII host
/// name or an empty port.
///
/// # Examples
///
/// ```
/// use token_url::{set_token, SecurityToken};
///
/// let token = SecurityToken::parse("/cpsess222")?;
///
/// // A token already in REQUEST_URI is replaced, not doubled.
/// let url = set_token("/cpsess111/execute/Email/list_pops?skip=2", &token)?;
/// assert_eq!(url, "/cpsess222/execute/Email/list_pops?skip=2");
///
/// // A doubled slash goes, and the query is kept as written.
/// let url = set_token("https://example.com:2083//cpsess111/frontend/?goto=/cpsess111/#top", &token)?;
/// assert_eq!(url, "https://example.com:2083/cpsess222/frontend/?goto=/cpsess111/#top");
///
/// // With no token, the token is removed.
/// let url = set_token("/cpsess111/cpsess111/frontend/", &SecurityToken::NONE)?;
/// assert_eq!(url, "/frontend/");
///
/// // A relative reference has no path of its own to put the token in.
/// assert!(set_token("frontend/index.html", &token).is_err());
/// # Ok::<(), token_url::Error>(())
/// ```
pub fn set_token(url: &str, token: &SecurityToken) -> Result<TokenUrl, Error> {
    let url = repair_leading_double_slash(url);
    let parts = split(url).map_err(|reason| Error::InvalidUrl { reason })?;
    if parts.origin.contains('@') {
        // Checked before `Origin::parse`, whose error would repeat the
        // password.
        return Err(Error::InvalidUrl {
            reason: "the URL contains userinfo (`user:password@`), a credential that pages \
                     and logs must not show; remove it and authenticate with a session \
                     cookie or a header",
        });
    }
    if !parts.origin.is_empty() {
        Origin::parse(parts.origin)?;
    }
    let rest = match strip_leading_tokens(parts.path) {
        "" => "/",
        rest => rest,
    };
    let token = token.as_str();
    let mut built = String::with_capacity(url.len() + token.len());
    built.push_str(parts.origin);
    built.push_str(token);
    built.push_str(rest);
    built.push_str(parts.tail);
    Ok(TokenUrl::from_built(built, parts.origin.len(), token.len()))
}

/// Returns `url` from its last leading `/` on when it starts with `//` and
/// then a token, which is a doubled slash before the token, not a host.
fn repair_leading_double_slash(url: &str) -> &str {
    if !url.starts_with("//") {
        return url;
    }
    let after_slashes = url.trim_start_matches('/');
    let segment_len = after_slashes
        .find(['/', '?', '#'])
        .unwrap_or(after_slashes.len());
    if is_token_segment(&after_slashes[..segment_len]) {
        &url[url.len() - after_slashes.len() - 1..]
    } else {
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(text: &str) -> SecurityToken {
        SecurityToken::parse(text).unwrap()
    }

    #[test]
    fn split_finds_path() {
        for (url, origin, path, tail) in [
            ("/", "", "/", ""),
            ("/a/b?x=/c#/d", "", "/a/b", "?x=/c#/d"),
            ("/a#b?c", "", "/a", "#b?c"),
            ("https://h", "https://h", "", ""),
            ("https://h?q", "https://h", "", "?q"),
            ("https://h#f", "https://h", "", "#f"),
            ("HTTP://h:2083/x", "HTTP://h:2083", "/x", ""),
            ("https://[::1]:2087/x?y", "https://[::1]:2087", "/x", "?y"),
            ("https://[::1]/", "https://[::1]", "/", ""),
            ("https://u:p@h/x", "https://u:p@h", "/x", ""),
            ("/a:b/c", "", "/a:b/c", ""),
            ("/a?b\\c", "", "/a", "?b\\c"),
            ("/é/ x", "", "/é/ x", ""),
        ] {
            let parts = split(url).unwrap();
            assert_eq!(parts, Parts { origin, path, tail }, "url {url:?}");
        }
    }

    #[test]
    fn split_rejects_ambiguous_input() {
        for (url, reason) in [
            ("", "empty"),
            ("x/y", "relative reference"),
            ("cpsess1/x", "relative reference"),
            ("../x", "relative reference"),
            ("?q", "no path"),
            ("#f", "no path"),
            ("//h/x", "starts with `//`"),
            ("///x", "starts with `//`"),
            ("ftp://h/x", "not `http`"),
            ("javascript:alert(1)", "not `http`"),
            ("http:/h/x", "expected `//`"),
            ("http:h/x", "expected `//`"),
            ("https:///x", "no host"),
            ("https://?x", "no host"),
            ("/a\tb", "control character"),
            ("/a\r\nSet-Cookie: x", "control character"),
            ("/a\0", "control character"),
            (" /a", "space"),
            ("/a ", "space"),
            ("/\\evil.example/x", "`\\`"),
            ("https:\\\\h\\x", "`\\`"),
            ("/./cpsess1/x", "`.` or `..`"),
            ("/cpsess1/../x", "`.` or `..`"),
            ("/cpsess1/%2E%2e/x", "`.` or `..`"),
            ("/a/.%2e", "`.` or `..`"),
            ("https://h/.", "`.` or `..`"),
        ] {
            let reason_found = split(url).unwrap_err();
            assert!(reason_found.contains(reason), "url {url:?}: {reason_found}");
        }
    }

    #[test]
    fn token_segment_needs_digits() {
        assert!(is_token_segment("cpsess1"));
        assert!(is_token_segment("cpsess123456789012345678901"));
        assert!(!is_token_segment("cpsess"));
        assert!(!is_token_segment("cpsess1a"));
        assert!(!is_token_segment("CPSESS1"));
        assert!(!is_token_segment("%63psess1"));
        assert!(!is_token_segment("cpsess１"));
        assert!(!is_token_segment("xcpsess1"));
    }

    #[test]
    fn strip_leading_tokens_table() {
        for (path, expected) in [
            ("", ""),
            ("/", "/"),
            ("//", "/"),
            ("/x", "/x"),
            ("//x", "/x"),
            ("/cpsess1", ""),
            ("/cpsess1/", "/"),
            ("/cpsess1/x", "/x"),
            ("/cpsess1/cpsess1/x", "/x"),
            ("//cpsess1//cpsess2/x", "/x"),
            ("/cpsess1/x/cpsess1/", "/x/cpsess1/"),
            ("/cpsess/x", "/cpsess/x"),
            ("/a//b", "/a//b"),
        ] {
            assert_eq!(strip_leading_tokens(path), expected, "path {path:?}");
        }
    }

    #[test]
    fn find_token_reads_first_segment() {
        let expected = Some(token("/cpsess42"));
        for url in [
            "/cpsess42",
            "/cpsess42/",
            "/cpsess42/x?y#z",
            "/cpsess42?x",
            "/cpsess42#x",
            "https://h/cpsess42/x",
            "http://h:2087/cpsess42",
            "https://[::1]:2083/cpsess42/",
            "https://[2001:db8::1]/cpsess42/x",
            "https://u:p@h/cpsess42/x",
        ] {
            assert_eq!(find_token(url), expected, "url {url:?}");
        }
    }

    #[test]
    fn find_token_ignores_other_places() {
        for url in [
            "",
            "/",
            "/x/cpsess42",
            "//cpsess42/x",
            "https://h//cpsess42/x",
            "/?/cpsess42",
            "/#/cpsess42",
            "/%63psess42/",
            "/cpsess%34%32/",
            "/CPSESS42/",
            "/cpsess/",
            "/cpsess42x/",
            "/cpsess42;x/",
            "cpsess42",
            "cpsess42/x",
            "/cpsess123456789012345678901/",
            "/cpsess42/../x",
            "/./cpsess42/",
            "/\\cpsess42/",
            "ftp://h/cpsess42/",
            "https://cpsess42/",
            "https://[/cpsess42/",
            "https://.2083/cpsess42/",
            "https://h:x/cpsess42/",
        ] {
            assert_eq!(find_token(url), None, "url {url:?}");
        }
    }

    #[test]
    fn set_token_replaces_token() {
        let new = token("/cpsess2");
        for (url, expected) in [
            // Missing token.
            ("/", "/cpsess2/"),
            ("/x", "/cpsess2/x"),
            ("/x/", "/cpsess2/x/"),
            ("/x?a=1&b=2#frag", "/cpsess2/x?a=1&b=2#frag"),
            ("/?x", "/cpsess2/?x"),
            // Stale token.
            ("/cpsess1/x", "/cpsess2/x"),
            ("/cpsess1", "/cpsess2/"),
            ("/cpsess1/", "/cpsess2/"),
            ("/cpsess1?x", "/cpsess2/?x"),
            ("/cpsess2/x", "/cpsess2/x"),
            ("/cpsess123456789012345678901/x", "/cpsess2/x"),
            // Doubled token.
            ("/cpsess1/cpsess1/x", "/cpsess2/x"),
            ("/cpsess1/cpsess9/cpsess1/x?y", "/cpsess2/x?y"),
            // Doubled slash.
            ("//cpsess1/x", "/cpsess2/x"),
            ("///cpsess1/x", "/cpsess2/x"),
            ("//cpsess1", "/cpsess2/"),
            ("//cpsess1?x", "/cpsess2/?x"),
            ("/cpsess1//x", "/cpsess2/x"),
            ("https://h:2083//cpsess1/x", "https://h:2083/cpsess2/x"),
            ("https://h:2083//x", "https://h:2083/cpsess2/x"),
            // Tokens elsewhere stay.
            ("/x/cpsess1/y", "/cpsess2/x/cpsess1/y"),
            (
                "/x?goto=/cpsess1/y#/cpsess1",
                "/cpsess2/x?goto=/cpsess1/y#/cpsess1",
            ),
            ("/%63psess1/x", "/cpsess2/%63psess1/x"),
            ("/cpsess/x", "/cpsess2/cpsess/x"),
            ("/a//b", "/cpsess2/a//b"),
            // Absolute URLs.
            ("https://h", "https://h/cpsess2/"),
            ("https://h?q=1", "https://h/cpsess2/?q=1"),
            ("https://h#f", "https://h/cpsess2/#f"),
            (
                "HTTPS://Example.COM:2083/x",
                "HTTPS://Example.COM:2083/cpsess2/x",
            ),
            (
                "http://127.0.0.1:2087/cpsess1/json-api/version",
                "http://127.0.0.1:2087/cpsess2/json-api/version",
            ),
            (
                "https://[::1]:2083/cpsess1/x",
                "https://[::1]:2083/cpsess2/x",
            ),
            ("https://[2001:db8::1]/x", "https://[2001:db8::1]/cpsess2/x"),
            // Raw bytes in the query and fragment are kept as written.
            (
                "/x?a=%2f&b=a+b&c=é&d=\\#%ZZ &",
                "/cpsess2/x?a=%2f&b=a+b&c=é&d=\\#%ZZ &",
            ),
        ] {
            let built = set_token(url, &new).unwrap();
            assert_eq!(built.as_str(), expected, "url {url:?}");
            assert_eq!(built.token(), Some("/cpsess2"), "url {url:?}");
        }
    }

    #[test]
    fn set_token_none_removes_token() {
        for (url, expected) in [
            ("/", "/"),
            ("/x", "/x"),
            ("/cpsess1/x?y", "/x?y"),
            ("/cpsess1", "/"),
            ("/cpsess1/cpsess1/", "/"),
            ("//cpsess1/x", "/x"),
            ("https://h/cpsess1/x#f", "https://h/x#f"),
            ("https://h:2083//cpsess1", "https://h:2083/"),
            ("https://h", "https://h/"),
        ] {
            let built = set_token(url, &SecurityToken::NONE).unwrap();
            assert_eq!(built.as_str(), expected, "url {url:?}");
            assert_eq!(built.token(), None, "url {url:?}");
        }
    }

    #[test]
    fn set_token_result_has_parts() {
        let built = set_token(
            "https://[::1]:2083/cpsess1/x/y?q=/cpsess1#f?g",
            &token("/cpsess2"),
        )
        .unwrap();
        assert_eq!(built.origin(), Some("https://[::1]:2083"));
        assert_eq!(built.token(), Some("/cpsess2"));
        assert_eq!(built.path(), "/x/y");
        assert_eq!(built.query(), Some("q=/cpsess1"));
        assert_eq!(built.fragment(), Some("f?g"));
        assert_eq!(find_token(built.as_str()), Some(token("/cpsess2")));
    }

    #[test]
    fn set_token_rejects_invalid_origin() {
        for url in [
            "https://h:/x",
            "https://h:99999/x",
            "https://exa%6Dple.com/x",
            "https://[::1/x",
            "https://h\u{e9}.example/x",
        ] {
            let error = set_token(url, &token("/cpsess2")).unwrap_err();
            assert!(
                matches!(error, Error::InvalidOrigin { .. }),
                "url {url:?}: {error}"
            );
        }
    }

    #[test]
    fn set_token_rejects_ambiguous_input() {
        for url in [
            "",
            "x",
            "?q",
            "//h/x",
            "//cpsess1x/",
            "/\\h",
            "/a\n",
            "/../x",
            "mailto:x@h",
            "https://user:secret@h/x",
            "https://h:2083@evil.example/x",
            "https://@h/x",
        ] {
            let error = set_token(url, &token("/cpsess2")).unwrap_err();
            assert!(
                matches!(error, Error::InvalidUrl { .. }),
                "url {url:?}: {error}"
            );
        }
    }

    #[test]
    fn set_token_error_hides_secrets() {
        let error = set_token("/cpsess98765/\t", &token("/cpsess2")).unwrap_err();
        assert!(!error.to_string().contains("98765"), "{error}");
        let error = set_token("https://user:secret@h/", &token("/cpsess2")).unwrap_err();
        assert!(!error.to_string().contains("secret"), "{error}");
    }
}
