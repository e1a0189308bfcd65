use token_url::cpurl;

fn main() {
    let _ = cpurl!("https://exa mple.com:2087/json-api/listaccts");
}
