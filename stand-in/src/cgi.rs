//! Runs a CGI program (RFC 3875) as cpsrvd runs a plugin under
//! `/3rdparty/`, and turns its output into a reply.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::http::{Reply, Request};
use crate::session::Session;

/// How long a program may run before it is killed.
const TIMEOUT: Duration = Duration::from_secs(10);

/// How often a running program is checked for its exit.
const POLL_INTERVAL: Duration = Duration::from_millis(5);

/// The most output that is read from a program; the rest is dropped.
const MAX_OUTPUT: u64 = 16 * 1024 * 1024;

/// One run of a CGI program.
pub(crate) struct Invocation<'a> {
    pub(crate) program: &'a Path,
    /// The path of the script without the token: `/3rdparty/app/x.cgi`.
    pub(crate) script_name: &'a str,
    pub(crate) request: &'a Request,
    pub(crate) session: &'a Session,
    pub(crate) server_port: u16,
}

/// Runs the program and returns its response, or a 5xx reply if it could
/// not run, timed out or printed an invalid response.
pub(crate) fn run(invocation: &Invocation<'_>) -> Reply {
    let program = invocation.program.display();
    match execute(invocation) {
        Ok(Output { stdout, stderr }) => {
            if !stderr.is_empty() {
                log::warn!(
                    "{program} wrote to stderr: {}",
                    String::from_utf8_lossy(&stderr).trim_end()
                );
            }
            parse_response(&stdout).unwrap_or_else(|reason| {
                log::error!("{program} printed an invalid CGI response: {reason}");
                Reply::page(
                    502,
                    "Bad Gateway",
                    &format!("the plugin printed an invalid CGI response: {reason}"),
                )
            })
        }
        Err(Failure::Start(error)) => {
            log::error!("failed to start {program}: {error}");
            Reply::page(
                500,
                "Internal Server Error",
                &format!("failed to start the plugin: {error}"),
            )
        }
        Err(Failure::TimedOut) => {
            log::error!("{program} timed out after {TIMEOUT:?} and was killed");
            Reply::page(
                504,
                "Gateway Timeout",
                &format!("the plugin did not finish within {TIMEOUT:?}"),
            )
        }
    }
}

struct Output {
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

enum Failure {
    Start(std::io::Error),
    TimedOut,
}

fn execute(invocation: &Invocation<'_>) -> Result<Output, Failure> {
    let mut command = Command::new(invocation.program);
    command
        .env_clear()
        .envs(environment(invocation))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // RFC 3875 section 7.2: the current directory is the script's.
    if let Some(directory) = invocation.program.parent() {
        command.current_dir(directory);
    }
    let mut child = command.spawn().map_err(Failure::Start)?;

    // The body goes in, and the output comes out, on threads of their own,
    // so that a program that writes before it reads cannot deadlock.
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let body = invocation.request.body.clone();
    let writer = thread::spawn(move || {
        // A program may exit without reading its input: that is no error.
        let _ = stdin.write_all(&body);
    });
    let stdout = read_on_thread(child.stdout.take().expect("stdout is piped"));
    let stderr = read_on_thread(child.stderr.take().expect("stderr is piped"));

    let finished = wait_with_timeout(&mut child);
    let _ = writer.join();
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if finished {
        Ok(Output { stdout, stderr })
    } else {
        Err(Failure::TimedOut)
    }
}

fn read_on_thread(stream: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut output = Vec::new();
        // A read error ends the output early; the response parser then
        // reports what is missing.
        let _ = stream.take(MAX_OUTPUT).read_to_end(&mut output);
        output
    })
}

/// Waits for the program to exit, and kills it at the timeout. Returns
/// whether it exited by itself.
fn wait_with_timeout(child: &mut Child) -> bool {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return true,
            Ok(None) if Instant::now() < deadline => thread::sleep(POLL_INTERVAL),
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
        }
    }
}

/// Returns the environment of the program: the meta-variables of
/// RFC 3875 section 4.1, `REQUEST_URI` as cpsrvd and Apache set it, the
/// request headers as `HTTP_*`, and `cp_security_token`.
fn environment(invocation: &Invocation<'_>) -> Vec<(String, String)> {
    let request = invocation.request;
    let mut variables: Vec<(String, String)> = vec![
        ("GATEWAY_INTERFACE".into(), "CGI/1.1".into()),
        ("SERVER_PROTOCOL".into(), "HTTP/1.1".into()),
        (
            "SERVER_SOFTWARE".into(),
            concat!("cpsrvd-stand-in/", env!("CARGO_PKG_VERSION")).into(),
        ),
        ("SERVER_NAME".into(), "127.0.0.1".into()),
        ("SERVER_PORT".into(), invocation.server_port.to_string()),
        ("REQUEST_METHOD".into(), request.method.clone()),
        ("REQUEST_URI".into(), request.target.clone()),
        ("SCRIPT_NAME".into(), invocation.script_name.into()),
        (
            "SCRIPT_FILENAME".into(),
            invocation.program.display().to_string(),
        ),
        ("QUERY_STRING".into(), request.query().into()),
        ("REMOTE_USER".into(), invocation.session.user.clone()),
        ("cp_security_token".into(), invocation.session.token.clone()),
        ("PATH".into(), "/usr/local/bin:/usr/bin:/bin".into()),
    ];
    if let Some(remote) = request.remote {
        variables.push(("REMOTE_ADDR".into(), remote.ip().to_string()));
        variables.push(("REMOTE_PORT".into(), remote.port().to_string()));
    }
    if !request.body.is_empty() || request.method == "POST" {
        variables.push(("CONTENT_LENGTH".into(), request.body.len().to_string()));
    }
    if let Some(content_type) = request.header("content-type") {
        variables.push(("CONTENT_TYPE".into(), content_type.into()));
    }
    for (name, value) in &request.headers {
        // RFC 3875 section 4.1.18 leaves out the headers that the variables
        // above carry and the credentials. `Proxy` is left out because
        // HTTP_PROXY would name a proxy for the program's own requests.
        let skip = ["content-type", "content-length", "authorization", "proxy"];
        if skip
            .iter()
            .any(|skipped| name.eq_ignore_ascii_case(skipped))
        {
            continue;
        }
        let variable = format!("HTTP_{}", name.to_ascii_uppercase().replace('-', "_"));
        match variables
            .iter_mut()
            .find(|(existing, _)| *existing == variable)
        {
            // RFC 3875 section 4.1.18: repeated headers join with commas.
            Some((_, joined)) => {
                joined.push_str(", ");
                joined.push_str(value);
            }
            None => variables.push((variable, value.clone())),
        }
    }
    variables
}

