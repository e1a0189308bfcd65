//! The exact URL that `cpurl!` and `try_cpurl!` build for every template
//! feature and every value type, with and without a token, relative and
//! absolute.
//!
//! Each table row is a macro call and the URL it must build. A failing row
//! names itself by the source text of its call.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::net::{Ipv4Addr, Ipv6Addr};
use std::rc::Rc;
use std::sync::Arc;

use token_url::{Error, Formatted, Origin, SecurityToken, TokenUrl, cpurl, try_cpurl, with_token};

/// The token that the tables use, as text and parsed.
const TOKEN_TEXT: &str = "/cpsess0123456789";

fn token() -> SecurityToken {
    SecurityToken::parse(TOKEN_TEXT).expect("the test token is valid")
}

/// A built URL, the URL it must be, and the call that built it.
struct Row {
    source: &'static str,
    built: TokenUrl,
    expected: &'static str,
}

/// Builds table rows from `call => expected` items, keeping each call's
/// source text to name the row when it fails.
macro_rules! rows {
    ($($built:expr => $expected:expr),* $(,)?) => {
        vec![$(Row {
            source: stringify!($built),
            built: $built,
            expected: $expected,
        }),*]
    };
}

/// Asserts that every row built `prefix` followed by its expected URL.
fn assert_rows(rows: &[Row], prefix: &str) {
    for row in rows {
        let expected = format!("{prefix}{}", row.expected);
        assert_eq!(row.built.as_str(), expected, "row `{}`", row.source);
    }
}

/// Asserts every row of a table of relative URLs built with the ambient
/// token: once with a token, where the token comes first, and once without.
fn assert_relative_rows(table: fn() -> Vec<Row>) {
    assert_rows(&with_token(&token(), table), TOKEN_TEXT);
    assert_rows(&with_token(&SecurityToken::NONE, table), "");
}

fn path_rows() -> Vec<Row> {
    rows![
        cpurl!("/") => "/",
        cpurl!("/xml-api/listaccts") => "/xml-api/listaccts",
        cpurl!("/execute/Email/list_pops") => "/execute/Email/list_pops",
        cpurl!("/frontend/jupiter/") => "/frontend/jupiter/",
        cpurl!("/frontend/jupiter/index.html") => "/frontend/jupiter/index.html",
        cpurl!(r"/json-api/listaccts") => "/json-api/listaccts",
        cpurl!("/a-b.c_d~e/!$&'()*+,;=:@") => "/a-b.c_d~e/!$&'()*+,;=:@",
        cpurl!("/read%20me.txt") => "/read%20me.txt",
        cpurl!("/...") => "/...",
        cpurl!("/.well-known/x") => "/.well-known/x",
        cpurl!("/json-api/listaccts?api.version=1") => "/json-api/listaccts?api.version=1",
        cpurl!("/?x=1") => "/?x=1",
        cpurl!("/#top") => "/#top",
    ]
}

#[test]
fn static_paths() {
    assert_relative_rows(path_rows);
}

fn placeholder_rows() -> Vec<Row> {
    let module = "Email";
    let function = "list_pops";
    let name = "wordpress";
    rows![
        cpurl!("/execute/<module>/<function>") => "/execute/Email/list_pops",
        cpurl!("/execute/<module>/<function>", module = "Mysql", function = "list_databases")
            => "/execute/Mysql/list_databases",
        cpurl!("/execute/Email/<f>", f = function) => "/execute/Email/list_pops",
        cpurl!("/n/<n>", n = 1 + 2) => "/n/3",
        cpurl!("/cgi/addon_<name>.cgi") => "/cgi/addon_wordpress.cgi",
        cpurl!("/<a>-<b>.<c>", a = "x", b = 2, c = "tar") => "/x-2.tar",
        cpurl!("/<a><b>", a = "x", b = "y") => "/xy",
        cpurl!("/v<a>", a = "") => "/v",
        cpurl!("/<a>/<b>/", a = "x", b = "y") => "/x/y/",
        cpurl!("/<name>?x=1#top") => "/wordpress?x=1#top",
        cpurl!("/files/<a>", a = "...") => "/files/...",
        cpurl!("/files/<a>", a = ".a") => "/files/.a",
        cpurl!("/files/.<a>", a = "a") => "/files/.a",
        cpurl!("/files/%2E<a>", a = "x") => "/files/%2Ex",
    ]
}

#[test]
fn path_placeholders() {
    assert_relative_rows(placeholder_rows);
}

fn rest_rows() -> Vec<Row> {
    let path = "docs/read me.txt";
    let empty_slice: &[&str] = &[];
    rows![
        cpurl!("/3rdparty/<path..>") => "/3rdparty/docs/read%20me.txt",
        cpurl!("/3rdparty/<p..>", p = "a/b/c") => "/3rdparty/a/b/c",
        cpurl!("/3rdparty/<p..>", p = "a") => "/3rdparty/a",
        cpurl!("/3rdparty/<p..>", p = "a+b/c&d/e?f#g/%") => "/3rdparty/a%2Bb/c%26d/e%3Ff%23g/%25",
        cpurl!("/3rdparty/<p..>", p = String::from("x/y")) => "/3rdparty/x/y",
        cpurl!("/3rdparty/<p..>", p = Cow::Borrowed("x/y")) => "/3rdparty/x/y",
        cpurl!("/3rdparty/<p..>", p = "") => "/3rdparty/",
        cpurl!("/<p..>", p = "") => "/",
        cpurl!("/<p..>", p = "a/b") => "/a/b",
        cpurl!("/3rdparty/<p..>", p = ["a/b", "c"]) => "/3rdparty/a%2Fb/c",
        cpurl!("/3rdparty/<p..>", p = &["a", "b"][..]) => "/3rdparty/a/b",
        cpurl!("/3rdparty/<p..>", p = vec![String::from("a b"), String::from("c")])
            => "/3rdparty/a%20b/c",
        cpurl!("/3rdparty/<p..>", p = [1, 2, 3]) => "/3rdparty/1/2/3",
        cpurl!("/3rdparty/<p..>", p = empty_slice) => "/3rdparty/",
        cpurl!("/3rdparty/<p..>", p = Vec::<String>::new()) => "/3rdparty/",
        cpurl!("/3rdparty/<p..>?x=1#top", p = "a/b") => "/3rdparty/a/b?x=1#top",
        cpurl!("/3rdparty/<p..>?x=1", p = "") => "/3rdparty/?x=1",
        cpurl!("/3rdparty/<p..>", p = "a/.../b") => "/3rdparty/a/.../b",
    ]
}

