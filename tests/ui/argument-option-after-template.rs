use token_url::{SecurityToken, cpurl};

fn main() {
    let token = SecurityToken::NONE;
    let _ = cpurl!("/json-api/listaccts", token = &token);
}
