//! The URLs that the benchmarks build, each in every way a user could build
//! it: `cpurl!`, the hand-written limit (exact length, one `String`, pushes),
//! `format!` with `percent-encoding`, and `url::Url` from a base parsed once.
//! Both benchmark targets include this file, so they measure the same code.

use std::fmt::Write as _;
use std::hint::black_box;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use token_url::{SecurityToken, cpurl};
use url::Url;

/// The set `cpurl!` encodes: everything but `A-Z a-z 0-9 - . _ ~`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`COMPONENT`] without `/`, as a user encodes a whole sub-path at once.
const SUB_PATH: &AsciiSet = &COMPONENT.remove(b'/');

pub(crate) const TOKEN: &str = "/cpsess0123456789";
const ORIGIN: &str = "https://example.com:2083";
const FUNCTION: &str = "list_pops";
const EMAIL: &str = "john+tag";
const DOMAIN: &str = "example.com";
const QUOTA: u32 = 250;
const PATH: &str = "app/v1/static/app.js";

/// The inputs of every way of building, prepared outside the timed loop.
pub(crate) struct Inputs {
    pub(crate) token: SecurityToken,
    root: Url,
    add_pop: Url,
    third_party: Url,
}

impl Inputs {
    pub(crate) fn new() -> Inputs {
        Inputs {
            token: SecurityToken::parse(TOKEN).unwrap(),
            root: Url::parse(&format!("{ORIGIN}{TOKEN}/")).unwrap(),
            add_pop: Url::parse(&format!("{ORIGIN}{TOKEN}/execute/Email/add_pop")).unwrap(),
            third_party: Url::parse(&format!("{ORIGIN}{TOKEN}/3rdparty")).unwrap(),
        }
    }
}

/// A way of building a URL. The ambient-token ways use `cpurl!` without
/// `token =`, and the caller decides where that token comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Way {
    /// `cpurl!` with the ambient token.
    Ambient,
    /// `cpurl!(token = &token, …)`.
    Explicit,
    HandWritten,
    Format,
    Url,
}

/// A way of building one case's URL.
pub(crate) type Build = fn(&Inputs) -> String;

