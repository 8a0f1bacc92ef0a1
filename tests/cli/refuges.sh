#!/usr/bin/env bash
# bohan refuges coverage end to end: on the default city every district's houses, covered area and
# covered population equal an independent SpatiaLite computation (ST_Buffer / ST_Union /
# ST_Intersection / ST_Area) within 0.1 %; the city total row adds up; CSV has a UTF-8 BOM and the
# headers; the refuge_gaps layer is written and catalogued with the radius. On a hand-built city
# of squares: the largest gap is exact, a district without houses reports 0 and its inscribed
# circle, a house on a border covers both districts but is counted once. Usage errors exit 2 and a
# failure leaves the database byte-for-byte unchanged.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
spl() { sqlite3 -cmd ".load mod_spatialite" "$1" "$2"; }
cp "$DB" "$T/pristine.sqlite"

expect_exit 0 "refuges --help" -- "$BOHAN" refuges --help
expect_grep "coverage" "$T/out" "help lists coverage"
expect_exit 0 "refuges coverage --help" -- "$BOHAN" refuges coverage --help
expect_grep "--radius" "$T/out" "coverage help lists --radius"
expect_exit 2 "unknown --by is a usage error" -- "$BOHAN" --db "$DB" refuges coverage --by ward
one_line "$T/err" "unknown --by: one line on stderr"
expect_exit 2 "bad --radius is a usage error" -- "$BOHAN" --db "$DB" refuges coverage --radius -5
expect_exit 2 "unknown subcommand is a usage error" -- "$BOHAN" --db "$DB" refuges nothing

# ---- the default city: 45 approximate districts, 2,376 sample houses, R = 100 m ----
expect_exit 0 "coverage --format json" -- "$BOHAN" --db "$DB" refuges coverage --format json
cp "$T/out" "$T/cov.json"
spl "$DB" "
WITH cov AS MATERIALIZED (
  SELECT d.id, d.school_name AS name, d.geom AS dg,
         ST_Intersection(d.geom, ST_Union(ST_Buffer(h.geom, 100))) AS c
  FROM school_districts d JOIN refuge_houses h ON PtDistWithin(d.geom, h.geom, 100)
  GROUP BY d.id)
SELECT name, ST_Area(c),
  (SELECT COUNT(*) FROM refuge_houses h WHERE ST_Within(h.geom, cov.dg)),
  (SELECT TOTAL(t.population * ST_Area(ST_Intersection(t.geom, cov.c)) / ST_Area(t.geom))
     FROM town_blocks t WHERE ST_Intersects(t.geom, cov.c)),
  (SELECT TOTAL(t.population * ST_Area(ST_Intersection(t.geom, cov.dg)) / ST_Area(t.geom))
     FROM town_blocks t WHERE ST_Intersects(t.geom, cov.dg))
FROM cov ORDER BY name" >"$T/indep.txt"
python3 - "$T/cov.json" "$T/indep.txt" >"$T/cmp.txt" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
rows = {a["name"]: a for a in d["areas"]}
bad, n = [], 0
for line in open(sys.argv[2], encoding="utf-8"):
    name, area, houses, cpop, pop = line.rstrip("\n").split("|")
    a = rows[name]; n += 1
    rel = lambda x, y: abs(x - y) / max(abs(y), 1e-9)
    if rel(a["covered_m2"], float(area)) > 0.001: bad.append(f"{name} area {a['covered_m2']} vs {area}")
    if a["houses"] != int(houses): bad.append(f"{name} houses {a['houses']} vs {houses}")
    if rel(a["population_share"] * a["population"], float(cpop)) > 0.001: bad.append(f"{name} covered pop vs {cpop}")
    if rel(a["population"], float(pop)) > 0.001: bad.append(f"{name} pop {a['population']} vs {pop}")
    if abs(a["covered_share"] - a["covered_m2"] / (a["area_km2"] * 1e6)) > 1e-4: bad.append(f"{name} share")
    if abs(a["houses_per_km2"] - a["houses"] / a["area_km2"]) > max(0.006, 0.001 * a["houses_per_km2"]): bad.append(f"{name} houses/km2")
    if abs(a["houses_per_1000"] - 1000 * a["houses"] / a["population"]) > max(6e-5, 0.001 * a["houses_per_1000"]): bad.append(f"{name} houses/1000")
