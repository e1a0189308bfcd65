//! Property tests: every string value comes back unchanged, in the component
//! it was placed in, when the built URL is parsed by the `url` crate.
//!
//! Relative URLs are resolved against a base URL, as a browser resolves a
//! link, so that dot segments would be removed here as a server removes
//! them. The only values left out are those that `try_cpurl!` rejects: an
//! empty, `.` or `..` whole path segment.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;
use proptest::prelude::*;
use token_url::{Error, SecurityToken, TokenUrl, try_cpurl};
use url::Url;

const TOKEN_SEGMENT: &str = "cpsess0123456789";

fn token() -> SecurityToken {
    SecurityToken::parse(TOKEN_SEGMENT).expect("the test token is valid")
}

/// Resolves a built URL against `https://example.com:2083/base/`, checking
/// that the parser keeps its text as it is: nothing to escape, no dot
/// segment to remove.
fn resolve(built: &TokenUrl) -> Url {
    let base = Url::parse("https://example.com:2083/base/").expect("the base URL is valid");
    let url = base.join(built.as_str()).expect("the built URL parses");
    let expected = match built.origin() {
        Some(_) => built.as_str().to_owned(),
        None => format!("https://example.com:2083{built}"),
    };
    assert_eq!(url.as_str(), expected, "the parser rewrote the URL");
    url
}

fn decode(text: &str) -> Cow<'_, str> {
    percent_decode_str(text)
        .decode_utf8()
        .expect("the decoded text is UTF-8")
}

/// Returns the decoded path segments of a URL.
fn segments(url: &Url) -> Vec<String> {
    url.path_segments()
        .expect("an http URL has path segments")
        .map(|segment| decode(segment).into_owned())
        .collect()
}

/// Returns the decoded query pairs of a URL.
fn query_pairs(url: &Url) -> Vec<(String, String)> {
    url.query_pairs()
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect()
}

fn owned_pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|&(key, value)| (key.to_owned(), value.to_owned()))
        .collect()
}

/// Returns whether servers would drop or resolve `value` as a whole path
/// segment.
fn is_unrepresentable_segment(value: &str) -> bool {
    matches!(value, "" | "." | "..")
}

/// Checks the result of `/f/<rest..>` for a value of the segments `parts`:
/// an error at the first segment that cannot be represented, or else the
/// segments after `f`, and `/f/` for no segment.
fn check_rest(result: Result<TokenUrl, Error>, parts: &[&str]) -> Result<(), TestCaseError> {
    if let Some(index) = parts
        .iter()
        .position(|part| is_unrepresentable_segment(part))
    {
        let position = match result {
            Err(Error::InvalidSegment { position, .. }) => position,
            other => return Err(TestCaseError::fail(format!("{other:?}"))),
        };
        prop_assert_eq!(position, Some(index + 1));
        return Ok(());
    }
    let url = resolve(&result.expect("every segment is accepted"));
    let mut expected = vec![TOKEN_SEGMENT, "f"];
    if parts.is_empty() {
        expected.push("");
    }
    expected.extend(parts);
    prop_assert_eq!(segments(&url), expected);
    Ok(())
}

/// Pieces that values are built from: delimiters of every URL component,
/// percent signs that look like escapes, and dot segments.
const VALUE_PIECES: &[&str] = &[
    ".", "..", "%", "%2E", "%2e", "%25", "%2F", "+", " ", "&", "=", "?", "#", "/", "\\", ";", ",",
    ":", "@", "[", "]", "<", ">", "\"", "'", "`", "{", "}", "|", "^", "~", "-", "_", "a", "Z", "0",
    "é", "日本", "😀", "\u{0}", "\t", "\n", "\u{7f}", "\u{a0}", "\u{feff}", "cpsess1", "/cpsess1",
];

