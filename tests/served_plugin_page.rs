//! Serves the `plugin_page` example through the cpsrvd stand-in, over real
//! HTTP, and requests every URL on the page with the session cookie, as a
//! browser would.
//!
//! The stand-in runs the example as a CGI program with the session's token
//! in `cp_security_token`, and answers 401 to a request whose first path
//! segment is not that token and 404 to a doubled token, as cpsrvd does.
//! So each URL that the page builds with `cpurl!`, and the AJAX URL that its
//! script builds from `CPANEL.security_token`, must carry the token exactly
//! once and first.

mod support;

use cpsrvd_stand_in::StandIn;
use url::Url;

use support::html::{ajax_paths, url_attribute_pairs};
use support::stand_in::{self, Fetched, Login};

/// The address that the tests post with the page's form.
const FORM_EMAIL: &str = "jane+news@example.com";

/// One URL of the page, as a browser would request it.
struct PageUrl {
    /// Where the page has it: `href`, `action`, `src`, or `ajax` for the
    /// path that the script appends to `CPANEL.security_token`.
    source: String,
    /// The URL resolved against the page's URL.
    url: Url,
}

impl PageUrl {
    /// Returns whether a browser posts the form to this URL.
    fn is_form_action(&self) -> bool {
        self.source == "action"
    }
}

/// The page as served in a session.
struct ServedPage {
    html: String,
    urls: Vec<PageUrl>,
}

/// Starts a stand-in, logs in and requests the plugin page.
fn serve_page() -> (StandIn, ureq::Agent, Login, ServedPage) {
    let server = stand_in::plugin_server();
    let agent = stand_in::agent();
    let login = stand_in::log_in(&agent, &server);

    let page_url = stand_in::session_path(&login, "/3rdparty/mail_tools/index.cgi");
    let fetched = stand_in::fetch(&agent, &server, &login, &page_url, None);
    assert_eq!(fetched.status, 200, "{}", fetched.body);
    let html = fetched.body;

    let mut urls: Vec<PageUrl> = url_attribute_pairs(&html)
        .into_iter()
        .map(|(source, value)| PageUrl {
            url: resolve(&page_url, &value),
            source,
        })
        .collect();
    let script_token = bootstrap_token(&html);
    for path in ajax_paths(&html) {
        urls.push(PageUrl {
            source: "ajax".into(),
            url: resolve(&page_url, &format!("{script_token}{path}")),
        });
    }
    (server, agent, login, ServedPage { html, urls })
}

fn resolve(page_url: &Url, reference: &str) -> Url {
    page_url
        .join(reference)
        .unwrap_or_else(|error| panic!("the page has the invalid URL {reference:?}: {error}"))
}

/// Returns the value that the page's bootstrap script gives
/// `CPANEL.security_token`.
fn bootstrap_token(html: &str) -> &str {
    let marker = "CPANEL.security_token = \"";
    let start = html.find(marker).expect("the page sets the token") + marker.len();
    let length = html[start..].find('"').expect("the string is closed");
    &html[start..start + length]
}

/// Requests a URL of the page: a GET, or for the form's action a POST of
/// the form. A redirect is followed once, with a GET.
fn follow(
    agent: &ureq::Agent,
    server: &StandIn,
    login: &Login,
    page_url: &PageUrl,
    url: &Url,
) -> Fetched {
    let form = [("email", FORM_EMAIL)];
    let fields = page_url.is_form_action().then_some(&form[..]);
    let fetched = stand_in::fetch(agent, server, login, url, fields);
    if !matches!(fetched.status, 302 | 303) {
        return fetched;
    }
    let location = fetched.location.expect("a redirect has a Location");
    let target = resolve(url, &location);
    stand_in::fetch(agent, server, login, &target, None)
}

/// Returns `url` with its first path segment, the token, removed.
fn without_token(url: &Url, login: &Login) -> Url {
    let rest = url
        .path()
        .strip_prefix(login.token.as_str())
        .unwrap_or_else(|| panic!("{url} does not start with the token"));
    let mut stripped = url.clone();
    stripped.set_path(rest);
    stripped
}

