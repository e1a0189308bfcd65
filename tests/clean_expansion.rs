//! Proves that the code `cpurl!` and `try_cpurl!` generate is clean in the
//! user's crate: every macro feature is used here under
//! `#![deny(warnings, clippy::pedantic)]`, so a warning from rustc or a lint
//! from `cargo clippy --all-targets` on generated code fails the build.
//! The cases in `tests/ui/pass/` prove the same with rustc alone, in a crate
//! that trybuild builds outside this workspace and its lint settings.

#![deny(warnings, clippy::pedantic)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use token_url::{Error, Formatted, Origin, SecurityToken, TokenUrl, cpurl, try_cpurl, with_token};

fn session() -> SecurityToken {
    SecurityToken::parse("/cpsess42").expect("a valid token")
}

#[test]
fn ambient_token_templates() {
    let token = session();
    with_token(&token, || {
        let static_url: TokenUrl = cpurl!("/json-api/listaccts?api.version=1");
        assert_eq!(static_url, "/cpsess42/json-api/listaccts?api.version=1");

        let root = cpurl!("/");
        assert_eq!(root, "/cpsess42/");

        let trailing_slash = cpurl!("/frontend/jupiter/");
        assert_eq!(trailing_slash, "/cpsess42/frontend/jupiter/");

        let raw = cpurl!(r"/execute/Email/list_pops");
        assert_eq!(raw, "/cpsess42/execute/Email/list_pops");

        let absolute = cpurl!("http://127.0.0.1:2087/json-api/version?api.version=1");
        assert_eq!(
            absolute,
            "http://127.0.0.1:2087/cpsess42/json-api/version?api.version=1"
        );

        let ipv6 = cpurl!("https://[::1]:2083/execute/Email/list_pops");
        assert_eq!(ipv6, "https://[::1]:2083/cpsess42/execute/Email/list_pops");
    });
}

#[test]
fn captured_and_named_arguments() {
    let token = session();
    with_token(&token, || {
        let call = "listaccts";
        let captured = cpurl!("/json-api/<call>?api.version=1");
        assert_eq!(captured, "/cpsess42/json-api/listaccts?api.version=1");

        let function = String::from("list_pops");
        let named = cpurl!(
            "/execute/<module>/<function>",
            module = "Email",
            function = function,
        );
        assert_eq!(named, "/cpsess42/execute/Email/list_pops");

        let name = "backup";
        let shared_segment = cpurl!("/cgi/addon_<name>.cgi");
        assert_eq!(shared_segment, "/cpsess42/cgi/addon_backup.cgi");

        let section = "quota limits";
        let fragment = cpurl!("/frontend/jupiter/index.html#<section>");
        assert_eq!(
            fragment,
            "/cpsess42/frontend/jupiter/index.html#quota%20limits"
        );
    });
}

#[test]
fn explicit_token_and_origin() {
    let token = session();
    let whm = Origin::whm("server.example.com").expect("a valid host");

    let with_token_option = cpurl!(token = &token, "/execute/Email/list_pops");
    assert_eq!(with_token_option, "/cpsess42/execute/Email/list_pops");

    let user = "bob";
    let with_origin = cpurl!(
        token = &token,
        origin = &whm,
        "/json-api/accountsummary?api.version=1&user=<user>"
    );
    assert_eq!(
        with_origin,
        "https://server.example.com:2087/cpsess42/json-api/accountsummary?api.version=1&user=bob"
    );

    let no_token = cpurl!(token = &SecurityToken::NONE, "/execute/Email/list_pops");
    assert_eq!(no_token, "/execute/Email/list_pops");
}

#[test]
fn value_types() {
    let token = session();
    let text: &str = "a b";
    let owned = String::from("c+d");
    let cow: Cow<'_, str> = Cow::Borrowed("e&f");
    let letter = 'é';
    let count = 7_u32;
    let offset = -3_i64;
    let enabled = true;
    let address = Formatted(Ipv4Addr::new(192, 0, 2, 7));
    let url = cpurl!(
        token = &token,
        "/execute/Test/values?text=<text>&owned=<owned>&cow=<cow>&letter=<letter>\
         &count=<count>&offset=<offset>&enabled=<enabled>&address=<address>&boxed=<boxed>",
        boxed = Box::new("g/h"),
    );
    assert_eq!(
        url,
        "/cpsess42/execute/Test/values?text=a%20b&owned=c%2Bd&cow=e%26f&letter=%C3%A9\
         &count=7&offset=-3&enabled=1&address=192.0.2.7&boxed=g%2Fh"
    );
}

#[test]
fn query_forms() {
    let token = session();
    let quota: Option<u32> = None;
    let domain = Some("example.com");
    let domains = ["a.example", "b.example"];
    let list = vec![1_u8, 2];
    let version = 2;
    let url = cpurl!(
        token = &token,
        "/execute/Email/add_pop?flag&quota=<quota>&domain=<domain>&alias=<domains>\
         &id=<list>&label=v<version>-x",
    );
    assert_eq!(
        url,
        "/cpsess42/execute/Email/add_pop?flag&domain=example.com&alias=a.example\
         &alias=b.example&id=1&id=2&label=v2-x"
    );

    let pairs = vec![("b", "2"), ("a", "1 1")];
    let by_value = cpurl!(token = &token, "/json-api/cpanel?<pairs..>", pairs = pairs);
    assert_eq!(by_value, "/cpsess42/json-api/cpanel?b=2&a=1%201");

    let pairs: BTreeMap<&str, Vec<&str>> = BTreeMap::from([("k", vec!["x", "y"])]);
    let captured = cpurl!(token = &token, "/json-api/cpanel?api.version=1&<pairs..>");
    assert_eq!(captured, "/cpsess42/json-api/cpanel?api.version=1&k=x&k=y");
}

#[test]
fn rest_segments() {
    let token = session();
    let path = "docs/read me.txt";
    let from_str = cpurl!(token = &token, "/3rdparty/files/<path..>");
    assert_eq!(from_str, "/cpsess42/3rdparty/files/docs/read%20me.txt");

    let segments = ["a/b", "c"];
    let from_slice = cpurl!(token = &token, "/3rdparty/files/<segments..>");
    assert_eq!(from_slice, "/cpsess42/3rdparty/files/a%2Fb/c");
}

#[test]
fn try_form_returns_result() -> Result<(), Error> {
    let token = session();
    let name = "report";
    let url = try_cpurl!(token = &token, "/3rdparty/<name>/index.cgi")?;
    assert_eq!(url, "/cpsess42/3rdparty/report/index.cgi");

    let name = "..";
    let result = try_cpurl!(token = &token, "/3rdparty/<name>/index.cgi");
    assert!(matches!(
        result,
        Err(Error::InvalidSegment { value: "..", .. })
    ));

    let ambient = with_token(&token, || try_cpurl!("/execute/Email/list_pops"))?;
    assert_eq!(ambient, "/cpsess42/execute/Email/list_pops");
    Ok(())
}
