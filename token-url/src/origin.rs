//! The scheme, host and port that absolute URLs start with.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

use crate::Error;

/// The TLS port of cPanel.
pub const CPANEL_TLS_PORT: u16 = 2083;
/// The TLS port of WHM.
pub const WHM_TLS_PORT: u16 = 2087;
/// The TLS port of Webmail.
pub const WEBMAIL_TLS_PORT: u16 = 2096;

/// An origin, `scheme://host[:port]`, validated at run time, for
/// `cpurl!(origin = &origin, "/path")`.
///
/// The scheme is `http` or `https` and the host is stored in lowercase. The
/// host is a registered name or IPv4 address of letters, digits, `-`, `.`
/// and `_`, or an IPv6 address in brackets. An international name is
/// accepted in its `xn--` form, but its Punycode is not checked, so a
/// malformed one passes here and fails later in a browser or the `url`
/// crate. There is no userinfo and no path, though one trailing `/` is
/// accepted and dropped.
///
/// # Examples
///
/// ```
/// use token_url::{cpurl, Origin, SecurityToken};
///
/// let whm = Origin::whm("server.example.com")?;
/// assert_eq!(whm.as_str(), "https://server.example.com:2087");
///
/// let local: Origin = "http://127.0.0.1:2087".parse()?;
/// let token = SecurityToken::parse("/cpsess0123456789")?;
/// let url = cpurl!(token = &token, origin = &local, "/json-api/version?api.version=1");
/// assert_eq!(url, "http://127.0.0.1:2087/cpsess0123456789/json-api/version?api.version=1");
/// # Ok::<(), token_url::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    text: String,
    /// The byte offset of the host in `text`, after `://`.
    host_start: usize,
    port: Option<u16>,
}

impl Origin {
    /// Parses `http://host[:port]` or `https://host[:port]`.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidOrigin`] naming what is wrong: another
    /// scheme, userinfo, a missing or invalid host, an invalid port, or a
    /// path, query or fragment.
    pub fn parse(input: &str) -> Result<Origin, Error> {
        let invalid = |reason| Error::InvalidOrigin {
            origin: shown(input),
            reason,
        };
        let Some((scheme, rest)) = input.split_once("://") else {
            return Err(invalid("expected `http://` or `https://` before the host"));
        };
        let scheme = if scheme.eq_ignore_ascii_case("https") {
            "https"
        } else if scheme.eq_ignore_ascii_case("http") {
            "http"
        } else {
            return Err(invalid("the scheme must be `http` or `https`"));
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains(['/', '?', '#']) {
            return Err(invalid(
                "an origin has no path, query or fragment; put those in the template",
            ));
        }
        if authority.contains('@') {
            return Err(invalid(
                "an origin cannot contain userinfo (`user:password@`); remove it",
            ));
        }
        if !authority.starts_with('[') && authority.matches(':').count() > 1 {
            return Err(invalid(
                "write an IPv6 address in brackets, such as `https://[::1]:2087`",
            ));
        }
        let (host, port) = split_host_port(authority).map_err(invalid)?;
        validate_host(host).map_err(invalid)?;
        let port = match port {
            None => None,
            Some(port) => Some(parse_port(port).map_err(invalid)?),
        };
        Ok(Origin::from_parts(scheme, &host.to_ascii_lowercase(), port))
    }

    /// Returns the origin of cPanel over TLS: `https://host:2083`.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidOrigin`] if `host` is not a valid host.
    pub fn cpanel(host: &str) -> Result<Origin, Error> {
        Origin::https_on_port(host, CPANEL_TLS_PORT)
    }

    /// Returns the origin of WHM over TLS: `https://host:2087`.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidOrigin`] if `host` is not a valid host.
    pub fn whm(host: &str) -> Result<Origin, Error> {
        Origin::https_on_port(host, WHM_TLS_PORT)
    }

    /// Returns the origin of Webmail over TLS: `https://host:2096`.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidOrigin`] if `host` is not a valid host.
    pub fn webmail(host: &str) -> Result<Origin, Error> {
        Origin::https_on_port(host, WEBMAIL_TLS_PORT)
    }

    fn https_on_port(host: &str, port: u16) -> Result<Origin, Error> {
        let invalid = |reason| Error::InvalidOrigin {
            origin: shown(host),
            reason,
        };
        if host.contains(['/', '?', '#', '@']) {
            return Err(invalid(
                "pass the host alone, such as `example.com`, not a URL",
            ));
        }
        if host.contains(':') && !(host.starts_with('[') && host.ends_with(']')) {
            return Err(invalid(if host.parse::<Ipv6Addr>().is_ok() {
                "write an IPv6 address in brackets, such as `[::1]`"
            } else {
                "pass the host alone, without a port: the constructor sets the port"
            }));
        }
        validate_host(host).map_err(invalid)?;
        Ok(Origin::from_parts(
            "https",
            &host.to_ascii_lowercase(),
            Some(port),
        ))
    }

    fn from_parts(scheme: &str, host: &str, port: Option<u16>) -> Origin {
        let mut text = format!("{scheme}://{host}");
        if let Some(port) = port {
            text.push(':');
            text.push_str(&port.to_string());
        }
        Origin {
            text,
            host_start: scheme.len() + 3,
            port,
        }
    }

    /// Returns the origin as text, without a trailing slash.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Returns the scheme: `http` or `https`.
    #[must_use]
    pub fn scheme(&self) -> &str {
        &self.text[..self.host_start - 3]
    }

    /// Returns the host, with brackets around an IPv6 address.
    #[must_use]
    pub fn host(&self) -> &str {
        let end = match self.port {
            Some(_) => self.text.rfind(':').unwrap_or(self.text.len()),
            None => self.text.len(),
        };
        &self.text[self.host_start..end]
    }

    /// Returns the port, if the origin names one.
    #[must_use]
    pub fn port(&self) -> Option<u16> {
        self.port
    }
}

/// Returns a rejected origin as an error message shows it: with tokens and
/// userinfo hidden, control characters escaped, and at most 100 characters.
fn shown(input: &str) -> String {
    // A URL pasted in place of an origin may carry a session's token or a
    // password.
    let mut text = crate::redact_tokens(input).into_owned();
    let authority_start = text.find("://").map_or(0, |scheme_end| scheme_end + 3);
    let authority_end = text[authority_start..]
        .find(['/', '?', '#'])
        .map_or(text.len(), |end| authority_start + end);
    if let Some(at) = text[authority_start..authority_end].rfind('@') {
        text.replace_range(authority_start..authority_start + at, "[userinfo]");
    }
    if text.chars().count() > 100 {
        text = text.chars().take(100).collect::<String>() + "…";
    }
    text.chars().flat_map(char::escape_debug).collect()
}

fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), &'static str> {
    if authority.starts_with('[') {
        let Some(end) = authority.find(']') else {
            return Err("the IPv6 address has no closing `]`");
        };
        let (host, after) = authority.split_at(end + 1);
        return match after {
            "" => Ok((host, None)),
            _ => match after.strip_prefix(':') {
                Some(port) => Ok((host, Some(port))),
                None => Err("expected `:` and a port after the IPv6 address"),
            },
        };
    }
    Ok(match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    })
}

