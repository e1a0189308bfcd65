use token_url::cpurl;

const TEMPLATE: &str = "/execute/Email/list_pops";

fn main() {
    let _ = cpurl!(TEMPLATE);
}
