//! A cPanel plugin page: a CGI program that cpsrvd, the web server of
//! cPanel & WHM, runs for each request.
//!
//! cpsrvd passes the session's security token in the `cp_security_token`
//! environment variable and the request in the standard CGI variables. The
//! program prints a CGI response on stdout: header lines, a blank line, then
//! an HTML page in which every link, form action, redirect and AJAX URL has
//! the token as its first path segment. Without the variable, as when
//! tokens are off, the same page has no token.
//!
//! ```text
//! cp_security_token=/cpsess0123456789 cargo run --example plugin_page
//! cargo run --example plugin_page
//! cp_security_token=/cpsess0123456789 SERVER_PORT=2087 cargo run --example plugin_page
//! echo -n 'email=jane%40example.com' | cp_security_token=/cpsess0123456789 \
//!     REQUEST_METHOD=POST CONTENT_LENGTH=24 cargo run --example plugin_page
//! ```

use std::env;
use std::io::{self, Read, Write};

use token_url::{Origin, SecurityToken, TokenUrl, cpurl, js_bootstrap};
use url::form_urlencoded;

fn main() -> io::Result<()> {
    // The token is read from `cp_security_token` once per process. An invalid
    // value never reaches a URL, because `cpurl!` then builds URLs without a
    // token, which cpsrvd rejects instead of sending them somewhere else.
    let token = match token_url::ambient_token() {
        Ok(token) => token,
        Err(error) => {
            eprintln!("plugin_page: {error}; building the page without a security token");
            &SecurityToken::NONE
        }
    };

    let request = Request::from_env();
    let response = if request.method == "POST" {
        redirect(&request)
    } else {
        page(&request, token)
    };
    io::stdout().write_all(response.as_bytes())
}

/// The CGI variables that the page uses. Each has a default, so that the
/// program also runs outside cpsrvd.
struct Request {
    /// `REQUEST_METHOD`: `GET` shows the page, `POST` handles its form.
    method: String,
    /// `REMOTE_USER`: the account that is logged in.
    user: String,
    /// `HTTP_HOST`: the host and port that the browser asked for.
    host: String,
    /// `HTTPS` (`on` over TLS), else whether `SERVER_PORT` is a TLS port.
    https: bool,
    /// The service that runs the page, from `SERVER_PORT`.
    service: Service,
    /// The `email` parameter, from `QUERY_STRING` or the body of a POST.
    email: String,
}

/// The same program can be registered as a cPanel plugin and as a WHM
/// plugin. Relative URLs go to the service that served the page, and each
/// service has its own APIs: UAPI and cPanel API 2 in cPanel, WHM API 1 in
/// WHM.
#[derive(Clone, Copy)]
enum Service {
    Cpanel,
    Whm,
}

impl Request {
    fn from_env() -> Request {
        let variable = |name: &str, default: &str| env::var(name).unwrap_or(default.to_owned());

        let method = variable("REQUEST_METHOD", "GET");
        let form = if method == "POST" {
            read_body()
        } else {
            variable("QUERY_STRING", "")
        };
        let email = form_urlencoded::parse(form.as_bytes())
            .find(|(key, _)| key == "email")
            .map_or("john+tag@example.com".to_owned(), |(_, value)| {
                value.into_owned()
            });

        // cpsrvd serves cPanel on 2082/2083, WHM on 2086/2087 and Webmail
        // on 2095/2096. The odd port of each pair is TLS.
        let port = variable("SERVER_PORT", "2083");
        let service = match port.as_str() {
            "2086" | "2087" => Service::Whm,
            _ => Service::Cpanel,
        };
        let https = match env::var("HTTPS") {
            Ok(https) => https.eq_ignore_ascii_case("on"),
            Err(_) => matches!(port.as_str(), "2083" | "2087" | "2096"),
        };
        let server_name = variable("SERVER_NAME", "localhost");

        Request {
            user: variable("REMOTE_USER", "cpuser"),
            host: variable("HTTP_HOST", &format!("{server_name}:{port}")),
            method,
            https,
            service,
            email,
        }
    }
}

/// Reads the form of a POST request: `CONTENT_LENGTH` bytes on stdin.
fn read_body() -> String {
    let length = env::var("CONTENT_LENGTH")
        .ok()
        .and_then(|length| length.parse().ok())
        .unwrap_or(0);
    let mut body = String::new();
    if let Err(error) = io::stdin().take(length).read_to_string(&mut body) {
        eprintln!("plugin_page: failed to read the request body: {error}");
    }
    body
}

/// The header of an HTML response, and the blank line that ends the headers.
const HTML_HEADER: &str = "Content-Type: text/html; charset=utf-8\r\n\r\n";

