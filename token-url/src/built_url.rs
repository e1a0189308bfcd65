//! The URL that `cpurl!` builds.

use std::fmt;

/// A URL built by `cpurl!` or `try_cpurl!`, with the security token, if
/// there is one, as its first path segment.
///
/// It is one `String`, relative (`/cpsess0123456789/execute/Email/list_pops`)
/// or absolute (`https://host:2083/cpsess0123456789/…`), together with where
/// the token starts and ends. Use it wherever a string is expected through
/// [`as_str`](TokenUrl::as_str), `Display`, `AsRef<str>` or `Into<String>`.
///
/// `Debug` and [`redacted`](TokenUrl::redacted) hide the token's digits, so
/// a URL can be logged without leaking the session's token; `Display` and
/// `as_str` show the whole URL, as a page or a request needs it.
///
/// # Examples
///
/// ```
/// use token_url::{cpurl, SecurityToken};
///
/// let token = SecurityToken::parse("/cpsess0123456789")?;
/// let url = cpurl!(token = &token, "https://example.com:2083/execute/Email/list_pops?skip=2#top");
///
/// assert_eq!(url.origin(), Some("https://example.com:2083"));
/// assert_eq!(url.token(), Some("/cpsess0123456789"));
/// assert_eq!(url.path(), "/execute/Email/list_pops");
/// assert_eq!(url.query(), Some("skip=2"));
/// assert_eq!(url.fragment(), Some("top"));
/// assert_eq!(
///     url.redacted().to_string(),
///     "https://example.com:2083/cpsess[redacted]/execute/Email/list_pops?skip=2#top",
/// );
/// # Ok::<(), token_url::Error>(())
/// ```
///
/// Equality, ordering and hashing are those of the URL's text, so a
/// `TokenUrl` can key a map that is looked up with a `&str`.
#[derive(Clone)]
pub struct TokenUrl {
    url: String,
    token_start: usize,
    path_start: usize,
}

impl TokenUrl {
    /// Wraps a URL that the generated code built as origin, token, path.
    #[inline]
    pub(crate) fn from_built(url: String, origin_len: usize, token_len: usize) -> TokenUrl {
        TokenUrl {
            url,
            token_start: origin_len,
            path_start: origin_len + token_len,
        }
    }

    /// Returns the whole URL.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// Returns the whole URL as a `String`, without copying it.
    #[must_use]
    pub fn into_string(self) -> String {
        self.url
    }

    /// Returns `scheme://host[:port]` of an absolute URL, or `None` for a
    /// relative one.
    #[must_use]
    pub fn origin(&self) -> Option<&str> {
        (self.token_start > 0).then(|| &self.url[..self.token_start])
    }

    /// Returns the token segment, such as `/cpsess0123456789`, or `None`
    /// when the URL was built without a token.
    #[must_use]
    pub fn token(&self) -> Option<&str> {
        (self.path_start > self.token_start).then(|| &self.url[self.token_start..self.path_start])
    }

    /// Returns the path after the token, starting with `/`.
    #[must_use]
    pub fn path(&self) -> &str {
        let rest = &self.url[self.path_start..];
        let end = rest.find(['?', '#']).unwrap_or(rest.len());
        &rest[..end]
    }

    /// Returns the query without its `?`, or `None` when there is none.
    #[must_use]
    pub fn query(&self) -> Option<&str> {
        let rest = &self.url[self.path_start..];
        let before_fragment = rest.split_once('#').map_or(rest, |(before, _)| before);
        before_fragment.split_once('?').map(|(_, query)| query)
    }

    /// Returns the fragment without its `#`, or `None` when there is none.
    #[must_use]
    pub fn fragment(&self) -> Option<&str> {
        self.url[self.path_start..]
            .split_once('#')
            .map(|(_, fragment)| fragment)
    }

    /// Returns a view of the URL for logs, with the digits of its token, and
    /// of any token that a value carries into the path, query or fragment,
    /// replaced by `[redacted]`.
    #[must_use]
    pub fn redacted(&self) -> Redacted<'_> {
        Redacted(self)
    }
}

