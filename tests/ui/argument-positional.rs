use token_url::cpurl;

fn main() {
    let function = "listaccts";
    let _ = cpurl!("/json-api/<function>", function);
}
