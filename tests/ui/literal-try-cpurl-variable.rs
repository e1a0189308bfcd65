use token_url::try_cpurl;

fn main() {
    let template = "/execute/Email/list_pops";
    let _ = try_cpurl!(template);
}
