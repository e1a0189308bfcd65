use token_url::cpurl;

fn main() {
    let _ = cpurl!("/frontend/jupiter/index.html#top section");
}
