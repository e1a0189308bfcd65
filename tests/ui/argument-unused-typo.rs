use token_url::cpurl;

fn main() {
    let search = "john";
    let _ = cpurl!("/json-api/listaccts?search=<search>", serach = "john");
}
