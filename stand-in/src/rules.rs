//! The security token rules, and the routes behind them.

use percent_encoding::percent_decode_str;

use crate::http::{Reply, Request};
use crate::server::State;
use crate::session::{Session, is_token_segment};
use crate::{api, cgi, login};

/// The result of handling one request: the reply, and what the exchange
/// log records about it.
pub(crate) struct Outcome {
    pub(crate) reply: Reply,
    /// The decoded arguments of an API call; empty for other requests.
    pub(crate) arguments: Vec<(String, String)>,
    /// The account of the session that the request was served in.
    pub(crate) user: Option<String>,
}

impl From<Reply> for Outcome {
    fn from(reply: Reply) -> Outcome {
        Outcome {
            reply,
            arguments: Vec::new(),
            user: None,
        }
    }
}

/// Handles one request.
pub(crate) fn handle(state: &State, request: &Request) -> Outcome {
    if !request.target.starts_with('/') {
        return Reply::page(
            400,
            "Bad Request",
            "the request target must be a path that starts with `/`",
        )
        .into();
    }
    let (token, document) = split_token(request.path());

    // The login routes are the only ones that need no session.
    if document == "/login" || document == "/login/" {
        return login::handle(state, request, token).into();
    }
    let Some(session) = state
        .sessions
        .find_by_cookie_header(request.header("cookie"))
    else {
        return Reply::page(
            401,
            "Access denied",
            "the request has no valid session cookie; log in first",
        )
        .into();
    };

    let reply = match token {
        None => Reply::page(
            401,
            "Token Denied",
            "the request has no security token as the first segment of its path",
        ),
        Some(token) if token != &session.token[1..] => Reply::page(
            401,
            "Token Denied",
            "the security token in the request is not the token of this session; log in again",
        ),
        Some(_) => {
            let mut outcome = route(state, request, &session, document);
            outcome.user = Some(session.user);
            return outcome;
        }
    };
    let mut outcome = Outcome::from(reply);
    outcome.user = Some(session.user);
    outcome
}

/// Splits a request path into its security token (without the slash), if
/// the first segment is one, and the document path after it.
///
/// Leading slashes collapse into one first, because cpsrvd serves
/// `https://host:2083//cpsess…/…` as if it had one slash. A second token
/// stays in the document path, where no route matches it.
fn split_token(path: &str) -> (Option<&str>, &str) {
    let relative = path.trim_start_matches('/');
    let document = &path[path.len() - relative.len() - 1..];
    let (first, rest) = match relative.find('/') {
        Some(end) => (&relative[..end], &relative[end..]),
        None => (relative, "/"),
    };
    if is_token_segment(first) {
        (Some(first), rest)
    } else {
        (None, document)
    }
}

/// Serves a document path in a session whose token the request carried.
fn route(state: &State, request: &Request, session: &Session, document: &str) -> Outcome {
    let segments: Vec<&str> = document[1..].split('/').collect();
    match segments.as_slice() {
        ["execute", module, function] if !module.is_empty() && !function.is_empty() => {
            api::uapi(request, &decode(module), &decode(function))
        }
        ["json-api", "cpanel"] => api::api2(request),
        ["json-api", function] if !function.is_empty() => api::whm(request, &decode(function)),
        ["3rdparty", rest @ ..] => third_party(state, request, session, &rest.join("/")).into(),
        ["frontend", _theme, page, ..] if !page.is_empty() => Reply::page(
            200,
            "cPanel",
            &format!("The stand-in serves this page of the cPanel interface: {document}"),
        )
        .into(),
        _ => not_found(document).into(),
    }
}

/// Serves `/3rdparty/<name>`: a CGI program or a file registered under
/// `name`.
fn third_party(state: &State, request: &Request, session: &Session, name: &str) -> Reply {
    if let Some(program) = state.config.programs.get(name) {
        let script_name = format!("/3rdparty/{name}");
        return cgi::run(&cgi::Invocation {
            program,
            script_name: &script_name,
            request,
            session,
            server_port: state.port,
        });
    }
    if let Some(file) = state.config.files.get(name) {
        return Reply {
            status: 200,
            headers: vec![("Content-Type".into(), file.content_type.clone())],
            body: file.contents.clone(),
        };
    }
    not_found(&format!("/3rdparty/{name}"))
}

fn not_found(document: &str) -> Reply {
    Reply::page(
        404,
        "Not Found",
        &format!("there is no document at {document}"),
    )
}

/// Decodes the percent escapes of a path segment.
fn decode(segment: &str) -> String {
    percent_decode_str(segment).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_token_cases() {
        for (path, token, document) in [
            (
                "/cpsess0123456789/execute/A/b",
                Some("cpsess0123456789"),
                "/execute/A/b",
            ),
            (
                "//cpsess0123456789/execute/A/b",
                Some("cpsess0123456789"),
                "/execute/A/b",
            ),
            ("/cpsess0123456789", Some("cpsess0123456789"), "/"),
            ("/cpsess0123456789/", Some("cpsess0123456789"), "/"),
            (
                "/cpsess1/cpsess1/execute/A/b",
                Some("cpsess1"),
                "/cpsess1/execute/A/b",
            ),
            ("/cpsess1//execute/A/b", Some("cpsess1"), "//execute/A/b"),
            ("/execute/A/b", None, "/execute/A/b"),
            ("//execute/A/b", None, "/execute/A/b"),
            ("/", None, "/"),
            ("/cpsess", None, "/cpsess"),
            ("/x/cpsess1/y", None, "/x/cpsess1/y"),
        ] {
            assert_eq!(split_token(path), (token, document), "path {path:?}");
        }
    }
}
