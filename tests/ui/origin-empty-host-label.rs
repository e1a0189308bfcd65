use token_url::cpurl;

fn main() {
    let _ = cpurl!("https://example..com:2083/execute/Email/list_pops");
}
