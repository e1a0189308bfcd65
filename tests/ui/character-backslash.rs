use token_url::cpurl;

fn main() {
    let _ = cpurl!(r"/3rdparty\index.cgi");
}
