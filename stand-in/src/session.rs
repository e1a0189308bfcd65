//! Login sessions: the session cookie and the security token of each.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The name of cpsrvd's session cookie for cPanel. WHM's is
/// `whostmgrsession` and Webmail's `webmailsession`; the stand-in plays
/// the cPanel service.
pub(crate) const COOKIE: &str = "cpsession";

/// The number of digits in the tokens that the stand-in issues, as in
/// the tokens that cpsrvd issues (`/cpsess0123456789`).
const TOKEN_DIGITS: u32 = 10;

/// The maximum number of digits that the stand-in reads as a token, so
/// that a longer run is a document path, not a wrong token.
const MAX_TOKEN_DIGITS: usize = 20;

/// One logged-in session.
#[derive(Clone)]
pub(crate) struct Session {
    /// The value of the session cookie.
    pub(crate) id: String,
    /// The account that logged in.
    pub(crate) user: String,
    /// The security token with its leading slash: `/cpsess0123456789`.
    pub(crate) token: String,
}

/// The sessions of one server.
#[derive(Default)]
pub(crate) struct Sessions {
    by_id: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Starts a session for `user` with a new cookie and token.
    pub(crate) fn create(&self, user: &str) -> Session {
        let session = Session {
            id: format!("{:016x}{:016x}", random(), random()),
            user: user.to_owned(),
            token: format!(
                "/cpsess{:0width$}",
                random() % 10_u64.pow(TOKEN_DIGITS),
                width = TOKEN_DIGITS as usize
            ),
        };
        self.lock().insert(session.id.clone(), session.clone());
        session
    }

    /// Returns the session whose cookie value is `id`.
    pub(crate) fn find(&self, id: &str) -> Option<Session> {
        self.lock().get(id).cloned()
    }

    /// Returns the session named by the session cookie in a `Cookie` header.
    pub(crate) fn find_by_cookie_header(&self, header: Option<&str>) -> Option<Session> {
        let id = header?.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE).then_some(value)
        })?;
        self.find(id)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        // A panic while the lock was held cannot leave the map half
        // updated, because each update is one insert.
        self.by_id
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Returns the `Set-Cookie` value that starts `session` in a browser.
pub(crate) fn set_cookie(session: &Session) -> String {
    format!("{COOKIE}={}; HttpOnly; Path=/", session.id)
}

/// Returns whether `segment` has the form of a security token:
/// `cpsess` and 1 to 20 ASCII digits.
pub(crate) fn is_token_segment(segment: &str) -> bool {
    segment.strip_prefix("cpsess").is_some_and(|digits| {
        (1..=MAX_TOKEN_DIGITS).contains(&digits.len())
            && digits.bytes().all(|byte| byte.is_ascii_digit())
    })
}

/// Returns 64 bits that differ on every call and between processes.
///
/// Not cryptographic: the keys of std's `RandomState` are random per
/// process and the counter and clock make each call differ. That is
/// enough for a test server that listens on loopback only.
fn random() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    hasher.write_u128(nanos);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_get_distinct_cookies_and_tokens() {
        let sessions = Sessions::default();
        let first = sessions.create("cpuser");
        let second = sessions.create("cpuser");
        assert_ne!(first.id, second.id);
        assert_ne!(first.token, second.token);
        assert_eq!(first.token.len(), "/cpsess".len() + 10);
        assert!(is_token_segment(&first.token[1..]), "{}", first.token);
    }

    #[test]
    fn cookie_header_finds_session() {
        let sessions = Sessions::default();
        let session = sessions.create("cpuser");
        let header = format!("timezone=UTC; {COOKIE}={}; other=1", session.id);
        let found = sessions.find_by_cookie_header(Some(&header)).unwrap();
        assert_eq!(found.user, "cpuser");
        assert!(
            sessions
                .find_by_cookie_header(Some("cpsession=nope"))
                .is_none()
        );
        assert!(sessions.find_by_cookie_header(None).is_none());
    }

    #[test]
    fn token_segment_form() {
        assert!(is_token_segment("cpsess0"));
        assert!(is_token_segment("cpsess0123456789"));
        assert!(is_token_segment("cpsess12345678901234567890"));
        assert!(!is_token_segment("cpsess"));
        assert!(!is_token_segment("cpsess123456789012345678901"));
        assert!(!is_token_segment("cpsess12a"));
        assert!(!is_token_segment("CPSESS12"));
        assert!(!is_token_segment("execute"));
    }
}
