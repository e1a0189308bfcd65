use token_url::cpurl;

fn main() {
    let user = "john";
    let _ = cpurl!("/json-api/listaccts", user);
}
