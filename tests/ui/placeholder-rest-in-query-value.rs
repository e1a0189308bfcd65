use token_url::cpurl;

fn main() {
    let users = ["john"];
    let _ = cpurl!("/json-api/listaccts?search=<users..>");
}
