# The 50 m base cells of the grids (chome_area_cells, chome_area_points; docs/crime-aggregate.md)
# on a real `bohan init` database. For grid:100, grid:300 and grid:1000 — sizes the profile does
# not store, read as an SQL aggregation of the pieces — each block's share of each cell equals an
# independent SpatiaLite computation (ST_Intersection of the block with the M-metre cell, over
# the block's area) within 1e-9; the summaries read from the pieces equal those computed per read
# from the geometries (a copy without the base cells): the same cells in the same order, the same
# count per cell and 手口, the same population within 0.1; the read leaves the file unchanged;
# `bohan crimes check` verifies the pieces and the points and names a damaged one.
source "$(dirname "$0")/lib.sh"
DB=$T/t.sqlite
q() { spatialite -silent "$DB" "$1" 2>>"$T/sql.err"; }
expect_exit 0 "init builds the database" -- "$BOHAN" --db "$DB" --quiet init
expect_eq "$(q "SELECT kind FROM chome_area_kinds WHERE kind LIKE 'cells:%'")" "cells:50" \
    "init stores the 50 m base cells"
expect_eq "$(q "SELECT count(*) FROM (SELECT f.place, sum(f.area) s, ST_Area(b.geom) a FROM chome_area_cells f JOIN town_blocks b ON b.key_code = f.place GROUP BY f.place) WHERE abs(s - a) > 1e-9 * a")" 0 \
    "every block's pieces add up to its area"
expect_eq "$(q "SELECT count(*) FROM town_blocks b LEFT JOIN chome_area_points p ON p.place_kind = 'c' AND p.place = b.key_code WHERE p.x IS NOT X(PointOnSurface(b.geom)) OR p.y IS NOT Y(PointOnSurface(b.geom))")" 0 \
    "every block's point is its PointOnSurface"

# shares M: (block, cell) pairs whose share differs between the pieces and SpatiaLite
shares() {
    local m=$1
    q "CREATE TEMP TABLE n AS WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 500) SELECT i FROM n;
       CREATE TEMP TABLE ind AS SELECT p, c, r, ST_Area(ST_Intersection(g, BuildMbr(c * $m, r * $m, (c + 1) * $m, (r + 1) * $m, 6677))) / ST_Area(g) s
         FROM (SELECT b.key_code p, b.geom g, CAST(floor(MbrMinX(b.geom) / $m) AS INTEGER) + x.i c, CAST(floor(MbrMinY(b.geom) / $m) AS INTEGER) + y.i r
               FROM town_blocks b JOIN n x ON x.i <= floor(MbrMaxX(b.geom) / $m) - floor(MbrMinX(b.geom) / $m)
               JOIN n y ON y.i <= floor(MbrMaxY(b.geom) / $m) - floor(MbrMinY(b.geom) / $m));
       CREATE TEMP TABLE frag AS SELECT place p, CAST(floor(cx * 50.0 / $m) AS INTEGER) c, CAST(floor(cy * 50.0 / $m) AS INTEGER) r,
         sum(area) / (SELECT sum(area) FROM chome_area_cells t WHERE t.place = f.place) s FROM chome_area_cells f GROUP BY 1, 2, 3;
       SELECT count(*) FROM frag WHERE s > 0;
       SELECT count(*) FROM (SELECT p, c, r FROM ind UNION SELECT p, c, r FROM frag) k
         LEFT JOIN ind i USING (p, c, r) LEFT JOIN frag f USING (p, c, r)
         WHERE abs(COALESCE(i.s, 0) - COALESCE(f.s, 0)) > 1e-9;"
}
for m in 100 300 1000; do
    set -- $(shares "$m")
    [ "${1:-0}" -gt 250 ] && expect_eq "${2:-x}" 0 "grid:$m: every block's share of every cell from the pieces = SpatiaLite's within 1e-9 ($1 pairs)" \
        || not_ok "grid:$m: no pairs compared ($*)"
done

# The summaries: from the pieces, and computed per read from the geometries (no base cells).
cp "$DB" "$T/geom.sqlite"
sqlite3 "$T/geom.sqlite" "DELETE FROM chome_area_kinds WHERE kind LIKE 'cells:%'"
cp "$DB" "$T/before.sqlite"
cat >"$T/cmp.py" <<'EOF'
import json, sys
a, b = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:3])
ia, ib = [x["id"] for x in a["areas"]], [x["id"] for x in b["areas"]]
assert ia == ib, "cells differ: %d vs %d" % (len(ia), len(ib))
for x, y in zip(a["areas"], b["areas"]):
    assert x["counts"] == y["counts"] and x["total"] == y["total"], x["id"]
    assert abs(x["population"] - y["population"]) <= 0.1, (x["id"], x["population"], y["population"])
print(len(ia), sum(x["total"] for x in a["areas"]))
EOF
for m in 100 300 1000; do
    "$BOHAN" --db "$DB" crimes summary --by "grid:$m" --format json >"$T/cells.json"
    "$BOHAN" --db "$T/geom.sqlite" crimes summary --by "grid:$m" --format json >"$T/geom.json"
    if r=$(python3 "$T/cmp.py" "$T/cells.json" "$T/geom.json" 2>&1); then
        ok "grid:$m from the pieces = computed per read: same cells, counts per cell, population ($r)"
    else
        not_ok "grid:$m from the pieces = computed per read: $r"
    fi
done
cmp -s "$DB" "$T/before.sqlite" && ok "reads from the base cells leave the database unchanged" \
    || not_ok "a read from the base cells changed the database"

expect_exit 0 "crimes check passes" -- "$BOHAN" --db "$DB" crimes check
expect_grep "base cells: [0-9]* pieces, [0-9]* points" "$T/out" "check counts the base cells it verified"
cp "$DB" "$T/bad.sqlite"
sqlite3 "$T/bad.sqlite" "UPDATE chome_area_cells SET area = area * 1.000001 WHERE (place, cx, cy) = (SELECT place, cx, cy FROM chome_area_cells ORDER BY place, cx, cy LIMIT 1)"
expect_exit 1 "a damaged piece fails the check" -- "$BOHAN" --db "$T/bad.sqlite" crimes check
expect_grep "differs: chome_area_cells (50 m cells) cell" "$T/err" "check names the piece"
cp "$DB" "$T/bad.sqlite"
sqlite3 "$T/bad.sqlite" "UPDATE chome_area_points SET x = x + 0.001 WHERE place = (SELECT min(place) FROM chome_area_points WHERE place_kind = 'o')"
expect_exit 1 "a moved point fails the check" -- "$BOHAN" --db "$T/bad.sqlite" crimes check
expect_grep "differs: chome_area_points 大字" "$T/err" "check names the point"
[ ! -s "$T/sql.err" ] && ok "no SQL errors in the independent computation" || not_ok "SQL errors: $(head -c 300 "$T/sql.err")"
finish
