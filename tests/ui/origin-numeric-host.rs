use token_url::cpurl;

fn main() {
    let _ = cpurl!("https://1.2.3.999:2083/execute/Email/list_pops");
}
