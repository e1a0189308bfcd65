use token_url::cpurl;

struct Account {
    user: String,
}

fn main() {
    let account = Account {
        user: "john".to_owned(),
    };
    let _ = cpurl!("/3rdparty/app/<account>", account = account);
    let _ = account.user;
}
