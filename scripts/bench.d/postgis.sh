#!/usr/bin/env bash
# SpatiaLite vs PostGIS in the same run (issue 16; docs/postgis.md):
#  1. init, crimes import of N generated sample rows, crimes summary --by chome/koban, db copy,
#     then every other command a single user runs (layer imports, refuges, cameras, hot spots,
#     map), best of 3 on each backend;
#  2. the prefecture-scale load: the default city plus P generated rows (the seeded generator,
#     default 5,000,000) — import, summary --by chome/koban, city map, 105-page atlas (--by oaza) —
#     time, CPU and peak memory on both (a command PostgreSQL does not run yet prints "refused");
#     BENCH_SCALE_5M=0 leaves it out (as in scale.sh);
#  3. 1, 2 and 4 concurrent importers of M rows each (default 1,000,000) on one PostGIS database.
# The cluster is a throwaway one (scripts/pg-cluster: Unix socket only, fsync and
# full_page_writes off, as for the tests). PostgreSQL's CPU is the cluster's processes' (the
# postmaster's reaped children and the live ones, from /proc), beside bohan's own.
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}
N=${BENCH_PG_ROWS:-200000}; M=${BENCH_PG_CONC_ROWS:-1000000}; P=${BENCH_PG_PREF_ROWS:-5000000}
PGD=$(mktemp -d "${TMPDIR:-/tmp}/bohan-pgbench-XXXXXX")
trap 'bash scripts/pg-cluster stop "$PGD"' EXIT
rc=0; URI=$(bash scripts/pg-cluster start "$PGD") || rc=$?
if [ "$rc" -ne 0 ]; then echo "skipped: no PostgreSQL 15 + PostGIS (bash scripts/deps bench)"; exit 0; fi
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(/usr/lib/postgresql/15/bin/psql -X -q -h "$PGD")
newdb() { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" -c "\\c $1" -c "CREATE EXTENSION postgis" >/dev/null; }
pgurl() { echo "postgresql:///$1?host=$PGD"; }
HZ=$(getconf CLK_TCK)
# CPU seconds the cluster's processes have used so far
pgcpu() {
    local pm t c
    pm=$(head -1 "$PGD/data/postmaster.pid")
    t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
    for c in $(pgrep -P "$pm"); do t=$((t + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
    awk -v t="$t" -v hz="$HZ" 'BEGIN{printf "%.2f", t / hz}'
}
# run CMD… → "wall cpu peakMB servercpu" (seconds, seconds, MB, seconds), or "refused" when the
# command is not available on PostgreSQL yet, "failed" for another error (the bench goes on)
run() {
    local s0 s1
    s0=$(pgcpu)
    if ! /usr/bin/time -v -o "$W/pg.time" "$@" >/dev/null 2>"$W/pg.err"; then
        grep -q "not yet available on PostgreSQL" "$W/pg.err" && echo refused && return 0
        echo "bench postgis: failed: $* : $(head -c 300 "$W/pg.err")" >&2; echo failed; return 0
    fi
    sleep 0.2; s1=$(pgcpu)
    awk -F': ' -v srv="$(awk -v a="$s0" -v b="$s1" 'BEGIN{print b - a}')" '
        /Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2]}
        /User time/ {u = $2} /System time/ {y = $2} /Maximum resident set size/ {m = $2 / 1024}
        END {printf "%.2f %.2f %.0f %.2f\n", s, u + y, m, srv}' "$W/pg.time"
}
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
r() { awk "BEGIN{printf \"%.2f\", $2/$1}"; }

# ---- 1. the default city and N rows ----
python3 scripts/gen-sample-crimes --out "$W/pg1" --rows "$N" --seed 11 >/dev/null
SQ=$W/pg_sq.sqlite; U=$(pgurl bench)
rm -f "$SQ"; newdb bench
i_sq=$(ms "$B" -q --db "$SQ" init); i_pg=$(ms "$B" -q --db "$U" init)
c_sq=$(ms "$B" -q --db "$SQ" crimes import --allow-duplicates "$W/pg1/bench_jitensha_to.csv")
c_pg=$(ms "$B" -q --db "$U" crimes import --allow-duplicates "$W/pg1/bench_jitensha_to.csv")
s_sq=$(ms "$B" --db "$SQ" crimes summary --by chome --format json); s_pg=$(ms "$B" --db "$U" crimes summary --by chome --format json)
k_sq=$(ms "$B" --db "$SQ" crimes summary --by koban --format json); k_pg=$(ms "$B" --db "$U" crimes summary --by koban --format json)
newdb back; rm -f "$W/pg_back.sqlite"
cp_to=$(ms "$B" -q db copy "$SQ" "$(pgurl back)"); cp_from=$(ms "$B" -q db copy "$U" "$W/pg_back.sqlite")
same=$(cmp -s <("$B" --db "$SQ" crimes summary --by koban --format json) <("$B" --db "$U" crimes summary --by koban --format json) && echo equal || echo DIFFERENT)
"${PSQL[@]}" -d postgres -c "DROP DATABASE back" >/dev/null; rm -f "$W/pg_back.sqlite"
echo "| step | SpatiaLite ms | PostGIS ms | PostGIS/SpatiaLite |"
echo "|---|---:|---:|---:|"
echo "| init (Matsudo) | $i_sq | $i_pg | $(r "$i_sq" "$i_pg") |"
echo "| crimes import, $N rows | $c_sq | $c_pg | $(r "$c_sq" "$c_pg") |"
echo "| crimes summary --by chome | $s_sq | $s_pg | $(r "$s_sq" "$s_pg") |"
echo "| crimes summary --by koban | $k_sq | $k_pg | $(r "$k_sq" "$k_pg") |"
echo "| db copy SpatiaLite → PostGIS / PostGIS → SpatiaLite | $cp_to | $cp_from | |"
echo
echo "Wall times of one run each (ms). Summary JSON on both: $same."
echo
# Every other command a single user runs, on the same two databases: best of 3 each.
best3() {
    local b= t
    "$@" >/dev/null 2>"$W/b3.err" || { echo "bench postgis: failed: $*: $(head -c 300 "$W/b3.err")" >&2; echo failed; return 0; }
    for _ in 1 2 3; do t=$(ms "$@"); if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi; done
    echo "$b"
}
D=data/matsudo
echo "| command (default city, $N crime rows) | SpatiaLite ms | PostGIS ms | PostGIS/SpatiaLite |"
echo "|---|---:|---:|---:|"
while IFS='|' read -r label args; do
    read -r -a a <<<"$args"
    t_sq=$(best3 "$B" -q --db "$SQ" "${a[@]}"); t_pg=$(best3 "$B" -q --db "$U" "${a[@]}")
    ratio=failed; [ "$t_sq" = failed ] || [ "$t_pg" = failed ] || ratio=$(r "$t_sq" "$t_pg")
    echo "| \`$label\` | $t_sq | $t_pg | $ratio |"
done <<EOT
import town_blocks … --replace|import town_blocks $D/town_blocks_approx.geojson --replace
import cameras … --replace|import cameras $D/cameras_sample.geojson --replace
refuges coverage|refuges coverage
cameras coverage|cameras coverage
cameras plan --add 10|cameras plan --add 10
crimes hotspots --method gistar|crimes hotspots --method gistar
crimes hotspots --method kde|crimes hotspots --method kde
map --out city.pdf|map --out $W/pg_city.pdf
layers|layers
EOT
echo
awk -v a="$c_sq" -v b="$c_pg" -v n="$N" 'BEGIN{x=b/a; printf "PostGIS crimes import (%d rows) within 1.5× of SpatiaLite|%.2f×|%s\n", n, x, (x <= 1.5 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"

# ---- 2. the prefecture-scale load ----
pref() {
    local csv=$W/pgp/bench_jitensha_to.csv sq=$W/pg_pref.sqlite up c
    python3 scripts/gen-sample-crimes --out "$W/pgp" --rows "$P" --seed 5 >/dev/null
    rm -f "$sq"; newdb pref; up=$(pgurl pref)
    "$B" -q --db "$sq" init >/dev/null; "$B" -q --db "$up" init >/dev/null
    declare -A R T
    local steps=("crimes import ($P rows)" "crimes summary --by chome" "crimes summary --by koban" "map (city, PDF)" "atlas --by oaza (PDF)")
    for db in "$sq" "$up"; do
        c=sq; [ "$db" = "$up" ] && c=pg
        R["0|$c"]=$(run "$B" -q --db "$db" crimes import "$csv")
        R["1|$c"]=$(run "$B" -q --db "$db" crimes summary --by chome --format json)
        R["2|$c"]=$(run "$B" -q --db "$db" crimes summary --by koban --format json)
        R["3|$c"]=$(run "$B" -q --db "$db" map --out "$W/pg_pref_map_$c.pdf")
        R["4|$c"]=$(run "$B" -q --db "$db" atlas --by oaza --out "$W/pg_pref_atlas_$c.pdf")
        # the reads take tens of ms: their ratio from best of 3 in ms, not one 10-ms-step run
        T["1|$c"]=$(best3 "$B" -q --db "$db" crimes summary --by chome --format json)
        T["2|$c"]=$(best3 "$B" -q --db "$db" crimes summary --by koban --format json)
        T["3|$c"]=$(best3 "$B" -q --db "$db" map --out "$W/pg_pref_map_$c.pdf")
        T["4|$c"]=$(best3 "$B" -q --db "$db" atlas --by oaza --out "$W/pg_pref_atlas_$c.pdf")
    done
    local same pages
    same=$(cmp -s <("$B" --db "$sq" crimes summary --by chome --format json) <("$B" --db "$up" crimes summary --by chome --format json) && echo equal || echo DIFFERENT)
    pages=$(pdfinfo "$W/pg_pref_atlas_sq.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    echo "Prefecture scale: the default city (251 町丁目) plus $P generated rows (scripts/gen-sample-crimes --rows $P --seed 5):"
    echo
    echo "| step | SpatiaLite wall / CPU (peak) | PostGIS wall / bohan CPU + server CPU (bohan peak) | best of 3, ms: SpatiaLite / PostGIS | PostGIS/SpatiaLite wall |"
    echo "|---|---:|---:|---:|---:|"
    for i in 0 1 2 3 4; do
        local best="—" ratio
        ratio=$(ratio_cell "${R["$i|sq"]}" "${R["$i|pg"]}")
        if [ -n "${T["$i|sq"]:-}" ] && [ "${T["$i|sq"]}" != failed ] && [ "${T["$i|pg"]}" != failed ]; then
            best="${T["$i|sq"]} / ${T["$i|pg"]}"; ratio=$(r "${T["$i|sq"]}" "${T["$i|pg"]}")
        fi
        printf "| %s | %s | %s | %s | %s |\n" "${steps[$i]}" "$(cell "${R["$i|sq"]}")" "$(cell "${R["$i|pg"]}" pg)" "$best" "$ratio"
    done
    echo
    echo "Wall / CPU / peak: one run each, from \`/usr/bin/time -v\` (seconds; peak resident memory of bohan); the reads' ratio from their best of 3 in ms (the import's from its one run). Atlas pages (SpatiaLite): ${pages:-?}. Summary --by chome JSON on both: $same."
    echo
    set -- ${R["0|sq"]}; local a=$1; set -- ${R["0|pg"]}
    case "$a $1" in *refused* | *failed*) ;; *)
        awk -v a="$a" -v b="$1" -v n="$P" 'BEGIN{x = (a > 0 ? b / a : 0); printf "PostGIS crimes import (%d rows) within 1.5× of SpatiaLite|%.2f×|%s\n", n, x, (x <= 1.5 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}" ;;
    esac
    rm -f "$csv" "$sq" "$W"/pg_pref_*.pdf; "${PSQL[@]}" -d postgres -c "DROP DATABASE pref" >/dev/null
}
cell() { # "wall cpu MB srv" [pg] → text
    case "$1" in refused | failed) echo "$1"; return ;; esac
    set -- $1 "${2:-}"
    [ "$5" = pg ] && printf "%s s / %s + %s s (%s MB)" "$1" "$2" "$4" "$3" || printf "%s s / %s s (%s MB)" "$1" "$2" "$3"
}
ratio_cell() {
    case "$1 $2" in *refused* | *failed*) echo "—"; return ;; esac
    set -- $1 $2; awk -v a="$1" -v b="$5" 'BEGIN{printf "%.2f", (a > 0 ? b / a : 0)}'
}
if [ "${BENCH_SCALE_5M:-1}" = 0 ]; then
    echo "Prefecture scale ($P rows): left out (BENCH_SCALE_5M=0)."
    echo
