//! Builds one benchmark URL (see `support/cases.rs`) a given number of times, for
//! `benches/instructions.sh`, which counts the instructions under
//! cachegrind. Instruction counts do not depend on the load of the machine,
//! so they compare the ways of building even where timings are noisy.
//!
//! Usage: `instructions CASE WAY ITERATIONS`, where CASE indexes `CASES` and
//! WAY is `ambient`, `with_token`, `explicit`, `hand`, `format` or `url`.

#[path = "support/cases.rs"]
mod cases;

use std::hint::black_box;

use token_url::with_token;

use crate::cases::{CASES, Inputs, Way};

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let [case, way, iterations] = arguments.as_slice() else {
        eprintln!("usage: instructions CASE WAY ITERATIONS");
        std::process::exit(2);
    };
    let (_, builders) = CASES[case.parse::<usize>().expect("CASE is an index")];
    let iterations: usize = iterations.parse().expect("ITERATIONS is a number");
    let wanted = match way.as_str() {
        "ambient" | "with_token" => Way::Ambient,
        "explicit" => Way::Explicit,
        "hand" => Way::HandWritten,
        "format" => Way::Format,
        "url" => Way::Url,
        other => panic!("unknown way {other:?}"),
    };
    let build = builders
        .iter()
        .find(|(way, _)| *way == wanted)
        .map(|(_, build)| *build)
        .expect("every case has every way");
    let inputs = Inputs::new();
    let run = || {
        for _ in 0..iterations {
            black_box(build(&inputs));
        }
    };
    if way == "with_token" {
        with_token(&inputs.token, run);
    } else {
        run();
    }
}