/// A [`TokenUrl`] displayed with its token's digits hidden, for logs.
///
/// Made by [`TokenUrl::redacted`].
#[derive(Clone, Copy)]
pub struct Redacted<'a>(&'a TokenUrl);

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.0;
        formatter.write_str(&url.url[..url.token_start])?;
        if url.token().is_some() {
            formatter.write_str("/cpsess[redacted]")?;
        }
        // A value such as a `goto_uri` may carry a token of its own.
        formatter.write_str(&crate::redact_tokens(&url.url[url.path_start..]))
    }
}

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.to_string(), formatter)
    }
}

impl fmt::Display for TokenUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.url)
    }
}

impl fmt::Debug for TokenUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_tuple("TokenUrl")
            .field(&self.redacted().to_string())
            .finish()
    }
}

impl PartialEq for TokenUrl {
    fn eq(&self, other: &TokenUrl) -> bool {
        self.url == other.url
    }
}

impl Eq for TokenUrl {}

impl PartialOrd for TokenUrl {
    fn partial_cmp(&self, other: &TokenUrl) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TokenUrl {
    fn cmp(&self, other: &TokenUrl) -> std::cmp::Ordering {
        self.url.cmp(&other.url)
    }
}

impl std::hash::Hash for TokenUrl {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.url.hash(state);
    }
}

impl std::borrow::Borrow<str> for TokenUrl {
    fn borrow(&self) -> &str {
        &self.url
    }
}

impl AsRef<str> for TokenUrl {
    fn as_ref(&self) -> &str {
        &self.url
    }
}

impl From<TokenUrl> for String {
    fn from(url: TokenUrl) -> String {
        url.url
    }
}

impl PartialEq<str> for TokenUrl {
    fn eq(&self, other: &str) -> bool {
        self.url == other
    }
}

impl PartialEq<&str> for TokenUrl {
    fn eq(&self, other: &&str) -> bool {
        self.url == *other
    }
}

impl PartialEq<String> for TokenUrl {
    fn eq(&self, other: &String) -> bool {
        self.url == *other
    }
}

impl PartialEq<TokenUrl> for str {
    fn eq(&self, other: &TokenUrl) -> bool {
        self == other.url
    }
}

impl PartialEq<TokenUrl> for &str {
    fn eq(&self, other: &TokenUrl) -> bool {
        *self == other.url
    }
}

impl PartialEq<TokenUrl> for String {
    fn eq(&self, other: &TokenUrl) -> bool {
        *self == other.url
    }
}

#[cfg(test)]
mod tests {
    use super::TokenUrl;

    fn built(url: &str, origin_len: usize, token_len: usize) -> TokenUrl {
        TokenUrl::from_built(url.to_owned(), origin_len, token_len)
    }

    #[test]
    fn accessors_split_relative_url() {
        let url = built("/cpsess1/a/b?x=1&y#frag?not-query", 0, 8);
        assert_eq!(url.origin(), None);
        assert_eq!(url.token(), Some("/cpsess1"));
        assert_eq!(url.path(), "/a/b");
        assert_eq!(url.query(), Some("x=1&y"));
        assert_eq!(url.fragment(), Some("frag?not-query"));
    }

    #[test]
    fn accessors_without_token_or_query() {
        let url = built("http://h:1/x#f?g", 10, 0);
        assert_eq!(url.origin(), Some("http://h:1"));
        assert_eq!(url.token(), None);
        assert_eq!(url.path(), "/x");
        assert_eq!(url.query(), None);
        assert_eq!(url.fragment(), Some("f?g"));
    }

    #[test]
    fn equality_and_hash_follow_text() {
        let with_token = built("/cpsess42/y", 0, 9);
        let as_path = built("/cpsess42/y", 0, 0);
        assert_eq!(with_token, as_path);
        let mut visits = std::collections::HashMap::new();
        visits.insert(with_token, 1);
        assert_eq!(visits.get("/cpsess42/y"), Some(&1));
        assert!(built("/a", 0, 0) < built("/b", 0, 0));
    }

    #[test]
    fn debug_and_redacted_hide_digits() {
        let url = built("https://h/cpsess0123456789/x", 9, 17);
        assert_eq!(url.redacted().to_string(), "https://h/cpsess[redacted]/x");
        assert_eq!(
            format!("{url:?}"),
            "TokenUrl(\"https://h/cpsess[redacted]/x\")"
        );
        assert_eq!(url.to_string(), "https://h/cpsess0123456789/x");
    }
}