#[test]
fn rest_segments() {
    assert_relative_rows(rest_rows);
}

fn query_rows() -> Vec<Row> {
    let email = "john+tag@example.com";
    let none: Option<&str> = None;
    let domains = ["a.example", "b.example"];
    let ids = vec![1, 2, 3];
    let empty: &[&str] = &[];
    rows![
        cpurl!("/x?a=1&b=2") => "/x?a=1&b=2",
        cpurl!("/x?flag") => "/x?flag",
        cpurl!("/x?flag&a=1") => "/x?flag&a=1",
        cpurl!("/x?a=") => "/x?a=",
        cpurl!("/x?next=/a?b") => "/x?next=/a?b",
        cpurl!("/x?email=<email>") => "/x?email=john%2Btag%40example.com",
        cpurl!("/x?a=<a>&b=<b>", a = 1, b = "two") => "/x?a=1&b=two",
        cpurl!("/x?a=1&b=<b>&c", b = "v") => "/x?a=1&b=v&c",
        cpurl!("/x?q=pre<v>post", v = "-") => "/x?q=pre-post",
        cpurl!("/x?q=<a>,<b>", a = "a b", b = "c") => "/x?q=a%20b,c",
        cpurl!("/x?q=<a><b>", a = 1, b = 2) => "/x?q=12",
        cpurl!("/x?q=<v>", v = "") => "/x?q=",
        cpurl!("/x?q=<v>", v = ".") => "/x?q=.",
        cpurl!("/x?q=<v>", v = Some("s")) => "/x?q=s",
        cpurl!("/x?q=<v>", v = Some(7)) => "/x?q=7",
        cpurl!("/x?q=<v>", v = none) => "/x",
        cpurl!("/x?a=<a>&b=<b>", a = none, b = None::<u8>) => "/x",
        cpurl!("/x?a=<a>&b=<b>#top", a = none, b = None::<u8>) => "/x#top",
        cpurl!("/x?a=<a>&b=2", a = none) => "/x?b=2",
        cpurl!("/x?a=1&b=<b>", b = none) => "/x?a=1",
        cpurl!("/x?a=<a>&b=<b>&c=<c>", a = none, b = Some(2), c = none) => "/x?b=2",
        cpurl!("/x?domain=<domains>") => "/x?domain=a.example&domain=b.example",
        cpurl!("/x?id=<ids>") => "/x?id=1&id=2&id=3",
        cpurl!("/x?id=<v>", v = &ids[..]) => "/x?id=1&id=2&id=3",
        cpurl!("/x?id=<v>", v = [true, false]) => "/x?id=1&id=0",
        cpurl!("/x?id=<v>&z=1", v = empty) => "/x?z=1",
        cpurl!("/x?id=<v>", v = empty) => "/x",
        cpurl!("/x?id=<v>", v = vec![Some(1), None, Some(3)]) => "/x?id=1&id=3",
        cpurl!("/x?id=<v>", v = Some(vec!["a", "b"])) => "/x?id=a&id=b",
        cpurl!("/x?id=<v>", v = vec!["a&b", "c=d"]) => "/x?id=a%26b&id=c%3Dd",
        cpurl!("/x?a=<a>&id=<v>&z", a = 0, v = ["p", "q"]) => "/x?a=0&id=p&id=q&z",
    ]
}

#[test]
fn query_pairs() {
    assert_relative_rows(query_rows);
}

fn pairs_tail_rows() -> Vec<Row> {
    let captured = vec![("a", "1"), ("b", "2")];
    let slice: &[(&str, i32)] = &[("x", 1), ("y", 2)];
    let mut ordered = BTreeMap::new();
    ordered.insert(String::from("b"), String::from("2"));
    ordered.insert(String::from("a"), String::from("1"));
    let mut hashed = HashMap::new();
    hashed.insert("user", "john+tag");
    rows![
        cpurl!("/x?<pairs..>", pairs = vec![("a", "1"), ("b", "2")]) => "/x?a=1&b=2",
        cpurl!("/x?<captured..>") => "/x?a=1&b=2",
        cpurl!("/x?<p..>", p = slice) => "/x?x=1&y=2",
        cpurl!("/x?<p..>", p = &captured) => "/x?a=1&b=2",
        cpurl!("/x?<p..>", p = &ordered) => "/x?a=1&b=2",
        cpurl!("/x?<p..>", p = ordered.clone()) => "/x?a=1&b=2",
        cpurl!("/x?<p..>", p = &hashed) => "/x?user=john%2Btag",
        cpurl!("/x?<p..>", p = (1..=3).map(|i| ("id", i))) => "/x?id=1&id=2&id=3",
        cpurl!("/x?<p..>", p = [("k", vec!["a", "b"])]) => "/x?k=a&k=b",
        cpurl!("/x?<p..>", p = [("a", Some(1)), ("b", None)]) => "/x?a=1",
        cpurl!("/x?<p..>", p = [("a b", "c&d"), ("e=f", "g+h")])
            => "/x?a%20b=c%26d&e%3Df=g%2Bh",
        cpurl!("/x?<p..>", p = [('k', true)]) => "/x?k=1",
        cpurl!("/x?<p..>", p = Vec::<(&str, &str)>::new()) => "/x",
        cpurl!("/x?<p..>#top", p = Vec::<(&str, &str)>::new()) => "/x#top",
        cpurl!("/x?a=1&<p..>", p = [("b", "2")]) => "/x?a=1&b=2",
        cpurl!("/x?a=1&<p..>", p = Vec::<(&str, &str)>::new()) => "/x?a=1",
        cpurl!("/x?a=<a>&<p..>", a = None::<&str>, p = [("b", "2")]) => "/x?b=2",
    ]
}