t = d["total"]
if sum(a["houses"] for a in d["areas"]) != t["houses"]: bad.append("total houses")
shares = [a["population_share"] for a in d["areas"]]
if shares != sorted(shares): bad.append("not ranked worst first")
print(n, len(d["areas"]), t["houses"], round(t["population"]), "BAD" if bad else "OK", *bad[:5])
EOF
read -r nind nareas total pop verdict rest <"$T/cmp.txt"
expect_eq "$nind/$nareas" "45/45" "45 districts, each with an independent computation"
expect_eq "$verdict" "OK" "covered area, houses and populations equal the SpatiaLite computation within 0.1 %, houses per km² and per 1,000 residents follow (${rest:-})"
expect_eq "$total" 2376 "the total row counts the 2,376 houses once"
expect_eq "$pop" 483480 "the total row's population is the census total"
python3 -c "
import json, sys; d = json.load(open(sys.argv[1]))
need = {'name', 'houses', 'covered_share', 'population_share', 'largest_gap_m'}
ok = all(need <= set(a) and 0 <= a['covered_share'] <= 1 and 0 <= a['population_share'] <= 1
         and a['largest_gap_m'] > 0 for a in d['areas'] + [d['total']]) and d['sample'] is True
print('OK' if ok else 'BAD')" "$T/cov.json" >"$T/keys.txt"
expect_eq "$(cat "$T/keys.txt")" OK "JSON rows carry name, houses, shares in 0..1, largest_gap_m; marked sample"

# The gap layer: one row per district with an uncovered part, radius recorded, catalogued.
expect_eq "$(spl "$DB" "SELECT COUNT(*), MIN(radius_m), MAX(radius_m) FROM refuge_gaps")" "45|100.0|100.0" \
    "refuge_gaps: 45 rows with radius_m 100"
expect_eq "$(spl "$DB" "SELECT kind || ',' || source || ',' || feature_count FROM layers WHERE name = 'refuge_gaps'")" \
    "sample,derived,45" "refuge_gaps is catalogued (derived, sample, 45 features)"
gapsum=$(spl "$DB" "SELECT SUM(ST_Area(geom)) FROM refuge_gaps")
python3 -c "
import json, sys; t = json.load(open(sys.argv[1]))['total']
print('OK' if abs(t['area_km2'] * 1e6 - t['covered_m2'] - float(sys.argv[2])) < 0.001 * t['area_km2'] * 1e6 else 'BAD')" \
    "$T/cov.json" "$gapsum" >"$T/gap.txt"
expect_eq "$(cat "$T/gap.txt")" OK "gaps + covered = the city's area"
expect_exit 0 "coverage --radius 200" -- "$BOHAN" --db "$DB" refuges coverage --radius 200 --format json
expect_eq "$(spl "$DB" "SELECT DISTINCT radius_m FROM refuge_gaps")" "200.0" "a new run replaces the layer with its radius"

# CSV: BOM, headers, one row per district plus the total, sample column.
expect_exit 0 "coverage --format csv" -- "$BOHAN" --db "$DB" refuges coverage --format csv
expect_eq "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" "efbbbf" "CSV starts with a UTF-8 BOM"
expect_eq "$(head -1 "$T/out" | tail -c +4 | tr -d '\r')" \
    "name,houses,area_km2,houses_per_km2,population,houses_per_1000,covered_share,population_share,largest_gap_m,gap_x,gap_y,gap_chome,sample" \
    "CSV headers"
