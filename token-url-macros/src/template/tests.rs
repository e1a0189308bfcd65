//! Unit tests of the template parser: the structure it returns, the range
//! and message of every problem class, and properties over arbitrary input.

use std::fmt::Write as _;
use std::ops::Range;

use proptest::prelude::*;

use super::*;

fn text(text: &str) -> Piece<'_> {
    Piece::Text(text)
}

fn placeholder(name: &str, range: Range<usize>) -> Placeholder<'_> {
    Placeholder { name, range }
}

fn segment<'a>(text: &'a str, pieces: Vec<Piece<'a>>) -> Segment<'a> {
    Segment { text, pieces }
}

/// Parses a template that must have no problems.
fn parse_valid(template: &str) -> Template<'_> {
    let (parsed, problems) = parse(template);
    assert!(problems.is_empty(), "template {template:?}: {problems:#?}");
    parsed
}

#[test]
fn root_is_one_empty_segment() {
    let expected = Template {
        segments: vec![segment("", vec![])],
        ..Template::default()
    };
    assert_eq!(parse_valid("/"), expected);
}

#[test]
fn static_path_and_trailing_slash() {
    let expected = Template {
        segments: vec![
            segment("frontend", vec![text("frontend")]),
            segment("jupiter", vec![text("jupiter")]),
            segment("", vec![]),
        ],
        ..Template::default()
    };
    assert_eq!(parse_valid("/frontend/jupiter/"), expected);
}

#[test]
fn placeholders_inside_segments() {
    let expected = Template {
        segments: vec![
            segment("cgi", vec![text("cgi")]),
            segment(
                "addon_<name>.cgi",
                vec![
                    text("addon_"),
                    Piece::Placeholder(placeholder("name", 11..17)),
                    text(".cgi"),
                ],
            ),
            segment(
                "<a><b>",
                vec![
                    Piece::Placeholder(placeholder("a", 22..25)),
                    Piece::Placeholder(placeholder("b", 25..28)),
                ],
            ),
        ],
        ..Template::default()
    };
    assert_eq!(parse_valid("/cgi/addon_<name>.cgi/<a><b>"), expected);
}

#[test]
fn rest_placeholder_ends_path() {
    let expected = Template {
        segments: vec![segment("3rdparty", vec![text("3rdparty")])],
        rest: Some(placeholder("path", 10..18)),
        query: Some(vec![Pair {
            key: "x",
            value: Some(vec![text("1")]),
            text: "x=1",
        }]),
        ..Template::default()
    };
    assert_eq!(parse_valid("/3rdparty/<path..>?x=1"), expected);

    let root = Template {
        rest: Some(placeholder("path", 1..9)),
        ..Template::default()
    };
    assert_eq!(parse_valid("/<path..>"), root);
}

#[test]
fn query_pairs_tail_and_fragment() {
    let template = "/x?a=1&flag&k=<v>&m=pre<w>,&e=&<tail..>#s-<f>";
    let expected = Template {
        segments: vec![segment("x", vec![text("x")])],
        query: Some(vec![
            Pair {
                key: "a",
                value: Some(vec![text("1")]),
                text: "a=1",
            },
            Pair {
                key: "flag",
                value: None,
                text: "flag",
            },
            Pair {
                key: "k",
                value: Some(vec![Piece::Placeholder(placeholder("v", 14..17))]),
                text: "k=<v>",
            },
            Pair {
                key: "m",
                value: Some(vec![
                    text("pre"),
                    Piece::Placeholder(placeholder("w", 23..26)),
                    text(","),
                ]),
                text: "m=pre<w>,",
            },
            Pair {
                key: "e",
                value: Some(vec![]),
                text: "e=",
            },
        ]),
        query_tail: Some(placeholder("tail", 31..39)),
        fragment: Some(vec![
            text("s-"),
            Piece::Placeholder(placeholder("f", 42..45)),
        ]),
        ..Template::default()
    };
    let parsed = parse_valid(template);
    assert_eq!(parsed, expected);
    let names: Vec<&str> = parsed
        .placeholders()
        .iter()
        .map(|found| found.name)
        .collect();
    assert_eq!(names, ["v", "w", "tail", "f"]);
}

#[test]
fn query_tail_alone_and_empty_fragment() {
    let expected = Template {
        segments: vec![segment("x", vec![text("x")])],
        query: Some(vec![]),
        query_tail: Some(placeholder("p", 3..8)),
        fragment: Some(vec![]),
        ..Template::default()
    };
    assert_eq!(parse_valid("/x?<p..>#"), expected);
}

