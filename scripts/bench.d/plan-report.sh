#!/usr/bin/env bash
# bohan plan report on the default city database: the 66-item R5 report with the small maps of the
# spatial items, as PDF. No Debian peer lays out this document; the row compares with the goal
# (< 2 s) and also gives the process CPU time (user + sys), which a loaded machine does not inflate.
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}
t() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
best() { local m=999999 v; for _ in 1 2 3; do v=$(t "$@"); [ "$v" -lt "$m" ] && m=$v; done; echo "$m"; }
cpu() { /usr/bin/time -f '%U %S' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%d", ($1 + $2) * 1000}'; }
db="$W/plan.sqlite"
[ -f "$db" ] || "$B" --db "$db" --quiet init --force >/dev/null 2>&1
echo "| task | pages | maps | bohan (ms, best of 3) | CPU (ms) | goal (ms) | ratio bohan/goal |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for paper in A3 A4; do
    out="$W/plan-$paper.pdf"
    if ! "$B" --db "$db" plan report --fy R5 --paper "$paper" --out "$out" >/dev/null 2>"$W/plan.err"; then
        echo "| \`bohan plan report --paper $paper\` | — | — | failed: $(head -c 120 "$W/plan.err" | tr '|\n' '/ ') | — | 2000 | — |"
        continue
    fi
    maps=$(sed -n 's/.* \([0-9]*\) maps.*/\1/p' "$W/plan.err")
    pages=$(pdfinfo "$out" 2>/dev/null | awk '/^Pages:/ {print $2}')
    ms=$(best "$B" --db "$db" --quiet plan report --fy R5 --paper "$paper" --out "$out")
    c=$(cpu "$B" --db "$db" --quiet plan report --fy R5 --paper "$paper" --out "$out")
    echo "| \`bohan plan report --fy R5 --paper $paper\` (PDF) | ${pages:-?} | ${maps:-?} | $ms | $c | 2000 | $(awk "BEGIN{printf \"%.2f\", $ms/2000}") |"
    awk -v ms="$ms" -v p="$paper" -v n="${pages:-?}" 'BEGIN{printf "66-item plan report with maps (%s) < 2 s|%.2f s (%s pages)|%s\n", p, ms/1000, n, (ms < 2000 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
done
