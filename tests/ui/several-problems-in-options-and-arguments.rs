use token_url::{Error, TokenUrl, try_cpurl};

fn build() -> Result<TokenUrl, Error> {
    let url = try_cpurl!(
        session = "/cpsess0123456789",
        "https://example.com:99999/3rdparty/<path..>/index.cgi",
        "app",
        paht = "app",
    )?;
    Ok(url)
}

fn main() {
    let _ = build();
}
