//! The server: configuration, the listening socket, the worker threads and
//! the exchange log.

use std::collections::HashMap;
use std::io::{self, Read};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::http::{Reply, Request};
use crate::rules;
use crate::session::Sessions;

/// The largest request body that is read; a larger one gets 413.
const MAX_BODY: u64 = 1024 * 1024;

/// How many requests are served at once. A browser opens several
/// connections, and a CGI program may run for seconds.
const WORKERS: usize = 4;

/// How often a waiting worker checks whether the server is stopping.
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// One request and what the server did with it, for tests to inspect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// The request method.
    pub method: String,
    /// The request target as sent: path and query, token included.
    pub target: String,
    /// The status code of the reply.
    pub status: u16,
    /// The decoded arguments of an API call (query string, then form
    /// body), in order; empty for other requests.
    pub arguments: Vec<(String, String)>,
    /// The account of the session the request carried a valid cookie of.
    pub user: Option<String>,
}

/// A file served under `/3rdparty/`.
pub(crate) struct StaticFile {
    pub(crate) content_type: String,
    pub(crate) contents: Vec<u8>,
}

/// The accounts, programs and files of a server, set by [`Builder`].
#[derive(Default)]
pub(crate) struct Config {
    /// User names and passwords that can log in.
    pub(crate) users: Vec<(String, String)>,
    /// CGI programs by their path under `/3rdparty/`.
    pub(crate) programs: HashMap<String, PathBuf>,
    /// Files by their path under `/3rdparty/`.
    pub(crate) files: HashMap<String, StaticFile>,
}

/// The state that the workers share.
pub(crate) struct State {
    pub(crate) config: Config,
    pub(crate) sessions: Sessions,
    /// The port the server listens on, for `SERVER_PORT`.
    pub(crate) port: u16,
    exchanges: Mutex<Vec<Exchange>>,
    stopping: AtomicBool,
}

/// Sets up a [`StandIn`].
#[derive(Default)]
#[must_use]
pub struct Builder {
    config: Config,
}

impl Builder {
    /// Adds an account that can log in with `password`.
    pub fn user(mut self, name: &str, password: &str) -> Builder {
        self.config
            .users
            .push((name.to_owned(), password.to_owned()));
        self
    }

    /// Serves the CGI program at `program` as `/3rdparty/<path>`, such as
    /// `mail_tools/index.cgi`.
    pub fn cgi(mut self, path: &str, program: impl Into<PathBuf>) -> Builder {
        self.config.programs.insert(path.to_owned(), program.into());
        self
    }

    /// Serves `contents` as `/3rdparty/<path>` with the given media type.
    pub fn file(mut self, path: &str, content_type: &str, contents: impl Into<Vec<u8>>) -> Builder {
        let file = StaticFile {
            content_type: content_type.to_owned(),
            contents: contents.into(),
        };
        self.config.files.insert(path.to_owned(), file);
        self
    }

    /// Starts the server on `127.0.0.1` and a port that the system
    /// chooses.
    ///
    /// # Errors
    ///
    /// Returns an error if the socket cannot be bound.
    pub fn start(self) -> io::Result<StandIn> {
        self.start_on(0)
    }

    /// Starts the server on `127.0.0.1:port`; port 0 lets the system
    /// choose.
    ///
    /// # Errors
    ///
    /// Returns an error if the socket cannot be bound.
    pub fn start_on(self, port: u16) -> io::Result<StandIn> {
        // Loopback only: the stand-in is for tests on this machine.
        let server = tiny_http::Server::http((Ipv4Addr::LOCALHOST, port)).map_err(|error| {
            io::Error::other(format!("failed to listen on 127.0.0.1:{port}: {error}"))
        })?;
        let address = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| io::Error::other("the server has no IP address"))?;
        let server = Arc::new(server);
        let state = Arc::new(State {
            config: self.config,
            sessions: Sessions::default(),
            port: address.port(),
            exchanges: Mutex::new(Vec::new()),
            stopping: AtomicBool::new(false),
        });

