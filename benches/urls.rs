//! Building one URL with `cpurl!`, side by side with what a user would write
//! instead (see `support/cases.rs`), timed by criterion.
//!
//! Run with `cp_security_token=/cpsess0123456789 cargo bench --bench urls`:
//! the ambient-token rows read the token from the environment, as a CGI
//! program does. BENCHMARKS.md records the figures.

#[path = "support/cases.rs"]
mod cases;

use criterion::{Criterion, criterion_group, criterion_main};
use token_url::with_token;

use crate::cases::{CASES, Inputs, TOKEN, Way};

fn urls(criterion: &mut Criterion) {
    let inputs = Inputs::new();
    assert_eq!(
        token_url::ambient_token(),
        Ok(&inputs.token),
        "run the benchmarks with cp_security_token={TOKEN} in the environment",
    );
    for (case, builders) in CASES {
        let mut group = criterion.benchmark_group(case);
        for (way, build) in builders {
            let name = match way {
                Way::Ambient => "cpurl! ambient token",
                Way::Explicit => "cpurl! token =",
                Way::HandWritten => "hand-written",
                Way::Format => "format!",
                Way::Url => "url::Url",
            };
            group.bench_function(name, |bench| bench.iter(|| build(&inputs)));
            if way == Way::Ambient {
                group.bench_function("cpurl! with_token", |bench| {
                    with_token(&inputs.token, || bench.iter(|| build(&inputs)));
                });
            }
        }
        group.finish();
    }
}

criterion_group!(benches, urls);
criterion_main!(benches);