else
    pref
fi

# ---- 3. concurrent importers ----
for k in 1 2 3 4; do python3 scripts/gen-sample-crimes --out "$W/pgc$k" --rows "$M" --seed $((20 + k)) >/dev/null; done
conc() { # n concurrent importers of M rows each into a fresh database → "wall_ms client_cpu server_cpu"
    newdb conc; "$B" -q --db "$(pgurl conc)" init >/dev/null
    local s e k s0 s1 pids=()
    s0=$(pgcpu); s=$(date +%s%N)
    for k in $(seq 1 "$1"); do
        /usr/bin/time -f "%U %S" -o "$W/pgc$k.time" "$B" -q --db "$(pgurl conc)" crimes import --allow-duplicates "$W/pgc$k/bench_jitensha_to.csv" >/dev/null 2>&1 &
        pids+=($!)
    done
    for k in "${pids[@]}"; do wait "$k" || echo "bench postgis: a concurrent importer failed" >&2; done
    e=$(date +%s%N); sleep 0.2; s1=$(pgcpu)
    local cli
    cli=$(for k in $(seq 1 "$1"); do cat "$W/pgc$k.time"; done | awk '{t += $1 + $2} END{printf "%.2f", t}')
    echo "$(( (e - s) / 1000000 )) $cli $(awk -v a="$s0" -v b="$s1" 'BEGIN{printf "%.2f", b - a}')"
}
declare -A C
for n in 1 2 4; do C[$n]=$(conc "$n"); done
w1=${C[1]%% *}
CORES=$(nproc)
echo "| concurrent importers ($M rows each) | wall ms | rows/s | wall vs one | bohan CPU s | server CPU s | CPU ÷ $CORES cores, ms | wall ÷ that |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in 1 2 4; do
    set -- ${C[$n]}
    cb=$(awk -v a="$2" -v b="$3" -v c="$CORES" 'BEGIN{printf "%.0f", (a + b) * 1000 / c}')
    echo "| $n | $1 | $(( n * M * 1000 / $1 )) | $(r "$w1" "$1") | $2 | $3 | $cb | $(r "$cb" "$1") |"
done
set -- ${C[1]}
# the least wall time n imports can take on CORES cores is n × their CPU ÷ CORES; against one
# import's wall time that bounds "wall vs one" from below, whatever the database does
echo
awk -v w="$1" -v a="$2" -v b="$3" -v c="$CORES" 'BEGIN{printf "One import keeps %.2f cores busy (CPU %.2f s in %.2f s), so on %d cores 4 imports take at least %.2f× its wall time: 4 × CPU ÷ %d cores ÷ wall.\n", (a + b) / (w / 1000), a + b, w / 1000, c, 4 * (a + b) / c / (w / 1000), c}'
set -- ${C[4]}
awk -v a="$w1" -v b="$1" 'BEGIN{x=b/a; printf "4 concurrent PostGIS importers < 2.5× one|%.2f×|%s\n", x, (x < 2.5 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
rm -rf "$W"/pgc[1-4]
echo
echo "Each importer is one transaction into one database; CPU: the importers' (user + system, summed) and the cluster's. Machine load while measuring (2 cores, shared): $(cut -d' ' -f1-3 /proc/loadavg)."
