use token_url::{cpurl, SecurityToken};

fn main() {
    let token = SecurityToken::NONE;
    let _ = cpurl!(token: &token, "/execute/Email/list_pops");
}
