use token_url::cpurl;

fn main() {
    let _ = cpurl!("/frontend/%2E%2E/index.html");
}
