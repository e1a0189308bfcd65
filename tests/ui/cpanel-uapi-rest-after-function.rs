use token_url::cpurl;

fn main() {
    let extra = "x";
    let _ = cpurl!("/execute/Email/list_pops/<extra..>");
}
