use token_url::cpurl;

fn main() {
    let _ = cpurl!(concat!("/execute/Email/", "list_pops"));
}
