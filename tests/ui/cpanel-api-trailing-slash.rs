use token_url::cpurl;

fn main() {
    let _url = cpurl!("/json-api/listaccts/?api.version=1");
}
