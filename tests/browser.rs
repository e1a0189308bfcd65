//! Loads the plugin page from the cpsrvd stand-in in headless Chromium, and
//! reads what the page's script got from its AJAX call.
//!
//! The test logs in as an API client does, then opens the session's login
//! URL (`/cpsess…/login/?session=…`) in Chromium, which sets the session
//! cookie and redirects to the plugin page. The page's script calls
//! `fetch(CPANEL.security_token + "/execute/Email/list_pops")` and writes
//! the reply and its status into `<pre id="reply">`; Chromium prints the
//! DOM after the script has run (`--dump-dom` with a virtual time budget).
//!
//! A second test serves a check page beside the plugin page. It loads the
//! plugin page in a frame and requests every link and form action of it,
//! as the browser resolved them, with the session cookie.
//!
//! Chromium is Debian's `chromium` package, at `/usr/bin/chromium` unless
//! the `CHROMIUM` environment variable names another binary. Without it the
//! test is skipped with a message, except in CI (`CI` set), where it fails.

mod support;

use std::env;
use std::fmt::Write as _;
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use cpsrvd_stand_in::StandIn;
use url::Url;

use support::html::{tags, unescape};
use support::stand_in::{self, Login};

/// Where Debian's `chromium` package installs the browser.
const CHROMIUM: &str = "/usr/bin/chromium";

/// The maximum time that one run of Chromium may take.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// How long the page may run, in Chromium's virtual time, before the DOM
/// is printed. Virtual time does not advance while a request is pending,
/// so this bounds timers on the page, and [`RUN_TIMEOUT`] bounds the run.
const VIRTUAL_TIME_BUDGET_MS: u32 = 10_000;

/// Returns the Chromium binary, or `None` with a printed reason when it is
/// missing outside CI.
///
/// # Panics
///
/// Panics when it is missing in CI, where the browser test must run.
fn chromium() -> Option<PathBuf> {
    let path = env::var_os("CHROMIUM").map_or_else(|| PathBuf::from(CHROMIUM), PathBuf::from);
    if path.is_file() {
        return Some(path);
    }
    let install = "install Debian's chromium package (apt-get install chromium), \
                   or set CHROMIUM to the browser's path";
    assert!(
        env::var_os("CI").is_none(),
        "{} is missing, and CI must run the browser test: {install}",
        path.display()
    );
    eprintln!(
        "skipping the browser test: {} is missing; {install}",
        path.display()
    );
    None
}

/// Loads `url` in headless Chromium with a new, empty profile and returns
/// the DOM after the page's scripts have run.
///
/// Every flag keeps Chromium to the one loopback URL: no background
/// networking, component or extension updates, sync, proxy or QUIC, and
/// every host name other than `127.0.0.1` resolves to nothing.
fn dump_dom(chromium: &Path, url: &Url) -> String {
    let profile = new_profile_dir();
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-domain-reliability",
            "--disable-client-side-phishing-detection",
            "--disable-breakpad",
            "--metrics-recording-only",
            "--no-pings",
            "--disable-features=Translate,OptimizationHints,MediaRouter,\
             DialMediaRouteProvider,AutofillServerCommunication,\
             CertificateTransparencyComponentUpdater",
            "--disable-quic",
            "--no-proxy-server",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            "--password-store=basic",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--virtual-time-budget={VIRTUAL_TIME_BUDGET_MS}"))
        .arg("--dump-dom")
        .arg(url.as_str())
        // Caches and settings outside the profile go to the same folder.
        .env("HOME", &profile)
        .env("XDG_CONFIG_HOME", &profile)
        .env("XDG_CACHE_HOME", &profile);
    if running_as_root() {
        // Chromium's sandbox refuses to start as root, as CI runs. The
        // browser loads only the stand-in's page on loopback.
        command.arg("--no-sandbox");
    }

    let output = support::examples::output_with_timeout(&mut command, RUN_TIMEOUT);
    // The profile is scratch space; a failure to remove it leaves only a
    // folder under the target directory.
    let _ = std::fs::remove_dir_all(&profile);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "Chromium failed: {}\n{stderr}",
        output.status
    );
    String::from_utf8(output.stdout).expect("the DOM is UTF-8")
}

/// Returns a new empty folder for a Chromium profile, under the target
/// directory.
fn new_profile_dir() -> PathBuf {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let name = format!(
        "chromium-profile-{}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    );
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).expect("failed to create the Chromium profile folder");
    path
}

/// Returns whether this process runs as root: `/proc/self` belongs to the
/// process's effective user.
fn running_as_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|metadata| metadata.uid() == 0)
}

/// Returns the URL that logs a browser in to `login`'s session and lands
/// on `path`: the URL that WHM API 1's `create_user_session` returns.
fn session_url(login: &Login, path: &str) -> Url {
    let login_path = format!("/login/?session={}&goto_uri={path}", login.session_id());
    stand_in::session_path(login, &login_path)
}

/// The `#reply` element that the page's script fills.
struct ScriptReply {
    /// Its `data-status`: the HTTP status, or `failed`.
    status: String,
    /// Its text, decoded.
    text: String,
}

