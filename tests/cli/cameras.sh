#!/usr/bin/env bash
# bohan cameras coverage | plan end to end on the default city (sample cameras and crimes):
# coverage per area against an independent SpatiaLite query on the same demand, the crime
# demand adds up to the crimes summary, the exported LP solved by glpsol gives the exact
# objective, spacing and existing cameras respected, bad input leaves the database unchanged.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" init --force >/dev/null 2>&1
B() { "$BOHAN" --db "$DB" "$@"; }
sql() { spatialite -silent "$DB" "$1" 2>/dev/null; }
near() { python3 -c 'import sys; a, b, t = map(float, sys.argv[1:]); sys.exit(0 if abs(a - b) <= t else 1)' "$@"; }

for sub in coverage plan; do
    expect_exit 0 "cameras $sub --help" -- B cameras "$sub" --help
    expect_grep "usage: bohan cameras $sub" "$T/out" "cameras $sub --help prints usage"
done

# --- coverage: the crime demand holds every placed crime of the summary ----------------------
expect_exit 0 "coverage json" -- B cameras coverage --by koban --format json
cp "$T/out" "$T/cov.json"
B crimes summary --by chome --format json >"$T/sum.json"
python3 - "$T/cov.json" "$T/sum.json" <<'PY' && ok "crime demand + unplaced = crimes summary total; areas add up to the city row" || not_ok "crime demand conservation"
import json, sys
c = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))
tot = c["total"]
assert abs(tot["demand"] + c["unplaced"] - s["total"]) < 1e-6, (tot["demand"], c["unplaced"], s["total"])
assert abs(sum(a["demand"] for a in c["areas"]) - tot["demand"]) < 1e-6
assert abs(sum(a["covered"] for a in c["areas"]) - tot["covered"]) < 1e-6
assert tot["city_cameras"] == 290 and tot["network_cameras"] == 292, tot
assert 0 < tot["share"] < 1
PY
expect_exit 0 "coverage --density" -- B cameras coverage --density layer:census_points:population --format json
python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["total"]; b=json.load(open(sys.argv[2]))["total"]; assert abs(a["demand"]-b["demand"]) < 1e-6 and a["covered"] != b["covered"]' "$T/out" "$T/cov.json" \
    && ok "--density moves the demand inside blocks, keeping each block's count" || not_ok "--density"
expect_exit 0 "coverage --which city" -- B cameras coverage --which city --format json
python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["total"]; a=json.load(open(sys.argv[2]))["total"]; assert t["network_cameras"]==0 and t["covered"] < a["covered"]' "$T/out" "$T/cov.json" \
    && ok "--which city counts only city cameras and covers less" || not_ok "--which city"

# --- coverage per 交番 = SpatiaLite PtDistWithin on the same demand (census points) ---------
expect_exit 0 "coverage of a layer demand" -- B cameras coverage --demand layer:census_points:population --format csv --radius 120
tail -n +2 "$T/out" | tr -d '\r' | grep -v '^city,' | awk -F, '{printf "%s|%.4f|%.4f\n", $1, $5, $6}' | sort >"$T/ours.txt"
sql "SELECT k.name, printf('%.4f', sum(p.population)), printf('%.4f', sum(CASE WHEN EXISTS (SELECT 1 FROM cameras c WHERE PtDistWithin(c.geom, p.geom, 120)) OR EXISTS (SELECT 1 FROM network_cameras n WHERE PtDistWithin(n.geom, p.geom, 120)) THEN p.population ELSE 0 END)) FROM koban_areas k JOIN census_points p ON ST_Intersects(k.geom, p.geom) GROUP BY k.name ORDER BY k.name" | sort >"$T/theirs.txt"
expect_eq "$(wc -l <"$T/theirs.txt")" 18 "SpatiaLite sees 18 交番管内"
if diff <(grep -v '|0.0000|0.0000$' "$T/ours.txt") "$T/theirs.txt" >"$T/diff.txt"; then ok "coverage per 交番 equals the SpatiaLite PtDistWithin query"; else not_ok "coverage per 交番 differs: $(head -5 "$T/diff.txt")"; fi

