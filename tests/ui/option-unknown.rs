use token_url::cpurl;

fn main() {
    let _ = cpurl!(host = "example.com", "/json-api/listaccts");
}
