//! A stand-in for cpsrvd, the web server of cPanel & WHM, for end-to-end
//! tests of `token-url` over real HTTP and in a real browser.
//!
//! It is test support, not a product: plain HTTP on `127.0.0.1` and a port
//! that the system chooses, one service that plays cPanel and also serves
//! WHM API 1, and API functions that only echo their arguments. What it
//! does follow is the part of cpsrvd's behaviour that a wrong URL runs
//! into: the session cookie, the security token in the first path segment,
//! the decoding of arguments, and CGI plugins.
//!
//! ```no_run
//! use cpsrvd_stand_in::StandIn;
//!
//! let server = StandIn::builder()
//!     .user("cpuser", "secret")
//!     .cgi("mail_tools/index.cgi", "target/debug/examples/plugin_page")
//!     .file("mail_tools/help.html", "text/html", "<p>Help</p>")
//!     .start()?;
//! println!("log in at {}/login/", server.origin());
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! The `cpsrvd-stand-in` binary runs the same server for a person to try
//! with a browser or curl; `cpsrvd-stand-in --help` lists its options.
//!
//! # The rules it follows
//!
//! **Login.** `POST /login/?login_only=1` with the form fields `user` and
//! `pass` returns `{"status":1,"security_token":"/cpsess0123456789",
//! "redirect":"/cpsess0123456789/frontend/jupiter/index.html?login=1"}`
//! and sets the session cookie `cpsession` (`HttpOnly`, `Path=/`). The
//! token is `/cpsess` and 10 digits, new for each login. Wrong credentials
//! get 401 and `{"status":0,"message":"invalid_login"}`. A `goto_uri`
//! field that is a local path replaces the landing page after the token.
//! Without `login_only`, the same POST is a browser login: the cookie and a
//! 302 redirect to the landing page; `GET /login/` returns the form.
//!
//! **Session login URL.** `GET /cpsess…/login/?session=<cookie value>`
//! (optionally `&goto_uri=/path`) is the URL that WHM API 1's
//! `create_user_session` returns: it sets the session cookie in the browser
//! that opens it and redirects (307) to the token and the landing page.
//! The token in the URL must be the session's.
//!
//! **Security token.** Every other request needs the session cookie, else
//! it gets 401. With the cookie, the first path segment must be the
//! session's token (`cpsess` and 1 to 20 digits):
//!
//! | request path | reply |
//! | --- | --- |
//! | `/cpsessN/execute/Email/list_pops` | served |
//! | `//cpsessN/execute/Email/list_pops` | served: leading slashes collapse, as cpsrvd tolerates |
//! | `/execute/Email/list_pops` | 401, no token |
//! | `/cpsessM/execute/Email/list_pops` (another session's) | 401, wrong token |
//! | `/cpsessN/cpsessN/execute/Email/list_pops` | 404: the second copy is part of the document path |
//! | `/x/cpsessN/execute/…` | 401: a token anywhere but first is no token |
//!
//! An empty segment after the token (`/cpsessN//execute/…`) matches no
//! route and gets 404.
//!
//! **APIs.** Arguments come from the query string and, for a body of type
//! `application/x-www-form-urlencoded`, from the form, in that order;
//! percent escapes are decoded and `+` is a space in both, as cPanel reads
//! them. The replies carry the decoded arguments as `[key, value]` pairs:
//!
//! - `/execute/<Module>/<function>` (UAPI): `status`, `errors`,
//!   `messages`, `warnings`, `metadata`, and `data` with `module`,
//!   `function` and `arguments`.
//! - `/json-api/<function>` (WHM API 1): `metadata` (`command`, `reason`,
//!   `result`, `version`) and `data.arguments`.
//! - `/json-api/cpanel` (cPanel API 2): `cpanelresult` with `module` and
//!   `func` from `cpanel_jsonapi_module` and `cpanel_jsonapi_func`, and
//!   `data[0].arguments`.
//!
//! UAPI has exactly two segments after `execute` and the JSON APIs one
//! after `json-api`; other shapes get 404. The deprecated `/xml-api/` is not
//! served.
//!
//! **Plugins.** `/3rdparty/<path>` runs the CGI program registered for
//! `<path>` (RFC 3875), or serves the file registered for it. The program
//! gets an empty environment plus `GATEWAY_INTERFACE`, `SERVER_PROTOCOL`,
//! `SERVER_SOFTWARE`, `SERVER_NAME`, `SERVER_PORT`, `REQUEST_METHOD`,
//! `REQUEST_URI` (the target as sent, token included), `SCRIPT_NAME`,
//! `SCRIPT_FILENAME`, `QUERY_STRING`, `REMOTE_USER`, `REMOTE_ADDR`,
//! `REMOTE_PORT`, `CONTENT_LENGTH`, `CONTENT_TYPE`, the request headers as
//! `HTTP_*` (without `Authorization` and `Proxy`), `PATH`, and
//! `cp_security_token` with the session's token; the body on stdin; the
//! script's folder as its current directory. Its output is parsed as a
//! CGI response: `Status`, `Location` (302 without `Status`),
//! `Content-Type` and other headers, then the body. A program that runs
//! longer than 10 seconds is killed (504); one that prints no valid
//! response gets 502.
//!
//! **Interface pages.** `/frontend/<theme>/<page>…` returns a placeholder
//! page, so that links into the cPanel interface can be followed.
//!
//! # Where the rules come from
//!
//! - cPanel, "Making your script work with security tokens in cPanel &
//!   WHM" (blog, 2012): the token is the first path segment,
//!   `cp_security_token` holds it with its leading slash (or is empty), and
//!   page scripts build AJAX URLs as `CPANEL.security_token + '/path'`.
//! - cPanel's "Guide to API Authentication": the ports of each service,
//!   and its "Single Sign On" page on WHM API 1's `create_user_session`,
//!   which starts a temporary session. The form of the URL it returns,
//!   `https://host:2087/cpsess…/login/?session=…`, and the cookie that
//!   opening it sets are as the client scripts that use it show.
//! - The reply of `/login/?login_only=1` (`status`, `security_token`,
//!   `redirect`; `invalid_login` on failure) and the `cpsession` and
//!   `whostmgrsession` cookies, as the client scripts of cPanel & WHM read
//!   them; cPanel documents no schema for this reply. A stale token gets
//!   401 and "Invalid security token", as hosting providers' support
//!   pages show.
//! - RFC 3875, the Common Gateway Interface 1.1: the meta-variables, the
//!   `HTTP_*` variables, the current directory and the response format.
//!
//! # What it does not do
//!
//! No TLS, no API tokens (`Authorization: cpanel user:TOKEN`), no Basic
//! authentication, no session expiry, and no check of which port serves
//! which API. The API functions do nothing but echo. Session cookies and
//! tokens come from std's randomly keyed hasher, which is not a
//! cryptographic generator.

mod api;
mod cgi;
mod http;
mod login;
mod rules;
mod server;
mod session;

pub use crate::server::{Builder, Exchange, StandIn};