/// Returns `url` with the token written twice at the start of its path.
fn with_doubled_token(url: &Url, login: &Login) -> Url {
    let mut doubled = url.clone();
    doubled.set_path(&format!("{}{}", login.token.as_str(), url.path()));
    doubled
}

#[test]
fn served_page_shows_session() {
    let (_server, _agent, login, page) = serve_page();
    assert!(page.html.contains("<h1>Mail tools for cpuser</h1>"));
    assert_eq!(bootstrap_token(&page.html), login.token.as_str());
    let sources: Vec<&str> = page
        .urls
        .iter()
        .map(|page_url| page_url.source.as_str())
        .collect();
    assert_eq!(
        sources,
        ["href", "href", "href", "href", "href", "action", "ajax"]
    );
}

#[test]
fn every_page_url_succeeds() {
    let (server, agent, login, page) = serve_page();
    for page_url in &page.urls {
        let fetched = follow(&agent, &server, &login, page_url, &page_url.url);
        assert_eq!(
            fetched.status, 200,
            "{} {}: {}",
            page_url.source, page_url.url, fetched.body
        );
    }
    let denied: Vec<String> = server
        .exchanges()
        .iter()
        .filter(|exchange| exchange.status >= 400)
        .map(|exchange| format!("{} {}", exchange.status, exchange.target))
        .collect();
    assert!(denied.is_empty(), "{denied:#?}");
}

#[test]
fn api_link_arguments_arrive_decoded() {
    let (server, agent, login, page) = serve_page();
    let link = page
        .urls
        .iter()
        .find(|page_url| {
            page_url
                .url
                .path()
                .ends_with("/execute/Email/get_client_settings")
        })
        .expect("the page links to get_client_settings");
    let fetched = follow(&agent, &server, &login, link, &link.url);
    assert_eq!(fetched.status, 200, "{}", fetched.body);
    let reply: serde_json::Value = serde_json::from_str(&fetched.body).unwrap();
    assert_eq!(
        reply["data"]["arguments"],
        serde_json::json!([["account", "john+tag@example.com"]])
    );
}

#[test]
fn form_post_redirects_into_session() {
    let (server, agent, login, page) = serve_page();
    let action = page
        .urls
        .iter()
        .find(|page_url| page_url.is_form_action())
        .expect("the page has a form");
    let form = [("email", FORM_EMAIL)];
    let posted = stand_in::fetch(&agent, &server, &login, &action.url, Some(&form));
    assert_eq!(posted.status, 303, "{}", posted.body);

    let location = posted.location.expect("a Location header");
    let expected = format!(
        "{}{}/3rdparty/mail_tools/index.cgi?email=jane%2Bnews%40example.com",
        login.origin,
        login.token.as_str()
    );
    assert_eq!(location, expected);
    let target = resolve(&action.url, &location);
    let redirected = stand_in::fetch(&agent, &server, &login, &target, None);
    assert_eq!(redirected.status, 200, "{}", redirected.body);
    assert!(redirected.body.contains("value=\"jane+news@example.com\""));
}

#[test]
fn page_url_without_token_is_denied() {
    let (server, agent, login, page) = serve_page();
    for page_url in &page.urls {
        let stripped = without_token(&page_url.url, &login);
        let fetched = follow(&agent, &server, &login, page_url, &stripped);
        assert_eq!(
            fetched.status, 401,
            "{} {stripped}: {}",
            page_url.source, fetched.body
        );
    }
}

#[test]
fn page_url_with_doubled_token_is_not_found() {
    let (server, agent, login, page) = serve_page();
    for page_url in &page.urls {
        let doubled = with_doubled_token(&page_url.url, &login);
        let fetched = follow(&agent, &server, &login, page_url, &doubled);
        assert_eq!(
            fetched.status, 404,
            "{} {doubled}: {}",
            page_url.source, fetched.body
        );
    }
}
