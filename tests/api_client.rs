//! Runs the `api_client` example against the cpsrvd stand-in, and checks
//! that the server received, decoded, exactly the values that the example
//! meant to send, in a session whose token the example read from the login
//! reply.

mod support;

use std::process::{Command, Output};
use std::time::Duration;

use cpsrvd_stand_in::{Exchange, StandIn};

/// The maximum time that one run of the example may take.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

const CPANEL_USER: &str = "cpuser";
const CPANEL_PASSWORD: &str = "cp secret+1";
const WHM_USER: &str = "root";
const WHM_PASSWORD: &str = "whm&secret=2";

fn start() -> StandIn {
    StandIn::builder()
        .user(CPANEL_USER, CPANEL_PASSWORD)
        .user(WHM_USER, WHM_PASSWORD)
        .start()
        .expect("failed to start the stand-in")
}

/// Runs the example with exactly these environment variables, so that no
/// proxy variable of the test's environment reaches it.
fn run_client(variables: &[(&str, &str)], arguments: &[&str]) -> Output {
    let mut command = Command::new(support::example("api_client"));
    command
        .env_clear()
        .envs(variables.iter().copied())
        .args(arguments);
    support::examples::output_with_timeout(&mut command, RUN_TIMEOUT)
}

/// Runs the example against `server` for both services, logged in with
/// `cpanel_password` and the right WHM password.
fn run_both(server: &StandIn, cpanel_password: &str) -> Output {
    let origin = server.origin();
    run_client(
        &[
            ("CPANEL_USER", CPANEL_USER),
            ("CPANEL_PASSWORD", cpanel_password),
            ("WHM_USER", WHM_USER),
            ("WHM_PASSWORD", WHM_PASSWORD),
        ],
        &["--cpanel", &origin, "--whm", &origin],
    )
}

/// Returns the one exchange whose path is `path`, after the token.
fn exchange_at<'a>(exchanges: &'a [Exchange], path: &str) -> &'a Exchange {
    let matching: Vec<&Exchange> = exchanges
        .iter()
        .filter(|exchange| {
            let target = exchange.target.split('?').next().unwrap_or_default();
            target.starts_with("/cpsess") && target.ends_with(path)
        })
        .collect();
    assert_eq!(matching.len(), 1, "requests for {path}: {exchanges:#?}");
    matching[0]
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

#[test]
fn api_values_arrive_decoded() {
    let server = start();
    let output = run_both(&server, CPANEL_PASSWORD);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}\n{stdout}");
    let exchanges = server.exchanges();

    let uapi = exchange_at(&exchanges, "/execute/Email/verify_password");
    assert_eq!(uapi.status, 200);
    assert_eq!(uapi.user.as_deref(), Some(CPANEL_USER));
    assert_eq!(
        uapi.arguments,
        pairs(&[("email", "john+tag@example.com"), ("password", "p&ss")])
    );
    assert!(
        uapi.target.ends_with(
            "/execute/Email/verify_password?email=john%2Btag%40example.com&password=p%26ss"
        ),
        "{}",
        uapi.target
    );

    let whm = exchange_at(&exchanges, "/json-api/listaccts");
    assert_eq!(whm.status, 200);
    assert_eq!(whm.user.as_deref(), Some(WHM_USER));
    assert_eq!(
        whm.arguments,
        pairs(&[
            ("api.version", "1"),
            ("searchtype", "user"),
            ("search", "a b \u{fc}\u{20ac}\u{1f600}"),
        ])
    );
}

#[test]
fn api_replies_are_printed_without_tokens() {
    let server = start();
    let output = run_both(&server, CPANEL_PASSWORD);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}\n{stdout}");

    assert!(stdout.contains("\"john+tag@example.com\""), "{stdout}");
    assert!(stdout.contains("\"p&ss\""), "{stdout}");
    assert!(
        stdout.contains("\"a b \u{fc}\u{20ac}\u{1f600}\""),
        "{stdout}"
    );
    assert!(stdout.contains("\"command\": \"listaccts\""), "{stdout}");
    assert!(stdout.contains("/cpsess[redacted]/execute/"), "{stdout}");

    let exchanges = server.exchanges();
    for path in ["/execute/Email/verify_password", "/json-api/listaccts"] {
        let target = &exchange_at(&exchanges, path).target;
        let token = target.split('/').nth(1).expect("a token segment");
        assert!(!stdout.contains(token), "stdout shows {token}");
        assert!(!stderr.contains(token), "stderr shows {token}");
    }
}

#[test]
fn wrong_password_stops_before_calls() {
    let server = start();
    let output = run_both(&server, "wrong");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("failed to log in"), "{stderr}");
    assert!(stderr.contains("invalid_login"), "{stderr}");
    assert!(!stderr.contains("wrong"), "{stderr}");
    let calls = server
        .exchanges()
        .into_iter()
        .filter(|exchange| !exchange.target.starts_with("/login/"))
        .count();
    assert_eq!(calls, 0);
}

#[test]
fn missing_credentials_are_named() {
    let server = start();
    let origin = server.origin();
    let output = run_client(&[], &["--cpanel", &origin]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("CPANEL_USER is not set"), "{stderr}");
    assert!(server.exchanges().is_empty());
}

#[test]
fn no_service_is_usage_error() {
    let output = run_client(&[], &[]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("give --cpanel, --whm or both"), "{stderr}");
    assert!(stderr.contains("Usage: api_client"), "{stderr}");
}
