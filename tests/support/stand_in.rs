//! Runs the cpsrvd stand-in with the plugin page, and talks to it over
//! HTTP.

use std::time::Duration;

use cpsrvd_stand_in::{Builder, StandIn};
use token_url::{Origin, SecurityToken, cpurl};
use url::Url;

/// The account that the tests log in as.
pub(crate) const USER: &str = "cpuser";

/// Its password, with characters that a form must encode.
pub(crate) const PASSWORD: &str = "s3cret & more+";

/// Where the plugin page is registered under `/3rdparty/`.
pub(crate) const PLUGIN: &str = "mail_tools/index.cgi";

/// The plugin's help page, linked from the plugin page.
const HELP: &str = "mail_tools/help.html";

/// The maximum time that one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// Starts a stand-in that serves the `plugin_page` example as
/// `/3rdparty/mail_tools/index.cgi`, with its help page beside it.
pub(crate) fn plugin_server() -> StandIn {
    plugin_server_builder()
        .start()
        .expect("failed to start the stand-in")
}

/// Returns the builder of [`plugin_server`], for a test that serves more.
pub(crate) fn plugin_server_builder() -> Builder {
    let help_file = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/mail_tools/help.html");
    let help = std::fs::read(help_file).expect("failed to read the help page");
    StandIn::builder()
        .user(USER, PASSWORD)
        .cgi(PLUGIN, super::example("plugin_page"))
        .file(HELP, "text/html; charset=utf-8", help)
}

/// Returns the URL of `path` in `login`'s session: the origin, the token
/// from the login reply, then `path`.
///
/// It is joined by hand, not built with `cpurl!`, so that a fault in
/// `cpurl!` shows in the URLs of the page under test rather than in the
/// URL that the test starts from.
pub(crate) fn session_path(login: &Login, path: &str) -> Url {
    let url = format!("{}{}{path}", login.origin, login.token.as_str());
    Url::parse(&url).unwrap_or_else(|error| panic!("invalid URL {url}: {error}"))
}

/// Returns an HTTP client for the stand-in. It uses no proxy, because
/// only loopback is requested. It returns redirects instead of following
/// them, so that each one is checked, and error statuses as replies.
pub(crate) fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .proxy(None)
        .max_redirects(0)
        .http_status_as_error(false)
        .timeout_global(Some(REQUEST_TIMEOUT))
        .build()
        .into()
}

/// A logged-in session.
pub(crate) struct Login {
    /// The origin of the stand-in.
    pub(crate) origin: Origin,
    /// The token from the login reply.
    pub(crate) token: SecurityToken,
    /// The session cookie as a `Cookie` header value: `cpsession=…`.
    pub(crate) cookie: String,
}

impl Login {
    /// Returns the value of the session cookie alone.
    pub(crate) fn session_id(&self) -> &str {
        self.cookie.split_once('=').map_or("", |(_, value)| value)
    }
}

/// Logs in with `POST /login/?login_only=1`, as an API client does, and
/// reads the token from the reply with `SecurityToken::parse`.
pub(crate) fn log_in(agent: &ureq::Agent, server: &StandIn) -> Login {
    let origin = Origin::parse(&server.origin()).expect("the stand-in's origin is valid");
    let url = cpurl!(
        token = &SecurityToken::NONE,
        origin = &origin,
        "/login/?login_only=1"
    );
    let mut response = agent
        .post(url.as_str())
        .send_form([("user", USER), ("pass", PASSWORD)])
        .expect("failed to send the login request");
    assert_eq!(response.status(), 200, "the login failed");

    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .expect("the login reply sets a cookie")
        .to_owned();
    let body = response
        .body_mut()
        .read_to_string()
        .expect("failed to read the login reply");
    let reply: serde_json::Value = serde_json::from_str(&body).expect("the login reply is JSON");
    let token = reply["security_token"]
        .as_str()
        .expect("the login reply has a security_token");
    let token = SecurityToken::parse(token).expect("the login reply's token is valid");
    Login {
        origin,
        token,
        cookie,
    }
}

/// A reply from the stand-in.
pub(crate) struct Fetched {
    pub(crate) status: u16,
    pub(crate) location: Option<String>,
    pub(crate) body: String,
}

/// Sends a request with the session cookie: a GET, or a POST of `form` when
/// it is given.
///
/// # Panics
///
/// Panics before sending if `url` is not on the stand-in, so that a wrong
/// URL, such as `//cpsess…/x` read as the host `cpsess…`, can never send a
/// request anywhere else.
pub(crate) fn fetch(
    agent: &ureq::Agent,
    server: &StandIn,
    login: &Login,
    url: &Url,
    form: Option<&[(&str, &str)]>,
) -> Fetched {
    assert_on_stand_in(server, url);
    let result = match form {
        None => agent
            .get(url.as_str())
            .header("Cookie", &login.cookie)
            .call(),
        Some(form) => agent
            .post(url.as_str())
            .header("Cookie", &login.cookie)
            .send_form(form.iter().copied()),
    };
    let mut response = result.unwrap_or_else(|error| panic!("failed to request {url}: {error}"));
    let location = response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let body = response
        .body_mut()
        .read_to_string()
        .unwrap_or_else(|error| panic!("failed to read the reply of {url}: {error}"));
    Fetched {
        status: response.status().as_u16(),
        location,
        body,
    }
}

/// Panics unless `url` is on the stand-in: `http`, `127.0.0.1` and its port.
pub(crate) fn assert_on_stand_in(server: &StandIn, url: &Url) {
    let address = server.address();
    assert!(
        url.scheme() == "http"
            && url.host_str() == Some("127.0.0.1")
            && url.port() == Some(address.port()),
        "refusing to request {url}, which is not on the stand-in at {address}"
    );
}
