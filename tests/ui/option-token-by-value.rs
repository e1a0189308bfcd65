use token_url::{SecurityToken, cpurl};

fn main() {
    let token = SecurityToken::NONE;
    let _ = cpurl!(token = token, "/json-api/listaccts");
}