/// Every case: its name, and its builders by way.
pub(crate) const CASES: [(&str, [(Way, Build); 5]); 4] = [
    (
        "static path",
        [
            (Way::Ambient, |_| {
                cpurl!("/execute/Email/list_pops").into_string()
            }),
            (Way::Explicit, |inputs| {
                cpurl!(token = black_box(&inputs.token), "/execute/Email/list_pops").into_string()
            }),
            (Way::HandWritten, |_| {
                let token = black_box(TOKEN);
                let path = "/execute/Email/list_pops";
                let mut url = String::with_capacity(token.len() + path.len());
                url.push_str(token);
                url.push_str(path);
                url
            }),
            (Way::Format, |_| {
                format!("{}/execute/Email/list_pops", black_box(TOKEN))
            }),
            (Way::Url, |inputs| {
                black_box(&inputs.root)
                    .join("execute/Email/list_pops")
                    .unwrap()
                    .into()
            }),
        ],
    ),
    (
        "one path placeholder",
        [
            (Way::Ambient, |_| {
                cpurl!("/execute/Email/<function>", function = black_box(FUNCTION)).into_string()
            }),
            (Way::Explicit, |inputs| {
                cpurl!(
                    token = black_box(&inputs.token),
                    "/execute/Email/<function>",
                    function = black_box(FUNCTION),
                )
                .into_string()
            }),
            (Way::HandWritten, |_| {
                let (token, function) = (black_box(TOKEN), black_box(FUNCTION));
                let prefix = "/execute/Email/";
                let mut url =
                    String::with_capacity(token.len() + prefix.len() + encoded_len(function));
                url.push_str(token);
                url.push_str(prefix);
                push_encoded(&mut url, function);
                url
            }),
            (Way::Format, |_| {
                format!(
                    "{}/execute/Email/{}",
                    black_box(TOKEN),
                    utf8_percent_encode(black_box(FUNCTION), COMPONENT),
                )
            }),
            (Way::Url, |inputs| {
                let mut url = black_box(&inputs.root).clone();
                url.path_segments_mut().unwrap().pop_if_empty().extend([
                    "execute",
                    "Email",
                    black_box(FUNCTION),
                ]);
                url.into()
            }),
        ],
    ),
    (
        "absolute, three query values",
        [
            (Way::Ambient, |_| {
                cpurl!(
                    "https://example.com:2083/execute/Email/add_pop?email=<email>&domain=<domain>&quota=<quota>",
                    email = black_box(EMAIL),
                    domain = black_box(DOMAIN),
                    quota = black_box(QUOTA),
                )
                .into_string()
            }),
            (Way::Explicit, |inputs| {
                cpurl!(
                    token = black_box(&inputs.token),
                    "https://example.com:2083/execute/Email/add_pop?email=<email>&domain=<domain>&quota=<quota>",
                    email = black_box(EMAIL),
                    domain = black_box(DOMAIN),
                    quota = black_box(QUOTA),
                )
                .into_string()
            }),
            (Way::HandWritten, |_| {
                let token = black_box(TOKEN);
                let (email, domain, quota) =
                    (black_box(EMAIL), black_box(DOMAIN), black_box(QUOTA));
                let path = "/execute/Email/add_pop?email=";
                let quota_digits = quota.checked_ilog10().unwrap_or(0) as usize + 1;
                let mut url = String::with_capacity(
                    ORIGIN.len()
                        + token.len()
                        + path.len()
                        + encoded_len(email)
                        + "&domain=".len()
                        + encoded_len(domain)
                        + "&quota=".len()
                        + quota_digits,
                );
                url.push_str(ORIGIN);
                url.push_str(token);
                url.push_str(path);
                push_encoded(&mut url, email);
                url.push_str("&domain=");
                push_encoded(&mut url, domain);
                url.push_str("&quota=");
                write!(url, "{quota}").unwrap();
                url
            }),
            (Way::Format, |_| {
                format!(
                    "{ORIGIN}{}/execute/Email/add_pop?email={}&domain={}&quota={}",
                    black_box(TOKEN),
                    utf8_percent_encode(black_box(EMAIL), COMPONENT),
                    utf8_percent_encode(black_box(DOMAIN), COMPONENT),
                    black_box(QUOTA),
                )
            }),
            (Way::Url, |inputs| {
                let mut url = black_box(&inputs.add_pop).clone();
                url.query_pairs_mut()
                    .append_pair("email", black_box(EMAIL))
                    .append_pair("domain", black_box(DOMAIN))
                    .append_pair("quota", &black_box(QUOTA).to_string());
                url.into()
            }),
        ],
    ),
    (
        "rest, four segments",
        [
            (Way::Ambient, |_| {
                cpurl!("/3rdparty/<path..>", path = black_box(PATH)).into_string()
            }),
            (Way::Explicit, |inputs| {
                cpurl!(
                    token = black_box(&inputs.token),
                    "/3rdparty/<path..>",
                    path = black_box(PATH),
                )
                .into_string()
            }),
            (Way::HandWritten, |_| {
                let (token, path) = (black_box(TOKEN), black_box(PATH));
                let prefix = "/3rdparty";
                let mut len = token.len() + prefix.len();
                for segment in path.split('/') {
                    len += 1 + encoded_len(segment);
                }
                let mut url = String::with_capacity(len);
                url.push_str(token);
                url.push_str(prefix);
                for segment in path.split('/') {
                    url.push('/');
                    push_encoded(&mut url, segment);
                }
                url
            }),
            (Way::Format, |_| {
                format!(
                    "{}/3rdparty/{}",
                    black_box(TOKEN),
                    utf8_percent_encode(black_box(PATH), SUB_PATH),
                )
            }),
            (Way::Url, |inputs| {
                let mut url = black_box(&inputs.third_party).clone();
                url.path_segments_mut()
                    .unwrap()
                    .extend(black_box(PATH).split('/'));
                url.into()
            }),
        ],
    ),
];

/// Returns the length of `text` once percent-encoded with [`COMPONENT`].
fn encoded_len(text: &str) -> usize {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                1
            } else {
                3
            }
        })
        .sum()
}

fn push_encoded(url: &mut String, text: &str) {
    url.extend(utf8_percent_encode(text, COMPONENT));
}
