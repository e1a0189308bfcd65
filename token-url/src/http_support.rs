//! Conversion into `http::Uri`, behind the `http` feature.

use crate::TokenUrl;

impl TryFrom<&TokenUrl> for http::Uri {
    type Error = http::uri::InvalidUri;

    /// Parses the URL as an `http::Uri`: an absolute URL, or a path and
    /// query as a request target.
    ///
    /// The fragment is dropped, because `http::Uri` has none (a request
    /// never sends one). A URL built by `cpurl!` converts unless it is longer
    /// than `http::Uri` allows (65,534 bytes in http 1.x). One made
    /// by [`set_token`](crate::set_token) keeps its text as given, so it
    /// fails when it has a character that `http::Uri` rejects unencoded,
    /// such as a space, `"` or a backtick.
    ///
    /// # Examples
    ///
    /// ```
    /// use token_url::{cpurl, SecurityToken};
    ///
    /// let token = SecurityToken::parse("/cpsess0123456789")?;
    /// let url = cpurl!(token = &token, "https://example.com:2087/json-api/listaccts?api.version=1");
    /// let uri = http::Uri::try_from(&url)?;
    /// assert_eq!(uri.port_u16(), Some(2087));
    /// assert_eq!(uri.path(), "/cpsess0123456789/json-api/listaccts");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn try_from(url: &TokenUrl) -> Result<http::Uri, http::uri::InvalidUri> {
        http::Uri::try_from(url.as_str())
    }
}

impl TryFrom<TokenUrl> for http::Uri {
    type Error = http::uri::InvalidUri;

    /// Parses the URL as an `http::Uri`, reusing its `String`; see the
    /// conversion from `&TokenUrl`.
    fn try_from(url: TokenUrl) -> Result<http::Uri, http::uri::InvalidUri> {
        http::Uri::try_from(url.into_string())
    }
}
