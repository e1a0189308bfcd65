//! The security token and the ambient token of the process.

use std::cell::RefCell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Error;

/// The environment variable in which cPanel passes the token to a CGI program.
pub const ENV_VAR: &str = "cp_security_token";

const PREFIX: &str = "/cpsess";
const MAX_DIGITS: usize = 20;

/// A validated cPanel & WHM security token, or the absence of one.
///
/// cpsrvd protects cookie-authenticated requests against cross-site request
/// forgery by requiring the session's token as the first path segment:
/// `/cpsess0123456789/execute/Email/list_pops`. A `SecurityToken` contains that
/// segment with its leading slash (`/cpsess0123456789`), or nothing when
/// tokens are not in use, so that `origin + token + "/path"` is right in
/// both cases.
///
/// Building a URL borrows the token, so it costs no allocation or copy
/// beyond appending its text.
///
/// # Examples
///
/// ```
/// use token_url::SecurityToken;
///
/// let token: SecurityToken = "/cpsess0123456789".parse()?;
/// assert_eq!(token.as_str(), "/cpsess0123456789");
///
/// // Some clients store the token without its slash.
/// assert_eq!(SecurityToken::parse("cpsess0123456789")?, token);
///
/// // The empty string means that tokens are off.
/// assert!(SecurityToken::parse("")?.is_none());
///
/// // `Debug` never shows the digits.
/// assert_eq!(format!("{token:?}"), "SecurityToken(\"/cpsess[redacted]\")");
/// # Ok::<(), token_url::Error>(())
/// ```
#[derive(Clone)]
pub struct SecurityToken {
    /// `/cpsess` and the digits, or empty.
    text: String,
}

impl SecurityToken {
    /// The absence of a token: URLs built with it have no token segment.
    pub const NONE: SecurityToken = SecurityToken {
        text: String::new(),
    };

    /// Parses a token: `/cpsess` followed by 1 to 20 ASCII digits, with or
    /// without the leading slash, or the empty string for no token.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidToken`] for anything else. The error describes
    /// what is wrong without repeating the rejected value, which may be a
    /// secret.
    ///
    /// # Examples
    ///
    /// ```
    /// use token_url::SecurityToken;
    ///
    /// assert!(SecurityToken::parse("/cpsess0123456789").is_ok());
    /// assert!(SecurityToken::parse("/cpsess").is_err());
    /// assert!(SecurityToken::parse("/cpsess12/../x").is_err());
    /// ```
    pub fn parse(input: &str) -> Result<SecurityToken, Error> {
        if input.is_empty() {
            return Ok(SecurityToken::NONE);
        }
        let rest = input.strip_prefix('/').unwrap_or(input);
        let Some(digits) = rest.strip_prefix("cpsess") else {
            return Err(Error::InvalidToken {
                reason: "it does not start with `/cpsess`",
            });
        };
        if digits.is_empty() {
            return Err(Error::InvalidToken {
                reason: "it has no digits after `/cpsess`",
            });
        }
        if !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(Error::InvalidToken {
                reason: "it has a character other than an ASCII digit after `/cpsess`",
            });
        }
        if digits.len() > MAX_DIGITS {
            return Err(Error::InvalidToken {
                reason: "it has more than 20 digits after `/cpsess`",
            });
        }
        let mut text = String::with_capacity(PREFIX.len() + digits.len());
        text.push_str(PREFIX);
        text.push_str(digits);
        Ok(SecurityToken { text })
    }

    /// Reads the token from the `cp_security_token` environment variable.
    ///
    /// An unset or empty variable means no token, as cPanel sets it when
    /// tokens are off. Most programs want [`ambient_token`], which reads the
    /// variable once per process, instead.
    ///
    /// # Errors
    ///
    /// Returns [`Error::InvalidEnvironmentToken`] when the variable is set to
    /// something that is not a token, or is not valid Unicode.
    pub fn from_env() -> Result<SecurityToken, Error> {
        match std::env::var(ENV_VAR) {
            Ok(value) => SecurityToken::parse(&value).map_err(|error| match error {
                Error::InvalidToken { reason } => Error::InvalidEnvironmentToken { reason },
                other => other,
            }),
            Err(std::env::VarError::NotPresent) => Ok(SecurityToken::NONE),
            Err(std::env::VarError::NotUnicode(_)) => Err(Error::InvalidEnvironmentToken {
                reason: "it is not valid Unicode",
            }),
        }
    }

    /// Returns the token as it goes into a URL: `/cpsess` and the digits, or
    /// the empty string when there is no token.
    #[inline]
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Returns `true` when this is the absence of a token.
    #[must_use]
    pub fn is_none(&self) -> bool {
        self.text.is_empty()
    }
}

impl Default for SecurityToken {
    /// Returns [`SecurityToken::NONE`].
    fn default() -> SecurityToken {
        SecurityToken::NONE
    }
}

