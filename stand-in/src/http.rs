//! The request and reply that the rules work on, apart from the HTTP
//! server, so that they can be tested without a socket.

use std::net::SocketAddr;

/// One HTTP request, with its body read.
pub(crate) struct Request {
    pub(crate) method: String,
    /// The request target exactly as the client sent it: path and query.
    pub(crate) target: String,
    /// Header names and values, in the order received.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
    pub(crate) remote: Option<SocketAddr>,
}

impl Request {
    /// Returns the value of the first header named `name`, ignoring case.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Returns the path of the target, without the query.
    pub(crate) fn path(&self) -> &str {
        self.target
            .split_once('?')
            .map_or(self.target.as_str(), |(path, _)| path)
    }

    /// Returns the query of the target, without the `?`, or `""`.
    pub(crate) fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }

    /// Returns whether the body is an HTML form
    /// (`application/x-www-form-urlencoded`).
    pub(crate) fn has_form_body(&self) -> bool {
        self.header("content-type").is_some_and(|value| {
            value
                .split(';')
                .next()
                .is_some_and(|media| media.trim() == "application/x-www-form-urlencoded")
        })
    }
}

/// Decodes `application/x-www-form-urlencoded` text into key/value pairs:
/// percent escapes are decoded and `+` is a space, as cPanel reads query
/// strings and form bodies.
pub(crate) fn decode_form(text: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(text).into_owned().collect()
}

/// The reply to one request.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Reply {
    /// Returns a reply with a JSON body.
    pub(crate) fn json(status: u16, value: &serde_json::Value) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: value.to_string().into_bytes(),
        }
    }

    /// Returns a reply with an HTML body.
    pub(crate) fn html(status: u16, html: String) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), "text/html; charset=utf-8".into())],
            body: html.into_bytes(),
        }
    }

    /// Returns a short HTML page with a title and one paragraph of text.
    pub(crate) fn page(status: u16, title: &str, text: &str) -> Reply {
        Reply::html(
            status,
            format!(
                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                 <title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n<p>{text}</p>\n\
                 </body>\n</html>\n",
                title = escape_html(title),
                text = escape_html(text),
            ),
        )
    }

    /// Returns a redirect to `location` with an HTML body that links there.
    pub(crate) fn redirect(status: u16, location: &str) -> Reply {
        let mut reply = Reply::page(status, "Redirect", location);
        reply.headers.push(("Location".into(), location.into()));
        reply
    }

    /// Adds a header.
    pub(crate) fn with_header(mut self, name: &str, value: String) -> Reply {
        self.headers.push((name.to_owned(), value));
        self
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(target: &str, headers: &[(&str, &str)]) -> Request {
        Request {
            method: "GET".into(),
            target: target.into(),
            headers: headers
                .iter()
                .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
                .collect(),
            body: Vec::new(),
            remote: None,
        }
    }

    #[test]
    fn target_splits_into_path_and_query() {
        let with_query = request("/a/b?x=1&y=2", &[]);
        assert_eq!(with_query.path(), "/a/b");
        assert_eq!(with_query.query(), "x=1&y=2");
        let without_query = request("/a/b", &[]);
        assert_eq!(without_query.path(), "/a/b");
        assert_eq!(without_query.query(), "");
    }

    #[test]
    fn form_decoding_reads_plus_as_space() {
        assert_eq!(
            decode_form(b"a=john+tag%2B%40x&b=p%26ss&c=%C3%BC"),
            [
                ("a".to_owned(), "john tag+@x".to_owned()),
                ("b".to_owned(), "p&ss".to_owned()),
                ("c".to_owned(), "\u{fc}".to_owned()),
            ]
        );
    }

    #[test]
    fn form_body_needs_form_media_type() {
        let form = request(
            "/",
            &[(
                "Content-Type",
                "application/x-www-form-urlencoded; charset=UTF-8",
            )],
        );
        assert!(form.has_form_body());
        assert!(!request("/", &[("Content-Type", "text/plain")]).has_form_body());
        assert!(!request("/", &[]).has_form_body());
    }
}
