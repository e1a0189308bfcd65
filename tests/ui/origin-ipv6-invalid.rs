use token_url::cpurl;

fn main() {
    let _ = cpurl!("https://[::g]:2087/json-api/listaccts");
}
