use token_url::cpurl;

fn main() {
    let _ = cpurl!(token = "/cpsess0123456789", "/json-api/listaccts");
}
