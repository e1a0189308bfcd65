use token_url::{TokenUrl, cpurl};

fn main() {
    let url: TokenUrl = cpurl!("/execute//Email/<>/a b%G1?&");
    println!("{url}");
}