/// Parses a CGI response (RFC 3875 section 6): header lines ended by LF or
/// CRLF, a blank line, then the body.
///
/// `Status` sets the status code; `Location` without `Status` is a 302
/// redirect. A local redirect (`Location: /path` alone), which RFC 3875
/// has the server follow itself, is sent to the client as a 302 too.
fn parse_response(output: &[u8]) -> Result<Reply, String> {
    let (head, body) = split_head(output).ok_or("the header has no blank line after it")?;
    let head = std::str::from_utf8(head).map_err(|_| "the header is not UTF-8".to_owned())?;

    let mut status = None;
    let mut headers = Vec::new();
    for line in head.lines() {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("the header line {line:?} has no `:`"))?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || !name.bytes().all(|byte| byte.is_ascii_graphic()) {
            return Err(format!("the header name {name:?} is invalid"));
        }
        if !value
            .bytes()
            .all(|byte| byte == b' ' || byte.is_ascii_graphic())
        {
            return Err(format!(
                "the value of the header {name} is not visible ASCII"
            ));
        }
        if name.eq_ignore_ascii_case("status") {
            status = Some(parse_status(value)?);
        } else {
            headers.push((name.to_owned(), value.to_owned()));
        }
    }

    let has = |wanted: &str| {
        headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(wanted))
    };
    if !has("content-type") && !has("location") {
        return Err("there is neither a Content-Type nor a Location header".into());
    }
    let status = status.unwrap_or(if has("location") { 302 } else { 200 });
    Ok(Reply {
        status,
        headers,
        body: body.to_vec(),
    })
}

/// Splits the output at the first blank line, LF or CRLF.
fn split_head(output: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut line_start = 0;
    while line_start < output.len() {
        let line_end = output[line_start..]
            .iter()
            .position(|&byte| byte == b'\n')
            .map(|offset| line_start + offset)?;
        let line = &output[line_start..line_end];
        if line.is_empty() || line == b"\r" {
            return Some((&output[..line_start], &output[line_end + 1..]));
        }
        line_start = line_end + 1;
    }
    None
}

/// Parses the value of a `Status` header: a three-digit code and a reason.
fn parse_status(value: &str) -> Result<u16, String> {
    let code = value.split_whitespace().next().unwrap_or("");
    match code.parse() {
        Ok(status @ 100..=599) if code.len() == 3 => Ok(status),
        _ => Err(format!(
            "the Status header {value:?} has no valid status code"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
        reply
            .headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    #[test]
    fn document_response_with_crlf() {
        let reply = parse_response(b"Content-Type: text/html\r\n\r\n<p>hi</p>\n").unwrap();
        assert_eq!(reply.status, 200);
        assert_eq!(header(&reply, "content-type"), Some("text/html"));
        assert_eq!(reply.body, b"<p>hi</p>\n");
    }

    #[test]
    fn document_response_with_lf() {
        let reply = parse_response(b"Content-Type: text/plain\n\nbody\r\n\r\nmore").unwrap();
        assert_eq!(reply.status, 200);
        assert_eq!(reply.body, b"body\r\n\r\nmore");
    }

    #[test]
    fn status_and_location() {
        let reply = parse_response(
            b"Status: 303 See Other\r\nLocation: http://127.0.0.1:1/cpsess1/x\r\n\
              Content-Type: text/html\r\n\r\n",
        )
        .unwrap();
        assert_eq!(reply.status, 303);
        assert_eq!(
            header(&reply, "location"),
            Some("http://127.0.0.1:1/cpsess1/x")
        );
        assert_eq!(header(&reply, "status"), None);
    }

    #[test]
    fn location_alone_is_found() {
        let reply = parse_response(b"Location: /cpsess1/x\n\n").unwrap();
        assert_eq!(reply.status, 302);
    }

    #[test]
    fn invalid_responses_are_rejected() {
        for (output, reason) in [
            (&b"Content-Type: text/html\r\n"[..], "no blank line"),
            (b"<html>\r\n\r\n", "has no `:`"),
            (b"X-Other: 1\r\n\r\n", "neither a Content-Type"),
            (
                b"Status: abc\r\nContent-Type: a/b\r\n\r\n",
                "no valid status",
            ),
            (
                b"Status: 99\r\nContent-Type: a/b\r\n\r\n",
                "no valid status",
            ),
            (b"Location: /\xc3\xbc\r\n\r\n", "not visible ASCII"),
        ] {
            let error = parse_response(output).err().unwrap_or_default();
            assert!(error.contains(reason), "{output:?}: {error}");
        }
    }
}
