#!/usr/bin/env bash
# Instructions per statement, bare vs guarded, on SQLite in memory, counted by callgrind.
# Usage: benches/instructions.sh [ITERATIONS]   (default 200; needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-200}"
binary=$(cargo bench --bench instructions --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "instructions" and m.get("executable"):
        print(m["executable"])')

count() { # workload variant iterations -> instructions
  local out
  out=$(mktemp)
  valgrind --tool=callgrind --callgrind-out-file="$out" "$binary" "$1" "$2" "$3" >/dev/null 2>&1
  callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'
  rm -f "$out"
}

echo "| bench | bare instr./stmt | guarded instr./stmt | guard share | guarded throughput / bare |"
echo "|---|---|---|---|---|"
for workload in pk_lookup three_joins paginated_list update_many; do
  bare0=$(count "$workload" bare 0); bare=$(count "$workload" bare "$iterations")
  guarded0=$(count "$workload" guarded 0); guarded=$(count "$workload" guarded "$iterations")
  python3 - "$workload" "$iterations" "$bare0" "$bare" "$guarded0" "$guarded" <<'PY'
import sys
name, n, bare0, bare, guarded0, guarded = sys.argv[1], *map(int, sys.argv[2:])
per_bare, per_guarded = (bare - bare0) / n, (guarded - guarded0) / n
print(f"| {name} | {per_bare:,.0f} | {per_guarded:,.0f} | {(per_guarded - per_bare) / per_bare:+.2%} | {per_bare / per_guarded:.3f} |")
PY
done
