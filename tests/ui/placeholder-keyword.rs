use token_url::cpurl;

fn main() {
    let _ = cpurl!("/json-api/listaccts?searchtype=<self>");
}