#[test]
fn query_pairs_tail() {
    assert_relative_rows(pairs_tail_rows);
}

fn fragment_rows() -> Vec<Row> {
    let section = "install";
    rows![
        cpurl!("/x#top") => "/x#top",
        cpurl!("/x#") => "/x#",
        cpurl!("/x#<section>") => "/x#install",
        cpurl!("/x#step-<n>", n = 2) => "/x#step-2",
        cpurl!("/x#/a/<b>?c", b = "d") => "/x#/a/d?c",
        cpurl!("/x?a=1#<section>") => "/x?a=1#install",
        cpurl!("/x#<v>", v = "a b#c") => "/x#a%20b%23c",
        cpurl!("/x#<v>", v = "") => "/x#",
    ]
}

#[test]
fn fragments() {
    assert_relative_rows(fragment_rows);
}

/// A type whose `Display` output needs encoding.
struct Label;

impl std::fmt::Display for Label {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a b/")?;
        formatter.write_str("é")
    }
}

fn value_type_rows() -> Vec<Row> {
    let string = String::from("s");
    let str_ref: &str = "r";
    let str_ref_ref: &&str = &"rr";
    let boxed: Box<str> = "bx".into();
    let rc: Rc<str> = Rc::from("rc");
    let arc = Arc::new(String::from("arc"));
    let owned: Cow<'_, str> = Cow::Owned(String::from("co"));
    let mut mutable = String::from("mu");
    let mutable_ref = &mut mutable;
    rows![
        cpurl!("/<v>", v = "lit") => "/lit",
        cpurl!("/<string>") => "/s",
        cpurl!("/<v>", v = &string) => "/s",
        cpurl!("/<str_ref>") => "/r",
        cpurl!("/<str_ref_ref>") => "/rr",
        cpurl!("/<v>", v = Cow::Borrowed("cb")) => "/cb",
        cpurl!("/<owned>") => "/co",
        cpurl!("/<boxed>") => "/bx",
        cpurl!("/<rc>") => "/rc",
        cpurl!("/<arc>") => "/arc",
        cpurl!("/<mutable_ref>") => "/mu",
        cpurl!("/<v>", v = Box::new(5_u8)) => "/5",
        cpurl!("/<v>", v = String::from("tmp").as_str()) => "/tmp",
        cpurl!("/<v>", v = 'c') => "/c",
        cpurl!("/<v>", v = '/') => "/%2F",
        cpurl!("/<v>", v = 'é') => "/%C3%A9",
        cpurl!("/<v>", v = true) => "/1",
        cpurl!("/<v>", v = false) => "/0",
        cpurl!("/x?a=<a>&b=<b>", a = true, b = false) => "/x?a=1&b=0",
        cpurl!("/x#<v>", v = true) => "/x#1",
        cpurl!("/<v>", v = Formatted(Ipv4Addr::new(192, 0, 2, 7))) => "/192.0.2.7",
        cpurl!("/<v>", v = Formatted(Ipv6Addr::LOCALHOST)) => "/%3A%3A1",
        cpurl!("/<v>", v = Formatted(Label)) => "/a%20b%2F%C3%A9",
        cpurl!("/x?ip=<v>", v = Formatted(Ipv6Addr::LOCALHOST)) => "/x?ip=%3A%3A1",
        cpurl!("/x#<v>", v = Formatted(1.5)) => "/x#1.5",
    ]
}

#[test]
fn value_types() {
    assert_relative_rows(value_type_rows);
}

fn integer_rows() -> Vec<Row> {
    rows![
        cpurl!("/<v>", v = 0) => "/0",
        cpurl!("/<v>", v = -1) => "/-1",
        cpurl!("/<v>", v = 10) => "/10",
        cpurl!("/<v>", v = i8::MIN) => "/-128",
        cpurl!("/<v>", v = i8::MAX) => "/127",
        cpurl!("/<v>", v = u8::MIN) => "/0",
        cpurl!("/<v>", v = u8::MAX) => "/255",
        cpurl!("/<v>", v = i16::MIN) => "/-32768",
        cpurl!("/<v>", v = i16::MAX) => "/32767",
        cpurl!("/<v>", v = u16::MAX) => "/65535",
        cpurl!("/<v>", v = i32::MIN) => "/-2147483648",
        cpurl!("/<v>", v = i32::MAX) => "/2147483647",
        cpurl!("/<v>", v = u32::MAX) => "/4294967295",
        cpurl!("/<v>", v = i64::MIN) => "/-9223372036854775808",
        cpurl!("/<v>", v = i64::MAX) => "/9223372036854775807",
        cpurl!("/<v>", v = u64::MAX) => "/18446744073709551615",
        cpurl!("/<v>", v = i128::MIN) => "/-170141183460469231731687303715884105728",
        cpurl!("/<v>", v = i128::MAX) => "/170141183460469231731687303715884105727",
        cpurl!("/<v>", v = u128::MIN) => "/0",
        cpurl!("/<v>", v = u128::MAX) => "/340282366920938463463374607431768211455",
        cpurl!("/<v>", v = u128::from(u64::MAX) + 1) => "/18446744073709551616",
        cpurl!("/<v>", v = 0_usize) => "/0",
        cpurl!("/<v>", v = 0_isize) => "/0",
        cpurl!("/<v>", v = -7_isize) => "/-7",
        cpurl!("/x?a=<a>&b=<b>", a = i64::MIN, b = u16::MAX) => "/x?a=-9223372036854775808&b=65535",
        cpurl!("/x#<v>", v = -42_i16) => "/x#-42",
    ]
}

#[cfg(target_pointer_width = "64")]
fn pointer_sized_rows() -> Vec<Row> {
    rows![
        cpurl!("/<v>", v = isize::MIN) => "/-9223372036854775808",
        cpurl!("/<v>", v = isize::MAX) => "/9223372036854775807",
        cpurl!("/<v>", v = usize::MAX) => "/18446744073709551615",
    ]
}

#[test]
fn integer_values() {
    assert_relative_rows(integer_rows);
    #[cfg(target_pointer_width = "64")]
    assert_relative_rows(pointer_sized_rows);
}

