use token_url::cpurl;

fn main() {
    let _ = cpurl!("HTTPS://example.com:2083/execute/Email/list_pops");
}
