//! Procedural macros of [token-url](https://docs.rs/token-url). Depend on
//! the `token-url` crate, which re-exports them, instead of this one: the
//! code they generate calls into it.

mod cpanel;
mod expand;
mod input;
mod problem;
mod template;

use proc_macro::TokenStream;

use crate::expand::{Mode, expand};

/// Builds a [`TokenUrl`] from a template checked at compile time, with the
/// security token as its first path segment.
///
/// ```
/// use token_url::{cpurl, with_token, SecurityToken};
///
/// let session = SecurityToken::parse("/cpsess0123456789")?;
/// with_token(&session, || {
///     let domain = "example.com";
///     let url = cpurl!("/execute/DomainInfo/single_domain_data?domain=<domain>");
///     assert_eq!(url, "/cpsess0123456789/execute/DomainInfo/single_domain_data?domain=example.com");
/// });
/// # Ok::<(), token_url::Error>(())
/// ```
///
/// # Syntax
///
/// ```text
/// cpurl!( [token = EXPR,] [origin = EXPR,] "template" [, name = EXPR]* )
/// ```
///
/// - The template is a string literal (raw strings too). It is either
///   relative (`/json-api/listaccts`) or absolute
///   (`https://example.com:2087/json-api/listaccts`); in both, the token is
///   inserted before the path.
/// - `token = &token` (a `&SecurityToken`) sets the token; without it the
///   macro uses the ambient token: the one set by `with_token` on this
///   thread, else the `cp_security_token` environment variable, read once
///   per process.
/// - `origin = &origin` (a `&Origin`) puts a runtime origin before a
///   relative template.
/// - `name = EXPR` fills the placeholder `<name>`. A placeholder with no
///   argument captures the variable of that name, as `format!` does. Each
///   argument is evaluated exactly once, in the order written.
///
/// # Template grammar
///
/// ```text
/// template    = [ origin ] path [ "?" query ] [ "#" fragment ]
/// origin      = ( "http" / "https" ) "://" host [ ":" port ]
/// path        = "/" [ segment *( "/" segment ) ]
/// segment     = 1*( pchar / placeholder )
/// placeholder = "<" identifier ">"        ; anywhere in a segment: "addon_<name>.cgi"
///             / "<" identifier "..>"      ; the whole last segment: zero or more segments
/// query       = pair *( "&" pair )
/// pair        = key [ "=" value ]         ; placeholders only in the value
///             / "<" identifier "..>"      ; the last pair: key/value pairs from an iterator
/// fragment    = *( fchar / placeholder )
/// ```
///
/// A trailing slash is kept, and the root `/` becomes `/cpsess…/` with a
/// token.
///
/// # Values
///
/// Each value is percent-encoded for where it stands: every byte outside
/// `A-Z a-z 0-9 - . _ ~` becomes `%XX`. A placeholder accepts `str`,
/// `String`, `Cow<str>`, `char`, integers, `bool` (written `1` or `0`) and
/// references to them, and any `Display` type through
/// `token_url::Formatted`. As the whole value of a query pair, `Option<T>`
/// omits the pair when `None` and a slice or `Vec` repeats the key.
/// `<rest..>` takes a string, split on `/`, or a slice of segments; the
/// query tail `<pairs..>` takes anything that iterates over `(key, value)`
/// pairs, by value when given as an argument and by reference when captured.
///
/// ```
/// use token_url::{cpurl, SecurityToken};
///
/// let token = SecurityToken::parse("/cpsess42")?;
/// let user = "john+tag@example.com";
/// let quota: Option<u32> = None;
/// let domains = ["a.example", "b.example"];
/// let url = cpurl!(
///     token = &token,
///     "/execute/Email/add_pop?email=<user>&quota=<quota>&domain=<domains>",
/// );
/// assert_eq!(
///     url,
///     "/cpsess42/execute/Email/add_pop?email=john%2Btag%40example.com&domain=a.example&domain=b.example",
/// );
///
/// let path = "docs/read me.txt";
/// let url = cpurl!(token = &token, "/3rdparty/files/<path..>");
/// assert_eq!(url, "/cpsess42/3rdparty/files/docs/read%20me.txt");
/// # Ok::<(), token_url::Error>(())
/// ```
///
/// # Compile errors
///
/// The macro rejects, with a message that names the offending text, its
/// column in the template and the fix: a template that is not a string
/// literal, is empty, or does not start with `/` or `http(s)://`; a security
/// token already in the path; `//` at the start or an empty segment; `.` and
/// `..` segments; characters that must be percent-encoded, and a raw `+` in
/// the query, which cPanel decodes as a space; `{name}`
/// placeholders; malformed percent escapes; unclosed, stray, empty, invalid,
/// duplicated or misplaced placeholders; positional, repeated, unused or
/// unknown arguments and options; and an origin with another scheme,
/// userinfo, no host, an invalid port or a placeholder. It also rejects
/// templates that are certainly wrong for their cPanel & WHM URL family,
/// such as `/execute/Email` with no function, or UAPI on the WHM port 2087;
/// the runtime crate's documentation lists these checks. Every problem in a
/// template is reported at once.
///
/// ```compile_fail
/// let url = token_url::cpurl!("/execute/Email//list_pops");
/// ```
///
/// # Panics
///
/// Panics if a value would make a path segment empty, `.` or `..`, which
/// servers drop or resolve, so the URL would name another path, or would
/// make the first path segment a security token (`cpsess` and digits), as a
/// stored path that already has one does. The message names the
/// placeholder. Use [`try_cpurl!`] to get an error instead.
///
/// If the `cp_security_token` environment variable contains something that is
/// not a token, `cpurl!` does not panic: it builds the URL without a token,
/// which cpsrvd rejects, and `token_url::ambient_token()` returns the error.
///
/// [`TokenUrl`]: https://docs.rs/token-url/latest/token_url/struct.TokenUrl.html
#[proc_macro]
pub fn cpurl(input: TokenStream) -> TokenStream {
    expand(input.into(), Mode::Panic).into()
}

/// Builds a [`TokenUrl`] like [`cpurl!`], returning
/// `Result<TokenUrl, token_url::Error>` instead of panicking.
///
/// It returns `Error::InvalidSegment` or `Error::TokenInValue` where
/// `cpurl!` would panic, and
/// `Error::InvalidEnvironmentToken` when it uses the ambient token and the
/// `cp_security_token` environment variable contains something that is not a
/// token. The template, options and arguments are those of [`cpurl!`].
///
/// # Errors
///
/// See above.
///
/// # Panics
///
/// Like `cpurl!`, it panics if the `Display` implementation of a
/// `token_url::Formatted` value returns an error, as `ToString::to_string`
/// does: that is a bug in the implementation, not a property of the value.
///
/// ```
/// use token_url::{try_cpurl, Error, SecurityToken};
///
/// let token = SecurityToken::parse("/cpsess42")?;
/// let path = "../../etc/passwd";
/// let result = try_cpurl!(token = &token, "/3rdparty/files/<path..>");
/// assert!(matches!(result, Err(Error::InvalidSegment { value: "..", .. })));
///
/// let path = "docs/index.html";
/// let url = try_cpurl!(token = &token, "/3rdparty/files/<path..>")?;
/// assert_eq!(url, "/cpsess42/3rdparty/files/docs/index.html");
/// # Ok::<(), token_url::Error>(())
/// ```
///
/// [`TokenUrl`]: https://docs.rs/token-url/latest/token_url/struct.TokenUrl.html
#[proc_macro]
pub fn try_cpurl(input: TokenStream) -> TokenStream {
    expand(input.into(), Mode::Try).into()
}
