use token_url::cpurl;

fn main() {
    let _url = cpurl!("/json-api/cpanel?cpanel_jsonapi_version=2&cpanel_jsonapi_module=Email&cpanel_jsonapi_func=listpops");
}