expect_eq "$(grep -c . "$T/out")" 47 "CSV: header, 45 districts and the total"
expect_grep "^市全体,2376," "$T/out" "CSV: the total row"
expect_exit 0 "coverage --by oaza" -- "$BOHAN" --db "$DB" refuges coverage --by oaza --format csv
expect_grep "^市全体,2376," "$T/out" "--by oaza: every house counted once"
for by in chome koban; do
    expect_exit 0 "coverage --by $by" -- "$BOHAN" --db "$DB" refuges coverage --by "$by" --format csv
    expect_grep "^市全体,2376," "$T/out" "--by $by: every house counted once"
done
expect_exit 0 "coverage text" -- "$BOHAN" --db "$DB" refuges coverage
expect_grep "SAMPLE DATA" "$T/out" "text: the sample mark"

# ---- a hand-built city: A = [0,1000]², B = [1000,2000]x[0,1000], C = [0,2000]x[1000,1500] ----
F="$T/squares.sqlite"
cp "$T/pristine.sqlite" "$F"
spl "$F" "
DELETE FROM school_districts; DELETE FROM refuge_houses; DELETE FROM town_blocks;
INSERT INTO school_districts (id, school_name, population, households, geom) VALUES
 (1, 'A', 0, 0, CastToMultiPolygon(BuildMbr(0, 0, 1000, 1000, 6677))),
 (2, 'B', 0, 0, CastToMultiPolygon(BuildMbr(1000, 0, 2000, 1000, 6677))),
 (3, 'C', 0, 0, CastToMultiPolygon(BuildMbr(0, 1000, 2000, 1500, 6677)));
INSERT INTO refuge_houses (house_id, school_name, geom) VALUES
 ('h1', 'A', MakePoint(100, 100, 6677)), ('h2', 'A', MakePoint(1000, 500, 6677));
INSERT INTO town_blocks (key_code, name, oaza, population, households, geom) VALUES
 ('1', 'all', 'all', 3000, 1000, CastToMultiPolygon(BuildMbr(0, 0, 2000, 1500, 6677)));"
circle=$(spl "$F" "SELECT ST_Area(ST_Buffer(MakePoint(0, 0, 6677), 100, 32))")  # 32 segments per quarter, as bohan
expect_exit 0 "coverage on the squares" -- "$BOHAN" --db "$F" refuges coverage --format json
python3 - "$T/out" "$circle" >"$T/sq.txt" <<'EOF'
import json, math, sys
d = json.load(open(sys.argv[1])); c = float(sys.argv[2])
r = {a["name"]: a for a in d["areas"]}
A, B, C = r["A"], r["B"], r["C"]
# A's farthest point: on its top edge where h1 (100,100) and h2 (1000,500) are equidistant.
x = 430000 / 1800
gapA = math.hypot(x - 100, 900)
out = [
    ("counts A2 B0 C0 total 2", (A["houses"], B["houses"], C["houses"], d["total"]["houses"]) == (2, 0, 0, 2)),
    ("A covered 1.5 circles", abs(A["covered_m2"] - 1.5 * c) < 1e-3),
    ("B covered half a circle (border house)", abs(B["covered_m2"] - 0.5 * c) < 1e-3),
    ("C covered 0", C["covered_m2"] == 0 and C["covered_share"] == 0 and C["population_share"] == 0),
    ("A gap exact", abs(A["largest_gap_m"] - gapA) < 1e-3 and abs(A["gap_x"] - x) < 1e-3 and A["gap_y"] == 1000),
    ("B gap exact (its far corners from h2)", abs(B["largest_gap_m"] - math.hypot(1000, 500)) < 1e-3 and B["gap_x"] == 2000),
    ("C gap = inscribed circle 250", abs(C["largest_gap_m"] - 250) <= 0.5),
    ("population area-weighted", abs(A["population"] - 1000) < 1e-6 and abs(C["population"] - 1000) < 1e-6),
    ("A population share", abs(A["population_share"] - 1.5 * c / 1e6) < 1e-6),
    ("worst first: C first", d["areas"][0]["name"] == "C"),
    ("city gap is the largest", abs(d["total"]["largest_gap_m"] - math.hypot(1000, 500)) < 1e-3),
]
for name, ok in out:
    print(("ok" if ok else "FAIL") + "|" + name)
