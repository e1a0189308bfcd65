use token_url::cpurl;

fn main() {
    let _ = cpurl!("/cpsess0123456789/execute/Email/list_pops");
}
