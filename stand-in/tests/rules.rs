//! Checks the stand-in's rules over a real socket.
//!
//! The requests are written by hand on a `TcpStream`, so that each request
//! target reaches the server exactly as written here, `//` and doubled
//! tokens included.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use cpsrvd_stand_in::StandIn;
use serde_json::Value;

const USER: &str = "cpuser";
const PASSWORD: &str = "p&ss word";

/// The folder of the CGI scripts of these tests.
const CGI: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cgi");

/// A reply as read from the socket.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("the body is JSON")
    }
}

/// Sends one request and reads the whole reply. `head` is the request
/// line and any headers, without the final blank line.
fn send(address: SocketAddr, head: &str, body: &str) -> Reply {
    let mut stream = TcpStream::connect(address).expect("failed to connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let request = format!(
        "{head}\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .expect("failed to read the reply");
    let raw = String::from_utf8(raw).expect("the reply is UTF-8");

    let (head, body) = raw.split_once("\r\n\r\n").expect("a complete reply");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("invalid status line {status_line:?}"));
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    Reply {
        status,
        headers,
        body: body.to_owned(),
    }
}

/// Sends a GET request for `target` with the session cookie, if given.
fn get(address: SocketAddr, target: &str, cookie: Option<&str>) -> Reply {
    let cookie = cookie.map_or(String::new(), |value| {
        format!("\r\nCookie: cpsession={value}")
    });
    send(address, &format!("GET {target} HTTP/1.1{cookie}"), "")
}

fn start() -> StandIn {
    StandIn::builder()
        .user(USER, PASSWORD)
        .cgi("tests/environment.cgi", format!("{CGI}/environment.cgi"))
        .cgi("tests/redirect.cgi", format!("{CGI}/redirect.cgi"))
        .cgi("tests/invalid.cgi", format!("{CGI}/invalid.cgi"))
        .cgi("tests/missing.cgi", format!("{CGI}/missing.cgi"))
        .file("tests/help.html", "text/html", "<p>Help</p>")
        .start()
        .expect("failed to start the stand-in")
}

/// A logged-in session: the cookie value and the token.
struct Session {
    cookie: String,
    token: String,
}