# --- plan: exact = glpsol on the exported LP; greedy <= exact <= bound -----------------------
sha_before=$(sha256sum "$DB" | cut -d' ' -f1)
expect_exit 0 "plan exact" -- B cameras plan --add 3 --candidates layer:schools --min-spacing 150 --radius 120 --solver exact --time-limit 60 --export-lp "$T/m.lp" --format json
cp "$T/out" "$T/exact.json"
glpsol --lp "$T/m.lp" -o "$T/glpsol.txt" >/dev/null
glp=$(awk -F= '/^Objective:/ {split($2, a, " "); print a[1]}' "$T/glpsol.txt")
ex=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["objective"])' "$T/exact.json")
near "$glp" "$ex" 1e-4 && ok "glpsol on the exported LP = --solver exact ($glp)" || not_ok "glpsol $glp vs exact $ex"
grep -q '^ fixed_coverage = 1$' "$T/m.lp" && ok "the LP carries the existing cameras' coverage as a fixed column" || not_ok "no fixed_coverage in the LP"
python3 - "$T/exact.json" <<'PY' && ok "exact: optimal, JSON keys, objective = covered_after = before + added, both gaps" || not_ok "exact JSON"
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("objective", "bound", "gap", "added", "bound_added", "gap_added", "solver", "seconds", "covered_before", "covered_after"):
    assert k in d, k
assert d["optimal"] and d["solver"] == "exact" and len(d["sites"]) <= 3
assert d["covered_before"] > 0
assert abs(d["objective"] - d["covered_after"]) < 1e-6
assert abs(d["covered_after"] - d["covered_before"] - d["added"]) < 1e-6
assert abs(d["bound"] - d["covered_before"] - d["bound_added"]) < 1e-6
assert d["gap"] == 0 and d["gap_added"] == 0
assert abs(d["sites"][-1]["cumulative"] - d["added"]) < 1e-6
PY
expect_exit 0 "plan greedy" -- B cameras plan --add 3 --candidates layer:schools --min-spacing 150 --radius 120 --format json --out "$T/plan.geojson"
python3 - "$T/out" "$T/exact.json" "$T/plan.geojson" <<'PY' && ok "greedy <= exact <= greedy's bound; GeoJSON has the sites" || not_ok "greedy vs exact"
import json, sys
g = json.load(open(sys.argv[1])); e = json.load(open(sys.argv[2])); f = json.load(open(sys.argv[3]))
assert g["objective"] <= e["objective"] + 1e-6 and e["objective"] <= g["bound"] + 1e-6, (g, e["objective"])
assert len(f["features"]) == len(g["sites"])
PY
# dense candidates (the 2,376 refuge houses) so that the spacing binds
expect_exit 0 "plan greedy on dense candidates" -- B cameras plan --add 12 --candidates layer:refuge_houses --min-spacing 150 --radius 60
runs=$(sql "SELECT count(*) FROM camera_plan_runs")
expect_eq "$runs" 3 "three runs recorded in camera_plan_runs"
expect_eq "$(sql "SELECT json_extract(params, '\$.add') || ',' || json_extract(params, '\$.min_spacing') || ',' || json_extract(params, '\$.solver') FROM camera_plan_runs WHERE id = 1")" "3,150,exact" "the run's parameters are stored"
expect_eq "$(sql "SELECT count(*) FROM camera_plan WHERE run_id = 3")" 12 "12 sites in camera_plan for run 3"
expect_eq "$(sql "SELECT count(*) FROM camera_plan a JOIN camera_plan b ON a.run_id = b.run_id AND a.id < b.id WHERE ST_Distance(a.geom, b.geom) < 150")" 0 "no two proposed sites closer than the minimum spacing"
expect_eq "$(sql "SELECT count(*) FROM camera_plan p, (SELECT geom FROM cameras UNION ALL SELECT geom FROM network_cameras) c WHERE ST_Distance(p.geom, c.geom) < 150")" 0 "no proposed site within the spacing of an existing camera"

