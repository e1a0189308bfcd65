use token_url::cpurl;

struct Account;

fn main() {
    let _ = cpurl!("/json-api/accountsummary?user=<user>", user = Account);
}
