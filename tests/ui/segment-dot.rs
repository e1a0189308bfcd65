use token_url::cpurl;

fn main() {
    let _ = cpurl!("/frontend/./index.html");
}
