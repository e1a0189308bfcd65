//! Heap allocations per URL, counted by a global allocator that counts per
//! thread. It is linked into this test binary alone.

use allocation_counter::measure;
use token_url::{SecurityToken, TokenUrl, cpurl, try_cpurl, with_token};

/// A named way to build one URL.
type Case<'a> = (&'static str, Box<dyn FnOnce() -> TokenUrl + 'a>);

fn allocations(build: impl FnOnce() -> TokenUrl) -> u64 {
    let mut url = None;
    let info = measure(|| url = Some(build()));
    drop(url);
    info.count_total
}

#[test]
fn one_allocation_per_url() {
    let token = SecurityToken::parse("/cpsess0123456789").unwrap();
    let function = "list_pops";
    let email = "john+tag@example.com";
    let domain = "example.com";
    let quota = 250_u32;
    let path = "app/v1/static/app.js";
    let segments = ["app", "v1", "static", "app.js"];
    let missing: Option<&str> = None;
    let domains = vec!["a.example", "b.example"];

    // Read the process's token outside the measurement: that happens once.
    let _ = token_url::ambient_token();

    let cases: Vec<Case<'_>> = vec![
        (
            "static path, ambient token",
            Box::new(|| cpurl!("/execute/Email/list_pops")),
        ),
        (
            "static path, token =",
            Box::new(|| cpurl!(token = &token, "/execute/Email/list_pops")),
        ),
        (
            "one placeholder",
            Box::new(|| cpurl!(token = &token, "/execute/Email/<function>")),
        ),
        (
            "absolute, three query values, one encoded",
            Box::new(|| {
                cpurl!(
                    token = &token,
                    "https://example.com:2083/execute/Email/add_pop?email=<email>&domain=<domain>&quota=<quota>",
                )
            }),
        ),
        (
            "rest from a string",
            Box::new(|| cpurl!(token = &token, "/3rdparty/<path..>")),
        ),
        (
            "rest from a slice",
            Box::new(|| cpurl!(token = &token, "/3rdparty/<segments..>")),
        ),
        (
            "omitted and repeated pairs",
            Box::new(|| cpurl!(token = &token, "/x?a=<missing>&d=<domains>#f<function>")),
        ),
        (
            "pairs tail",
            Box::new(|| {
                cpurl!(
                    token = &token,
                    "/json-api/cpanel?cpanel_jsonapi_apiversion=2&<pairs..>",
                    pairs = [
                        ("cpanel_jsonapi_module", "Email"),
                        ("cpanel_jsonapi_func", "listpops"),
                    ],
                )
            }),
        ),
        (
            "try_cpurl!",
            Box::new(|| try_cpurl!(token = &token, "/a/<function>/b").unwrap()),
        ),
    ];
    with_token(&token, || {
        for (name, build) in cases {
            assert_eq!(allocations(build), 1, "{name}");
        }
    });
}

/// A `Formatted` value's length is unknown before it is written, so the
/// buffer grows once it is; this also shows that the counter sees growth.
#[test]
fn formatted_value_grows_buffer() {
    let token = SecurityToken::parse("/cpsess0123456789").unwrap();
    let address = std::net::Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1);
    let count = allocations(|| {
        cpurl!(
            token = &token,
            "/json-api/addip?ip=<address>",
            address = token_url::Formatted(address),
        )
    });
    assert!(count >= 2, "{count} allocations");
}