/// Returns the `<pre id="reply">` element of a DOM as Chromium prints it.
fn script_reply(dom: &str) -> Option<ScriptReply> {
    let start = dom.find("<pre id=\"reply\"")?;
    let tag_end = start + dom[start..].find('>')?;
    let tag = &dom[start..tag_end];
    let status = tag
        .split_once("data-status=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or(String::new(), |(status, _)| status.to_owned());
    let text_end = tag_end + dom[tag_end..].find("</pre>")?;
    Some(ScriptReply {
        status,
        text: unescape(&dom[tag_end + 1..text_end]),
    })
}

/// Formats the stand-in's exchanges for a failure message.
fn exchanges(server: &StandIn) -> String {
    let mut lines = String::new();
    for exchange in server.exchanges() {
        // Writing to a `String` cannot fail.
        let _ = writeln!(
            lines,
            "{} {} -> {}",
            exchange.method, exchange.target, exchange.status
        );
    }
    lines
}

#[test]
fn page_script_calls_api_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let server = stand_in::plugin_server();
    let agent = stand_in::agent();
    let login = stand_in::log_in(&agent, &server);

    let url = session_url(&login, "/3rdparty/mail_tools/index.cgi");
    let dom = dump_dom(&chromium, &url);
    assert!(
        dom.contains("<h1>Mail tools for cpuser</h1>"),
        "the plugin page did not load\n{}\n{dom}",
        exchanges(&server)
    );
    let reply = script_reply(&dom).expect("the page has #reply");
    assert_eq!(
        reply.status,
        "200",
        "{}\n{}",
        reply.text,
        exchanges(&server)
    );

    let json: serde_json::Value = serde_json::from_str(&reply.text).expect("the reply is JSON");
    assert_eq!(json["status"], 1);
    assert_eq!(json["data"]["module"], "Email");
    assert_eq!(json["data"]["function"], "list_pops");

    let ajax_target = format!("{}/execute/Email/list_pops", login.token.as_str());
    let all_exchanges = server.exchanges();
    let ajax = all_exchanges
        .iter()
        .find(|exchange| exchange.target == ajax_target)
        .expect("Chromium sent the AJAX request");
    assert_eq!(ajax.status, 200);
    assert_eq!(ajax.user.as_deref(), Some(stand_in::USER));
}

#[test]
fn page_links_work_in_chromium() {
    let Some(chromium) = chromium() else {
        return;
    };
    let server = stand_in::plugin_server_builder()
        .file(
            "mail_tools/page_check.html",
            "text/html; charset=utf-8",
            include_str!("support/page_check.html"),
        )
        .start()
        .expect("failed to start the stand-in");
    let agent = stand_in::agent();
    let login = stand_in::log_in(&agent, &server);

    let url = session_url(&login, "/3rdparty/mail_tools/page_check.html");
    let dom = dump_dom(&chromium, &url);
    let tags = tags(&dom);
    let results = tags
        .iter()
        .find(|tag| tag.attribute("id") == Some("results"))
        .expect("the check page has #results");
    assert_eq!(
        results.attribute("data-done"),
        Some("true"),
        "the check did not finish\n{}\n{dom}",
        exchanges(&server)
    );

    let checked: Vec<(&str, &str, &str)> = tags
        .iter()
        .filter(|tag| tag.name == "li")
        .map(|tag| {
            (
                tag.attribute("data-kind").unwrap_or_default(),
                tag.attribute("data-url").unwrap_or_default(),
                tag.attribute("data-status").unwrap_or_default(),
            )
        })
        .collect();
    let kinds: Vec<&str> = checked.iter().map(|(kind, _, _)| *kind).collect();
    assert_eq!(kinds, ["href", "href", "href", "href", "href", "action"]);
    for (kind, url, status) in &checked {
        assert_eq!(
            *status,
            "200",
            "{kind} {url}\n{checked:#?}\n{}",
            exchanges(&server)
        );
    }
}

#[test]
fn script_without_token_is_denied_in_chromium() {
    // A control for the test above: the same call from a page whose
    // script leaves out the token gets 401 in the browser, so a page that
    // lost its token cannot pass it.
    let Some(chromium) = chromium() else {
        return;
    };
    let page = "<!DOCTYPE html>\n<pre id=\"reply\"></pre>\n<script>\n\
                const reply = document.getElementById(\"reply\");\n\
                fetch(\"/execute/Email/list_pops\").then((response) => {\n\
                reply.dataset.status = response.status;\n\
                return response.text();\n\
                }).then((text) => { reply.textContent = text; });\n\
                </script>\n";
    let server = StandIn::builder()
        .user(stand_in::USER, stand_in::PASSWORD)
        .file("tests/no_token.html", "text/html; charset=utf-8", page)
        .start()
        .expect("failed to start the stand-in");
    let agent = stand_in::agent();
    let login = stand_in::log_in(&agent, &server);

    let dom = dump_dom(
        &chromium,
        &session_url(&login, "/3rdparty/tests/no_token.html"),
    );
    let reply = script_reply(&dom).expect("the page has #reply");
    assert_eq!(
        reply.status,
        "401",
        "{}\n{}",
        reply.text,
        exchanges(&server)
    );
    assert!(reply.text.contains("Token Denied"), "{}", reply.text);
}
