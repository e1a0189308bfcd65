use token_url::cpurl;

fn main() {
    let _ = cpurl!("/execute/Email/list_pops?skip=<skip>", skip: 2);
}