#[test]
fn absolute_template_origins() {
    for (template, origin) in [
        (
            "https://example.com:2087/json-api/x",
            "https://example.com:2087",
        ),
        ("http://127.0.0.1:2087/", "http://127.0.0.1:2087"),
        ("https://example.com/x", "https://example.com"),
        ("https://[::1]:2083/x", "https://[::1]:2083"),
        ("http://[2001:db8::1]/x", "http://[2001:db8::1]"),
        (
            "https://my-host_1.example:1/x",
            "https://my-host_1.example:1",
        ),
    ] {
        let parsed = parse_valid(template);
        assert_eq!(parsed.origin, Some(origin), "template {template:?}");
    }
    let parsed = parse_valid("https://h:2083/<call>?a=<b>");
    let names: Vec<&str> = parsed
        .placeholders()
        .iter()
        .map(|found| found.name)
        .collect();
    assert_eq!(names, ["call", "b"]);
}

#[test]
fn valid_templates_have_no_problems() {
    for template in [
        "/",
        "/a-b.c_d~e/!$&'()*+,;=:@",
        "/read%20me.txt/%2F%e9",
        "/...",
        "/.well-known/x",
        "/x?next=/a?b:c@d",
        "/x?a&b=&c==",
        "/x#/a?b&c=d",
        "/cpsessx/y",
        "/x?cpsess1=1",
        "/x/<r..>",
        "/<a>.<b>",
        "/x?<p..>",
        "/x?a=1&<p..>#f",
        "/<_name>/<Name2>",
        "https://[2001:db8::1]:2087/",
        "http://127.0.0.1:65535/xml-api/x",
        r"/json-api/listaccts",
    ] {
        let (_, problems) = parse(template);
        assert!(problems.is_empty(), "template {template:?}: {problems:#?}");
    }
}

/// Template, range of its one problem, and a phrase of the message.
type Case = (&'static str, Range<usize>, &'static str);

fn assert_single_problems(cases: &[Case]) {
    for (template, range, phrase) in cases {
        let (_, problems) = parse(template);
        assert_eq!(problems.len(), 1, "template {template:?}: {problems:#?}");
        assert_eq!(&problems[0].range, range, "template {template:?}");
        assert!(
            problems[0].message.contains(phrase),
            "template {template:?}: {:?} does not contain {phrase:?}",
            problems[0].message
        );
    }
}

#[test]
fn start_of_template_problems() {
    assert_single_problems(&[
        ("", 0..0, "the template is empty"),
        ("execute/x", 0..1, "must start with `/` or `http(s)://`"),
        ("execute/x", 0..1, "write `/execute/x`"),
        ("é/x", 0..2, "must start with `/`"),
        ("//x", 0..2, "starts with `//`"),
        ("//", 0..2, "starts with `//`"),
    ]);
}

#[test]
fn path_segment_problems() {
    assert_single_problems(&[
        ("/a//b", 2..4, "empty path segment"),
        ("/a/b//", 4..6, "empty path segment"),
        ("/a/./b", 3..4, "`.` segment"),
        ("/a/../b", 3..5, "`..` segment"),
        ("/a/.", 3..4, "`.` segment"),
        ("/..", 1..3, "`..` segment"),
        ("/a/%2E%2e/b", 3..9, "`%2E%2e` segment"),
        ("/a/.%2E", 3..7, "`.%2E` segment"),
        ("/a/%2e/", 3..6, "`%2e` segment"),
    ]);
}

#[test]
fn security_token_problems() {
    assert_single_problems(&[
        (
            "/cpsess0123456789/x",
            0..17,
            "already contains a security token `/cpsess0123456789`",
        ),
        ("/x/cpsess1/y", 2..10, "security token `/cpsess1`"),
        ("/cpsess", 0..7, "security token `/cpsess`"),
        ("/cpsess12abc", 0..9, "security token `/cpsess12`"),
        ("https://h:2083/cpsess1/x", 14..22, "security token"),
    ]);
}

