use token_url::cpurl;

fn main() {
    let _ = cpurl!("/execute/Email/{function}", function = "list_pops");
}