/// Values that must be percent-encoded, and their encoded form, which is
/// the same in every component.
const ENCODED: &[(&str, &str)] = &[
    ("john+tag@example.com", "john%2Btag%40example.com"),
    ("p&ss", "p%26ss"),
    ("a b", "a%20b"),
    ("a/b", "a%2Fb"),
    ("100%", "100%25"),
    ("%2E", "%252E"),
    ("#", "%23"),
    ("?", "%3F"),
    ("=", "%3D"),
    ("a;b,c", "a%3Bb%2Cc"),
    ("<>\"'`{}|\\^", "%3C%3E%22%27%60%7B%7D%7C%5C%5E"),
    ("\t\n\r\0", "%09%0A%0D%00"),
    ("\u{7f}", "%7F"),
    ("é", "%C3%A9"),
    ("日本", "%E6%97%A5%E6%9C%AC"),
    ("😀", "%F0%9F%98%80"),
    ("-._~AZaz09", "-._~AZaz09"),
];

#[test]
fn values_encoded_in_every_component() {
    let token = token();
    for &(value, encoded) in ENCODED {
        let cases = [
            (
                cpurl!(token = &token, "/a/<value>/z"),
                format!("/a/{encoded}/z"),
            ),
            (
                cpurl!(token = &token, "/cgi/addon_<value>.cgi"),
                format!("/cgi/addon_{encoded}.cgi"),
            ),
            (
                cpurl!(token = &token, "/f/<value..>", value = [value]),
                format!("/f/{encoded}"),
            ),
            (
                cpurl!(token = &token, "/x?k=<value>&z=1"),
                format!("/x?k={encoded}&z=1"),
            ),
            (
                cpurl!(token = &token, "/x?k=a<value>b"),
                format!("/x?k=a{encoded}b"),
            ),
            (
                cpurl!(token = &token, "/x?<pairs..>", pairs = [(value, value)]),
                format!("/x?{encoded}={encoded}"),
            ),
            (
                cpurl!(token = &token, "/x#s-<value>"),
                format!("/x#s-{encoded}"),
            ),
        ];
        for (index, (built, expected)) in cases.iter().enumerate() {
            let expected = format!("{TOKEN_TEXT}{expected}");
            assert_eq!(built.as_str(), expected, "value {value:?} in case {index}");
        }
    }
}

#[test]
fn explicit_token() {
    let token = token();
    let other = SecurityToken::parse("cpsess42").unwrap();
    let table = with_token(&other, || {
        rows![
            cpurl!(token = &token, "/execute/Email/list_pops")
                => "/cpsess0123456789/execute/Email/list_pops",
            cpurl!(token = &token, "/") => "/cpsess0123456789/",
            cpurl!(token = &SecurityToken::NONE, "/") => "/",
            cpurl!(token = &SecurityToken::NONE, "/x/<v>", v = 1) => "/x/1",
            cpurl!(token = &token, "/x/<v>?q=<q>#<f>", v = 1, q = "a", f = "b")
                => "/cpsess0123456789/x/1?q=a#b",
            cpurl!("/ambient") => "/cpsess42/ambient",
        ]
    });
    assert_rows(&table, "");
}

#[test]
fn absolute_templates() {
    let token = token();
    let none = SecurityToken::NONE;
    let call = "listaccts";
    let table = rows![
        cpurl!(token = &token, "https://example.com:2087/json-api/<call>?api.version=1")
            => "https://example.com:2087/cpsess0123456789/json-api/listaccts?api.version=1",
        cpurl!(token = &none, "https://example.com:2087/json-api/<call>?api.version=1")
            => "https://example.com:2087/json-api/listaccts?api.version=1",
        cpurl!(token = &token, "https://example.com/x") => "https://example.com/cpsess0123456789/x",
        cpurl!(token = &token, "https://example.com/") => "https://example.com/cpsess0123456789/",
        cpurl!(token = &none, "https://example.com/") => "https://example.com/",
        cpurl!(token = &token, "http://127.0.0.1:2087/xml-api/<call>")
            => "http://127.0.0.1:2087/cpsess0123456789/xml-api/listaccts",
        cpurl!(token = &token, "https://[::1]:2083/execute/Email/list_pops")
            => "https://[::1]:2083/cpsess0123456789/execute/Email/list_pops",
        cpurl!(token = &token, "http://[2001:db8::1]/x") => "http://[2001:db8::1]/cpsess0123456789/x",
        cpurl!(token = &token, "https://my-host_1.example:1/a/") => "https://my-host_1.example:1/cpsess0123456789/a/",
        cpurl!(token = &token, "https://h/<p..>", p = "") => "https://h/cpsess0123456789/",
        cpurl!(token = &token, "https://h/x?<p..>#f", p = [("a", 1)]) => "https://h/cpsess0123456789/x?a=1#f",
    ];
    assert_rows(&table, "");
    let ambient = with_token(
        &token,
        || rows![cpurl!("https://example.com:2083/x") => "https://example.com:2083/cpsess0123456789/x"],
    );
    assert_rows(&ambient, "");
}

#[test]
fn runtime_origins() {
    let token = token();
    let none = SecurityToken::NONE;
    let whm = Origin::whm("server.example.com").unwrap();
    let cpanel = Origin::cpanel("server.example.com").unwrap();
    let webmail = Origin::webmail("server.example.com").unwrap();
    let local: Origin = "http://127.0.0.1:2087".parse().unwrap();
    let ipv6 = Origin::parse("https://[2001:db8::1]:2087").unwrap();
    let ipv6_no_port = Origin::parse("HTTP://[::1]/").unwrap();
    let no_port = Origin::parse("https://example.com").unwrap();
    let table = rows![
        cpurl!(token = &token, origin = &whm, "/json-api/listaccts?api.version=1")
            => "https://server.example.com:2087/cpsess0123456789/json-api/listaccts?api.version=1",
        cpurl!(token = &none, origin = &whm, "/json-api/listaccts")
            => "https://server.example.com:2087/json-api/listaccts",
        cpurl!(token = &token, origin = &cpanel, "/") => "https://server.example.com:2083/cpsess0123456789/",
        cpurl!(token = &token, origin = &webmail, "/x") => "https://server.example.com:2096/cpsess0123456789/x",
        cpurl!(token = &token, origin = &local, "/xml-api/<f>", f = "version")
            => "http://127.0.0.1:2087/cpsess0123456789/xml-api/version",
        cpurl!(token = &token, origin = &ipv6, "/x") => "https://[2001:db8::1]:2087/cpsess0123456789/x",
        cpurl!(token = &token, origin = &ipv6_no_port, "/x") => "http://[::1]/cpsess0123456789/x",
        cpurl!(token = &token, origin = &no_port, "/x") => "https://example.com/cpsess0123456789/x",
        cpurl!(origin = &whm, token = &token, "/x") => "https://server.example.com:2087/cpsess0123456789/x",
    ];
    assert_rows(&table, "");
    let ambient = with_token(
        &token,
        || rows![cpurl!(origin = &whm, "/x") => "https://server.example.com:2087/cpsess0123456789/x"],
    );
    assert_rows(&ambient, "");
}

