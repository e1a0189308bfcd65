use token_url::{Origin, cpurl};

fn main() {
    let origin = Origin::whm("example.com").unwrap();
    let _ = cpurl!(
        origin = &origin,
        "https://example.com:2087/json-api/listaccts"
    );
}
