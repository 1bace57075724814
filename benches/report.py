#!/usr/bin/env python3
"""Prints the ratio tables of docs/performance.md from criterion's saved estimates.

Usage: python3 benches/report.py [CRITERION_DIR]
(default: $CARGO_TARGET_DIR/criterion, else target/criterion). Run the benches first.
"""
import json
import os
import sys
from pathlib import Path

root = Path(sys.argv[1] if len(sys.argv) > 1 else
            Path(os.environ.get("CARGO_TARGET_DIR", "target")) / "criterion")


def mean_ns(*parts):
    path = root.joinpath(*parts, "new", "estimates.json")
    if not path.exists():
        return None
    return json.loads(path.read_text())["mean"]["point_estimate"]


def fmt(ns):
    if ns >= 1_000_000:
        return f"{ns / 1_000_000:.1f} ms"
    return f"{ns / 1000:.1f} µs" if ns >= 1000 else f"{ns:.0f} ns"


print("| bench | backend | bare | guarded | guarded throughput / bare |")
print("|---|---|---|---|---|")
for group in ["pk_lookup", "three_joins", "paginated_list", "update_many"]:
    for backend in ["sqlite-memory", "sqlite-file", "postgres"]:
        bare, guarded = mean_ns(group, f"{backend}_bare"), mean_ns(group, f"{backend}_guarded")
        if bare and guarded:
            print(f"| {group} | {backend} | {fmt(bare)} | {fmt(guarded)} | {bare / guarded:.3f} |")

print()
print("| statement | backend | sqlparser parse alone | first time | cached |")
print("|---|---|---|---|---|")
for statement in ["pk_lookup", "three_joins_subquery", "no_soft_delete"]:
    for backend in ["postgres", "mysql", "sqlite"]:
        times = [mean_ns(f"rewrite_{backend}", kind, statement) for kind in ["parse_only", "first_time", "cached"]]
        if all(times):
            print(f"| {statement} | {backend} | " + " | ".join(fmt(time) for time in times) + " |")

print()
print("| descendants | backend | hand-written | lazarus | lazarus / hand-written |")
print("|---|---|---|---|---|")
for size in ["10", "1000", "100000"]:
    for backend in ["sqlite-file", "postgres"]:
        hand = mean_ns(f"cascade_{backend}", "hand_written", size)
        ours = mean_ns(f"cascade_{backend}", "lazarus", size)
        if hand and ours:
            print(f"| {size} | {backend} | {fmt(hand)} | {fmt(ours)} | {ours / hand:.2f}× |")