#[test]
fn with_token_nests() {
    let outer = SecurityToken::parse("/cpsess1").unwrap();
    let inner = SecurityToken::parse("/cpsess2").unwrap();
    let urls = with_token(&outer, || {
        let before = cpurl!("/a");
        let nested = with_token(&inner, || cpurl!("/b"));
        let none = with_token(&SecurityToken::NONE, || cpurl!("/c"));
        let after = cpurl!("/d");
        [before, nested, none, after]
    });
    let expected = ["/cpsess1/a", "/cpsess2/b", "/c", "/cpsess1/d"];
    for (built, expected) in urls.iter().zip(expected) {
        assert_eq!(built.as_str(), expected);
    }
}

#[test]
fn with_token_restores_after_panic() {
    let outer = SecurityToken::parse("/cpsess1").unwrap();
    let inner = SecurityToken::parse("/cpsess2").unwrap();
    let url = with_token(&outer, || {
        let result = std::panic::catch_unwind(|| with_token(&inner, || panic!("inside")));
        assert!(result.is_err());
        cpurl!("/a")
    });
    assert_eq!(url.as_str(), "/cpsess1/a");
}

#[test]
fn try_cpurl_success() -> Result<(), Error> {
    let token = token();
    let path = "docs/index.html";
    let url = try_cpurl!(token = &token, "/3rdparty/files/<path..>")?;
    assert_eq!(
        url.as_str(),
        "/cpsess0123456789/3rdparty/files/docs/index.html"
    );
    let url = with_token(&token, || {
        try_cpurl!("/x/<v>?q=<q>", v = "a b", q = None::<u8>)
    })?;
    assert_eq!(url.as_str(), "/cpsess0123456789/x/a%20b");
    let url = try_cpurl!(token = &token, "https://h:2083/x/<v>", v = "...")?;
    assert_eq!(url.as_str(), "https://h:2083/cpsess0123456789/x/...");
    Ok(())
}

/// The segment, position and value of an `Error::InvalidSegment`.
type SegmentError = (&'static str, Option<usize>, &'static str);

/// A `try_cpurl!` result, the segment error it must be, and the call.
struct Rejection {
    source: &'static str,
    result: Result<TokenUrl, Error>,
    expected: SegmentError,
}

/// Builds rejection rows from `call => (segment, position, value)` items.
macro_rules! rejections {
    ($($result:expr => $expected:expr),* $(,)?) => {
        vec![$(Rejection {
            source: stringify!($result),
            result: $result,
            expected: $expected,
        }),*]
    };
}

fn assert_rejections(rows: Vec<Rejection>) {
    for row in rows {
        let fields = match row.result {
            Err(Error::InvalidSegment {
                segment,
                position,
                value,
            }) => (segment, position, value),
            other => panic!("row `{}` returned {other:?}", row.source),
        };
        assert_eq!(fields, row.expected, "row `{}`", row.source);
    }
}

#[test]
fn try_cpurl_rejects_whole_segments() {
    let token = token();
    assert_rejections(rejections![
        try_cpurl!(token = &token, "/a/<v>", v = "") => ("<v>", None, ""),
        try_cpurl!(token = &token, "/a/<v>", v = ".") => ("<v>", None, "."),
        try_cpurl!(token = &token, "/a/<v>", v = "..") => ("<v>", None, ".."),
        try_cpurl!(token = &token, "/a/<v>/", v = "..") => ("<v>", None, ".."),
        try_cpurl!(token = &token, "/<v>", v = "") => ("<v>", None, ""),
        try_cpurl!(token = &token, "https://h/<v>/x", v = "..") => ("<v>", None, ".."),
        try_cpurl!(token = &token, "/a/<v>", v = '.') => ("<v>", None, "."),
        try_cpurl!(token = &token, "/a/<v>", v = String::new()) => ("<v>", None, ""),
        try_cpurl!(token = &token, "/a/<v>", v = Formatted("..")) => ("<v>", None, ".."),
        try_cpurl!(token = &token, "/<a><b>", a = "", b = "") => ("<a><b>", None, ""),
        try_cpurl!(token = &token, "/<a><b>", a = ".", b = ".") => ("<a><b>", None, ".."),
        try_cpurl!(token = &token, "/<a>/<b>", a = "", b = "..") => ("<a>", None, ""),
    ]);
}

#[test]
fn try_cpurl_rejects_dot_forming_segments() {
    let token = token();
    assert_rejections(rejections![
        try_cpurl!(token = &token, "/.<v>", v = "") => (".<v>", None, "."),
        try_cpurl!(token = &token, "/.<v>", v = ".") => (".<v>", None, ".."),
        try_cpurl!(token = &token, "/<v>.", v = "") => ("<v>.", None, "."),
        try_cpurl!(token = &token, "/%2E<v>", v = "") => ("%2E<v>", None, "."),
        try_cpurl!(token = &token, "/%2e<v>", v = ".") => ("%2e<v>", None, ".."),
        try_cpurl!(token = &token, "/x/<v>%2E", v = "") => ("<v>%2E", None, "."),
        try_cpurl!(token = &token, "/x/%2E<v>%2E", v = "") => ("%2E<v>%2E", None, ".."),
        try_cpurl!(token = &token, "/x/.<a><b>", a = "", b = ".") => (".<a><b>", None, ".."),
    ]);
}

