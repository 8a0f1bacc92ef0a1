#!/usr/bin/env bash
# SpatiaLite vs PostGIS in the same run (issue 16; docs/postgis.md): init, crimes import of N
# generated sample rows, crimes summary --by chome/koban, db copy; and 1, 2 and 4 concurrent
# importers of M rows each on one PostGIS database. The cluster is a throwaway one
# (scripts/pg-cluster: Unix socket only, fsync and full_page_writes off, as for the tests).
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}
N=${BENCH_PG_ROWS:-200000}; M=${BENCH_PG_CONC_ROWS:-100000}
PGD=$(mktemp -d "${TMPDIR:-/tmp}/bohan-pgbench-XXXXXX")
trap 'bash scripts/pg-cluster stop "$PGD"' EXIT
rc=0; URI=$(bash scripts/pg-cluster start "$PGD") || rc=$?
if [ "$rc" -ne 0 ]; then echo "skipped: no PostgreSQL 15 + PostGIS (bash scripts/deps bench)"; exit 0; fi
export PGOPTIONS="-c client_min_messages=warning"
PSQL=(/usr/lib/postgresql/15/bin/psql -X -q -h "$PGD")
newdb() { "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" -c "\\c $1" -c "CREATE EXTENSION postgis" >/dev/null; }
python3 scripts/gen-sample-crimes --out "$W/pg1" --rows "$N" --seed 11 >/dev/null
for k in 1 2 3 4; do python3 scripts/gen-sample-crimes --out "$W/pgc$k" --rows "$M" --seed $((20 + k)) >/dev/null; done
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
SQ=$W/pg_sq.sqlite; U="postgresql:///bench?host=$PGD"
rm -f "$SQ"; newdb bench
i_sq=$(ms "$B" -q --db "$SQ" init); i_pg=$(ms "$B" -q --db "$U" init)
c_sq=$(ms "$B" -q --db "$SQ" crimes import --allow-duplicates "$W/pg1/bench_jitensha_to.csv")
c_pg=$(ms "$B" -q --db "$U" crimes import --allow-duplicates "$W/pg1/bench_jitensha_to.csv")
s_sq=$(ms "$B" --db "$SQ" crimes summary --by chome --format json); s_pg=$(ms "$B" --db "$U" crimes summary --by chome --format json)
k_sq=$(ms "$B" --db "$SQ" crimes summary --by koban --format json); k_pg=$(ms "$B" --db "$U" crimes summary --by koban --format json)
newdb back; rm -f "$W/pg_back.sqlite"
cp_to=$(ms "$B" -q db copy "$SQ" "postgresql:///back?host=$PGD"); cp_from=$(ms "$B" -q db copy "$U" "$W/pg_back.sqlite")
same=$(cmp -s <("$B" --db "$SQ" crimes summary --by koban --format json) <("$B" --db "$U" crimes summary --by koban --format json) && echo equal || echo DIFFERENT)
r() { awk "BEGIN{printf \"%.2f\", $2/$1}"; }
echo "| step | SpatiaLite ms | PostGIS ms | PostGIS/SpatiaLite |"
echo "|---|---:|---:|---:|"
echo "| init (Matsudo) | $i_sq | $i_pg | $(r "$i_sq" "$i_pg") |"
echo "| crimes import, $N rows | $c_sq | $c_pg | $(r "$c_sq" "$c_pg") |"
echo "| crimes summary --by chome | $s_sq | $s_pg | $(r "$s_sq" "$s_pg") |"
echo "| crimes summary --by koban | $k_sq | $k_pg | $(r "$k_sq" "$k_pg") |"
echo "| db copy SpatiaLite → PostGIS / PostGIS → SpatiaLite | $cp_to | $cp_from | |"
echo
echo "Summary JSON on both: $same."
echo
conc() { # n concurrent importers of M rows each into a fresh database; wall ms
    newdb conc; "$B" -q --db "postgresql:///conc?host=$PGD" init >/dev/null
    local s e k pids=(); s=$(date +%s%N)
    for k in $(seq 1 "$1"); do
        "$B" -q --db "postgresql:///conc?host=$PGD" crimes import --allow-duplicates "$W/pgc$k/bench_jitensha_to.csv" >/dev/null 2>&1 &
        pids+=($!)
    done
    for k in "${pids[@]}"; do wait "$k"; done
    e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
}
w1=$(conc 1); w2=$(conc 2); w4=$(conc 4)
echo "| concurrent importers ($M rows each) | wall ms | rows/s | wall vs one |"
echo "|---:|---:|---:|---:|"
echo "| 1 | $w1 | $(( M * 1000 / w1 )) | 1.00 |"
echo "| 2 | $w2 | $(( 2 * M * 1000 / w2 )) | $(r "$w1" "$w2") |"
echo "| 4 | $w4 | $(( 4 * M * 1000 / w4 )) | $(r "$w1" "$w4") |"
awk -v a="$c_sq" -v b="$c_pg" 'BEGIN{x=b/a; printf "PostGIS crimes import within 1.5× of SpatiaLite|%.2f×|%s\n", x, (x <= 1.5 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
awk -v a="$w1" -v b="$w4" 'BEGIN{x=b/a; printf "4 concurrent PostGIS importers < 2.5× one|%.2f×|%s\n", x, (x < 2.5 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
echo
echo "Wall times of one run each (ms). The PostgreSQL server's CPU is not in bohan's process; the cluster runs with fsync off (a throwaway one). Not yet the issue's full load (5,000,000 rows, map and atlas: not on PostgreSQL yet). Machine load while measuring (2 cores, shared): $(cut -d' ' -f1-3 /proc/loadavg)."
