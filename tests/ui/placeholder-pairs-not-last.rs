use token_url::cpurl;

fn main() {
    let pairs = [("search", "john")];
    let _ = cpurl!("/json-api/listaccts?<pairs..>&api.version=1");
}
