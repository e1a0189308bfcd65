// Every accepted value type and query form compiles without warnings.
#![deny(warnings)]

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use token_url::{Formatted, SecurityToken, cpurl};

fn main() {
    let token = SecurityToken::parse("/cpsess42").unwrap();

    let text: &str = "a b";
    let owned = String::from("c+d");
    let cow: Cow<'_, str> = Cow::Borrowed("e&f");
    let letter = 'é';
    let count = 7_u32;
    let offset = -3_i64;
    let enabled = true;
    let address = Formatted(Ipv4Addr::new(192, 0, 2, 7));
    let scalars = cpurl!(
        token = &token,
        "/execute/Test/values?text=<text>&owned=<owned>&cow=<cow>&letter=<letter>\
         &count=<count>&offset=<offset>&enabled=<enabled>&address=<address>&boxed=<boxed>",
        boxed = Box::new("g/h"),
    );
    assert_eq!(
        scalars,
        "/cpsess42/execute/Test/values?text=a%20b&owned=c%2Bd&cow=e%26f&letter=%C3%A9\
         &count=7&offset=-3&enabled=1&address=192.0.2.7&boxed=g%2Fh"
    );

    let quota: Option<u32> = None;
    let domain = Some("example.com");
    let domains = ["a.example", "b.example"];
    let ids = vec![1_u8, 2];
    let version = 2;
    let query = cpurl!(
        token = &token,
        "/execute/Email/add_pop?flag&quota=<quota>&domain=<domain>&alias=<domains>\
         &id=<ids>&label=v<version>-x"
    );
    assert_eq!(
        query,
        "/cpsess42/execute/Email/add_pop?flag&domain=example.com&alias=a.example\
         &alias=b.example&id=1&id=2&label=v2-x"
    );

    let tail = cpurl!(
        token = &token,
        "/json-api/cpanel?<pairs..>",
        pairs = vec![("b", "2")]
    );
    assert_eq!(tail, "/cpsess42/json-api/cpanel?b=2");

    let pairs: BTreeMap<&str, Vec<&str>> = BTreeMap::from([("k", vec!["x", "y"])]);
    let captured = cpurl!(token = &token, "/json-api/cpanel?api.version=1&<pairs..>");
    assert_eq!(captured, "/cpsess42/json-api/cpanel?api.version=1&k=x&k=y");

    let segments = ["a/b", "c"];
    let rest = cpurl!(token = &token, "/3rdparty/files/<segments..>");
    assert_eq!(rest, "/cpsess42/3rdparty/files/a%2Fb/c");
}
