use token_url::cpurl;

fn main() {
    let _ = cpurl!("https://:2087/json-api/listaccts");
}
