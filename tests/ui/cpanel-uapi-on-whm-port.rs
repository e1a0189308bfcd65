use token_url::cpurl;

fn main() {
    let _url = cpurl!("https://example.com:2087/execute/Email/list_pops");
}
