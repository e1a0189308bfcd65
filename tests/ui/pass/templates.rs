// Every template form, with the ambient token, compiles without warnings.
#![deny(warnings)]

use token_url::{SecurityToken, TokenUrl, cpurl, with_token};

fn main() {
    let token = SecurityToken::parse("/cpsess42").unwrap();
    with_token(&token, || {
        let listaccts: TokenUrl = cpurl!("/json-api/listaccts?api.version=1");
        assert_eq!(listaccts, "/cpsess42/json-api/listaccts?api.version=1");
        assert_eq!(cpurl!("/"), "/cpsess42/");
        assert_eq!(cpurl!("/frontend/jupiter/"), "/cpsess42/frontend/jupiter/");
        assert_eq!(
            cpurl!(r"/execute/Email/list_pops"),
            "/cpsess42/execute/Email/list_pops"
        );

        let local = cpurl!("http://127.0.0.1:2087/json-api/version?api.version=1");
        assert_eq!(
            local,
            "http://127.0.0.1:2087/cpsess42/json-api/version?api.version=1"
        );

        let call = "listaccts";
        assert_eq!(cpurl!("/json-api/<call>"), "/cpsess42/json-api/listaccts");

        let named = cpurl!(
            "/execute/<module>/<function>",
            module = "Email",
            function = "list_pops",
        );
        assert_eq!(named, "/cpsess42/execute/Email/list_pops");

        let name = "backup";
        assert_eq!(
            cpurl!("/cgi/addon_<name>.cgi"),
            "/cpsess42/cgi/addon_backup.cgi"
        );

        let path = "docs/read me.txt";
        let rest = cpurl!("/3rdparty/files/<path..>");
        assert_eq!(rest, "/cpsess42/3rdparty/files/docs/read%20me.txt");

        let section = "quota limits";
        let fragment = cpurl!("/frontend/jupiter/index.html#top-<section>");
        assert_eq!(
            fragment,
            "/cpsess42/frontend/jupiter/index.html#top-quota%20limits"
        );
    });
}
