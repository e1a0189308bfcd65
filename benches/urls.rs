//! Building one URL with `cpurl!`, side by side with what a user would write
//! instead: the hand-written limit (exact length, one `String`, pushes),
//! `format!` with `percent-encoding`, and `url::Url` from a base parsed once.
//!
//! Run with `cp_security_token=/cpsess0123456789 cargo bench --bench urls`:
//! the ambient-token rows read the token from the environment, as a CGI
//! program does. BENCHMARKS.md records the figures.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use token_url::{SecurityToken, cpurl, with_token};
use url::Url;

/// The set `cpurl!` encodes: everything but `A-Z a-z 0-9 - . _ ~`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`COMPONENT`] without `/`, as a user encodes a whole sub-path at once.
const SUB_PATH: &AsciiSet = &COMPONENT.remove(b'/');

const TOKEN: &str = "/cpsess0123456789";
const ORIGIN: &str = "https://example.com:2083";

/// The length of `text` once percent-encoded with [`COMPONENT`].
fn encoded_len(text: &str) -> usize {
    text.bytes()
        .map(|byte| {
            if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                1
            } else {
                3
            }
        })
        .sum()
}

fn push_encoded(url: &mut String, text: &str) {
    url.extend(utf8_percent_encode(text, COMPONENT));
}

/// Returns the benchmark token, checking that the environment holds it too.
fn token() -> SecurityToken {
    let token = SecurityToken::parse(TOKEN).unwrap();
    assert_eq!(
        token_url::ambient_token(),
        Ok(&token),
        "run the benchmarks with cp_security_token={TOKEN} in the environment",
    );
    token
}

fn static_path(criterion: &mut Criterion) {
    let token = token();
    let base = Url::parse(&format!("{ORIGIN}{TOKEN}/")).unwrap();
    let mut group = criterion.benchmark_group("static path");
    group.bench_function("cpurl! ambient token", |bench| {
        bench.iter(|| cpurl!("/execute/Email/list_pops"));
    });
    group.bench_function("cpurl! with_token", |bench| {
        with_token(&token, || {
            bench.iter(|| cpurl!("/execute/Email/list_pops"));
        });
    });
    group.bench_function("cpurl! token =", |bench| {
        bench.iter(|| cpurl!(token = black_box(&token), "/execute/Email/list_pops"));
    });
    group.bench_function("hand-written", |bench| {
        bench.iter(|| {
            let token = black_box(TOKEN);
            let path = "/execute/Email/list_pops";
            let mut url = String::with_capacity(token.len() + path.len());
            url.push_str(token);
            url.push_str(path);
            url
        });
    });
    group.bench_function("format!", |bench| {
        bench.iter(|| format!("{}/execute/Email/list_pops", black_box(TOKEN)));
    });
    group.bench_function("url::Url", |bench| {
        bench.iter(|| black_box(&base).join("execute/Email/list_pops").unwrap());
    });
    group.finish();
}

fn one_placeholder(criterion: &mut Criterion) {
    let token = token();
    let base = Url::parse(&format!("{ORIGIN}{TOKEN}/")).unwrap();
    let function = "list_pops";
    let mut group = criterion.benchmark_group("one path placeholder");
    group.bench_function("cpurl! ambient token", |bench| {
        bench.iter(|| cpurl!("/execute/Email/<function>", function = black_box(function)));
    });
    group.bench_function("cpurl! with_token", |bench| {
        with_token(&token, || {
            bench.iter(|| cpurl!("/execute/Email/<function>", function = black_box(function)));
        });
    });
    group.bench_function("cpurl! token =", |bench| {
        bench.iter(|| {
            cpurl!(
                token = black_box(&token),
                "/execute/Email/<function>",
                function = black_box(function),
            )
        });
    });
    group.bench_function("hand-written", |bench| {
        bench.iter(|| {
            let (token, function) = (black_box(TOKEN), black_box(function));
            let prefix = "/execute/Email/";
            let mut url = String::with_capacity(token.len() + prefix.len() + encoded_len(function));
            url.push_str(token);
            url.push_str(prefix);
            push_encoded(&mut url, function);
            url
        });
    });
    group.bench_function("format!", |bench| {
        bench.iter(|| {
            format!(
                "{}/execute/Email/{}",
                black_box(TOKEN),
                utf8_percent_encode(black_box(function), COMPONENT),
            )
        });
    });
    group.bench_function("url::Url", |bench| {
        bench.iter(|| {
            let mut url = black_box(&base).clone();
            url.path_segments_mut().unwrap().pop_if_empty().extend([
                "execute",
                "Email",
                black_box(function),
            ]);
            url
        });
    });
    group.finish();
}

