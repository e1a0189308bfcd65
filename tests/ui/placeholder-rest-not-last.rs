use token_url::cpurl;

fn main() {
    let path = "app";
    let _ = cpurl!("/3rdparty/<path..>/index.cgi");
}
