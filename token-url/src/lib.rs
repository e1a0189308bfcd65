//! Build cPanel & WHM URLs that carry the security token, from templates
//! checked at compile time.
//!
//! cpsrvd, the web server of cPanel & WHM, requires every cookie-authenticated
//! request to carry the session's *security token* as the first path segment:
//! `https://example.com:2087/cpsess0123456789/json-api/listaccts`. A CGI
//! plugin receives the token in the `cp_security_token` environment variable
//! (`/cpsess0123456789`, or empty when tokens are off), and every link, form,
//! redirect and AJAX URL it writes must put it in the right place: a missing
//! token is a 401, a doubled slash names another host, a doubled token is a
//! 404, and an unencoded `+` or `&` changes what the API receives.
//!
//! [`cpurl!`] takes a URL template, rejects at compile time what cannot be
//! right, and expands to code that inserts the token and percent-encodes
//! every value:
//!
//! ```
//! use token_url::{cpurl, with_token, SecurityToken};
//!
//! # let session = SecurityToken::parse("/cpsess0123456789")?;
//! # with_token(&session, || {
//! // The token comes from `cp_security_token`, read once per process.
//! let listaccts = cpurl!("/json-api/listaccts?api.version=1");
//! assert_eq!(listaccts, "/cpsess0123456789/json-api/listaccts?api.version=1");
//!
//! // Values are percent-encoded for where they stand; `email` is captured
//! // from the scope, as `format!` does.
//! let email = "john+tag@example.com";
//! let url = cpurl!("/execute/Email/delete_pop?email=<email>");
//! assert_eq!(url, "/cpsess0123456789/execute/Email/delete_pop?email=john%2Btag%40example.com");
//!
//! // In an absolute template the token goes after the port.
//! let local = cpurl!("http://127.0.0.1:2087/json-api/version?api.version=1");
//! assert_eq!(local, "http://127.0.0.1:2087/cpsess0123456789/json-api/version?api.version=1");
//! # });
//! # Ok::<(), token_url::Error>(())
//! ```
//!
//! A template that cannot be right does not compile:
//!
//! ```compile_fail
//! // error: the template already contains a security token `/cpsess0123456789`
//! let url = token_url::cpurl!("/cpsess0123456789/json-api/listaccts");
//! ```
//!
//! # The parts
//!
//! - [`cpurl!`] and [`try_cpurl!`] build a [`TokenUrl`]; the macros document
//!   the template grammar and every compile error.
//! - [`SecurityToken`] is a validated token. [`ambient_token`] is the token
//!   of the process, read lazily from the environment, [`with_token`]
//!   overrides it on one thread for a scope, and [`current_token`] returns
//!   the one in force.
//! - [`Origin`] is a `scheme://host[:port]` chosen at run time, for
//!   `cpurl!(origin = &origin, "/path")`.
//! - [`UrlValue`], [`QueryValue`], [`SegmentsValue`] and [`QueryPair`] say
//!   which types a placeholder accepts; [`Formatted`] admits any `Display`
//!   type.
//! - [`js_bootstrap`] writes the `CPANEL.security_token` line that page
//!   scripts build AJAX URLs from.
//! - For URLs that already exist: [`find_token`] reads the token of a
//!   `REQUEST_URI`, a `Location` header or a login reply, [`set_token`] puts
//!   a token on a path or URL in place of any it has, and [`redact_tokens`]
//!   hides tokens anywhere in a log line.
//!
//! # Encoding
//!
//! A value is percent-encoded for the component it stands in, so that it
//! decodes to exactly the value given and can never add a path segment, a
//! query pair or a fragment: every byte outside `A-Z a-z 0-9 - . _ ~` is
//! written as `%XX`, non-ASCII text as its UTF-8 bytes. So `john+tag` stays
//! `john+tag` on the server instead of becoming `john tag`, and `p&ss` is
//! not cut at the `&`.
//!
//! A path segment that would come out empty, `.` or `..` cannot be sent as
//! it is meant, because servers drop empty segments and resolve dot segments
//! (even percent-encoded ones): [`cpurl!`] panics and [`try_cpurl!`] returns
//! [`Error::InvalidSegment`].
//!
//! # cPanel-aware checks
//!
//! Besides the grammar, [`cpurl!`] knows the URL families of cPanel & WHM and
//! rejects a template that is certainly wrong for its family. Only literal
//! text is judged: a placeholder may stand for anything and `<rest..>` for
//! any number of missing segments. A `<rest..>` after a complete path is
//! rejected, because it can only add segments, or a trailing `/` when empty.
//!
//! | rule | rejects | fix |
//! |---|---|---|
//! | UAPI shape | `/execute` not followed by exactly `/<Module>/<function>`: `/execute/Email`, `/execute/Email/list_pops/`, `/execute/Email/list_pops/x` | `/execute/Email/list_pops`, with arguments in the query |
//! | API shape | `/json-api` or `/xml-api` not followed by exactly `/<function>`: `/json-api/`, `/json-api/listaccts/` | `/json-api/listaccts` |
//! | API 2 keys | in `/json-api/cpanel`, a query key that starts with `cpanel_jsonapi_` but is not `cpanel_jsonapi_apiversion`, `cpanel_jsonapi_module`, `cpanel_jsonapi_func` or `cpanel_jsonapi_user` | the nearest of those four, which the message names |
//! | UAPI port | `/execute/…` with a static origin on a WHM port, 2086 or 2087 | `/json-api/uapi_cpanel` (WHM API 1), `/json-api/cpanel` (API 2), or the cPanel port 2082 or 2083 |
//! | WHM API 1 port | `/json-api/<function>` or `/xml-api/<function>`, other than `cpanel`, with a static origin on a cPanel or Webmail port, 2082, 2083, 2095 or 2096 | the WHM port 2086 or 2087, or API 2 through `/json-api/cpanel` |
//!
//! Plain `http` on a TLS port is accepted, because cPanel's own
//! documentation calls the local API as `http://127.0.0.1:2087`. A runtime
//! origin (`origin = &origin`) has no port at compile time, so the port
//! rules do not apply to it.
//!
//! ```compile_fail
//! // error: UAPI on the WHM port 2087: cpsrvd serves `/execute/…` only on
//! // the cPanel and Webmail ports; …
//! let url = token_url::cpurl!("https://example.com:2087/execute/Email/list_pops");
//! ```
//!
//! # Optional features
//!
//! | feature | adds |
//! |---|---|
//! | `serde` | `Deserialize` for [`SecurityToken`] (validated as [`SecurityToken::parse`] does; no `Serialize`, so a token cannot reach a log through a serialized struct by accident), `Serialize` for [`TokenUrl`], both for [`Origin`] |
//! | `http` | `TryFrom<TokenUrl>` and `TryFrom<&TokenUrl>` for `http::Uri` |
//! | `url` | `TryFrom<TokenUrl>` and `TryFrom<&TokenUrl>` for `url::Url`, for absolute URLs |
//!
//! With `serde`, the reply to `POST /login/?login_only=1` reads straight
//! into a struct:
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use token_url::{find_token, SecurityToken};
//!
//! #[derive(serde::Deserialize)]
//! struct LoginReply {
//!     redirect: String,
//!     security_token: SecurityToken,
//! }
//!
//! let reply: LoginReply = serde_json::from_str(
//!     r#"{"status":1,"redirect":"/cpsess0123456789/frontend/jupiter/","security_token":"/cpsess0123456789"}"#,
//! )?;
//! assert_eq!(find_token(&reply.redirect), Some(reply.security_token));
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![doc(html_root_url = "https://docs.rs/token-url/0.1.0")]

mod built_url;
mod encode;
mod error;
mod existing;
#[cfg(feature = "http")]
mod http_support;
mod javascript;
mod origin;
mod redact;
#[cfg(feature = "serde")]
mod serde_support;
mod token;
#[cfg(feature = "url")]
mod url_support;
mod value;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use crate::built_url::{Redacted, TokenUrl};
pub use crate::error::Error;
pub use crate::existing::{find_token, set_token};
pub use crate::javascript::js_bootstrap;
pub use crate::origin::{CPANEL_TLS_PORT, Origin, WEBMAIL_TLS_PORT, WHM_TLS_PORT};
pub use crate::redact::{WithoutToken, redact_tokens};
pub use crate::token::{ENV_VAR, SecurityToken, ambient_token, current_token, with_token};
pub use crate::value::{Formatted, QueryPair, QueryValue, SegmentsValue, UrlValue};

#[doc(inline)]
pub use token_url_macros::{cpurl, try_cpurl};