#[test]
fn invalid_character_problems() {
    assert_single_problems(&[
        (
            "/a b",
            2..3,
            "invalid character ` ` (space) in a path segment",
        ),
        ("/a b", 2..3, "`%20`"),
        ("/a\"b", 2..3, "`%22`"),
        ("/a\\b", 2..3, "`%5C`"),
        ("/a^b", 2..3, "`%5E`"),
        ("/a`b", 2..3, "`%60`"),
        ("/a{b", 2..3, "`%7B`"),
        ("/a}b", 2..3, "`%7D`"),
        ("/a|b", 2..3, "`%7C`"),
        ("/a\u{1}b", 2..3, "(a control character)"),
        ("/a\u{7f}b", 2..3, "`%7F`"),
        ("/é", 1..3, "invalid character `é` in a path segment"),
        ("/é", 1..3, "`%C3%A9`"),
        ("/😀", 1..5, "`%F0%9F%98%80`"),
        ("/x?q=a b", 6..7, "in a query value"),
        ("/x?a b=1", 4..5, "in a query key"),
        ("/x#a b", 4..5, "in the fragment"),
        ("/x#a#b", 4..5, "invalid character `#` in the fragment"),
        ("/x?a=[1", 5..6, "`%5B`"),
    ]);
}

#[test]
fn braced_placeholder_problems() {
    assert_single_problems(&[
        (
            "/x/{name}",
            3..9,
            "`{name}` is not a placeholder here; write `<name>`",
        ),
        (
            "/x/{path..}",
            3..11,
            "`{path..}` is not a placeholder here; write `<path..>`",
        ),
        (
            "/x?q={q}",
            5..8,
            "`{q}` is not a placeholder here; write `<q>`",
        ),
        (
            "/x#{f}",
            3..6,
            "`{f}` is not a placeholder here; write `<f>`",
        ),
    ]);
}

#[test]
fn percent_escape_problems() {
    assert_single_problems(&[
        ("/a%G1", 2..5, "malformed percent escape `%G1`"),
        ("/a%", 2..3, "malformed percent escape `%`"),
        ("/a%4", 2..4, "malformed percent escape `%4`"),
        ("/a%4/b", 2..4, "malformed percent escape `%4`"),
        ("/a%xy", 2..5, "malformed percent escape `%xy`"),
        ("/x?q=%zz", 5..8, "`%zz`"),
        ("/x#%", 3..4, "write `%25` for a literal `%`"),
    ]);
}

#[test]
fn placeholder_problems() {
    assert_single_problems(&[
        ("/x/<a", 3..5, "unclosed placeholder"),
        ("/x/<a<b>", 3..4, "unclosed placeholder"),
        ("/x>", 2..3, "`>` without a matching `<`"),
        ("/<>", 1..3, "empty placeholder `<>`"),
        ("/<1a>", 1..5, "`1a` is not a Rust identifier"),
        ("/<a-b>", 1..6, "`a-b` is not a Rust identifier"),
        ("/<_>", 1..4, "`_` is not a Rust identifier"),
        ("/< a >", 1..6, "has spaces around its name; write `<a>`"),
        (
            "/<self>",
            1..7,
            "`self` is a Rust keyword that cannot name a variable",
        ),
        ("/<crate>", 1..8, "even as `r#crate`"),
        ("/<a>/<a>", 5..8, "placeholder `a` appears twice"),
        ("/<a>?a=<a>", 7..10, "appears twice"),
        ("/x?a=<a>#<a>", 9..12, "appears twice"),
        ("/<a..>/<a>", 1..6, "must be the last segment"),
    ]);
}

#[test]
fn misplaced_placeholder_problems() {
    assert_single_problems(&[
        (
            "/<x..>/y",
            1..6,
            "`<x..>` must be the last segment of the path",
        ),
        ("/<x..>/", 1..6, "must be the last segment"),
        ("/a<x..>", 2..7, "`<x..>` must be a whole path segment"),
        ("/x?k=<v..>", 5..10, "`<v..>` cannot stand in a query value"),
        ("/x#<v..>", 3..8, "`<v..>` cannot stand in the fragment"),
        (
            "/x?<p..>&a=1",
            3..8,
            "`<p..>` must be the last pair of the query",
        ),
        ("/x?<k>=1", 3..6, "a query key cannot be a placeholder"),
        ("/x?a<k>b=1", 4..7, "a query key cannot be a placeholder"),
        ("/x?<k>", 3..6, "a query key cannot be a placeholder"),
    ]);
}

