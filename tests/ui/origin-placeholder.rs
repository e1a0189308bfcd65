use token_url::cpurl;

fn main() {
    let _ = cpurl!(
        "https://<host>:2087/json-api/listaccts",
        host = "example.com"
    );
}
