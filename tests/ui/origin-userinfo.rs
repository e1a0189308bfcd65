use token_url::cpurl;

fn main() {
    let _ = cpurl!("https://root:secret@example.com:2087/json-api/listaccts");
}
