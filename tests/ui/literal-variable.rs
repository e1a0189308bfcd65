use token_url::cpurl;

fn main() {
    let template = "/execute/Email/list_pops";
    let _ = cpurl!(template);
}
