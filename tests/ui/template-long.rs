use token_url::cpurl;

fn main() {
    let _ = cpurl!(
        "/execute/Email/add_pop?email=user&domain=example.com&password=secret&quota=1024&skip_update_db=1&send_welcome email=0"
    );
}
