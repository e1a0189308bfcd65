//! Conversion into `url::Url`, behind the `url` feature.

use crate::TokenUrl;

impl TryFrom<&TokenUrl> for url::Url {
    type Error = url::ParseError;

    /// Parses an absolute URL as a `url::Url`.
    ///
    /// `url::Url` represents absolute URLs only, so a relative `TokenUrl` (one
    /// built without an origin) returns
    /// `url::ParseError::RelativeUrlWithoutBase`; join it to a base with
    /// `base.join(url.as_str())` instead. The `url` crate normalizes what it
    /// parses (a lowercase host, no default port), and the token stays the
    /// first path segment.
    ///
    /// # Examples
    ///
    /// ```
    /// use token_url::{cpurl, SecurityToken};
    ///
    /// let token = SecurityToken::parse("/cpsess0123456789")?;
    /// let url = cpurl!(token = &token, "https://example.com:2083/execute/Email/list_pops");
    /// let parsed = url::Url::try_from(&url)?;
    /// assert_eq!(parsed.path_segments().and_then(|mut s| s.next()), Some("cpsess0123456789"));
    ///
    /// let relative = cpurl!(token = &token, "/execute/Email/list_pops");
    /// assert_eq!(url::Url::try_from(&relative), Err(url::ParseError::RelativeUrlWithoutBase));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_from(url: &TokenUrl) -> Result<url::Url, url::ParseError> {
        url::Url::parse(url.as_str())
    }
}

impl TryFrom<TokenUrl> for url::Url {
    type Error = url::ParseError;

    /// Parses an absolute URL as a `url::Url`; see the conversion from
    /// `&TokenUrl`.
    fn try_from(url: TokenUrl) -> Result<url::Url, url::ParseError> {
        url::Url::try_from(&url)
    }
}
