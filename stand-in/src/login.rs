//! The login routes: `/login/` with a user name and password, and the
//! one-step login URL of an existing session.

use serde_json::json;

use crate::http::{Reply, Request, decode_form, escape_html};
use crate::server::State;
use crate::session::{Session, set_cookie};

/// The landing page of a login that names no `goto_uri`, after the token.
const HOME: &str = "/frontend/jupiter/index.html?login=1";

/// Handles a request for `/login/`. `token` is the security token that the
/// request path started with, if any.
pub(crate) fn handle(state: &State, request: &Request, token: Option<&str>) -> Reply {
    let query = decode_form(request.query().as_bytes());
    if let Some(id) = value(&query, "session") {
        return session_url(state, token, id, value(&query, "goto_uri"));
    }
    match request.method.as_str() {
        "POST" => credentials(state, request, value(&query, "login_only") == Some("1")),
        "GET" | "HEAD" => login_form(200, value(&query, "goto_uri"), None),
        _ => Reply::page(
            405,
            "Method Not Allowed",
            "/login/ takes GET for the form and POST for the credentials",
        )
        .with_header("Allow", "GET, HEAD, POST".into()),
    }
}

/// Logs in with the `user` and `pass` fields of a form body. With
/// `login_only`, the reply is JSON, as cPanel's `/login/?login_only=1`
/// returns it to API clients; without, it is a redirect, as a browser gets.
fn credentials(state: &State, request: &Request, login_only: bool) -> Reply {
    let form = if request.has_form_body() {
        decode_form(&request.body)
    } else {
        Vec::new()
    };
    let user = value(&form, "user").unwrap_or("");
    let password = value(&form, "pass").unwrap_or("");
    let goto = value(&form, "goto_uri");
    let valid = state
        .config
        .users
        .iter()
        .any(|(name, secret)| name == user && secret == password);
    if !valid {
        log::warn!("login failed for user {user:?}");
        return if login_only {
            Reply::json(401, &json!({"status": 0, "message": "invalid_login"}))
        } else {
            login_form(401, goto, Some("The user name or password is invalid."))
        };
    }

    let session = state.sessions.create(user);
    log::info!("user {user:?} logged in");
    let landing = landing(&session, goto);
    let reply = if login_only {
        Reply::json(
            200,
            &json!({
                "status": 1,
                "security_token": session.token,
                "redirect": landing,
            }),
        )
    } else {
        Reply::redirect(302, &landing)
    };
    reply.with_header("Set-Cookie", set_cookie(&session))
}

/// Serves `/cpsess…/login/?session=…`, the URL that WHM API 1's
/// `create_user_session` returns: it sets the session cookie in the
/// browser that opens it and redirects into the session.
fn session_url(state: &State, token: Option<&str>, id: &str, goto: Option<&str>) -> Reply {
    let Some(session) = state.sessions.find(id) else {
        return Reply::page(
            401,
            "Access denied",
            "the session in the login URL is not valid; log in again",
        );
    };
    if token != Some(&session.token[1..]) {
        return Reply::page(
            401,
            "Token Denied",
            "a session login URL must carry the security token of its session",
        );
    }
    log::info!("user {:?} opened a session login URL", session.user);
    Reply::redirect(307, &landing(&session, goto)).with_header("Set-Cookie", set_cookie(&session))
}

/// Returns the token and the path that a login lands on: `goto` if it is a
/// local path, else the cPanel home page.
fn landing(session: &Session, goto: Option<&str>) -> String {
    let path = goto.filter(|path| is_local_path(path)).unwrap_or(HOME);
    format!("{}{path}", session.token)
}

/// Returns whether `path` is a path on this server that fits in a
/// `Location` header: it starts with one `/` and has only visible ASCII.
fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && path
            .bytes()
            .all(|byte| byte.is_ascii_graphic() && byte != b'\\')
}

/// Returns the login form, with `message` above it if given.
fn login_form(status: u16, goto: Option<&str>, message: Option<&str>) -> Reply {
    let message = message.map_or(String::new(), |text| {
        format!("<p role=\"alert\">{}</p>\n", escape_html(text))
    });
    let goto = escape_html(goto.unwrap_or(""));
    Reply::html(
        status,
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <title>Log in</title>\n</head>\n<body>\n<h1>Log in</h1>\n{message}\
             <form method=\"post\" action=\"/login/\">\n\
             <label>User <input name=\"user\" autocomplete=\"username\"></label>\n\
             <label>Password <input name=\"pass\" type=\"password\" \
             autocomplete=\"current-password\"></label>\n\
             <input type=\"hidden\" name=\"goto_uri\" value=\"{goto}\">\n\
             <button>Log in</button>\n</form>\n</body>\n</html>\n"
        ),
    )
}

/// Returns the value of the first pair named `key`.
fn value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_path_cases() {
        assert!(is_local_path("/3rdparty/mail_tools/index.cgi?email=a%40b"));
        assert!(!is_local_path("//evil.example/x"));
        assert!(!is_local_path("https://evil.example/"));
        assert!(!is_local_path("/a b"));
        assert!(!is_local_path("/\u{fc}"));
        assert!(!is_local_path("/a\r\nSet-Cookie: x=1"));
        assert!(!is_local_path("/\\evil.example"));
    }
}
