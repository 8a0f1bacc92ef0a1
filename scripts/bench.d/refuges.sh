#!/usr/bin/env bash
# bohan refuges coverage on the default city (45 approximate school districts, 2,376 sample
# houses, R = 100 m): the table with exact covered area and population, the largest gaps and the
# gap layers written in one transaction. Peer: the same covered areas and populations computed in
# SpatiaLite SQL (sqlite3 + mod_spatialite: ST_Buffer, ST_Union, ST_Intersection, ST_Area), on a
# copy of the database. Then the 46-page refuge-coverage atlas (goal only: no peer lays out an
# atlas) and --suggest 10 with the covering solver.
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}
t() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
best() { local m=999999 v; for _ in 1 2 3; do v=$(t "$@"); [ "$v" -lt "$m" ] && m=$v; done; echo "$m"; }
db="$W/refuges.sqlite"
"$B" --db "$db" --quiet init --force >/dev/null 2>&1
peer_sql="WITH cov AS MATERIALIZED (SELECT d.id, d.geom AS dg, ST_Intersection(d.geom, ST_Union(ST_Buffer(h.geom, 100))) AS c
 FROM school_districts d JOIN refuge_houses h ON PtDistWithin(d.geom, h.geom, 100) GROUP BY d.id)
SELECT id, ST_Area(c), (SELECT TOTAL(t.population * ST_Area(ST_Intersection(t.geom, cov.c)) / ST_Area(t.geom))
 FROM town_blocks t WHERE ST_Intersects(t.geom, cov.c)) FROM cov"
cp "$db" "$W/peer.sqlite"
echo "| task | bohan (ms, best of 3) | peer | peer (ms, best of 3) | ratio bohan/peer | goal (ms) |"
echo "|---|---:|---|---:|---:|---:|"
ms=$(best "$B" --db "$db" --quiet refuges coverage)
pm=$(best sqlite3 -cmd ".load mod_spatialite" "$W/peer.sqlite" "$peer_sql")
echo "| \`bohan refuges coverage\` (45 districts, 2,376 houses, R 100 m: table + gap layers) | $ms | SpatiaLite SQL (covered area and population only) | $pm | $(awk "BEGIN{printf \"%.2f\", $ms/$pm}") | 1000 |"
awk -v ms="$ms" 'BEGIN{printf "refuges coverage table + gap layer < 1 s|%.2f s|%s\n", ms/1000, (ms < 1000 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
ms=$(best "$B" --db "$db" --quiet refuges coverage --suggest 10)
echo "| \`bohan refuges coverage --suggest 10\` (residents on 25 m cells, 50 m candidates) | $ms | — | — | — | — |"
out="$W/refuge-coverage.pdf"
"$B" --db "$db" --quiet atlas --by school-district --style refuge-coverage --out "$out" >/dev/null 2>&1
pages=$(pdfinfo "$out" 2>/dev/null | awk '/^Pages:/ {print $2}')
ms=$(best "$B" --db "$db" --quiet atlas --by school-district --style refuge-coverage --out "$out")
echo "| \`bohan atlas --by school-district --style refuge-coverage\` (PDF, ${pages:-?} pages) | $ms | — | — | — | 2000 |"
awk -v ms="$ms" -v p="${pages:-?}" 'BEGIN{printf "refuge-coverage atlas (%s pages) < 2 s|%.2f s|%s\n", p, ms/1000, (ms < 2000 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
