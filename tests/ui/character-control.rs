use token_url::cpurl;

fn main() {
    let _ = cpurl!("/3rdparty/a\tb");
}
