#!/usr/bin/env python3
"""Prints the figures of the last `cargo bench --bench urls` as a Markdown
table: for each case and way, the median time per URL with its median
absolute deviation, read from criterion's target/criterion/*/*/new/estimates.json,
and the ratios that BENCHMARKS.md states."""

import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
ways = [
    "cpurl! ambient token",
    "cpurl! token =",
    "cpurl! with_token",
    "hand-written",
    "format!",
    "url::Url",
]
print("| case | " + " | ".join(ways) + " | ambient / hand | token = / hand | ambient / format! | token = / format! |")
print("|---" * (len(ways) + 5) + "|")
for case in sorted(path for path in root.iterdir() if path.is_dir() and path.name != "report"):
    medians = {}
    cells = []
    for way in ways:
        # criterion writes `::` in a benchmark name as `__`.
        estimates = case / way.replace("::", "__") / "new" / "estimates.json"
        data = json.loads(estimates.read_text())
        median = data["median"]["point_estimate"]
        deviation = data["median_abs_dev"]["point_estimate"]
        medians[way] = median
        cells.append(f"{median:.1f} ± {deviation:.1f}")
    ratios = [
        medians["cpurl! ambient token"] / medians["hand-written"],
        medians["cpurl! token ="] / medians["hand-written"],
        medians["cpurl! ambient token"] / medians["format!"],
        medians["cpurl! token ="] / medians["format!"],
    ]
    print(f"| {case.name} | " + " | ".join(cells) + " | " + " | ".join(f"{ratio:.2f}" for ratio in ratios) + " |")
