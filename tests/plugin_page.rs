//! Runs the `plugin_page` example as cpsrvd would, and checks every URL in
//! its response.
//!
//! The test runs the real program instead of calling its functions, because
//! what it checks starts in the process environment: the runtime reads
//! `cp_security_token` once per process, and setting a variable in this
//! process would need `unsafe` (`std::env::set_var`). Cargo sets
//! `CARGO_BIN_EXE_<name>` only for `[[bin]]` targets, not for examples, so
//! [`example`] builds the example with the cargo that runs this test and
//! takes the binary's path from cargo's JSON messages. Cargo releases its
//! lock on the target directory before it runs tests, so the build does not
//! wait on the outer one, and it rebuilds only what changed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use url::Url;

const TOKEN: &str = "/cpsess0123456789";

/// Where the page is served from in these tests; relative URLs are resolved
/// against it, the way a browser does.
const PAGE: &str = "https://server.example.com:2083/cpsess0123456789/3rdparty/mail_tools/index.cgi";

/// Returns the path of the example's binary, building it on first use.
fn example() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let output = Command::new(env!("CARGO"))
            .args(["build", "--example", "plugin_page", "--message-format=json"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::inherit())
            .output()
            .expect("failed to run cargo");
        assert!(
            output.status.success(),
            "cargo build --example plugin_page failed"
        );
        let messages = String::from_utf8(output.stdout).expect("cargo's messages are UTF-8");
        messages
            .lines()
            .filter(|line| line.contains(r#""name":"plugin_page""#))
            .find_map(|line| json_string_field(line, "executable"))
            .map(PathBuf::from)
            .expect("cargo's messages name no executable for the example")
    })
}

/// Returns the string value of `"field":"…"` in one line of JSON. Only the
/// escapes `\"`, `\\` and `\/` are decoded, and a value with any other
/// escape is rejected rather than misread.
fn json_string_field(json: &str, field: &str) -> Option<String> {
    let start = json.find(&format!("\"{field}\":\""))? + field.len() + 4;
    let mut value = String::new();
    let mut characters = json[start..].chars();
    while let Some(character) = characters.next() {
        match character {
            '"' => return Some(value),
            '\\' => match characters.next()? {
                escaped @ ('"' | '\\' | '/') => value.push(escaped),
                _ => return None,
            },
            _ => value.push(character),
        }
    }
    None
}

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
    let mut command = Command::new(example());
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

/// Decodes the character references that the example writes.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Returns the values of every `href`, `action` and `src` attribute, with
/// character references decoded, in page order. Tags are read as HTML reads
/// them: attribute values quoted with `"` or `'`, or unquoted; the text of a
/// `<script>` element is skipped, because it contains no tags.
fn url_attributes(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[(end + 1).min(rest.len())..];
        let mut parts = tag.splitn(2, |c: char| c.is_ascii_whitespace());
        let name = parts.next().unwrap_or_default().to_ascii_lowercase();
        for (attribute, value) in attributes(parts.next().unwrap_or_default()) {
            if matches!(attribute.as_str(), "href" | "action" | "src") {
                urls.push(unescape(&value));
            }
        }
        if name == "script" {
            let close = rest.find("</script").unwrap_or(rest.len());
            rest = &rest[close..];
        }
    }
    urls
}

/// Returns the index of the `>` that ends a tag, skipping quoted values.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (index, character) in tag.char_indices() {
        match (quote, character) {
            (None, '"' | '\'') => quote = Some(character),
            (Some(open), _) if character == open => quote = None,
            (None, '>') => return index,
            _ => {}
        }
    }
    tag.len()
}

/// Splits the attributes of a tag into lowercase names and raw values.
fn attributes(mut text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if text.is_empty() {
            return found;
        }
        let name_end = text
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(text.len());
        let name = text[..name_end].to_ascii_lowercase();
        text = text[name_end..].trim_start();
        let Some(after_equals) = text.strip_prefix('=') else {
            found.push((name, String::new()));
            continue;
        };
        text = after_equals.trim_start();
        let (value, rest) = if let Some(quote @ ('"' | '\'')) = text.chars().next() {
            let close = text[1..].find(quote).map_or(text.len(), |index| index + 1);
            (&text[1..close], &text[(close + 1).min(text.len())..])
        } else {
            let end = text
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(text.len());
            (&text[..end], &text[end..])
        };
        found.push((name, value.to_owned()));
        text = rest;
    }
}

/// Returns the paths that page scripts append to `CPANEL.security_token`.
fn ajax_paths(html: &str) -> Vec<String> {
    let marker = "CPANEL.security_token + ";
    html.match_indices(marker)
        .map(|(index, _)| {
            let literal = &html[index + marker.len()..];
            let quote = literal.chars().next().expect("a string literal follows");
            assert!(
                matches!(quote, '"' | '\''),
                "not a string literal: {literal:.40}"
            );
            let end = literal[1..].find(quote).expect("the literal is closed") + 1;
            literal[1..end].to_owned()
        })
        .collect()
}

/// Checks that `url`, as the browser resolves it on the page, has `token`
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
