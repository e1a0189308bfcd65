#!/usr/bin/env bash
# Counts the instructions that building one URL takes, for every case and
# way of benches/support/cases.rs, under valgrind's cachegrind. The counts do
# not depend on the load of the machine, unlike the timings of `cargo bench`.
#
# Each figure is (instructions of ITERATIONS builds - instructions of none)
# / ITERATIONS, so start-up is not counted. Needs valgrind
# (`apt-get install valgrind`).
#
# Usage: benches/instructions.sh   (ITERATIONS=100000 by default)
set -euo pipefail

iterations=${ITERATIONS:-100000}
cd "$(dirname "$0")/.."

binary=$(cargo bench --bench instructions --no-run --message-format=json 2>/dev/null |
    sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)

# Prints the instructions that `$binary CASE WAY COUNT` executes.
count() {
    cp_security_token=/cpsess0123456789 valgrind --tool=cachegrind --cache-sim=no \
        --cachegrind-out-file=/dev/null "$binary" "$@" 2>&1 |
        sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,
}

cases=("static path" "one path placeholder" "absolute, three query values" "rest, four segments")
ways=(ambient with_token explicit hand format url)
printf '%-32s' "instructions per URL"
printf '%12s' "${ways[@]}"
echo
for index in "${!cases[@]}"; do
    printf '%-32s' "${cases[$index]}"
    for way in "${ways[@]}"; do
        base=$(count "$index" "$way" 0)
        total=$(count "$index" "$way" "$iterations")
        printf '%12d' $(((total - base) / iterations))
    done
    echo
done
