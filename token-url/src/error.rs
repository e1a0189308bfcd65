//! The error type of the runtime.

use std::fmt;

/// An error from building or parsing a token-bearing URL.
///
/// Messages start in lowercase and have no trailing period, so they read well
/// after a prefix such as `error: `. None of them repeats a rejected token,
/// which may be a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A string given as a security token is not `/cpsess` followed by 1 to
    /// 20 ASCII digits, nor empty.
    InvalidToken {
        /// The reason the value was rejected, without repeating the value.
        reason: &'static str,
    },
    /// The `cp_security_token` environment variable is set to something that
    /// is not a security token.
    InvalidEnvironmentToken {
        /// The reason the variable's value was rejected, without repeating it.
        reason: &'static str,
    },
    /// A string given as an origin is not `http` or `https`, `://`, a host
    /// and an optional port.
    InvalidOrigin {
        /// The rejected origin.
        origin: String,
        /// The reason it was rejected.
        reason: &'static str,
    },
    /// A URL given to [`set_token`](crate::set_token) has no path that a
    /// token can be put in front of, or one that browsers would read
    /// differently from its text.
    InvalidUrl {
        /// The reason the URL was rejected. The URL itself is not repeated,
        /// because it may contain a token.
        reason: &'static str,
    },
    /// A value would make a path segment empty, `.` or `..`, which servers
    /// drop or resolve, so the URL would not reach the path it names.
    InvalidSegment {
        /// The segment as the template writes it, such as `<name>` or
        /// `addon_<name>`; for a `<rest..>` placeholder, the placeholder.
        segment: &'static str,
        /// For a `<rest..>` placeholder, the 1-based number of the offending
        /// segment within its value.
        position: Option<usize>,
        /// The text the segment would have had: `""`, `"."` or `".."`.
        value: &'static str,
    },
    /// A value would make the first path segment a security token
    /// (`cpsess` and digits), so the URL would carry two tokens, or seem to
    /// carry one when tokens are off.
    TokenInValue {
        /// The first segment as the template writes it, such as `<path..>`.
        segment: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidToken { reason } => write!(
                formatter,
                "invalid security token: {reason}; a token is `/cpsess` followed by 1 to 20 digits"
            ),
            Error::InvalidEnvironmentToken { reason } => write!(
                formatter,
                "invalid security token in the `cp_security_token` environment variable: \
                 {reason}; it must be empty or `/cpsess` followed by 1 to 20 digits"
            ),
            Error::InvalidOrigin { origin, reason } => {
                write!(formatter, "invalid origin `{origin}`: {reason}")
            }
            Error::InvalidUrl { reason } => write!(formatter, "invalid URL: {reason}"),
            Error::TokenInValue { segment } => {
                write_subject(formatter, segment)?;
                formatter.write_str(
                    " makes the first path segment a security token (`/cpsess…`), but the \
                     token is added in front of the path; pass the path without its token, or \
                     give an existing URL to `set_token` to replace its token",
                )
            }
            Error::InvalidSegment {
                segment,
                position,
                value,
            } => {
                match position {
                    Some(position) => {
                        write!(formatter, "segment {position} of the value of `{segment}`")?;
                    }
                    None => write_subject(formatter, segment)?,
                }
                match *value {
                    "" => formatter.write_str(
                        " is empty, and servers drop empty path segments; \
                         check the value before building the URL",
                    ),
                    dots => write!(
                        formatter,
                        " is `{dots}`, and servers resolve `{dots}` as a path step instead of \
                         a name; check the value before building the URL"
                    ),
                }
            }
        }
    }
}

/// Writes what a message about a path segment is about: the value of a
/// placeholder that is the whole segment, else the segment.
fn write_subject(formatter: &mut fmt::Formatter<'_>, segment: &str) -> fmt::Result {
    let one_placeholder =
        segment.starts_with('<') && segment.ends_with('>') && segment[1..].find('<').is_none();
    if one_placeholder {
        write!(formatter, "the value of `{segment}`")
    } else {
        write!(formatter, "the path segment `{segment}`")
    }
}

impl std::error::Error for Error {}

/// Lets `?` turn the `&'static Error` of [`ambient_token`](crate::ambient_token)
/// and [`current_token`](crate::current_token) into an owned error.
impl From<&Error> for Error {
    fn from(error: &Error) -> Error {
        error.clone()
    }
}
