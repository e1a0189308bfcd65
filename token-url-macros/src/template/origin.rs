//! The origin of an absolute template: scheme, host and port.

use std::net::{Ipv4Addr, Ipv6Addr};
use std::ops::Range;

use super::{Parser, Template, describe_character};

impl<'a> Parser<'a> {
    /// Parses the origin of an absolute template, and returns where the path
    /// starts, or `None` when the template cannot be read further.
    pub(super) fn origin(&mut self, parsed: &mut Template<'a>) -> Option<usize> {
        let template = self.template;
        let Some(scheme_end) = template.find("://").filter(|&end| {
            template[..end]
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'+' | b'-' | b'.'))
                && end > 0
        }) else {
            if template.starts_with("//") {
                self.problem(
                    0..2,
                    "the template starts with `//`, which a browser reads as a host name, \
                     not a path; start with a single `/`",
                );
                return Some(1);
            }
            if !template.starts_with('/') {
                self.problem(
                    0..template.chars().next().map_or(0, char::len_utf8),
                    format!(
                        "the template must start with `/` or `http(s)://`; write `/{}` for a \
                         path on the current server",
                        template.split(['?', '#']).next().unwrap_or_default()
                    ),
                );
                if template.starts_with('<') || template.starts_with('{') {
                    // Still read the placeholders so that their problems show too.
                    return Some(0);
                }
                return None;
            }
            return Some(0);
        };

        let scheme = &template[..scheme_end];
        if scheme != "http" && scheme != "https" {
            let message =
                if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
                    format!(
                        "the scheme `{scheme}` is not lowercase; write `{}`",
                        scheme.to_ascii_lowercase()
                    )
                } else {
                    format!(
                        "unsupported scheme `{scheme}`; write `https` or `http`, the schemes that \
                     cPanel & WHM serve"
                    )
                };
            self.problem(0..scheme_end, message);
        }
        let authority_start = scheme_end + 3;
        let authority_end = template[authority_start..]
            .find(['/', '?', '#'])
            .map_or(template.len(), |end| authority_start + end);
        self.authority(authority_start..authority_end);
        parsed.origin = Some(&template[..authority_end]);
        if !template[authority_end..].starts_with('/') {
            self.problem(
                authority_end..authority_end,
                "the origin is not followed by a path; add at least `/` after it",
            );
            return None;
        }
        Some(authority_end)
    }

    fn authority(&mut self, range: Range<usize>) {
        let authority = &self.template[range.clone()];
        if let Some(at) = authority.find(['<', '{']) {
            let start = range.start + at;
            let end = authority[at..]
                .find(['>', '}'])
                .map_or(range.end, |close| start + close + 1);
            self.problem(
                start..end,
                "a placeholder cannot stand in the origin, which is checked at compile time; \
                 pass a runtime origin with `origin = &origin` and a relative template",
            );
            self.misplaced(start..end);
            return;
        }
        if let Some(at) = authority.rfind('@') {
            self.problem(
                range.start..range.start + at + 1,
                "the origin contains userinfo (`user:password@`), which browsers reject and \
                 logs keep; authenticate with a session cookie or an `Authorization` header",
            );
            return;
        }
        let (host, port) = if authority.starts_with('[') {
            let Some(end) = authority.find(']') else {
                self.problem(
                    range,
                    "the IPv6 address has no closing `]`; write it in brackets, such as \
                     `https://[::1]:2087`",
                );
                return;
            };
            (&authority[..=end], &authority[end + 1..])
        } else {
            match authority.find(':') {
                Some(colon) => authority.split_at(colon),
                None => (authority, ""),
            }
        };
        self.host(range.start, host);
        self.port(range.start + host.len()..range.end, port);
    }

    /// Checks the host of a template's origin, which starts at `start`.
    fn host(&mut self, start: usize, host: &str) {
        if host.is_empty() {
            self.problem(
                start..start,
                "the origin has no host; write one such as `https://example.com:2083`",
            );
        } else if let Some(address) = host.strip_prefix('[') {
            let address = address.trim_end_matches(']');
            if address.parse::<Ipv6Addr>().is_err() {
                self.problem(
                    start..start + host.len(),
                    format!(
                        "`{host}` is not a valid IPv6 address; write one in brackets, such as \
                         `[::1]`"
                    ),
                );
            }
        } else if let Some(bad) = host.char_indices().find(|&(_, character)| {
            !(character.is_ascii_alphanumeric() || "-._".contains(character))
        }) {
            let at = start + bad.0;
            self.problem(
                at..at + bad.1.len_utf8(),
                format!(
                    "invalid character {} in the host; a host name contains only letters, \
                     digits, `-`, `.` and `_`, so remove it, or write an international name \
                     in its `xn--` form",
                    describe_character(bad.1)
                ),
            );
        } else if host
            .strip_suffix('.')
            .unwrap_or(host)
            .split('.')
            .any(str::is_empty)
        {
            self.problem(
                start..start + host.len(),
                format!(
                    "`{host}` is not a valid host: it has an empty label (a leading `.` or \
                     `..`); remove the extra `.`"
                ),
            );
        } else if ends_in_number(host) && host.trim_end_matches('.').parse::<Ipv4Addr>().is_err() {
            self.problem(
                start..start + host.len(),
                format!(
                    "`{host}` is not a valid host: browsers read a host that ends in a number \
                     as an IPv4 address; write four decimal numbers, such as `127.0.0.1`, or a \
                     name"
                ),
            );
        }
    }

    /// Checks the port of a template's origin: `port` is the text after the
    /// host, with its `:`, at `port_range`.
    fn port(&mut self, port_range: Range<usize>, port: &str) {
        if port.is_empty() {
            return;
        }
        let Some(digits) = port.strip_prefix(':') else {
            self.problem(
                port_range,
                "unexpected text after the IPv6 address; write `:` and a port, such as \
                 `[::1]:2087`, or end the origin there",
            );
            return;
        };
        if digits.is_empty() {
            self.problem(
                port_range,
                "the port after `:` is missing; remove the `:` or add a port",
            );
        } else if !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            self.problem(
                port_range,
                format!("invalid port `{digits}`; a port is a number"),
            );
        } else if digits.parse::<u16>().is_err() {
            self.problem(
                port_range,
                format!("invalid port `{digits}`; a port is at most 65535"),
            );
        } else if digits.parse::<u16>() == Ok(0) {
            self.problem(
                port_range,
                format!("invalid port `{digits}`; a port is from 1 to 65535"),
            );
        }
    }
}

/// Returns whether the last label of a host is a number, decimal or
/// `0x` hexadecimal, which the WHATWG URL standard parses as IPv4.
fn ends_in_number(host: &str) -> bool {
    let label = host
        .trim_end_matches('.')
        .rsplit('.')
        .next()
        .unwrap_or_default();
    match label
        .get(..2)
        .filter(|prefix| prefix.eq_ignore_ascii_case("0x"))
    {
        Some(_) => label[2..].bytes().all(|byte| byte.is_ascii_hexdigit()),
        None => !label.is_empty() && label.bytes().all(|byte| byte.is_ascii_digit()),
    }
}