impl FromStr for SecurityToken {
    type Err = Error;

    fn from_str(input: &str) -> Result<SecurityToken, Error> {
        SecurityToken::parse(input)
    }
}

impl fmt::Debug for SecurityToken {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_none() {
            formatter.write_str("SecurityToken(NONE)")
        } else {
            formatter.write_str("SecurityToken(\"/cpsess[redacted]\")")
        }
    }
}

impl PartialEq for SecurityToken {
    /// Compares in time that depends on the lengths of the tokens but not on
    /// their digits, so that a timing attack cannot guess a token digit by
    /// digit.
    fn eq(&self, other: &SecurityToken) -> bool {
        let (left, right) = (self.text.as_bytes(), other.text.as_bytes());
        let mut difference = u8::from(left.len() != right.len());
        // Every byte of the longer token is read, whatever the lengths.
        for index in 0..left.len().max(right.len()) {
            let left = left.get(index).copied().unwrap_or(0);
            let right = right.get(index).copied().unwrap_or(0);
            difference |= left ^ right;
        }
        std::hint::black_box(difference) == 0
    }
}

impl Eq for SecurityToken {}

impl Hash for SecurityToken {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

static AMBIENT: OnceLock<Result<SecurityToken, Error>> = OnceLock::new();

thread_local! {
    static OVERRIDE: RefCell<Option<SecurityToken>> = const { RefCell::new(None) };
}

/// How many `with_token` scopes are running, on all threads. While there
/// are none, the thread-local slot is not read at all, which keeps the
/// common case (a CGI program with one token) as cheap as an explicit
/// token. A thread always sees its own increments, so `Relaxed` suffices.
static OVERRIDES: AtomicUsize = AtomicUsize::new(0);

/// Returns the process's token, read from `cp_security_token` the first
/// time it is needed.
///
/// The variable is read once per process, lazily and thread-safely; later
/// changes to the environment are not seen. `cpurl!` uses this token unless
/// it is given `token = …` or runs inside [`with_token`].
///
/// # Errors
///
/// Returns the error of [`SecurityToken::from_env`] when the variable is set
/// to something that is not a token. Such a value never reaches a URL:
/// `cpurl!` then builds URLs without a token (which cpsrvd rejects rather
/// than misroutes), and `try_cpurl!` returns this error.
///
/// # Examples
///
/// ```
/// match token_url::ambient_token() {
///     Ok(token) => println!("token is {}", if token.is_none() { "off" } else { "on" }),
///     Err(error) => eprintln!("warning: {error}"),
/// }
/// ```
#[inline]
pub fn ambient_token() -> Result<&'static SecurityToken, &'static Error> {
    AMBIENT.get_or_init(SecurityToken::from_env).as_ref()
}

/// Runs `body` with `token` as the ambient token of the current thread.
///
/// Inside `body`, `cpurl!` and `try_cpurl!` without `token = …` use `token`
/// instead of the environment. The previous ambient token comes back when
/// `body` returns or panics, and calls nest. This serves tests and
/// synchronous servers that handle several sessions, without touching the
/// process environment.
///
/// The override belongs to the current thread and lasts only while `body`
/// runs. A thread spawned inside `body` does not see it, and neither does a
/// future that `body` creates but that is polled after `body` returns: such
/// a future builds its URLs with the process's token. In async code, pass
/// the session's token explicitly with `cpurl!(token = &token, …)`.
///
/// # Examples
///
/// ```
/// use token_url::{cpurl, with_token, SecurityToken};
///
/// let session = SecurityToken::parse("/cpsess42")?;
/// let url = with_token(&session, || cpurl!("/execute/Email/list_pops"));
/// assert_eq!(url, "/cpsess42/execute/Email/list_pops");
/// # Ok::<(), token_url::Error>(())
/// ```
pub fn with_token<R>(token: &SecurityToken, body: impl FnOnce() -> R) -> R {
    struct Restore(Option<SecurityToken>);

    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            OVERRIDE.with(|slot| *slot.borrow_mut() = previous);
            OVERRIDES.fetch_sub(1, Ordering::Relaxed);
        }
    }

    OVERRIDES.fetch_add(1, Ordering::Relaxed);
    let previous = OVERRIDE.with(|slot| slot.borrow_mut().replace(token.clone()));
    let _restore = Restore(previous);
    body()
}

/// Returns the process's token while no `with_token` scope runs on any
/// thread, so the caller need not read the thread-local slot, else `None`.
#[inline]
pub(crate) fn process_token_unless_overridden()
-> Option<Result<&'static SecurityToken, &'static Error>> {
    if OVERRIDES.load(Ordering::Relaxed) == 0 {
        Some(ambient_token())
    } else {
        None
    }
}

