use token_url::cpurl;

fn main() {
    let _ = cpurl!(b"/execute/Email/list_pops");
}
