use token_url::cpurl;

fn main() {
    let _ = cpurl!(origin = "https://example.com:2087", "/json-api/listaccts");
}