fn absolute_query(criterion: &mut Criterion) {
    let token = token();
    let base = Url::parse(&format!("{ORIGIN}{TOKEN}/execute/Email/add_pop")).unwrap();
    let (email, domain, quota) = ("john+tag", "example.com", 250_u32);
    let mut group = criterion.benchmark_group("absolute, three query values");
    group.bench_function("cpurl! ambient token", |bench| {
        bench.iter(|| {
            cpurl!(
                "https://example.com:2083/execute/Email/add_pop?email=<email>&domain=<domain>&quota=<quota>",
                email = black_box(email),
                domain = black_box(domain),
                quota = black_box(quota),
            )
        });
    });
    group.bench_function("cpurl! with_token", |bench| {
        with_token(&token, || {
            bench.iter(|| {
                cpurl!(
                    "https://example.com:2083/execute/Email/add_pop?email=<email>&domain=<domain>&quota=<quota>",
                    email = black_box(email),
                    domain = black_box(domain),
                    quota = black_box(quota),
                )
            });
        });
    });
    group.bench_function("cpurl! token =", |bench| {
        bench.iter(|| {
            cpurl!(
                token = black_box(&token),
                "https://example.com:2083/execute/Email/add_pop?email=<email>&domain=<domain>&quota=<quota>",
                email = black_box(email),
                domain = black_box(domain),
                quota = black_box(quota),
            )
        });
    });
    group.bench_function("hand-written", |bench| {
        bench.iter(|| {
            let token = black_box(TOKEN);
            let (email, domain, quota) = (black_box(email), black_box(domain), black_box(quota));
            let path = "/execute/Email/add_pop?email=";
            let quota_digits = quota.checked_ilog10().unwrap_or(0) as usize + 1;
            let mut url = String::with_capacity(
                ORIGIN.len()
                    + token.len()
                    + path.len()
                    + encoded_len(email)
                    + "&domain=".len()
                    + encoded_len(domain)
                    + "&quota=".len()
                    + quota_digits,
            );
            url.push_str(ORIGIN);
            url.push_str(token);
            url.push_str(path);
            push_encoded(&mut url, email);
            url.push_str("&domain=");
            push_encoded(&mut url, domain);
            url.push_str("&quota=");
            write!(url, "{quota}").unwrap();
            url
        });
    });
    group.bench_function("format!", |bench| {
        bench.iter(|| {
            format!(
                "{ORIGIN}{}/execute/Email/add_pop?email={}&domain={}&quota={}",
                black_box(TOKEN),
                utf8_percent_encode(black_box(email), COMPONENT),
                utf8_percent_encode(black_box(domain), COMPONENT),
                black_box(quota),
            )
        });
    });
    group.bench_function("url::Url", |bench| {
        bench.iter(|| {
            let mut url = black_box(&base).clone();
            url.query_pairs_mut()
                .append_pair("email", black_box(email))
                .append_pair("domain", black_box(domain))
                .append_pair("quota", &black_box(quota).to_string());
            url
        });
    });
    group.finish();
}

fn rest_segments(criterion: &mut Criterion) {
    let token = token();
    let base = Url::parse(&format!("{ORIGIN}{TOKEN}/3rdparty")).unwrap();
    let path = "app/v1/static/app.js";
    let mut group = criterion.benchmark_group("rest, four segments");
    group.bench_function("cpurl! ambient token", |bench| {
        bench.iter(|| cpurl!("/3rdparty/<path..>", path = black_box(path)));
    });
    group.bench_function("cpurl! with_token", |bench| {
        with_token(&token, || {
            bench.iter(|| cpurl!("/3rdparty/<path..>", path = black_box(path)));
        });
    });
    group.bench_function("cpurl! token =", |bench| {
        bench.iter(|| {
            cpurl!(
                token = black_box(&token),
                "/3rdparty/<path..>",
                path = black_box(path)
            )
        });
    });
    group.bench_function("hand-written", |bench| {
        bench.iter(|| {
            let (token, path) = (black_box(TOKEN), black_box(path));
            let prefix = "/3rdparty";
            let mut len = token.len() + prefix.len();
            for segment in path.split('/') {
                len += 1 + encoded_len(segment);
            }
            let mut url = String::with_capacity(len);
            url.push_str(token);
            url.push_str(prefix);
            for segment in path.split('/') {
                url.push('/');
                push_encoded(&mut url, segment);
            }
            url
        });
    });
    group.bench_function("format!", |bench| {
        bench.iter(|| {
            format!(
                "{}/3rdparty/{}",
                black_box(TOKEN),
                utf8_percent_encode(black_box(path), SUB_PATH),
            )
        });
    });
    group.bench_function("url::Url", |bench| {
        bench.iter(|| {
            let mut url = black_box(&base).clone();
            url.path_segments_mut()
                .unwrap()
                .extend(black_box(path).split('/'));
            url
        });
    });
    group.finish();
}

criterion_group!(
    benches,
    static_path,
    one_placeholder,
    absolute_query,
    rest_segments
);
criterion_main!(benches);