/// Returns the token that `cpurl!` uses when it is not given one: the one
/// that [`with_token`] set on this thread, else [`ambient_token`].
///
/// Use it where the same token must go somewhere other than a URL, such as
/// the [`js_bootstrap`](crate::js_bootstrap) of a page, so that it agrees
/// with the URLs inside a `with_token` scope too.
///
/// # Errors
///
/// Returns the error of [`ambient_token`] when no scope sets a token and the
/// environment contains something that is not a token.
///
/// # Examples
///
/// ```
/// use token_url::{current_token, with_token, SecurityToken};
///
/// let session = SecurityToken::parse("/cpsess42")?;
/// with_token(&session, || assert_eq!(current_token(), Ok(session.clone())));
/// # Ok::<(), token_url::Error>(())
/// ```
pub fn current_token() -> Result<SecurityToken, &'static Error> {
    with_current_token(|token| match token {
        Ok(token) => Ok(token.clone()),
        Err(error) => Err(error),
    })
}

/// Calls `use_token` with the token that `cpurl!` uses when it is not given
/// one: the thread's override, else the process's token.
#[inline]
pub(crate) fn with_current_token<R>(
    use_token: impl FnOnce(Result<&SecurityToken, &'static Error>) -> R,
) -> R {
    OVERRIDE.with(|slot| match &*slot.borrow() {
        Some(token) => use_token(Ok(token)),
        None => use_token(ambient_token()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_valid_forms() {
        for (input, expected) in [
            ("", ""),
            ("/cpsess0", "/cpsess0"),
            ("/cpsess0123456789", "/cpsess0123456789"),
            ("cpsess0123456789", "/cpsess0123456789"),
            ("/cpsess12345678901234567890", "/cpsess12345678901234567890"),
        ] {
            let token = SecurityToken::parse(input).unwrap();
            assert_eq!(token.as_str(), expected, "input {input:?}");
        }
    }

    #[test]
    fn parse_rejects_invalid_forms() {
        for input in [
            "/",
            "/cpsess",
            "cpsess",
            "/cpsessabc",
            "/cpsess12a",
            "/cpsess12/",
            "/cpsess12/../x",
            "//cpsess12",
            "/CPSESS12",
            " /cpsess12",
            "/cpsess123456789012345678901",
            "/cpsess１２",
            "/token12",
        ] {
            assert!(SecurityToken::parse(input).is_err(), "input {input:?}");
        }
    }

    #[test]
    fn parse_error_hides_value() {
        let secret = "/cpsess98765x";
        let message = SecurityToken::parse(secret).unwrap_err().to_string();
        assert!(!message.contains("98765"), "{message}");
    }

    #[test]
    fn debug_hides_digits() {
        let token = SecurityToken::parse("/cpsess0123456789").unwrap();
        let debug = format!("{token:?}");
        assert!(!debug.contains("0123456789"), "{debug}");
        assert_eq!(format!("{:?}", SecurityToken::NONE), "SecurityToken(NONE)");
    }

    #[test]
    fn equality_compares_whole_token() {
        let a = SecurityToken::parse("/cpsess123").unwrap();
        assert_eq!(a, SecurityToken::parse("cpsess123").unwrap());
        assert_ne!(a, SecurityToken::parse("/cpsess124").unwrap());
        assert_ne!(a, SecurityToken::parse("/cpsess1234").unwrap());
        assert_ne!(a, SecurityToken::parse("/cpsess12").unwrap());
        assert_ne!(a, SecurityToken::NONE);
        assert_eq!(SecurityToken::NONE, SecurityToken::default());
    }

    fn current() -> SecurityToken {
        with_current_token(|token| token.unwrap().clone())
    }

    #[test]
    fn question_mark_converts_ambient_error() {
        fn token_text() -> Result<String, Error> {
            Ok(ambient_token()?.as_str().to_owned())
        }
        let expected = ambient_token().map(|token| token.as_str().to_owned());
        assert_eq!(token_text(), expected.map_err(Error::clone));
    }

    #[test]
    fn with_token_nests_and_restores() {
        let outer = SecurityToken::parse("/cpsess1").unwrap();
        let inner = SecurityToken::parse("/cpsess2").unwrap();
        with_token(&outer, || {
            assert_eq!(current(), outer);
            with_token(&inner, || assert_eq!(current(), inner));
            assert_eq!(current(), outer);
        });
        assert!(OVERRIDE.with(|slot| slot.borrow().is_none()));
    }

    #[test]
    fn with_token_restores_after_panic() {
        let token = SecurityToken::parse("/cpsess7").unwrap();
        let result = std::panic::catch_unwind(|| with_token(&token, || panic!("inside")));
        assert!(result.is_err());
        assert!(OVERRIDE.with(|slot| slot.borrow().is_none()));
    }
}