EOF
while IFS='|' read -r v name; do
    if [ "$v" = ok ]; then ok "squares: $name"; else not_ok "squares: $name ($(cat "$T/out"))"; fi
done <"$T/sq.txt"
expect_eq "$(spl "$F" "SELECT name || ':' || CAST(ROUND(area_m2) AS INTEGER) FROM refuge_gaps WHERE name = 'C'")" \
    "C:1000000" "squares: C's gap is all of C"

# --suggest on the squares: all residents in P = [1400,1600]x[400,600] (in B, away from h2's
# reach): the first spot sits at the candidate nearest P's centre and brings the residents of the
# 25 m cells within 100 m of it.
spl "$F" "DELETE FROM town_blocks;
INSERT INTO town_blocks (key_code, name, oaza, population, households, geom) VALUES
 ('P', 'P', 'P', 1000, 400, CastToMultiPolygon(BuildMbr(1400, 400, 1600, 600, 6677))),
 ('Q', 'Q', 'Q', 0, 0, CastToMultiPolygon(ST_Difference(BuildMbr(0, 0, 2000, 1500, 6677), BuildMbr(1400, 400, 1600, 600, 6677))));"
expect_exit 0 "coverage --suggest 2 --format json" -- "$BOHAN" --db "$F" refuges coverage --suggest 2 --format json
python3 - "$T/out" >"$T/sg.txt" <<'EOF2'
import json, math, sys
d = json.load(open(sys.argv[1])); s = d["spots"]
first = s[0]
checks = [
    ("two spots", len(s) == 2),
    # candidates are 50 m cell centres, residents 25 m cells (15.625 each in P)
    ("the first at the candidate nearest P's centre", math.hypot(first["x"] - 1500, first["y"] - 500) <= 36),
    ("the first brings the residents of its 44 cells", abs(first["residents_gained"] - 44 * 15.625) < 0.1),
    ("it lies in B / P", first["area"] == "B" and first["chome"] == "P"),
    ("cumulative adds up", abs(s[1]["cumulative"] - first["residents_gained"] - s[1]["residents_gained"]) < 0.2),
    ("gains never grow", s[1]["residents_gained"] <= first["residents_gained"]),
    ("the bound is an upper bound", d["upper_bound_gain"] + 1e-6 >= s[1]["cumulative"]),
    ("all 1000 residents counted, none covered before", abs(d["residents"] - 1000) < 1e-6 and d["covered_before"] == 0),
]
for name, ok in checks:
    print(("ok" if ok else "FAIL") + "|" + name)
EOF2
while IFS='|' read -r v name; do
    if [ "$v" = ok ]; then ok "suggest: $name"; else not_ok "suggest: $name ($(head -c 600 "$T/out"))"; fi
done <"$T/sg.txt"

# A failure leaves the database unchanged.
cp "$T/pristine.sqlite" "$T/nohouses.sqlite"
spl "$T/nohouses.sqlite" "SELECT DropTable(NULL, 'refuge_houses')" >/dev/null
cp "$T/nohouses.sqlite" "$T/before.sqlite"
expect_exit 1 "coverage without refuge_houses fails" -- "$BOHAN" --db "$T/nohouses.sqlite" refuges coverage
one_line "$T/err" "missing layer: one line on stderr"
expect_grep "refuge_houses" "$T/err" "missing layer: the message names it"
if cmp -s "$T/nohouses.sqlite" "$T/before.sqlite"; then ok "a failed run leaves the database unchanged"; else not_ok "database changed by a failed run"; fi
finish
