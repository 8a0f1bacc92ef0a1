#!/usr/bin/env bash
# bohan init on the default city vs ogr2ogr loading the same source files into one SpatiaLite DB.
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}; D=data/matsudo
t() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
best() { local m=999999 v; for _ in 1 2 3 4 5; do v=$(t "$@"); [ "$v" -lt "$m" ] && m=$v; done; echo "$m"; }
bi=$(best "$B" --db "$W/init.sqlite" --quiet init --force)
ogr() {
  rm -f "$W/ogr.sqlite"
  for f in "$D"/*.geojson; do
    ogr2ogr -f SQLite -dsco SPATIALITE=YES -t_srs EPSG:6677 -append "$W/ogr.sqlite" "$f" -nln "$(basename "$f" .geojson)"
  done
}
export -f ogr; export W D
oi=$(best bash -c ogr)
echo "| task | bohan (ms, best of 5) | peer (ms, best of 5) | ratio bohan/peer |"
echo "|---|---:|---:|---:|"
echo "| \`bohan init\` (every layer, plan, sample crimes, 交番管内) vs \`ogr2ogr\` loading only the GeoJSON layers | $bi | $oi | $(awk "BEGIN{printf \"%.2f\", $bi/$oi}") |"
awk -v ms="$bi" 'BEGIN{printf "`bohan init` on the default city < 3 s|%.2f s|%s\n", ms/1000, (ms < 3000 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
