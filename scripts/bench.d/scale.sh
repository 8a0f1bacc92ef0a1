#!/usr/bin/env bash
# Reads that do not grow with the rows (issue 15): the default city with N generated crime rows
# (the seeded sample generator, one 自転車盗 file of N rows imported on top of the sample), timing
# the import (with ogr2ogr loading the same CSV for the row-rate goal) and every counting read:
# crimes summary for every --by (grid:100 from the 50 m base cells), map, atlas --by oaza,
# hotspots kde and gistar. Each figure: wall time, CPU time (user + system) and peak memory from
# /usr/bin/time -v, one run.
# BENCH_SCALE_ROWS picks the sizes (default 100000 1000000 5000000); BENCH_SCALE_5M=0 leaves the
# 5 M run out (it generates a 685 MB CSV and takes a few minutes).
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}
SIZES=${BENCH_SCALE_ROWS:-100000 1000000 5000000}
if [ "${BENCH_SCALE_5M:-1}" = 0 ]; then SIZES=$(echo "$SIZES" | tr ' ' '\n' | grep -vx 5000000 | tr '\n' ' '); fi
BYS="chome oaza koban school-district grid:250 grid:100"
base=$W/scale_base.sqlite
"$B" --db "$base" --quiet init --force >/dev/null
# run CMD… → "wall cpu peakMB" (seconds, seconds, MB)
run() {
    /usr/bin/time -v -o "$W/scale.time" "$@" >/dev/null 2>"$W/scale.err" || { cat "$W/scale.err" >&2; return 1; }
    awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]}
                /User time/ {u = $2} /System time/ {y = $2}
                /Maximum resident set size/ {m = $2 / 1024}
                END {printf "%.2f %.2f %.0f\n", s, u + y, m}' "$W/scale.time"
}
declare -A R   # R[command|column] = "wall cpu MB"
cmds=()
for by in $BYS; do cmds+=("summary --by $by"); done
cmds+=("map (--by koban)" "atlas --by oaza" "hotspots kde" "hotspots gistar")
reads() { # db column
    local db=$1 col=$2
    for by in $BYS; do R["summary --by $by|$col"]=$(run "$B" --db "$db" --quiet crimes summary --by "$by" --format json); done
    R["map (--by koban)|$col"]=$(run "$B" --db "$db" --quiet map --out "$W/scale_map.pdf")
    R["atlas --by oaza|$col"]=$(run "$B" --db "$db" --quiet atlas --by oaza --out "$W/scale_atlas.pdf")
    R["hotspots kde|$col"]=$(run "$B" --db "$db" --quiet crimes hotspots --method kde)
    R["hotspots gistar|$col"]=$(run "$B" --db "$db" --quiet crimes hotspots --method gistar)
}
sample_rows=$(sqlite3 "$base" "SELECT count(*) FROM crime_rows")
cols=(sample)
reads "$base" sample
declare -A IMP OGR
for n in $SIZES; do
    rm -rf "$W/scale_crimes"
    python3 scripts/gen-sample-crimes --out "$W/scale_crimes" --rows "$n" >/dev/null
    csv=$W/scale_crimes/bench_jitensha_to.csv
    db=$W/scale_$n.sqlite
    cp "$base" "$db"
    IMP[$n]=$(run "$B" --db "$db" --quiet crimes import "$csv")
    rm -f "$W/scale_ogr.sqlite"
    OGR[$n]=$(run ogr2ogr -f SQLite -dsco SPATIALITE=YES "$W/scale_ogr.sqlite" "$csv" -nln crimes)
    rm -f "$W/scale_ogr.sqlite" "$csv"
    reads "$db" "$n"
    cols+=("$n")
    rm -f "$db"