/// Returns the page: the CGI header, a blank line and the HTML.
fn page(request: &Request, token: &SecurityToken) -> String {
    let email = request.email.as_str();
    let help = cpurl!("/3rdparty/mail_tools/help.html");
    let action = cpurl!("/3rdparty/mail_tools/index.cgi");

    // Text and attribute values in HTML are escaped, so `&` between query
    // pairs becomes `&amp;` in an `href`, and the browser reads it back as `&`.
    let items: Vec<String> = api_links(request)
        .iter()
        .map(|(label, url)| {
            format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                escape(url),
                escape(label)
            )
        })
        .collect();

    // `js_bootstrap` sets `CPANEL.security_token`, as cPanel's own pages do,
    // and page scripts put it in front of every AJAX path. A script
    // element's text is not HTML-decoded, so the path goes in unescaped,
    // which is safe because `cpurl!` never writes `"`, `\`, `<` or `>`.
    // The script writes the reply and its HTTP status into `#reply`.
    let bootstrap = js_bootstrap(token);
    let ajax_path = ajax_path(request.service);
    format!(
        r#"{HTML_HEADER}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Mail tools</title>
<script>
{bootstrap}</script>
</head>
<body>
<h1>Mail tools for {user}</h1>
<ul>
{items}<li><a href="{help}">Help</a></li>
</ul>
<form method="post" action="{action}">
<label>Address <input name="email" value="{email}"></label>
<button>Show</button>
</form>
<pre id="reply"></pre>
<script>
const reply = document.getElementById("reply");
fetch(CPANEL.security_token + "{ajax_path}")
    .then((response) => {{
        reply.dataset.status = response.status;
        return response.text();
    }})
    .then((text) => {{ reply.textContent = text; }})
    .catch((error) => {{
        reply.dataset.status = "failed";
        reply.textContent = String(error);
    }});
</script>
</body>
</html>
"#,
        items = items.concat(),
        user = escape(&request.user),
        help = escape(&help),
        action = escape(&action),
        email = escape(email),
    )
}

/// Returns the API links of the service that runs the page, with their
/// labels.
fn api_links(request: &Request) -> Vec<(&'static str, TokenUrl)> {
    // Placeholders capture these variables by name, as `format!` does, and
    // percent-encode their values: `john+tag@example.com` is sent as
    // `john%2Btag%40example.com`, so the API receives the `+`, not a space.
    let user = request.user.as_str();
    let email = request.email.as_str();
    let domain = email.rsplit_once('@').map_or("", |(_, domain)| domain);

    match request.service {
        Service::Cpanel => vec![
            (
                "Mail client settings of the address (UAPI)",
                cpurl!("/execute/Email/get_client_settings?account=<email>"),
            ),
            (
                "Mail accounts of the domain (UAPI)",
                cpurl!("/execute/Email/list_pops_with_disk?domain=<domain>"),
            ),
            (
                "Mail accounts of the domain (cPanel API 2)",
                cpurl!(
                    "/json-api/cpanel?cpanel_jsonapi_user=<user>&cpanel_jsonapi_apiversion=2\
                     &cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpopswithdisk\
                     &domain=<domain>"
                ),
            ),
            (
                "Email Accounts in cPanel",
                cpurl!("/frontend/jupiter/email_accounts/index.html"),
            ),
        ],
        Service::Whm => vec![
            (
                "Owner of the domain (WHM API 1)",
                cpurl!("/json-api/getdomainowner?api.version=1&domain=<domain>"),
            ),
            (
                "Accounts with the domain (WHM API 1)",
                cpurl!("/json-api/listaccts?api.version=1&searchtype=domain&search=<domain>"),
            ),
        ],
    }
}

/// Returns the path that the page's script calls. It has no token, because
/// the script adds the one that `js_bootstrap` gives it.
fn ajax_path(service: Service) -> TokenUrl {
    match service {
        Service::Cpanel => cpurl!(token = &SecurityToken::NONE, "/execute/Email/list_pops"),
        Service::Whm => cpurl!(
            token = &SecurityToken::NONE,
            "/json-api/version?api.version=1"
        ),
    }
}

/// Returns a redirect back to the page for the posted address. A plugin
/// that changes something would do it here first. The redirect makes
/// reloading the page a plain GET (Post/Redirect/Get).
fn redirect(request: &Request) -> String {
    let scheme = if request.https { "https" } else { "http" };
    let origin = match Origin::parse(&format!("{scheme}://{}", request.host)) {
        Ok(origin) => origin,
        Err(error) => {
            let message = escape(error.to_string());
            return format!(
                "Status: 400 Bad Request\r\n{HTML_HEADER}\
                 <!DOCTYPE html>\n<title>Bad request</title>\n<p>{message}</p>\n"
            );
        }
    };

    // A `Location` header takes an absolute URL. With `origin = …` the token
    // goes right after the port. The URL cannot contain a line break, so a
    // value cannot add a header.
    let email = request.email.as_str();
    let location = cpurl!(
        origin = &origin,
        "/3rdparty/mail_tools/index.cgi?email=<email>"
    );
    let link = escape(&location);
    format!(
        "Status: 303 See Other\r\nLocation: {location}\r\n{HTML_HEADER}\
         <!DOCTYPE html>\n<title>See other</title>\n<p><a href=\"{link}\">Continue</a></p>\n"
    )
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape(text: impl AsRef<str>) -> String {
    let mut escaped = String::new();
    for character in text.as_ref().chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(character),
        }
    }
    escaped
}