fn validate_host(host: &str) -> Result<(), &'static str> {
    if host.is_empty() {
        return Err("the host is missing");
    }
    if let Some(address) = host.strip_prefix('[') {
        return match address.strip_suffix(']').map(Ipv6Addr::from_str) {
            Some(Ok(_)) => Ok(()),
            _ => Err("the text in brackets is not an IPv6 address"),
        };
    }
    // NOTE: `xn--` labels are not decoded as Punycode, so an invalid one
    // (`xn--`) passes here although browsers reject it.
    let allowed = |byte: u8| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_');
    if !host.bytes().all(allowed) {
        return Err(
            "the host may contain only letters, digits, `-`, `.` and `_` (write international names in their `xn--` form)",
        );
    }
    let without_dot = host.strip_suffix('.').unwrap_or(host);
    if without_dot.split('.').any(str::is_empty) {
        return Err("the host has an empty label (a leading `.` or `..`)");
    }
    // The WHATWG URL standard reads a host whose last label is a number as
    // an IPv4 address, so browsers reject `a.1` or `256.0.0.1`.
    // The short and hexadecimal forms they accept (`0x7f.1`, `2130706433`)
    // are rejected here too, because they mostly serve to disguise an address.
    let last_label = without_dot.rsplit('.').next().unwrap_or_default();
    if is_number_label(last_label) && without_dot.parse::<Ipv4Addr>().is_err() {
        return Err(
            "a host that ends in a number must be an IPv4 address of four decimal numbers, such as `127.0.0.1`",
        );
    }
    Ok(())
}

/// Returns whether a host label is a number as the WHATWG URL standard
/// reads it: decimal digits, or `0x` and hexadecimal digits.
fn is_number_label(label: &str) -> bool {
    let hex = label
        .get(..2)
        .filter(|prefix| prefix.eq_ignore_ascii_case("0x"))
        .map(|_| &label[2..]);
    match hex {
        Some(digits) => digits.bytes().all(|byte| byte.is_ascii_hexdigit()),
        None => !label.is_empty() && label.bytes().all(|byte| byte.is_ascii_digit()),
    }
}

fn parse_port(port: &str) -> Result<u16, &'static str> {
    if port.is_empty() {
        return Err("the port after `:` is missing");
    }
    if !port.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err("the port must be a number");
    }
    match port.parse() {
        Ok(0) => Err("the port must be from 1 to 65535"),
        Ok(port) => Ok(port),
        Err(_) => Err("the port must be at most 65535"),
    }
}

impl FromStr for Origin {
    type Err = Error;

