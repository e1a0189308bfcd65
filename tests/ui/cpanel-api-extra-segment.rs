use token_url::cpurl;

fn main() {
    let _url = cpurl!("/xml-api/cpanel/listpops");
}
