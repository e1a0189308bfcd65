use token_url::cpurl;

fn main() {
    let _ = cpurl!(c"/execute/Email/list_pops");
}
