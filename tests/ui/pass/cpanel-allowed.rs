//! Templates near the cPanel-aware rules that are not certainly wrong.

use token_url::cpurl;

fn main() {
    // cPanel's documentation calls the local API over plain `http` on the
    // TLS port.
    let _local = cpurl!("http://127.0.0.1:2087/json-api/listaccts?api.version=1");
    // A placeholder may be `cpanel` at run time.
    let call = "cpanel";
    let _api = cpurl!("https://example.com:2083/json-api/<call>");
    // `<rest..>` may supply the function.
    let rest = "list_pops";
    let _uapi = cpurl!("/execute/Email/<rest..>");
    // UAPI on the cPanel and Webmail ports, API 2 on the WHM port.
    let _cpanel = cpurl!("https://example.com:2083/execute/Email/list_pops");
    let _webmail = cpurl!("https://example.com:2096/execute/Email/list_pops");
    let _api2 = cpurl!("https://example.com:2087/json-api/cpanel?cpanel_jsonapi_apiversion=2");
}
