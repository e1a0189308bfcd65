use token_url::cpurl;

fn main() {
    let _ = cpurl!("/execute/Email/add_pop?email=john+tag@example.com");
}
