use token_url::cpurl;

fn main() {
    let _ = cpurl!("/frontend/jupiter/cpsess0123456789/index.html");
}
