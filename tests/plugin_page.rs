//! Runs the `plugin_page` example as cpsrvd would, and checks every URL in
//! its response.

mod support;

use std::process::{Command, Output, Stdio};

use url::Url;

use support::html::{ajax_paths, url_attributes};

const TOKEN: &str = "/cpsess0123456789";

/// Where the page is served from in these tests; relative URLs are resolved
/// against it, the way a browser does.
const PAGE: &str = "https://server.example.com:2083/cpsess0123456789/3rdparty/mail_tools/index.cgi";

/// The response of one run of the example.
struct Response {
    /// The header lines, without their line ends.
    headers: Vec<String>,
    body: String,
    stderr: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Runs the example with exactly these environment variables and `stdin`.
fn run(variables: &[(&str, &str)], stdin: &str) -> Response {
    let mut command = Command::new(support::example("plugin_page"));
    command
        .env_clear()
        .envs(variables.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("failed to start the example");
    {
        use std::io::Write as _;
        let mut input = child.stdin.take().expect("stdin is piped");
        input
            .write_all(stdin.as_bytes())
            .expect("failed to write stdin");
    }
    let Output {
        status,
        stdout,
        stderr,
    } = child
        .wait_with_output()
        .expect("failed to wait for the example");
    let stdout = String::from_utf8(stdout).expect("the response is UTF-8");
    let stderr = String::from_utf8(stderr).expect("the error output is UTF-8");
    assert!(status.success(), "the example failed: {status}\n{stderr}");

    let (head, body) = stdout
        .split_once("\r\n\r\n")
        .expect("the headers end with a blank line");
    Response {
        headers: head.split("\r\n").map(str::to_owned).collect(),
        body: body.to_owned(),
        stderr,
    }
}

/// Runs a GET request in the service on `port`, with `token` as
/// `cp_security_token` if given.
fn get(port: &str, token: Option<&str>) -> Response {
    let mut variables = vec![
        ("REQUEST_METHOD", "GET"),
        ("SERVER_PORT", port),
        ("REMOTE_USER", "cpuser"),
        ("QUERY_STRING", "email=john%2Btag%40example.com"),
    ];
    if let Some(token) = token {
        variables.push(("cp_security_token", token));
    }
    run(&variables, "")
}

/// as its first path segment and nowhere else, and stays on the page's host.
fn assert_token_first(url: &str, token: &str) {
    assert!(!url.starts_with("//"), "{url} starts with `//`");
    if url.starts_with('/') {
        assert!(
            url.starts_with(&format!("{token}/")),
            "{url} does not start with the token"
        );
    } else {
        let origin_end = url
            .find("://")
            .and_then(|scheme_end| url[scheme_end + 3..].find('/').map(|i| i + scheme_end + 3))
            .expect("an absolute URL has a path");
        assert!(
            url[origin_end..].starts_with(&format!("{token}/")),
            "{url} does not have the token right after the port"
        );
    }

    let resolved = Url::parse(PAGE).unwrap().join(url).unwrap();
    assert_eq!(resolved.host_str(), Some("server.example.com"), "{url}");
    assert!(
        !resolved.path().contains("//"),
        "{url} has an empty segment"
    );
    let segments: Vec<&str> = resolved.path_segments().unwrap().collect();
    assert_eq!(Some(segments[0]), token.strip_prefix('/'), "{url}");
    let tokens = segments
        .iter()
        .filter(|segment| segment.starts_with("cpsess"));
    assert_eq!(tokens.count(), 1, "{url} has more than one token");
}

#[test]
fn response_starts_with_html_header() {
    let response = get("2083", Some(TOKEN));
    assert_eq!(response.headers, ["Content-Type: text/html; charset=utf-8"]);
    assert!(response.body.starts_with("<!DOCTYPE html>\n"));
    assert!(response.body.ends_with("</html>\n"));
    assert_eq!(response.stderr, "");
}

#[test]
fn cpanel_page_urls_carry_token() {
    let response = get("2083", Some(TOKEN));
    let urls = url_attributes(&response.body);
    assert_eq!(urls.len(), 6, "{urls:#?}");
    for url in &urls {
        assert_token_first(url, TOKEN);
    }
    assert!(urls.iter().any(|url| url.contains("/execute/Email/")));
    assert!(urls.iter().any(|url| url.contains("/json-api/cpanel?")));
    assert!(urls.iter().any(|url| url.contains("/frontend/jupiter/")));
    assert!(urls.iter().any(|url| url.contains("/3rdparty/mail_tools/")));
}

#[test]
fn whm_page_urls_carry_token() {
    let response = get("2087", Some(TOKEN));
    let urls = url_attributes(&response.body);
    assert_eq!(urls.len(), 4, "{urls:#?}");
    for url in &urls {
        assert_token_first(url, TOKEN);
    }
    let whm_api = urls.iter().filter(|url| url.contains("?api.version=1"));
    assert_eq!(whm_api.count(), 2, "{urls:#?}");
    assert!(!urls.iter().any(|url| url.contains("/execute/")));
}

#[test]
fn ajax_paths_follow_bootstrap_token() {
    for port in ["2083", "2087"] {
        let response = get(port, Some(TOKEN));
        let bootstrap = format!("CPANEL.security_token = \"{TOKEN}\";");
        assert!(response.body.contains(&bootstrap), "port {port}");
        let paths = ajax_paths(&response.body);
        assert_eq!(paths.len(), 1, "port {port}");
        for path in paths {
            assert!(!path.contains("cpsess"), "{path} has a token of its own");
            assert_token_first(&format!("{TOKEN}{path}"), TOKEN);
        }
    }
}

#[test]
fn query_values_are_encoded_and_escaped() {
    let response = get("2083", Some(TOKEN));
    let expected = "/cpsess0123456789/execute/Email/get_client_settings\
                    ?account=john%2Btag%40example.com";
    assert!(
        url_attributes(&response.body)
            .iter()
            .any(|url| url == expected)
    );
    assert!(response.body.contains(
        "href=\"/cpsess0123456789/json-api/cpanel?cpanel_jsonapi_user=cpuser&amp;\
         cpanel_jsonapi_apiversion=2&amp;"
    ));
    assert!(response.body.contains("value=\"john+tag@example.com\""));
}

#[test]
fn page_without_token_has_none() {
    for port in ["2083", "2087"] {
        let response = get(port, None);
        assert!(!response.body.contains("cpsess"), "port {port}");
        assert!(response.body.contains("CPANEL.security_token = \"\";"));
        assert_eq!(response.stderr, "");
        for url in url_attributes(&response.body) {
            assert!(url.starts_with('/'), "{url}");
            assert!(!url.starts_with("//"), "{url}");
        }
        for path in ajax_paths(&response.body) {
            assert!(path.starts_with('/'), "{path}");
            assert!(!path.starts_with("//"), "{path}");
        }
    }
}

#[test]
fn empty_variable_means_no_token() {
    let response = get("2083", Some(""));
    assert!(!response.body.contains("cpsess"));
    assert_eq!(response.stderr, "");
}

#[test]
fn invalid_token_never_reaches_page() {
    // Each invalid value, and the part of it that the error output must not
    // repeat, because the value may be a secret.
    for (invalid, secret) in [
        ("/cpsess12/../x", Some("12/../x")),
        ("/cpsess12\"><script>alert(1)</script>", Some("<script>")),
        ("//cpsess12", Some("cpsess12")),
        (
            "/cpsess123456789012345678901",
            Some("123456789012345678901"),
        ),
        ("/token12", Some("token12")),
        ("cpsess", None),
    ] {
        let response = get("2083", Some(invalid));
        assert!(!response.body.contains("cpsess"), "{invalid:?}");
        assert!(!response.body.contains(invalid), "{invalid:?}");
        assert!(
            response.stderr.contains("invalid security token"),
            "{invalid:?}: {}",
            response.stderr
        );
        if let Some(secret) = secret {
            assert!(!response.stderr.contains(secret), "{invalid:?}");
        }
        for url in url_attributes(&response.body) {
            assert!(url.starts_with('/'), "{url}");
            assert!(!url.starts_with("//"), "{url}");
        }
    }
}

#[test]
fn hostile_request_values_stay_inert() {
    let response = run(
        &[
            ("cp_security_token", TOKEN),
            ("REMOTE_USER", "<script>alert(1)</script>"),
            // `"><b>x</b>@a/cpsess9//b?c#d`, percent-encoded as a browser sends it.
            (
                "QUERY_STRING",
                "email=%22%3E%3Cb%3Ex%3C%2Fb%3E%40a%2Fcpsess9%2F%2Fb%3Fc%23d",
            ),
        ],
        "",
    );
    assert!(!response.body.contains("<script>alert"));
    assert!(!response.body.contains("<b>"));
    assert!(
        response
            .body
            .contains("Mail tools for &lt;script&gt;alert(1)&lt;/script&gt;")
    );
    let urls = url_attributes(&response.body);
    assert_eq!(urls.len(), 6, "{urls:#?}");
    for url in &urls {
        assert_token_first(url, TOKEN);
    }
}

#[test]
fn post_redirects_with_token_after_port() {
    let body = "email=jane%2Bnews%40example.com";
    let length = body.len().to_string();
    let response = run(
        &[
            ("cp_security_token", TOKEN),
            ("REQUEST_METHOD", "POST"),
            ("CONTENT_LENGTH", &length),
            ("HTTP_HOST", "server.example.com:2083"),
            ("HTTPS", "on"),
        ],
        body,
    );
    assert_eq!(response.header("Status"), Some("303 See Other"));
    let location = response.header("Location").expect("a Location header");
    assert_eq!(
        location,
        "https://server.example.com:2083/cpsess0123456789/3rdparty/mail_tools/index.cgi\
         ?email=jane%2Bnews%40example.com"
    );
    assert_token_first(location, TOKEN);
    assert_eq!(url_attributes(&response.body), [location]);
}

#[test]
fn post_without_token_redirects_plainly() {
    let response = run(
        &[
            ("REQUEST_METHOD", "POST"),
            ("HTTP_HOST", "server.example.com:2083"),
        ],
        "",
    );
    assert_eq!(
        response.header("Location"),
        Some(
            "https://server.example.com:2083/3rdparty/mail_tools/index.cgi\
             ?email=john%2Btag%40example.com"
        )
    );
}

#[test]
fn post_with_invalid_host_is_rejected() {
    let response = run(
        &[
            ("cp_security_token", TOKEN),
            ("REQUEST_METHOD", "POST"),
            ("HTTP_HOST", "user@evil.example"),
        ],
        "",
    );
    assert_eq!(response.header("Status"), Some("400 Bad Request"));
    assert_eq!(response.header("Location"), None);
    assert!(!response.body.contains("cpsess"));
}

#[test]
fn html_parser_reads_attribute_forms() {
    let html = "<a HREF='/a?b=1&amp;c=2' title=\"x>y\">t</a><img src=/i.png>\
                <script>if (a < b) { x = '<a href=\"/no\">'; }</script><form action=\"/f\">";
    assert_eq!(url_attributes(html), ["/a?b=1&c=2", "/i.png", "/f"]);
}