#[test]
fn try_cpurl_rejects_rest_segments() {
    let token = token();
    assert_rejections(rejections![
        try_cpurl!(token = &token, "/f/<p..>", p = "..") => ("<p..>", Some(1), ".."),
        try_cpurl!(token = &token, "/f/<p..>", p = ".") => ("<p..>", Some(1), "."),
        try_cpurl!(token = &token, "/f/<p..>", p = "../x") => ("<p..>", Some(1), ".."),
        try_cpurl!(token = &token, "/f/<p..>", p = "a/.") => ("<p..>", Some(2), "."),
        try_cpurl!(token = &token, "/f/<p..>", p = "a//b") => ("<p..>", Some(2), ""),
        try_cpurl!(token = &token, "/f/<p..>", p = "/a") => ("<p..>", Some(1), ""),
        try_cpurl!(token = &token, "/f/<p..>", p = "a/") => ("<p..>", Some(2), ""),
        try_cpurl!(token = &token, "/f/<p..>", p = "/") => ("<p..>", Some(1), ""),
        try_cpurl!(token = &token, "/f/<p..>", p = "a/b/../c") => ("<p..>", Some(3), ".."),
        try_cpurl!(token = &token, "/f/<p..>", p = ["a", ""]) => ("<p..>", Some(2), ""),
        try_cpurl!(token = &token, "/f/<p..>", p = [""]) => ("<p..>", Some(1), ""),
        try_cpurl!(token = &token, "/f/<p..>", p = vec![String::from("..")])
            => ("<p..>", Some(1), ".."),
        try_cpurl!(token = &token, "/f/<p..>", p = &['a', 'b', '.'][..])
            => ("<p..>", Some(3), "."),
        try_cpurl!(token = &SecurityToken::NONE, "/<p..>", p = "..") => ("<p..>", Some(1), ".."),
        try_cpurl!(token = &token, "https://h/<p..>?x=1", p = "a/..") => ("<p..>", Some(2), ".."),
    ]);
}

#[test]
fn keyword_placeholders_use_raw_names() {
    let token = token();
    let r#type = "domain";
    let r#gen = 7;
    let table = rows![
        cpurl!(token = &token, "/json-api/listaccts?searchtype=<type>")
            => "/cpsess0123456789/json-api/listaccts?searchtype=domain",
        cpurl!(token = &token, "/json-api/listaccts?searchtype=<type>", r#type = "user")
            => "/cpsess0123456789/json-api/listaccts?searchtype=user",
        cpurl!(token = &token, "/x/<gen>") => "/cpsess0123456789/x/7",
    ];
    assert_rows(&table, "");
}

#[test]
fn try_cpurl_rejects_token_in_first_segment() {
    let token = token();
    let results = [
        try_cpurl!(
            token = &token,
            "/<x>/execute/Email/list_pops",
            x = "cpsess1"
        ),
        try_cpurl!(token = &SecurityToken::NONE, "/<x>", x = "cpsess0123456789"),
        try_cpurl!(token = &token, "/<p..>", p = "cpsess9/frontend/jupiter"),
        try_cpurl!(token = &token, "/<p..>", p = ["cpsess9", "x"]),
        try_cpurl!(token = &token, "/c<x>", x = "psess12"),
        try_cpurl!(token = &token, "https://h:2083/<x>?a=1", x = "cpsess5"),
    ];
    let segments = ["<x>", "<x>", "<p..>", "<p..>", "c<x>", "<x>"];
    for (index, (result, segment)) in results.into_iter().zip(segments).enumerate() {
        assert_eq!(result, Err(Error::TokenInValue { segment }), "case {index}");
    }
}

#[test]
fn token_like_values_elsewhere_are_kept() {
    let token = token();
    let table = rows![
        try_cpurl!(token = &token, "/<x>/y", x = "cpsessions").unwrap()
            => "/cpsess0123456789/cpsessions/y",
        try_cpurl!(token = &token, "/<x>", x = "cpsess").unwrap() => "/cpsess0123456789/cpsess",
        try_cpurl!(token = &token, "/a/<x>", x = "cpsess1").unwrap() => "/cpsess0123456789/a/cpsess1",
        try_cpurl!(token = &token, "/a/<p..>", p = "cpsess1/x").unwrap()
            => "/cpsess0123456789/a/cpsess1/x",
        try_cpurl!(token = &token, "/x<v>", v = "cpsess1").unwrap() => "/cpsess0123456789/xcpsess1",
    ];
    assert_rows(&table, "");
}

#[test]
#[should_panic(
    expected = "cpurl!: the value of `<path..>` makes the first path segment a \
                           security token"
)]
fn cpurl_panics_on_token_in_value() {
    let path = "cpsess0123456789/frontend/jupiter/index.html";
    let _ = cpurl!(token = &SecurityToken::NONE, "/<path..>");
}

#[test]
fn invalid_segment_messages() {
    let token = token();
    let cases = [
        (
            try_cpurl!(token = &token, "/a/<name>", name = ".."),
            "the value of `<name>` is `..`, and servers resolve `..` as a path step instead of \
             a name; check the value before building the URL",
        ),
        (
            try_cpurl!(token = &token, "/a/<name>", name = ""),
            "the value of `<name>` is empty, and servers drop empty path segments; check the \
             value before building the URL",
        ),
        (
            try_cpurl!(token = &token, "/a/.<name>", name = ""),
            "the path segment `.<name>` is `.`, and servers resolve `.` as a path step instead \
             of a name; check the value before building the URL",
        ),
        (
            try_cpurl!(token = &token, "/f/<path..>", path = "a//b"),
            "segment 2 of the value of `<path..>` is empty, and servers drop empty path \
             segments; check the value before building the URL",
        ),
    ];
    for (index, (result, expected)) in cases.into_iter().enumerate() {
        let message = result.expect_err("the value is rejected").to_string();
        assert_eq!(message, expected, "case {index}");
    }
}