#[test]
fn query_problems() {
    assert_single_problems(&[
        (
            "/x?a=b+c",
            6..7,
            "cPanel decodes a `+` in the query as a space",
        ),
        ("/x?a+b=1", 4..5, "`+` in a query key"),
        ("/x?", 2..3, "empty query after `?`"),
        ("/x?#f", 2..3, "empty query after `?`"),
        ("/x?a=1&&b", 6..8, "empty query pair"),
        ("/x?a=1&", 6..7, "empty query pair"),
        ("/x?&a", 2..4, "empty query pair"),
        ("/x?=1", 3..4, "empty query key"),
    ]);
}

#[test]
fn origin_problems() {
    assert_single_problems(&[
        ("ftp://h/x", 0..3, "unsupported scheme `ftp`"),
        (
            "HTTPS://h/",
            0..5,
            "the scheme `HTTPS` is not lowercase; write `https`",
        ),
        (
            "Http://h/",
            0..4,
            "the scheme `Http` is not lowercase; write `http`",
        ),
        ("https://user:pw@h/x", 8..16, "userinfo"),
        ("https://h:0/x", 9..11, "a port is from 1 to 65535"),
        ("https://.2083/x", 8..13, "empty label"),
        ("https://a..b/x", 8..12, "empty label"),
        (
            "https://1.2.3.999/x",
            8..17,
            "browsers read a host that ends in a number",
        ),
        (
            "https://a.1/x",
            8..11,
            "browsers read a host that ends in a number",
        ),
        (
            "https://0x7f.1:2087/x",
            8..14,
            "browsers read a host that ends in a number",
        ),
        (
            "https://256.0.0.1/x",
            8..17,
            "browsers read a host that ends in a number",
        ),
        ("https://@h/x", 8..9, "userinfo"),
        ("https:///x", 8..8, "the origin has no host"),
        ("https://:2087/x", 8..8, "the origin has no host"),
        (
            "https://h:99999/",
            9..15,
            "invalid port `99999`; a port is at most 65535",
        ),
        (
            "https://h:2x/",
            9..12,
            "invalid port `2x`; a port is a number",
        ),
        ("https://h:/", 9..10, "the port after `:` is missing"),
        (
            "https://<h>/x",
            8..11,
            "a placeholder cannot stand in the origin",
        ),
        (
            "https://h:<port>/x",
            10..16,
            "a placeholder cannot stand in the origin",
        ),
        (
            "https://{h}/x",
            8..11,
            "a placeholder cannot stand in the origin",
        ),
        ("https://h", 9..9, "the origin is not followed by a path"),
        ("https://h?x=1", 9..9, "not followed by a path"),
        ("https://h#f", 9..9, "not followed by a path"),
        (
            "https://[::1/x",
            8..12,
            "the IPv6 address has no closing `]`",
        ),
        (
            "https://[zz]/",
            8..12,
            "`[zz]` is not a valid IPv6 address; write one in brackets, such as `[::1]`",
        ),
        (
            "https://[::1]x/",
            13..14,
            "unexpected text after the IPv6 address; write `:` and a port, such as `[::1]:2087`, or end the origin there",
        ),
        ("https://h$/", 9..10, "invalid character `$` in the host"),
        (
            "https://hé/",
            9..11,
            "invalid character `é` in the host; a host name contains only letters, digits, `-`, `.` and `_`, so remove it, or write an international name in its `xn--` form",
        ),
    ]);
}

#[test]
fn every_problem_is_reported() {
    let template = "/a b/<>/./x{y}?=1#%";
    let (_, problems) = parse(template);
    let found: Vec<(Range<usize>, &str)> = problems
        .iter()
        .map(|problem| (problem.range.clone(), problem.message.as_str()))
        .collect();
    let expected = [
        (2..3, "invalid character ` ` (space)"),
        (5..7, "empty placeholder"),
        (8..9, "`.` segment"),
        (11..14, "`{y}` is not a placeholder here; write `<y>`"),
        (15..16, "empty query key"),
        (18..19, "malformed percent escape"),
    ];
    assert_eq!(found.len(), expected.len(), "{problems:#?}");
    for ((range, message), (expected_range, phrase)) in found.iter().zip(&expected) {
        assert_eq!(range, expected_range, "{message}");
        assert!(message.contains(phrase), "{message:?} lacks {phrase:?}");
    }
}

