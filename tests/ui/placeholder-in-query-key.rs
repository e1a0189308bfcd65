use token_url::cpurl;

fn main() {
    let key = "search";
    let _ = cpurl!("/json-api/listaccts?<key>=john");
}