#[test]
fn dot_values_outside_the_path_are_kept() {
    let token = token();
    let table = rows![
        try_cpurl!(token = &token, "/x?a=<a>&b=<b>&c=<c>", a = "", b = ".", c = "..").unwrap()
            => "/cpsess0123456789/x?a=&b=.&c=..",
        try_cpurl!(token = &token, "/x#<f>", f = "..").unwrap() => "/cpsess0123456789/x#..",
        try_cpurl!(token = &token, "/x?<p..>", p = [(".", ""), ("..", ".")]).unwrap()
            => "/cpsess0123456789/x?.=&..=.",
        try_cpurl!(token = &token, "/a<v>/<w>b", v = "", w = "").unwrap()
            => "/cpsess0123456789/a/b",
        try_cpurl!(token = &token, "/.../<v>", v = "...").unwrap()
            => "/cpsess0123456789/.../...",
    ];
    assert_rows(&table, "");
}

#[test]
#[should_panic(
    expected = "cpurl!: the value of `<name>` is `..`, and servers resolve `..` as a path step"
)]
fn cpurl_panics_on_dot_segment() {
    let name = "..";
    let _ = cpurl!(token = &SecurityToken::NONE, "/a/<name>/b");
}

#[test]
#[should_panic(expected = "cpurl!: segment 1 of the value of `<path..>` is empty")]
fn cpurl_panics_on_empty_rest_segment() {
    let path = "/etc/passwd";
    let _ = cpurl!(token = &SecurityToken::NONE, "/3rdparty/<path..>");
}

#[test]
#[should_panic(expected = "use try_cpurl! to handle this as an error")]
fn cpurl_panic_names_try_cpurl() {
    let _ = cpurl!(token = &SecurityToken::NONE, "/<v>", v = "");
}

/// Records the order in which the arguments of a macro call are evaluated.
#[derive(Default)]
struct EvaluationLog(RefCell<Vec<&'static str>>);

impl EvaluationLog {
    fn note<T>(&self, label: &'static str, value: T) -> T {
        self.0.borrow_mut().push(label);
        value
    }

    fn take(&self) -> Vec<&'static str> {
        self.0.take()
    }
}

#[test]
fn arguments_evaluated_once_in_order() {
    let log = EvaluationLog::default();
    let token = token();
    let origin = Origin::whm("h").unwrap();

    let url = cpurl!(
        token = log.note("token", &token),
        origin = log.note("origin", &origin),
        "/<b>/<a>/<rest..>?q=<q>&m=x<m>&<tail..>#<f>",
        a = log.note("a", "A"),
        rest = log.note("rest", "r/s"),
        b = log.note("b", "B"),
        f = log.note("f", "F"),
        tail = log.note("tail", [("k", "v")]),
        m = log.note("m", 1),
        q = log.note("q", Some(2)),
    );
    assert_eq!(
        url.as_str(),
        "https://h:2087/cpsess0123456789/B/A/r/s?q=2&m=x1&k=v#F"
    );
    assert_eq!(
        log.take(),
        ["token", "origin", "a", "rest", "b", "f", "tail", "m", "q"]
    );

    let result = try_cpurl!(
        token = log.note("token", &token),
        "/<a>/<b>",
        b = log.note("b", ".."),
        a = log.note("a", ""),
    );
    assert!(result.is_err());
    assert_eq!(log.take(), ["token", "b", "a"]);
}

#[test]
fn options_evaluated_in_written_order() {
    let log = EvaluationLog::default();
    let token = token();
    let origin = Origin::whm("h").unwrap();
    let url = cpurl!(
        origin = log.note("origin", &origin),
        token = log.note("token", &token),
        "/x/<v>",
        v = log.note("v", 1),
    );
    assert_eq!(url.as_str(), "https://h:2087/cpsess0123456789/x/1");
    assert_eq!(log.take(), ["origin", "token", "v"]);
}

#[test]
fn generated_bindings_do_not_shadow_captures() {
    let token = token();
    let __url = "u";
    let __token = "t";
    let __origin = "o";
    let __value_0 = "v";
    let __segment_start = "s";
    let url = cpurl!(
        token = &token,
        "/<__url>/<__token>/<__origin>/<__value_0>/<__segment_start>"
    );
    assert_eq!(url.as_str(), "/cpsess0123456789/u/t/o/v/s");
}

/// A `Display` implementation that fails.
struct Failing;

impl std::fmt::Display for Failing {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Err(std::fmt::Error)
    }
}

#[test]
#[should_panic(expected = "a Display implementation returned an error")]
fn formatted_panics_on_display_error() {
    let _ = cpurl!(
        token = &SecurityToken::NONE,
        "/x?v=<v>",
        v = Formatted(Failing)
    );
}

#[test]
fn captured_values_are_borrowed() {
    let token = token();
    let name = String::from("kept");
    let pairs = vec![("a", String::from("1"))];
    let url = cpurl!(token = &token, "/<name>?<pairs..>");
    assert_eq!(url.as_str(), "/cpsess0123456789/kept?a=1");
    // Both variables are still usable: the macro took them by reference.
    assert_eq!(name, "kept");
    assert_eq!(pairs.len(), 1);
}

#[test]
fn accessors_of_relative_url() {
    let token = token();
    let url = cpurl!(token = &token, "/x/<v>?next=/a?b#frag/?q", v = "a b");
    assert_eq!(url.as_str(), "/cpsess0123456789/x/a%20b?next=/a?b#frag/?q");
    assert_eq!(url.origin(), None);
    assert_eq!(url.token(), Some("/cpsess0123456789"));
    assert_eq!(url.path(), "/x/a%20b");
    assert_eq!(url.query(), Some("next=/a?b"));
    assert_eq!(url.fragment(), Some("frag/?q"));
}

#[test]
fn accessors_of_absolute_url() {
    let token = token();
    let url = cpurl!(
        token = &token,
        "https://[::1]:2087/json-api/listaccts?api.version=1"
    );
    assert_eq!(url.origin(), Some("https://[::1]:2087"));
    assert_eq!(url.token(), Some("/cpsess0123456789"));
    assert_eq!(url.path(), "/json-api/listaccts");
    assert_eq!(url.query(), Some("api.version=1"));
    assert_eq!(url.fragment(), None);

    let origin = Origin::cpanel("example.com").unwrap();
    let url = cpurl!(token = &SecurityToken::NONE, origin = &origin, "/#top");
    assert_eq!(url.origin(), Some("https://example.com:2083"));
    assert_eq!(url.token(), None);
    assert_eq!(url.path(), "/");
    assert_eq!(url.query(), None);
    assert_eq!(url.fragment(), Some("top"));
}

