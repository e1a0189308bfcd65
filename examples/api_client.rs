//! A client of the cPanel and WHM APIs: it logs in with a user name and
//! password, reads the session's security token from the login reply, and
//! calls UAPI and WHM API 1 with values that must be percent-encoded.
//!
//! ```text
//! CPANEL_USER=cpuser CPANEL_PASSWORD='…' WHM_USER=root WHM_PASSWORD='…' \
//!     cargo run --example api_client -- \
//!     --cpanel https://server.example.com:2083 --whm https://server.example.com:2087
//! ```
//!
//! Either service can be left out. The functions it calls read and change
//! nothing: UAPI's `Email::verify_password` checks a password against an
//! email account, and WHM API 1's `listaccts` lists accounts.

use std::env;
use std::process::ExitCode;
use std::time::Duration;

use token_url::{Origin, SecurityToken, TokenUrl, cpurl};

const USAGE: &str = "\
Usage: api_client [--cpanel ORIGIN] [--whm ORIGIN]

Logs in to cPanel, WHM or both, and calls one API function in each.

Options:
  --cpanel ORIGIN   cPanel to log in to, such as https://server.example.com:2083;
                    the account is taken from CPANEL_USER and CPANEL_PASSWORD
  --whm ORIGIN      WHM to log in to, such as https://server.example.com:2087;
                    the account is taken from WHM_USER and WHM_PASSWORD
  --help            print this text
";

/// The maximum time that one request may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn main() -> ExitCode {
    let origins = match parse_arguments(env::args().skip(1)) {
        Ok(Some(origins)) => origins,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("api_client: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&origins) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("api_client: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(origins: &Origins) -> Result<(), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(REQUEST_TIMEOUT))
        // A redirect or an error status is reported as it is, not followed.
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();

    if let Some(origin) = &origins.cpanel {
        let session = log_in(&agent, origin, "CPANEL_USER", "CPANEL_PASSWORD")?;
        // Unencoded, `+` would arrive as a space and `&` would end the
        // password and start another argument.
        let email = "john+tag@example.com";
        let password = "p&ss";
        let url = cpurl!(
            token = &session.token,
            origin = &session.origin,
            "/execute/Email/verify_password?email=<email>&password=<password>"
        );
        call(&agent, &session, "UAPI Email::verify_password", &url)?;
    }

    if let Some(origin) = &origins.whm {
        let session = log_in(&agent, origin, "WHM_USER", "WHM_PASSWORD")?;
        // A space, non-ASCII letters and a character outside the Basic
        // Multilingual Plane, which is four bytes in UTF-8.
        let search = "a b ü€😀";
        let url = cpurl!(
            token = &session.token,
            origin = &session.origin,
            "/json-api/listaccts?api.version=1&searchtype=user&search=<search>"
        );
        call(&agent, &session, "WHM API 1 listaccts", &url)?;
    }
    Ok(())
}

/// A logged-in session of one service.
struct Session {
    origin: Origin,
    token: SecurityToken,
    /// The cookies of the login reply, as a `Cookie` header value.
    cookie: String,
}

/// Logs in with `POST /login/?login_only=1`, taking the user name and the
/// password from the environment variables named, and reads the token
/// from the `security_token` field of the JSON reply.
fn log_in(
    agent: &ureq::Agent,
    origin: &Origin,
    user_variable: &str,
    password_variable: &str,
) -> Result<Session, String> {
    let user = env::var(user_variable).map_err(|_| {
        format!("{user_variable} is not set; set it to the account to log in to {origin} as")
    })?;
    let password = env::var(password_variable)
        .map_err(|_| format!("{password_variable} is not set; set it to the password of {user}"))?;

    // The login itself carries no token: the session starts with it.
    let url = cpurl!(
        token = &SecurityToken::NONE,
        origin = origin,
        "/login/?login_only=1"
    );
    let mut response = agent
        .post(url.as_str())
        .send_form([("user", user.as_str()), ("pass", password.as_str())])
        .map_err(|error| format!("failed to log in to {origin}: {error}"))?;
    let status = response.status();
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .collect::<Vec<_>>()
        .join("; ");
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|error| format!("failed to read the login reply of {origin}: {error}"))?;
    if status != 200 {
        return Err(format!(
            "failed to log in to {origin} as {user}: HTTP {status}: {}",
            excerpt(&body)
        ));
    }

    let reply: serde_json::Value = serde_json::from_str(&body)
        .map_err(|error| format!("the login reply of {origin} is not JSON: {error}"))?;
    let token = reply["security_token"].as_str().ok_or_else(|| {
        format!("the login reply of {origin} has no security_token; check that it is cPanel or WHM")
    })?;
    let token = SecurityToken::parse(token)
        .map_err(|error| format!("the login reply of {origin} has an invalid token: {error}"))?;
    println!("logged in to {origin} as {user}");
    Ok(Session {
        origin: origin.clone(),
        token,
        cookie,
    })
}

/// Sends a GET request for `url` in the session and prints the JSON reply.
fn call(agent: &ureq::Agent, session: &Session, label: &str, url: &TokenUrl) -> Result<(), String> {
    // The redacted form hides the token's digits, which are a secret of
    // the session.
    println!("{label}: GET {}", url.redacted());
    let mut response = agent
        .get(url.as_str())
        .header("Cookie", &session.cookie)
        .call()
        .map_err(|error| format!("{label} failed: {error}"))?;
    let status = response.status();
    let body = response
        .body_mut()
        .read_to_string()
        .map_err(|error| format!("failed to read the reply of {label}: {error}"))?;
    if status != 200 {
        return Err(format!("{label} failed: HTTP {status}: {}", excerpt(&body)));
    }
    let reply: serde_json::Value = serde_json::from_str(&body)
        .map_err(|error| format!("the reply of {label} is not JSON: {error}"))?;
    let pretty = serde_json::to_string_pretty(&reply).expect("a JSON value serializes");
    println!("{pretty}");
    Ok(())
}

/// Returns the start of a reply body, on one line and with any security
/// token hidden, for an error message: a reply may echo the request's URL.
fn excerpt(body: &str) -> String {
    const MAX_CHARACTERS: usize = 200;
    let line: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = token_url::redact_tokens(&line).into_owned();
    match line.char_indices().nth(MAX_CHARACTERS) {
        Some((end, _)) => format!("{}…", &line[..end]),
        None => line,
    }
}

/// The services to log in to, from the command line.
struct Origins {
    cpanel: Option<Origin>,
    whm: Option<Origin>,
}

/// Parses the command line. Returns `None` for `--help`.
fn parse_arguments(mut arguments: impl Iterator<Item = String>) -> Result<Option<Origins>, String> {
    let (mut cpanel, mut whm) = (None, None);
    while let Some(argument) = arguments.next() {
        let slot = match argument.as_str() {
            "--help" | "-h" => return Ok(None),
            "--cpanel" => &mut cpanel,
            "--whm" => &mut whm,
            _ => return Err(format!("unknown argument {argument:?}")),
        };
        let value = arguments
            .next()
            .ok_or_else(|| format!("{argument} needs an origin, such as https://host:2083"))?;
        let origin = Origin::parse(&value).map_err(|error| error.to_string())?;
        *slot = Some(origin);
    }
    if cpanel.is_none() && whm.is_none() {
        return Err("give --cpanel, --whm or both".into());
    }
    Ok(Some(Origins { cpanel, whm }))
}