    fn from_str(input: &str) -> Result<Origin, Error> {
        Origin::parse(input)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.text)
    }
}

impl fmt::Debug for Origin {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_tuple("Origin").field(&self.text).finish()
    }
}

impl AsRef<str> for Origin {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_valid_origins() {
        for (input, text, host, port) in [
            (
                "https://example.com:2087",
                "https://example.com:2087",
                "example.com",
                Some(2087),
            ),
            (
                "HTTP://127.0.0.1:2087/",
                "http://127.0.0.1:2087",
                "127.0.0.1",
                Some(2087),
            ),
            (
                "https://example.com",
                "https://example.com",
                "example.com",
                None,
            ),
            (
                "https://[::1]:2083",
                "https://[::1]:2083",
                "[::1]",
                Some(2083),
            ),
            (
                "https://127.0.0.1.",
                "https://127.0.0.1.",
                "127.0.0.1.",
                None,
            ),
            (
                "https://cpanel.example.0xz",
                "https://cpanel.example.0xz",
                "cpanel.example.0xz",
                None,
            ),
            (
                "http://[2001:db8::1]",
                "http://[2001:db8::1]",
                "[2001:db8::1]",
                None,
            ),
        ] {
            let origin = Origin::parse(input).unwrap();
            assert_eq!(origin.as_str(), text, "input {input:?}");
            assert_eq!(origin.host(), host, "input {input:?}");
            assert_eq!(origin.port(), port, "input {input:?}");
        }
    }

    #[test]
    fn parse_rejects_invalid_origins() {
        for (input, reason) in [
            ("example.com:2087", "expected `http://`"),
            ("ftp://example.com", "the scheme must be"),
            ("https://", "the host is missing"),
            ("https://:2087", "the host is missing"),
            ("https://user:pw@example.com", "userinfo"),
            ("https://example.com:", "port after `:` is missing"),
            ("https://example.com:20x7", "must be a number"),
            ("https://example.com:65536", "at most 65535"),
            ("https://example.com/path", "no path"),
            ("https://example.com?x", "no path"),
            ("https://exa mple.com", "only letters"),
            ("https://[::1", "no closing"),
            ("https://[zz]:1", "not an IPv6"),
            ("https://[::1]x", "expected `:`"),
            ("https://.2083", "empty label"),
            ("https://a..b", "empty label"),
            ("https://..", "empty label"),
            ("https://1.2.3.999", "ends in a number"),
            ("https://a.1:2083", "ends in a number"),
            ("https://256.0.0.1", "ends in a number"),
            ("https://1.2.3", "ends in a number"),
            ("https://example.0x1F", "ends in a number"),
            ("https://h.0x", "ends in a number"),
        ] {
            let message = Origin::parse(input).unwrap_err().to_string();
            assert!(message.contains(reason), "input {input:?}: {message}");
        }
    }

    #[test]
    fn errors_hide_secrets_and_control_characters() {
        for (input, hidden) in [
            ("https://admin:hunter2@h:2087", "hunter2"),
            ("https://h/cpsess0123456789/x", "0123456789"),
            ("https://h\r\nX-Injected: 1", "\r\n"),
        ] {
            let message = Origin::parse(input).unwrap_err().to_string();
            assert!(!message.contains(hidden), "input {input:?}: {message}");
        }
        let message = Origin::whm("h/cpsess0123456789").unwrap_err().to_string();
        assert!(!message.contains("0123456789"), "{message}");
        let long = format!("https://{}", "a/".repeat(10_000));
        assert!(Origin::parse(&long).unwrap_err().to_string().len() < 300);
    }

    #[test]
    fn messages_name_the_real_problem() {
        for (result, reason) in [
            (Origin::cpanel("[::1]:2087"), "without a port"),
            (Origin::whm("::1"), "in brackets"),
            (Origin::whm("https://h"), "not a URL"),
            (Origin::parse("https://::1:2087"), "in brackets"),
            (Origin::parse("https://h:0"), "from 1 to 65535"),
        ] {
            let message = result.unwrap_err().to_string();
            assert!(message.contains(reason), "{message}");
        }
    }

    #[test]
    fn host_is_lowercased() {
        assert_eq!(
            Origin::parse("https://Example.COM:2087").unwrap(),
            Origin::parse("https://example.com:2087").unwrap()
        );
        assert_eq!(Origin::whm("H").unwrap().as_str(), "https://h:2087");
    }

    #[test]
    fn tls_constructors_use_known_ports() {
        assert_eq!(Origin::cpanel("h").unwrap().as_str(), "https://h:2083");
        assert_eq!(Origin::whm("h").unwrap().as_str(), "https://h:2087");
        assert_eq!(Origin::webmail("h").unwrap().as_str(), "https://h:2096");
        assert_eq!(Origin::whm("[::1]").unwrap().host(), "[::1]");
        assert!(Origin::whm("evil.com/x?").is_err());
        assert!(Origin::whm("").is_err());
    }
}
