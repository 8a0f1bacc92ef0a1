#!/usr/bin/env bash
# Reads that do not grow with the rows (issue 15): the default city with N generated crime rows
# (the seeded sample generator, one 自転車盗 file of N rows imported on top of the sample), timing
# the import (with ogr2ogr loading the same CSV for the row-rate goal) and every counting read:
# crimes summary --by chome/koban/grid:250, map, atlas --by oaza, hotspots; wall time and peak
# memory from /usr/bin/time -v. BENCH_SCALE_ROWS="100000 1000000 5000000" picks the sizes.
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}
SIZES=${BENCH_SCALE_ROWS:-100000 1000000}
base=$W/scale_base.sqlite
"$B" --db "$base" --quiet init --force >/dev/null
# run CMD… → "seconds peakMB" (wall clock and maximum resident set size of the command)
run() {
    /usr/bin/time -v -o "$W/scale.time" "$@" >/dev/null 2>"$W/scale.err" || { cat "$W/scale.err" >&2; return 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]}
                /Maximum resident set size/ {m = $2 / 1024}
                END {printf "%.2f %.0f\n", s, m}' "$W/scale.time"
}
reads() { # db → one table row of the read figures "t (MB) | …"
    local db=$1 row="" v
    for by in chome koban grid:250; do
        v=$(run "$B" --db "$db" --quiet crimes summary --by "$by" --format json); row+="| ${v% *} s (${v#* } MB) "
    done
    v=$(run "$B" --db "$db" --quiet map --out "$W/scale_map.pdf"); row+="| ${v% *} s (${v#* } MB) "
    v=$(run "$B" --db "$db" --quiet atlas --by oaza --out "$W/scale_atlas.pdf"); row+="| ${v% *} s (${v#* } MB) "
    v=$(run "$B" --db "$db" --quiet crimes hotspots --method kde); row+="| ${v% *} s (${v#* } MB) "
    echo "$row"
}
echo "| rows | import s (MB) | ogr2ogr s | summary chome | summary koban | summary grid:250 | map | atlas oaza | hotspots kde |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
sample_rows=$(sqlite3 "$base" "SELECT count(*) FROM crime_rows")
echo "| $sample_rows (sample) | — | — $(reads "$base")|"
map0=$(run "$B" --db "$base" --quiet map --out "$W/scale_map.pdf"); map0=${map0% *}
atlas0=$(run "$B" --db "$base" --quiet atlas --by oaza --out "$W/scale_atlas.pdf"); atlas0=${atlas0% *}
for n in $SIZES; do
    rm -rf "$W/scale_crimes"
    python3 scripts/gen-sample-crimes --out "$W/scale_crimes" --rows "$n" >/dev/null
    csv=$W/scale_crimes/bench_jitensha_to.csv
    db=$W/scale_$n.sqlite
    cp "$base" "$db"
    imp=$(run "$B" --db "$db" --quiet crimes import "$csv")
    rm -f "$W/scale_ogr.sqlite"
    ogr=$(run ogr2ogr -f SQLite -dsco SPATIALITE=YES "$W/scale_ogr.sqlite" "$csv" -nln crimes)
    r=$(reads "$db")
    echo "| $(( n + sample_rows )) | ${imp% *} s (${imp#* } MB) | ${ogr% *} $r|"
    if [ "$n" = 1000000 ]; then
        worst=$(echo "$r" | awk -F'|' '{m = 0; for (i = 2; i <= 4; i++) {split($i, a, " "); if (a[1] > m) m = a[1]}; print m}')
        map1=$(echo "$r" | awk -F'|' '{split($5, a, " "); print a[1]}')
        atlas1=$(echo "$r" | awk -F'|' '{split($6, a, " "); print a[1]}')
        awk -v w="$worst" 'BEGIN{printf "crimes summary < 0.15 s for every --by at 1 M rows|%.2f s|%s\n", w, (w < 0.15 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
        awk -v a="$map1" -v b="$map0" 'BEGIN{r = b > 0 ? a / b : 0; printf "map at 1 M rows within 1.2× of the sample|%.2f×|%s\n", r, (r <= 1.2 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
        awk -v a="$atlas1" -v b="$atlas0" 'BEGIN{r = b > 0 ? a / b : 0; printf "atlas --by oaza at 1 M rows within 1.3× of the sample|%.2f×|%s\n", r, (r <= 1.3 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
    fi
    rm -f "$db" "$W/scale_ogr.sqlite"
done
echo
echo "Each figure: one run, wall time and peak resident memory (\`/usr/bin/time -v\`). Reads count from"
echo "the crime aggregate (crime_agg), so they should not grow with the rows. Machine load while"
echo "measuring (2 cores, shared): $(cut -d' ' -f1-3 /proc/loadavg)."