fn log_in(server: &StandIn) -> Session {
    let reply = send(
        server.address(),
        "POST /login/?login_only=1 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
        "user=cpuser&pass=p%26ss+word",
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let cookie = reply
        .header("set-cookie")
        .and_then(|value| value.strip_prefix("cpsession="))
        .and_then(|value| value.split(';').next())
        .expect("a cpsession cookie")
        .to_owned();
    let token = reply.json()["security_token"]
        .as_str()
        .expect("a security_token")
        .to_owned();
    Session { cookie, token }
}

#[test]
fn login_only_returns_token_and_cookie() {
    let server = start();
    let reply = send(
        server.address(),
        "POST /login/?login_only=1 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
        "user=cpuser&pass=p%26ss+word",
    );
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json"));
    let json = reply.json();
    assert_eq!(json["status"], 1);
    let token = json["security_token"].as_str().unwrap();
    let digits = token.strip_prefix("/cpsess").expect("a /cpsess token");
    assert_eq!(digits.len(), 10, "{token}");
    assert!(digits.bytes().all(|byte| byte.is_ascii_digit()), "{token}");
    let redirect = json["redirect"].as_str().unwrap();
    assert!(
        redirect.starts_with(&format!("{token}/frontend/")),
        "{redirect}"
    );
    let cookie = reply.header("set-cookie").unwrap();
    assert!(cookie.starts_with("cpsession="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
}

#[test]
fn login_only_rejects_wrong_password() {
    let server = start();
    for body in ["user=cpuser&pass=p&ss+word", "user=cpuser", ""] {
        let reply = send(
            server.address(),
            "POST /login/?login_only=1 HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
            body,
        );
        assert_eq!(reply.status, 401, "{body}");
        assert_eq!(reply.json()["status"], 0, "{body}");
        assert_eq!(reply.json()["message"], "invalid_login", "{body}");
        assert_eq!(reply.header("set-cookie"), None, "{body}");
    }
}

#[test]
fn each_login_gets_new_token() {
    let server = start();
    let first = log_in(&server);
    let second = log_in(&server);
    assert_ne!(first.token, second.token);
    assert_ne!(first.cookie, second.cookie);
}

#[test]
fn token_rules_for_api_path() {
    let server = start();
    let session = log_in(&server);
    let other = log_in(&server);
    let token = &session.token;
    for (target, status) in [
        (format!("{token}/execute/Email/list_pops"), 200),
        (format!("/{token}/execute/Email/list_pops"), 200),
        (format!("//{token}/execute/Email/list_pops"), 200),
        ("/execute/Email/list_pops".to_owned(), 401),
        (format!("{}/execute/Email/list_pops", other.token), 401),
        ("/cpsess9999999999/execute/Email/list_pops".to_owned(), 401),
        (format!("{token}{token}/execute/Email/list_pops"), 404),
        (format!("/x{token}/execute/Email/list_pops"), 401),
        (format!("{token}//execute/Email/list_pops"), 404),
        (format!("{token}/execute/Email/list_pops/"), 404),
        (format!("{token}/execute/Email"), 404),
        (format!("{token}/json-api/listaccts"), 200),
        (format!("{token}/json-api/listaccts/"), 404),
        (format!("{token}/xml-api/listaccts"), 404),
        (format!("{token}/frontend/jupiter/index.html"), 200),
        (format!("{token}/3rdparty/tests/help.html"), 200),
        (format!("{token}/3rdparty/tests/none.html"), 404),
        (token.clone(), 404),
    ] {
        let reply = get(server.address(), &target, Some(&session.cookie));
        assert_eq!(reply.status, status, "{target}: {}", reply.body);
    }
}

#[test]
fn token_without_cookie_is_denied() {
    let server = start();
    let session = log_in(&server);
    for cookie in [None, Some("0123456789abcdef")] {
        let target = format!("{}/execute/Email/list_pops", session.token);
        let reply = get(server.address(), &target, cookie);
        assert_eq!(reply.status, 401, "{cookie:?}");
    }
}

#[test]
fn denied_requests_are_logged() {
    let server = start();
    let session = log_in(&server);
    get(
        server.address(),
        "/execute/Email/list_pops",
        Some(&session.cookie),
    );
    let exchanges = server.exchanges();
    let last = exchanges.last().unwrap();
    assert_eq!(last.target, "/execute/Email/list_pops");
    assert_eq!(last.status, 401);
    assert_eq!(last.user.as_deref(), Some(USER));
    assert_eq!(exchanges[0].method, "POST");
    assert_eq!(exchanges[0].status, 200);
}

#[test]
fn uapi_arguments_are_decoded() {
    let server = start();
    let session = log_in(&server);
    let target = format!(
        "{}/execute/Email/verify_password?email=john%2Btag%40example.com\
         &password=p%26ss&raw=john+tag&text=a%20b%20%C3%BC%E2%82%AC%F0%9F%98%80&list=1&list=2",
        session.token
    );
    let reply = get(server.address(), &target, Some(&session.cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);

    let json = reply.json();
    assert_eq!(json["status"], 1);
    assert_eq!(json["errors"], Value::Null);
    assert_eq!(json["data"]["module"], "Email");
    assert_eq!(json["data"]["function"], "verify_password");
    let expected = [
        ("email", "john+tag@example.com"),
        ("password", "p&ss"),
        ("raw", "john tag"),
        ("text", "a b \u{fc}\u{20ac}\u{1f600}"),
        ("list", "1"),
        ("list", "2"),
    ];
    assert_eq!(
        json["data"]["arguments"],
        serde_json::json!(expected.map(|(key, value)| [key, value]))
    );

    let exchanges = server.exchanges();
    let logged: Vec<(&str, &str)> = exchanges
        .last()
        .unwrap()
        .arguments
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    assert_eq!(logged, expected);
}

#[test]
fn form_body_follows_query() {
    let server = start();
    let session = log_in(&server);
    let head = format!(
        "POST {}/json-api/listaccts?api.version=1 HTTP/1.1\r\nCookie: cpsession={}\r\n\
         Content-Type: application/x-www-form-urlencoded",
        session.token, session.cookie
    );
    let reply = send(server.address(), &head, "search=a+b&searchtype=user");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["metadata"]["command"], "listaccts");
    assert_eq!(json["metadata"]["result"], 1);
    assert_eq!(
        json["data"]["arguments"],
        serde_json::json!([
            ["api.version", "1"],
            ["search", "a b"],
            ["searchtype", "user"]
        ])
    );
}

#[test]
fn api2_reply_names_module_and_function() {
    let server = start();
    let session = log_in(&server);
    let target = format!(
        "{}/json-api/cpanel?cpanel_jsonapi_user=cpuser&cpanel_jsonapi_apiversion=2\
         &cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpopswithdisk&domain=example.com",
        session.token
    );
    let reply = get(server.address(), &target, Some(&session.cookie));
    assert_eq!(reply.status, 200, "{}", reply.body);
    let result = &reply.json()["cpanelresult"];
    assert_eq!(result["module"], "Email");
    assert_eq!(result["func"], "listpopswithdisk");
    assert_eq!(result["data"][0]["arguments"][4][1], "example.com");
}

#[test]
fn session_login_url_sets_cookie() {
    let server = start();
    let session = log_in(&server);
    let target = format!(
        "{}/login/?session={}&goto_uri=%2F3rdparty%2Ftests%2Fhelp.html",
        session.token, session.cookie
    );
    let reply = get(server.address(), &target, None);
    assert_eq!(reply.status, 307, "{}", reply.body);
    assert_eq!(
        reply.header("location"),
        Some(format!("{}/3rdparty/tests/help.html", session.token).as_str())
    );
    assert!(
        reply
            .header("set-cookie")
            .unwrap()
            .starts_with(&format!("cpsession={};", session.cookie))
    );
}

#[test]
fn session_login_url_needs_its_token() {
    let server = start();
    let session = log_in(&server);
    let other = log_in(&server);
    for target in [
        format!("/login/?session={}", session.cookie),
        format!("{}/login/?session={}", other.token, session.cookie),
        format!("{}/login/?session=unknown", session.token),
    ] {
        let reply = get(server.address(), &target, None);
        assert_eq!(reply.status, 401, "{target}");
        assert_eq!(reply.header("set-cookie"), None, "{target}");
    }
}

#[test]
fn browser_login_redirects_to_goto() {
    let server = start();
    let reply = send(
        server.address(),
        "POST /login/ HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
        "user=cpuser&pass=p%26ss+word&goto_uri=%2F3rdparty%2Ftests%2Fhelp.html",
    );
    assert_eq!(reply.status, 302, "{}", reply.body);
    let location = reply.header("location").unwrap();
    assert!(location.starts_with("/cpsess"), "{location}");
    assert!(
        location.ends_with("/3rdparty/tests/help.html"),
        "{location}"
    );

    let form = get(server.address(), "/login/?goto_uri=/x%22y", None);
    assert_eq!(form.status, 200);
    assert!(form.body.contains("name=\"goto_uri\" value=\"/x&quot;y\""));
}

#[test]
fn cgi_gets_request_environment() {
    let server = start();
    let session = log_in(&server);
    let target = format!(
        "{}/3rdparty/tests/environment.cgi?email=john%2Btag%40example.com",
        session.token
    );
    let head = format!(
        "POST {target} HTTP/1.1\r\nCookie: cpsession={}\r\nX-Test: 1\r\nProxy: http://proxy.invalid\r\n\
         Content-Type: application/x-www-form-urlencoded",
        session.cookie
    );
    let reply = send(server.address(), &head, "email=jane%40example.com");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("x-plugin"), Some("environment"));
    assert_eq!(
        reply.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    let port = server.address().port();
    for line in [
        format!("cp_security_token={}", session.token),
        "REQUEST_METHOD=POST".to_owned(),
        format!("REQUEST_URI={target}"),
        "SCRIPT_NAME=/3rdparty/tests/environment.cgi".to_owned(),
        "QUERY_STRING=email=john%2Btag%40example.com".to_owned(),
        format!("REMOTE_USER={USER}"),
        "REMOTE_ADDR=127.0.0.1".to_owned(),
        "SERVER_NAME=127.0.0.1".to_owned(),
        format!("SERVER_PORT={port}"),
        format!("HTTP_HOST=127.0.0.1:{port}"),
        format!("HTTP_COOKIE=cpsession={}", session.cookie),
        "HTTP_PROXY=unset".to_owned(),
        "HTTP_X_TEST=1".to_owned(),
        "CONTENT_LENGTH=24".to_owned(),
        "CONTENT_TYPE=application/x-www-form-urlencoded".to_owned(),
        "GATEWAY_INTERFACE=CGI/1.1".to_owned(),
        format!("directory={CGI}"),
        "body=email=jane%40example.com".to_owned(),
    ] {
        assert!(
            reply.body.lines().any(|printed| printed == line),
            "missing {line:?} in\n{}",
            reply.body
        );
    }
}

#[test]
fn cgi_status_and_location_pass_through() {
    let server = start();
    let session = log_in(&server);
    let target = format!("{}/3rdparty/tests/redirect.cgi", session.token);
    let reply = get(server.address(), &target, Some(&session.cookie));
    assert_eq!(reply.status, 303);
    assert_eq!(
        reply.header("location"),
        Some(format!("{}/3rdparty/tests/environment.cgi", session.token).as_str())
    );
}

#[test]
fn cgi_failures_are_server_errors() {
    let server = start();
    let session = log_in(&server);
    for (script, status) in [("invalid.cgi", 502), ("missing.cgi", 500)] {
        let target = format!("{}/3rdparty/tests/{script}", session.token);
        let reply = get(server.address(), &target, Some(&session.cookie));
        assert_eq!(reply.status, status, "{script}: {}", reply.body);
    }
}

#[test]
fn cgi_needs_token_too() {
    let server = start();
    let session = log_in(&server);
    let reply = get(
        server.address(),
        "/3rdparty/tests/environment.cgi",
        Some(&session.cookie),
    );
    assert_eq!(reply.status, 401);
    assert!(!reply.body.contains("cp_security_token"));
}

#[test]
fn absolute_form_target_is_rejected() {
    let server = start();
    let target = format!("http://{}/login/", server.address());
    let reply = get(server.address(), &target, None);
    assert_eq!(reply.status, 400);
}