done
fmt() { set -- $1; printf "%s s / %s s (%s MB)" "$1" "$2" "$3"; }
printf "| command |"; for c in "${cols[@]}"; do [ "$c" = sample ] && printf " %s rows (sample) |" "$sample_rows" || printf " %s rows |" "$((c + sample_rows))"; done; echo
printf "|---|"; for _ in "${cols[@]}"; do printf -- "---:|"; done; echo
printf "| crimes import (the N-row file) | —"; for n in $SIZES; do printf " | %s" "$(fmt "${IMP[$n]}")"; done; echo " |"
printf "| ogr2ogr, same CSV | —"; for n in $SIZES; do printf " | %s" "$(fmt "${OGR[$n]}")"; done; echo " |"
printf "| import row rate, bohan ÷ ogr2ogr (wall / CPU) | —"
for n in $SIZES; do set -- ${IMP[$n]}; bw=$1 bc=$2; set -- ${OGR[$n]}; awk -v bw="$bw" -v bc="$bc" -v ow="$1" -v oc="$2" 'BEGIN{printf " | %.2f× / %.2f×", ow / bw, oc / bc}'; done; echo " |"
for c in "${cmds[@]}"; do
    printf "| %s" "$c"; for col in "${cols[@]}"; do printf " | %s" "$(fmt "${R[$c|$col]}")"; done; echo " |"
done
# goals: every --by < 0.15 s, map within 1.2× and atlas within 1.3× of the sample, import ≥ 2×
# ogr2ogr's rate — at 1 M rows, and at 5 M rows the same within 10 %
goals() { # size, tolerance factor, label
    # judged on wall time; the CPU figure (user + system) is shown beside it for a loaded machine
    local n=$1 f=$2 at=$3 worst="0 0" v
    for by in $BYS; do v=${R["summary --by $by|$n"]}; worst=$(echo "$worst $v" | awk '{print ($3 > $1) ? $3 " " $4 : $1 " " $2}'); done
    echo "$worst" | awk -v f="$f" -v at="$at" '{printf "crimes summary < %.3g s for every --by at %s|%.2f s (CPU %.2f s)|%s\n", 0.15 * f, at, $1, $2, ($1 < 0.15 * f ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
    ratio_goal "map at $at within $(awk -v f="$f" 'BEGIN{printf "%.3g", 1.2 * f}')× of the sample" "${R["map (--by koban)|$n"]}" "${R["map (--by koban)|sample"]}" "$(awk -v f="$f" 'BEGIN{print 1.2 * f}')" le
    ratio_goal "atlas --by oaza at $at within $(awk -v f="$f" 'BEGIN{printf "%.3g", 1.3 * f}')× of the sample" "${R["atlas --by oaza|$n"]}" "${R["atlas --by oaza|sample"]}" "$(awk -v f="$f" 'BEGIN{print 1.3 * f}')" le
    ratio_goal "crimes import at $at ≥ $(awk -v f="$f" 'BEGIN{printf "%.3g", 2 / f}')× ogr2ogr's row rate" "${OGR[$n]}" "${IMP[$n]}" "$(awk -v f="$f" 'BEGIN{print 2 / f}')" ge
}
ratio_goal() { # label, "wall cpu MB" of a, of b, limit, le|ge: a ÷ b against the limit
    echo "$2 $3" | awk -v l="$1" -v lim="$4" -v op="$5" '{w = $4 > 0 ? $1 / $4 : 0; c = $5 > 0 ? $2 / $5 : 0;
        ok = (op == "le") ? (w <= lim) : (w >= lim); printf "%s|%.2f× (CPU %.2f×)|%s\n", l, w, c, (ok ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
}
case " $SIZES " in *" 1000000 "*) goals 1000000 1 "1 M rows" ;; esac
case " $SIZES " in *" 5000000 "*) goals 5000000 1.1 "5 M rows (within 10 %)" ;; esac
echo
echo "Each figure: one run, wall time / CPU time (user + system) (peak resident memory), from"
echo "\`/usr/bin/time -v\`. Reads count from the crime aggregate (crime_agg) and place areal kinds"
echo "through the stored 町丁目 → area table (chome_area_map), so they should not grow with the rows;"
echo "on a loaded machine compare the CPU figures. ogr2ogr: \`ogr2ogr -f SQLite -dsco SPATIALITE=YES\`,"
echo "a raw load (CP932 bytes undecoded, no matching). Machine load while measuring (2 cores,"
echo "shared): $(cut -d' ' -f1-3 /proc/loadavg)."
