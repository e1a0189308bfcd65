use token_url::cpurl;

fn main() {
    let ids = vec![1, 2];
    let _ = cpurl!("/3rdparty/<ids>");
}