#[test]
fn problems_after_a_bad_start_are_reported() {
    let (_, problems) = parse("{a}/x y");
    let messages: Vec<&str> = problems
        .iter()
        .map(|problem| problem.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages[0].contains("must start with `/`"), "{messages:#?}");
    assert!(
        messages[1].contains("`{a}` is not a placeholder here; write `<a>`"),
        "{messages:#?}"
    );
    assert!(
        messages[2].contains("invalid character ` `"),
        "{messages:#?}"
    );
}

#[test]
fn messages_are_lowercase_without_period() {
    for template in [
        "",
        "x",
        "//x",
        "/a//b",
        "/./",
        "/cpsess1",
        "/a b",
        "/{a}",
        "/%",
        "/<a",
        "/>",
        "/<>",
        "/<1>",
        "/<self>",
        "/<a>/<a>",
        "/<r..>/x",
        "/x?<k>=1",
        "/x?",
        "/x?&",
        "ftp://h/",
        "https://u@h/",
        "https://h:x/",
        "https://h",
    ] {
        for problem in parse(template).1 {
            let message = &problem.message;
            let first = message.chars().next().expect("a message is not empty");
            assert!(!first.is_uppercase(), "{template:?}: {message:?}");
            assert!(!message.ends_with('.'), "{template:?}: {message:?}");
        }
    }
}

/// Pieces of text that templates are made of, for the property tests:
/// every delimiter of the grammar, words that the parser looks for, and
/// characters that must be percent-encoded.
const TEMPLATE_ALPHABET: &[&str] = &[
    "/", "<", ">", "{", "}", "%", "?", "#", "&", "=", ".", ":", "@", "[", "]", " ", "..", "a", "Z",
    "0", "9", "_", "-", "~", "é", "日", "😀", "\u{0}", "\u{7f}", "\n", "\\", "\"", "http", "https",
    "://", "cpsess", "12", "%2E", "%2e", "%4", "<a>", "<b..>", "{c}", "fn", "::1",
];

fn alphabet_template() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TEMPLATE_ALPHABET), 0..32)
        .prop_map(|parts| parts.concat())
}

fn any_template() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        alphabet_template(),
        ("(https?://)?", alphabet_template()).prop_map(|(origin, rest)| origin + &rest),
        "[/<>{}%?#&=.:a-z0-9\\[\\]@é]{0,24}",
    ]
}

/// Markers for `<name>` and `<name..>` in generated templates, numbered
/// afterwards so that every name is unique.
const PLACEHOLDER_MARKER: char = '\u{1}';
const REST_MARKER: char = '\u{2}';

/// Replaces the markers with `<p0>`, `<p1..>` and so on, in order.
fn number_placeholders(marked: &str) -> String {
    let mut template = String::new();
    let mut count = 0;
    for character in marked.chars() {
        let written = match character {
            PLACEHOLDER_MARKER => write!(template, "<p{count}>"),
            REST_MARKER => write!(template, "<p{count}..>"),
            _ => {
                template.push(character);
                continue;
            }
        };
        written.expect("writing to a String cannot fail");
        count += 1;
    }
    template
}

/// Literal text in a path segment. It starts with a letter other than `c`,
/// so a segment can be neither a dot segment nor a token.
fn path_text() -> impl Strategy<Value = String> {
    "[abxyz][a-z0-9._~!$&'()*+,;=:@-]{0,3}(%[0-9A-Fa-f]{2})?"
}

fn path_segment() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![path_text(), Just(PLACEHOLDER_MARKER.to_string())],
        1..4,
    )
    .prop_map(|pieces| pieces.concat())
}

fn query_pair() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just(None),
        "[a-z0-9/?:@!$'()*,;=._~-]{0,4}".prop_map(Some),
        Just(Some(PLACEHOLDER_MARKER.to_string())),
        "[a-z0-9]{1,3}".prop_map(|text| Some(format!("{text}{PLACEHOLDER_MARKER}{text}"))),
    ];
    ("[a-z][a-z0-9._]{0,3}", value).prop_map(|(key, value)| match value {
        None => key,
        Some(value) => format!("{key}={value}"),
    })
}

fn fragment() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[a-z0-9/?:@!$&'()*+,;=._~-]{1,4}",
            Just(PLACEHOLDER_MARKER.to_string())
        ],
        0..3,
    )
    .prop_map(|pieces| pieces.concat())
}

/// Origins of generated templates. The empty ones make relative templates.
const ORIGINS: &[&str] = &[
    "",
    "",
    "http://h",
    "https://example.com:2087",
    "http://[::1]:2083",
    "https://127.0.0.1",
];

