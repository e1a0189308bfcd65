// The `token` and `origin` options and `try_cpurl!` compile without warnings.
#![deny(warnings)]

use token_url::{Error, Origin, SecurityToken, cpurl, try_cpurl, with_token};

fn build(token: &SecurityToken, whm: &Origin, user: &str) -> Result<String, Error> {
    let summary = try_cpurl!(
        token = token,
        origin = whm,
        "/json-api/accountsummary?api.version=1&user=<user>"
    )?;
    Ok(summary.into_string())
}

fn main() {
    let token = SecurityToken::parse("/cpsess42").unwrap();
    let whm = Origin::whm("server.example.com").unwrap();

    let explicit = cpurl!(token = &token, "/execute/Email/list_pops");
    assert_eq!(explicit, "/cpsess42/execute/Email/list_pops");

    let with_origin = cpurl!(
        token = &token,
        origin = &whm,
        "/json-api/listaccts?api.version=1"
    );
    assert_eq!(
        with_origin,
        "https://server.example.com:2087/cpsess42/json-api/listaccts?api.version=1"
    );

    assert_eq!(
        build(&token, &whm, "bob").unwrap(),
        "https://server.example.com:2087/cpsess42/json-api/accountsummary?api.version=1&user=bob"
    );

    let name = "..";
    let result = try_cpurl!(token = &token, "/3rdparty/<name>/index.cgi");
    assert!(matches!(
        result,
        Err(Error::InvalidSegment { value: "..", .. })
    ));

    let ambient = with_token(&token, || try_cpurl!("/execute/Email/list_pops"));
    assert_eq!(ambient.unwrap(), "/cpsess42/execute/Email/list_pops");
}
