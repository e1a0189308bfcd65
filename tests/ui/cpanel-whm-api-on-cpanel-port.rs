use token_url::cpurl;

fn main() {
    let _url = cpurl!("https://example.com:2083/json-api/listaccts?api.version=1");
}