# grid candidates, CSV out; sites within the city
expect_exit 0 "plan on the 50 m grid" -- B cameras plan --add 4 --out "$T/plan.csv"
expect_eq "$(tail -n +2 "$T/plan.csv" | grep -c .)" 4 "CSV has the 4 sites"
expect_eq "$(sql "SELECT count(*) FROM camera_plan p, city_boundary b WHERE p.run_id = 4 AND ST_Within(p.geom, b.geom)")" 4 "grid sites lie inside the city"

# --- maps: the public edition shows per-交番 shares and counts, never a camera position ---------
expect_exit 0 "plan --map public SVG" -- B cameras plan --add 6 --map "$T/public.svg"
expect_exit 0 "plan --map internal SVG" -- B cameras plan --add 6 --map "$T/internal.svg" --edition internal
expect_exit 0 "plan --map public PDF" -- B cameras plan --add 6 --map "$T/public.pdf"
red="rgb(89.019608%,10.196078%,10.980392%)"
for c in "$red" "rgb(3.921569%,56.078431%,23.529412%)" "rgb(48.235294%,18.431373%,74.901961%)"; do
    np=$( (grep -o -F "$c" "$T/public.svg" || true) | wc -l)
    ni=$( (grep -o -F "$c" "$T/internal.svg" || true) | wc -l)
    expect_eq "$np" 0 "public plan map has nothing drawn in $c (sites, circles, cameras)"
    [ "$ni" -ge 6 ] && ok "internal plan map draws $ni shapes in $c" || not_ok "internal plan map has only $ni shapes in $c"
done
pdftotext "$T/public.pdf" "$T/public.txt"
new=$(grep -o "新設 [0-9]*" "$T/public.txt" | awk '{s += $2} END {print s + 0}')
inside=$(sql "SELECT count(*) FROM camera_plan p WHERE p.run_id = (SELECT max(id) FROM camera_plan_runs) AND EXISTS (SELECT 1 FROM koban_areas k WHERE ST_Within(p.geom, k.geom))")
expect_eq "$new" "$inside" "public map: the per-交番 counts of proposed sites add up to the sites inside 交番 areas"
nshare=$( (grep -o "カバー率 [0-9.]*%→[0-9.]*%" "$T/public.txt" || true) | wc -l)
[ "$nshare" -ge 15 ] && ok "public map labels $nshare 交番 with their coverage share" || not_ok "public map has only $nshare share labels"
expect_eq "$(sql "SELECT count(*) FROM camera_plan_areas WHERE run_id = (SELECT max(id) FROM camera_plan_runs)")" 18 "camera_plan_areas has the 18 交番管内 of the last run"

# --- bad input: one line, exit 1 or 2, database unchanged ----------------------------------
sha_before=$(sha256sum "$DB" | cut -d' ' -f1)
expect_exit 2 "--add 0" -- B cameras plan --add 0
one_line "$T/err" "--add 0: one line"
expect_exit 2 "--radius 0" -- B cameras plan --add 2 --radius 0
one_line "$T/err" "--radius 0: one line"
expect_exit 2 "--radius -5 (coverage)" -- B cameras coverage --radius -5
expect_exit 2 "--time-limit 0" -- B cameras plan --add 2 --solver exact --time-limit 0
one_line "$T/err" "--time-limit 0: one line"
expect_exit 1 "unknown candidate layer" -- B cameras plan --add 2 --candidates layer:nosuch
one_line "$T/err" "unknown layer: one line"
expect_exit 1 "unknown demand layer" -- B cameras coverage --demand layer:nosuch
expect_exit 2 "K larger than the candidates" -- B cameras plan --add 30 --candidates layer:railway_stations
one_line "$T/err" "K > candidates: one line"
expect_grep "only" "$T/err" "K > candidates names the usable count"
expect_eq "$(sha256sum "$DB" | cut -d' ' -f1)" "$sha_before" "database unchanged by every failed command"
finish
