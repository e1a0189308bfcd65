#!/usr/bin/env bash
# Measures what cpurl! costs at compile time.
#
# Generates two throwaway crates, one with CALLS distinct cpurl! calls and one
# with the same URLs written with format! and percent-encoding, builds their
# dependencies, then times `cargo check` of each crate alone (after touching
# its source) RUNS times. Last, it times a clean debug build of token-url with
# its dependencies. Prints the median, minimum and maximum of each.
#
# Usage: benches/compile-time.sh   (CALLS=1000 RUNS=5 by default)
set -euo pipefail

calls=${CALLS:-1000}
runs=${RUNS:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# Without incremental compilation, each check compiles the crate from scratch
# instead of reusing the previous run's results for an unchanged file.
export CARGO_INCREMENTAL=0
trap 'rm -rf "$work"' EXIT

# Writes a crate named $1 with the given dependencies and main.rs body.
write_crate() {
    local name=$1 dependencies=$2 body=$3
    mkdir -p "$work/$name/src"
    cat >"$work/$name/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$dependencies

[workspace]
EOF
    printf '%s\n' "$body" >"$work/$name/src/main.rs"
}

macro_body() {
    echo 'use token_url::{cpurl, SecurityToken};'
    echo 'fn main() {'
    echo '    let token = SecurityToken::parse("/cpsess0123456789").unwrap();'
    echo '    let value = std::env::args().next().unwrap_or_default();'
    echo '    let mut total = 0;'
    for ((i = 0; i < calls; i++)); do
        echo "    total += cpurl!(token = &token, \"/execute/Module$i/function?key=<value>\").as_str().len();"
    done
    echo '    println!("{total}");'
    echo '}'
}

format_body() {
    echo 'use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};'
    echo "const SET: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');"
    echo 'fn main() {'
    echo '    let token = "/cpsess0123456789";'
    echo '    let value = std::env::args().next().unwrap_or_default();'
    echo '    let mut total = 0;'
    for ((i = 0; i < calls; i++)); do
        echo "    total += format!(\"{token}/execute/Module$i/function?key={}\", utf8_percent_encode(&value, SET)).len();"
    done
    echo '    println!("{total}");'
    echo '}'
}

# Prints the median, minimum and maximum of the numbers on standard input.
summarize() {
    sort -n | awk '{ values[NR] = $1 }
        END {
            median = NR % 2 ? values[(NR + 1) / 2] : (values[NR / 2] + values[NR / 2 + 1]) / 2
            printf "median %.2f s (min %.2f, max %.2f, %d runs)\n", median, values[1], values[NR], NR
        }'
}

# Times `cargo check` of crate $1 after touching its source, RUNS times.
time_check() {
    local name=$1
    (cd "$work/$name" && cargo check --quiet)
    for ((run = 0; run < runs; run++)); do
        touch "$work/$name/src/main.rs"
        local start end
        start=$(date +%s.%N)
        (cd "$work/$name" && cargo check --quiet)
        end=$(date +%s.%N)
        echo "$end - $start" | bc
    done | summarize
}

write_crate macro-calls "token-url = { path = \"$root/token-url\" }" "$(macro_body)"
write_crate format-calls 'percent-encoding = "2.3"' "$(format_body)"

echo "machine: $(nproc) cores, $(rustc --version)"
echo "cargo check, $calls cpurl! calls:  $(time_check macro-calls)"
echo "cargo check, $calls format! calls: $(time_check format-calls)"

# A clean build of token-url and its dependencies, as a user's first build.
for ((run = 0; run < 3; run++)); do
    rm -rf "$work/clean-target"
    start=$(date +%s.%N)
    (cd "$root" && CARGO_TARGET_DIR="$work/clean-target" cargo build --quiet -p token-url)
    end=$(date +%s.%N)
    echo "$end - $start" | bc
done | summarize | sed 's/^/clean debug build of token-url: /'