#[test]
fn accessors_without_token_or_query() {
    let url = cpurl!(
        token = &SecurityToken::NONE,
        "/x?<p..>",
        p = [("a", None::<u8>)]
    );
    assert_eq!(url.as_str(), "/x");
    assert_eq!(url.origin(), None);
    assert_eq!(url.token(), None);
    assert_eq!(url.path(), "/x");
    assert_eq!(url.query(), None);
    assert_eq!(url.fragment(), None);

    let url = cpurl!(token = &token(), "/");
    assert_eq!(url.path(), "/");
    assert_eq!(url.token(), Some("/cpsess0123456789"));
}

#[test]
fn conversions_and_comparisons() {
    let token = token();
    let url = cpurl!(token = &token, "/x?a=1");
    let expected = "/cpsess0123456789/x?a=1";
    assert_eq!(url.to_string(), expected);
    assert_eq!(AsRef::<str>::as_ref(&url), expected);
    assert_eq!(String::from(url.clone()), expected);
    assert_eq!(url.clone().into_string(), expected);
    assert!(url == *expected);
    assert!(url == expected);
    let owned = expected.to_owned();
    assert!(url == owned);
    assert!(*expected == url);
    assert!(expected == url);
    assert!(owned == url);
    assert!(url != "/x?a=1");
    assert_eq!(url, cpurl!(token = &token, "/x?a=<a>", a = 1));
}

#[test]
fn debug_and_redacted_hide_token() {
    let token = token();
    let url = cpurl!(token = &token, "https://h:2083/x?a=1#f");
    assert_eq!(
        url.redacted().to_string(),
        "https://h:2083/cpsess[redacted]/x?a=1#f"
    );
    assert_eq!(
        format!("{:?}", url.redacted()),
        "https://h:2083/cpsess[redacted]/x?a=1#f"
    );
    assert_eq!(
        format!("{url:?}"),
        "TokenUrl(\"https://h:2083/cpsess[redacted]/x?a=1#f\")"
    );
    let url = cpurl!(token = &SecurityToken::NONE, "/x");
    assert_eq!(url.redacted().to_string(), "/x");
    assert_eq!(format!("{url:?}"), "TokenUrl(\"/x\")");
}

/// Set in a child process of this test binary to the name of the
/// environment case it checks.
const CASE_VARIABLE: &str = "TOKEN_URL_TEST_ENVIRONMENT_CASE";

/// Values of `cp_security_token` for the child processes, by case name.
/// `None` leaves the variable unset.
const ENVIRONMENT_CASES: &[(&str, Option<&str>)] = &[
    ("unset", None),
    ("empty", Some("")),
    ("with_slash", Some("/cpsess5")),
    ("without_slash", Some("cpsess5")),
    ("invalid", Some("/cpsess5x")),
];

/// The ambient token is read from `cp_security_token` once per process,
/// and setting a variable is `unsafe`, so each case runs this test again
/// in a child process with the variable set.
#[test]
fn ambient_token_from_environment() {
    if let Ok(case) = std::env::var(CASE_VARIABLE) {
        check_environment_case(&case);
        return;
    }
    let test_binary = std::env::current_exe().expect("the test binary has a path");
    for &(case, value) in ENVIRONMENT_CASES {
        let mut command = std::process::Command::new(&test_binary);
        command
            .args([
                "ambient_token_from_environment",
                "--exact",
                "--test-threads=1",
            ])
            .env(CASE_VARIABLE, case);
        match value {
            Some(value) => command.env(token_url::ENV_VAR, value),
            None => command.env_remove(token_url::ENV_VAR),
        };
        let output = command.output().expect("the test binary runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "case {case}:\n{stdout}\n{stderr}");
        assert!(
            stdout.contains("1 passed"),
            "case {case} ran no test:\n{stdout}"
        );
    }
}

fn check_environment_case(case: &str) {
    let session = SecurityToken::parse("/cpsess1").unwrap();
    let explicit = cpurl!(token = &session, "/x");
    assert_eq!(explicit.as_str(), "/cpsess1/x");
    let overridden = with_token(&session, || try_cpurl!("/x"));
    assert_eq!(overridden.unwrap().as_str(), "/cpsess1/x");

    match case {
        "unset" | "empty" => {
            assert!(token_url::ambient_token().unwrap().is_none());
            assert_eq!(cpurl!("/x").as_str(), "/x");
            assert_eq!(try_cpurl!("/").unwrap().as_str(), "/");
        }
        "with_slash" | "without_slash" => {
            assert_eq!(token_url::ambient_token().unwrap().as_str(), "/cpsess5");
            assert_eq!(cpurl!("/x").as_str(), "/cpsess5/x");
            assert_eq!(try_cpurl!("/").unwrap().as_str(), "/cpsess5/");
            // The override of `with_token` applies to its own thread only.
            let spawned = with_token(&session, || {
                std::thread::spawn(|| cpurl!("/x")).join().unwrap()
            });
            assert_eq!(spawned.as_str(), "/cpsess5/x");
        }
        "invalid" => {
            let error = token_url::ambient_token().unwrap_err();
            assert!(
                matches!(error, Error::InvalidEnvironmentToken { .. }),
                "{error:?}"
            );
            assert!(!error.to_string().contains("5x"), "{error}");
            // An invalid token never reaches a URL: cpurl! leaves it out
            // and try_cpurl! returns the error.
            assert_eq!(cpurl!("/x").as_str(), "/x");
            let result = try_cpurl!("/x");
            assert!(
                matches!(result, Err(Error::InvalidEnvironmentToken { .. })),
                "{result:?}"
            );
            let result = try_cpurl!("/<v>", v = "");
            assert!(
                matches!(result, Err(Error::InvalidSegment { .. })),
                "{result:?}"
            );
        }
        other => panic!("unknown environment case {other:?}"),
    }
}