fn text_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(prop::sample::select(VALUE_PIECES), 0..6)
            .prop_map(|pieces| pieces.concat()),
        "[-+&=?#/%. ~_a-zA-Z0-9é]{0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn whole_path_segment_round_trips(value in text_value()) {
        let token = token();
        let result = try_cpurl!(token = &token, "/a/<value>/z");
        if is_unrepresentable_segment(&value) {
            let rejected = matches!(result, Err(Error::InvalidSegment { .. }));
            prop_assert!(rejected, "{:?}", result);
        } else {
            let url = resolve(&result.expect("the value is accepted"));
            prop_assert_eq!(segments(&url), [TOKEN_SEGMENT, "a", value.as_str(), "z"]);
            prop_assert_eq!(url.query(), None);
            prop_assert_eq!(url.fragment(), None);
        }
    }

    #[test]
    fn absolute_path_segment_round_trips(value in text_value()) {
        prop_assume!(!is_unrepresentable_segment(&value));
        let token = token();
        let built = try_cpurl!(token = &token, "https://[::1]:2087/json-api/<value>")
            .expect("the value is accepted");
        let url = resolve(&built);
        prop_assert_eq!(url.host_str(), Some("[::1]"));
        prop_assert_eq!(url.port(), Some(2087));
        prop_assert_eq!(segments(&url), [TOKEN_SEGMENT, "json-api", value.as_str()]);
    }

    #[test]
    fn partial_path_segment_round_trips(value in text_value()) {
        let token = token();
        let built = try_cpurl!(token = &token, "/cgi/addon_<value>.cgi")
            .expect("a segment with literal text is always accepted");
        let url = resolve(&built);
        let expected = format!("addon_{value}.cgi");
        prop_assert_eq!(segments(&url), [TOKEN_SEGMENT, "cgi", expected.as_str()]);
    }

    #[test]
    fn rest_slice_round_trips(values in prop::collection::vec(text_value(), 0..4)) {
        let token = token();
        let result = try_cpurl!(token = &token, "/f/<values..>");
        let parts: Vec<&str> = values.iter().map(String::as_str).collect();
        check_rest(result, &parts)?;
    }

    #[test]
    fn rest_string_round_trips(path in text_value()) {
        let token = token();
        let result = try_cpurl!(token = &token, "/f/<path..>");
        // An empty string is no segment, and any other string is split on `/`.
        let parts: Vec<&str> = if path.is_empty() { Vec::new() } else { path.split('/').collect() };
        check_rest(result, &parts)?;
    }

    #[test]
    fn query_value_round_trips(value in text_value()) {
        let token = token();
        let built = try_cpurl!(token = &token, "/x?a=1&v=<value>&z=2")
            .expect("a query value is always accepted");
        let url = resolve(&built);
        prop_assert_eq!(segments(&url), [TOKEN_SEGMENT, "x"]);
        prop_assert_eq!(query_pairs(&url), owned_pairs(&[("a", "1"), ("v", &value), ("z", "2")]));
        prop_assert_eq!(url.fragment(), None);
    }

    #[test]
    fn mixed_query_value_round_trips(value in text_value()) {
        let token = token();
        let built = try_cpurl!(token = &token, "/x?q=pre<value>post")
            .expect("a query value is always accepted");
        let expected = format!("pre{value}post");
        prop_assert_eq!(query_pairs(&resolve(&built)), owned_pairs(&[("q", &expected)]));
    }

    #[test]
    fn repeated_query_values_round_trip(values in prop::collection::vec(text_value(), 0..4)) {
        let token = token();
        let built = try_cpurl!(token = &token, "/x?k=<values>&z=2")
            .expect("query values are always accepted");
        let mut expected: Vec<(&str, &str)> =
            values.iter().map(|value| ("k", value.as_str())).collect();
        expected.push(("z", "2"));
        prop_assert_eq!(query_pairs(&resolve(&built)), owned_pairs(&expected));
    }

    #[test]
    fn optional_query_value_round_trips(value in prop::option::of(text_value())) {
        let token = token();
        let built = try_cpurl!(token = &token, "/x?o=<value>")
            .expect("a query value is always accepted");
        let url = resolve(&built);
        let expected: Vec<(&str, &str)> = value.iter().map(|value| ("o", value.as_str())).collect();
        prop_assert_eq!(query_pairs(&url), owned_pairs(&expected));
        prop_assert_eq!(url.query().is_some(), value.is_some());
    }

    #[test]
    fn query_pairs_tail_round_trips(
        pairs in prop::collection::vec((text_value(), text_value()), 0..4),
    ) {
        let token = token();
        let built = try_cpurl!(token = &token, "/x?a=1&<pairs..>#f", pairs = &pairs)
            .expect("query pairs are always accepted");
        let url = resolve(&built);
        let mut expected = vec![("a".to_owned(), "1".to_owned())];
        expected.extend(pairs.iter().cloned());
        prop_assert_eq!(query_pairs(&url), expected);
        prop_assert_eq!(url.fragment(), Some("f"));
    }

    #[test]
    fn fragment_round_trips(value in text_value()) {
        let token = token();
        let built = try_cpurl!(token = &token, "/x?a=1#s-<value>")
            .expect("a fragment value is always accepted");
        let url = resolve(&built);
        prop_assert_eq!(segments(&url), [TOKEN_SEGMENT, "x"]);
        prop_assert_eq!(query_pairs(&url), owned_pairs(&[("a", "1")]));
        let fragment = url.fragment().expect("the URL has a fragment");
        prop_assert_eq!(decode(fragment), format!("s-{value}"));
    }
}

#[test]
fn unrepresentable_segments_are_rejected() {
    let token = token();
    for value in ["", ".", ".."] {
        let cases = [
            try_cpurl!(token = &token, "/a/<value>/z"),
            try_cpurl!(token = &token, "https://[::1]:2087/json-api/<value>"),
            try_cpurl!(token = &token, "/f/<values..>", values = [value]),
            try_cpurl!(token = &token, "/f/<values..>", values = ["a", value]),
            try_cpurl!(token = &token, "/f/<path..>", path = format!("a/{value}/b")),
        ];
        for (index, result) in cases.into_iter().enumerate() {
            let rejected = matches!(
                result,
                Err(Error::InvalidSegment { value: rejected, .. }) if rejected == value
            );
            assert!(rejected, "value {value:?} in case {index}: {result:?}");
        }
    }
}
