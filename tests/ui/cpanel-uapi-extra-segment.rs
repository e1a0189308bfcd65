use token_url::cpurl;

fn main() {
    let _url = cpurl!("/execute/Email/list_pops/extra");
}