        let mut workers = Vec::with_capacity(WORKERS);
        for index in 0..WORKERS {
            let server = Arc::clone(&server);
            let state = Arc::clone(&state);
            let worker = thread::Builder::new()
                .name(format!("stand-in-{index}"))
                .spawn(move || serve(&server, &state))?;
            workers.push(worker);
        }
        log::info!("listening on http://{address}");
        Ok(StandIn {
            address,
            state,
            workers,
            _server: server,
        })
    }
}

/// A running stand-in for cpsrvd on `127.0.0.1`. It stops when dropped.
///
/// # Examples
///
/// ```
/// let server = cpsrvd_stand_in::StandIn::builder()
///     .user("cpuser", "secret")
///     .start()?;
/// assert!(server.origin().starts_with("http://127.0.0.1:"));
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct StandIn {
    address: SocketAddr,
    state: Arc<State>,
    workers: Vec<JoinHandle<()>>,
    /// Dropped after the workers stop, which closes the socket.
    _server: Arc<tiny_http::Server>,
}

impl StandIn {
    /// Returns a [`Builder`].
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Returns the origin that the server is reached at:
    /// `http://127.0.0.1:<port>`.
    #[must_use]
    pub fn origin(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Returns the address the server listens on.
    #[must_use]
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Returns every request served so far, oldest first.
    #[must_use]
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.state
            .exchanges
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.state.stopping.store(true, Ordering::Relaxed);
        for worker in self.workers.drain(..) {
            // A worker that panicked has logged nothing more to report.
            let _ = worker.join();
        }
        log::info!("stopped listening on http://{}", self.address);
    }
}

/// Serves requests until the server stops.
fn serve(server: &tiny_http::Server, state: &State) {
    while !state.stopping.load(Ordering::Relaxed) {
        match server.recv_timeout(POLL_INTERVAL) {
            Ok(Some(request)) => respond(state, request),
            Ok(None) => {}
            Err(error) => {
                log::error!("failed to receive a request, stopping this worker: {error}");
                return;
            }
        }
    }
}

/// Handles one request and sends the reply.
fn respond(state: &State, mut incoming: tiny_http::Request) {
    let mut body = Vec::new();
    let read = incoming
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_end(&mut body);
    let request = Request {
        method: incoming.method().to_string(),
        target: incoming.url().to_owned(),
        headers: incoming
            .headers()
            .iter()
            .map(|header| (header.field.to_string(), header.value.to_string()))
            .collect(),
        body,
        remote: incoming.remote_addr().copied(),
    };

    let outcome = match read {
        Err(error) => rules::Outcome::from(Reply::page(
            400,
            "Bad Request",
            &format!("failed to read the request body: {error}"),
        )),
        Ok(_) if request.body.len() as u64 > MAX_BODY => rules::Outcome::from(Reply::page(
            413,
            "Content Too Large",
            &format!("the request body is larger than {MAX_BODY} bytes"),
        )),
        Ok(_) => rules::handle(state, &request),
    };
    let status = outcome.reply.status;
    log::info!(
        "{} {} -> {status}",
        request.method,
        redact_tokens(request.path())
    );
    state
        .exchanges
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Exchange {
            method: request.method.clone(),
            target: request.target.clone(),
            status,
            arguments: outcome.arguments,
            user: outcome.user,
        });

    let reply = outcome.reply;
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    for (name, value) in &reply.headers {
        match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            Ok(header) => response.add_header(header),
            Err(()) => log::error!("dropped the header {name:?}, which is not valid ASCII"),
        }
    }
    if let Err(error) = incoming.respond(response) {
        log::warn!("failed to send the reply of {status}: {error}");
    }
}

/// Replaces the digits of every security token in `text`, so that logs
/// show where tokens were without giving them away.
fn redact_tokens(text: &str) -> String {
    let mut redacted = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("cpsess") {
        let after = &rest[start + "cpsess".len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        redacted.push_str(&rest[..start]);
        redacted.push_str("cpsess");
        if digits > 0 {
            redacted.push_str("[redacted]");
        }
        rest = &after[digits..];
    }
    redacted.push_str(rest);
    redacted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_tokens_hides_digits() {
        assert_eq!(
            redact_tokens("/cpsess0123456789/cpsess42/x/cpsess"),
            "/cpsess[redacted]/cpsess[redacted]/x/cpsess"
        );
        assert_eq!(redact_tokens("/execute/A/b"), "/execute/A/b");
    }
}