/// Templates that follow the grammar, with unique placeholder names.
fn valid_template() -> impl Strategy<Value = String> {
    (
        prop::sample::select(ORIGINS),
        prop::collection::vec(path_segment(), 0..4),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(query_pair(), 0..3),
        any::<bool>(),
        prop::option::of(fragment()),
    )
        .prop_map(
            |(origin, segments, trailing_slash, rest, pairs, tail, fragment)| {
                let mut marked = origin.to_owned();
                for segment in &segments {
                    marked.push('/');
                    marked.push_str(segment);
                }
                if rest {
                    marked.push('/');
                    marked.push(REST_MARKER);
                } else if trailing_slash || segments.is_empty() {
                    marked.push('/');
                }
                let mut items = pairs;
                if tail {
                    items.push(REST_MARKER.to_string());
                }
                if !items.is_empty() {
                    marked.push('?');
                    marked.push_str(&items.join("&"));
                }
                if let Some(fragment) = fragment {
                    marked.push('#');
                    marked.push_str(&fragment);
                }
                number_placeholders(&marked)
            },
        )
}

fn pieces_text(pieces: &[Piece<'_>]) -> String {
    let mut text = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(literal) => text.push_str(literal),
            Piece::Placeholder(placeholder) => {
                text.push('<');
                text.push_str(placeholder.name);
                text.push('>');
            }
        }
    }
    text
}

/// Writes a parsed template back as text.
fn reassemble(parsed: &Template<'_>) -> String {
    let mut text = parsed.origin.unwrap_or_default().to_owned();
    for segment in &parsed.segments {
        text.push('/');
        text.push_str(&pieces_text(&segment.pieces));
    }
    if let Some(rest) = &parsed.rest {
        write!(text, "/<{}..>", rest.name).expect("writing to a String cannot fail");
    }
    if let Some(pairs) = &parsed.query {
        let mut items: Vec<String> = pairs
            .iter()
            .map(|pair| match &pair.value {
                None => pair.key.to_owned(),
                Some(value) => format!("{}={}", pair.key, pieces_text(value)),
            })
            .collect();
        if let Some(tail) = &parsed.query_tail {
            items.push(format!("<{}..>", tail.name));
        }
        text.push('?');
        text.push_str(&items.join("&"));
    }
    if let Some(fragment) = &parsed.fragment {
        text.push('#');
        text.push_str(&pieces_text(fragment));
    }
    text
}

/// Checks what must hold for any input: problem ranges and placeholder
/// ranges lie in the template on character boundaries, messages render,
/// and a template without problems is what its parts add up to.
fn check_parse(template: &str) -> Result<(), TestCaseError> {
    let (parsed, problems) = parse(template);
    for problem in &problems {
        let Range { start, end } = problem.range;
        prop_assert!(start <= end, "{problem:?}");
        prop_assert!(end <= template.len(), "{problem:?}");
        prop_assert!(template.is_char_boundary(start), "{problem:?}");
        prop_assert!(template.is_char_boundary(end), "{problem:?}");
        prop_assert!(!problem.message.is_empty());
        let rendered = problem.render(template);
        prop_assert!(rendered.starts_with(&problem.message));
    }
    for found in parsed.placeholders() {
        let text = template.get(found.range.clone());
        prop_assert!(text.is_some(), "{found:?}");
        let text = text.unwrap_or_default();
        prop_assert!(text.starts_with('<') && text.ends_with('>'), "{found:?}");
        prop_assert!(text.contains(found.name), "{found:?}");
    }
    if problems.is_empty() {
        prop_assert_eq!(reassemble(&parsed), template);
        for segment in &parsed.segments {
            prop_assert_eq!(pieces_text(&segment.pieces), segment.text);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics(template in any_template()) {
        check_parse(&template)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn grammatical_templates_parse_cleanly(template in valid_template()) {
        let (parsed, problems) = parse(&template);
        prop_assert!(problems.is_empty(), "{:#?}", problems);
        prop_assert_eq!(reassemble(&parsed), template.as_str());
        let names: Vec<&str> = parsed.placeholders().iter().map(|found| found.name).collect();
        let expected: Vec<String> = (0..names.len()).map(|index| format!("p{index}")).collect();
        prop_assert_eq!(names, expected);
        check_parse(&template)?;
    }
}
