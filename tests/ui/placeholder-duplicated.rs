use token_url::cpurl;

fn main() {
    let name = "Email";
    let _ = cpurl!("/execute/<name>/<name>");
}
