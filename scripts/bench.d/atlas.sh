#!/usr/bin/env bash
# bohan atlas on the default city database: the whole atlas (cover + one page per area) as PDF.
# There is no Debian peer that lays out an atlas; the row compares with the goal (< 2 s).
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}
t() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
best() { local m=999999 v; for _ in 1 2 3; do v=$(t "$@"); [ "$v" -lt "$m" ] && m=$v; done; echo "$m"; }
db="$W/atlas.sqlite"
if [ ! -f "$db" ]; then
    "$B" --db "$db" --quiet init --force >/dev/null 2>&1
    # The sample crimes and the 交番管内 derived from them, unless init already loaded them.
    if [ "$(sqlite3 "$db" "SELECT count(*) FROM crimes")" = 0 ]; then
        "$B" --db "$db" --quiet crimes import data/matsudo/crimes/20*.csv >/dev/null 2>&1 || true
        "$B" --db "$db" --quiet crimes import-counts data/matsudo/crimes/counts_sample.csv >/dev/null 2>&1 || true
    fi
    [ "$(sqlite3 "$db" "SELECT count(*) FROM sqlite_master WHERE name = 'koban_areas'")" = 1 ] ||
        "$B" --db "$db" --quiet crimes koban >/dev/null 2>&1 || true
fi
echo "| task | pages | bohan (ms, best of 3) | goal (ms) | ratio bohan/goal |"
echo "|---|---:|---:|---:|---:|"
for by in koban oaza school-district; do
    out="$W/atlas-$by.pdf"
    if ! "$B" --db "$db" --quiet atlas --by "$by" --out "$out" >/dev/null 2>"$W/atlas.err"; then
        echo "| \`bohan atlas --by $by\` | — | failed: $(head -c 120 "$W/atlas.err" | tr '|\n' '/ ') | 2000 | — |"
        continue
    fi
    pages=$(pdfinfo "$out" 2>/dev/null | awk '/^Pages:/ {print $2}')
    ms=$(best "$B" --db "$db" --quiet atlas --by "$by" --out "$out")
    echo "| \`bohan atlas --by $by\` (PDF) | ${pages:-?} | $ms | 2000 | $(awk "BEGIN{printf \"%.2f\", $ms/2000}") |"
    awk -v ms="$ms" -v by="$by" -v p="${pages:-?}" 'BEGIN{printf "whole atlas --by %s < 2 s|%.2f s (%s pages)|%s\n", by, ms/1000, p, (ms < 2000 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
done
