use token_url::cpurl;

fn main() {
    let _url = cpurl!("/json-api/?api.version=1");
}
