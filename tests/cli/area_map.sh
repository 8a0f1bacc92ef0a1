# The stored 町丁目 → area table (chome_area_map) on a real `bohan init` database, against an
# independent SpatiaLite computation: each block's m² in each 交番管内 / 小学校区 is the block's area
# less ST_Difference(block, area) (not the ST_Intersection bohan stores) within 0.1 %, each block's
# shares add up to 1 within 1e-9 (with the share of the block outside every area: the approximate
# 小学校区 leave slivers of a few m² along the city boundary), the point flag is the area holding PointOnSurface(block); the
# table follows `bohan import … --replace` of its layer (and of the schools the 校区 derive from);
# summaries read through the stored table are byte-identical to those of a database without it
# (made before it: the table is computed per summary); a grid size not stored is computed without
# writing the file.
source "$(dirname "$0")/lib.sh"
DB=$T/t.sqlite
q() { spatialite -silent "$DB" "$1" 2>>"$T/sql.err"; }
expect_exit 0 "init builds the database" -- "$BOHAN" --db "$DB" --quiet init
expect_eq "$(q "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM chome_area_kinds ORDER BY kind)")" \
    "cells:50 grid:250 grid:500 koban oaza school-district" "init stores the map of every areal kind, the profile's grids and the 50 m base cells"

# verify LAYER IDCOL KIND: the stored pieces and points against SpatiaLite (count of bad rows)
verify() {
    local layer=$1 id=$2 kind=$3
    # every (area, block) pair with a piece of positive area, computed as area(b) - area(b - a)
    q "CREATE TEMP TABLE ind AS SELECT a.$id k, b.key_code p, ST_Area(b.geom) - ST_Area(ST_Difference(b.geom, a.geom)) x, ST_Area(b.geom) y FROM $layer a, town_blocks b WHERE ST_Intersects(a.geom, b.geom);
       DELETE FROM ind WHERE x <= 1e-6 * y;
       SELECT 'missing', count(*) FROM ind i LEFT JOIN chome_area_map m ON m.kind = '$kind' AND m.area_key = i.k AND m.place_kind = 'c' AND m.place = i.p WHERE m.area IS NULL OR abs(m.area - i.x) > 0.001 * i.x;
       SELECT 'extra', count(*) FROM chome_area_map m WHERE m.kind = '$kind' AND m.place_kind = 'c' AND m.area > 1e-6 * m.place_area AND NOT EXISTS (SELECT 1 FROM ind i WHERE i.k = m.area_key AND i.p = m.place);
       CREATE TEMP TABLE u AS SELECT ST_Union(geom) g FROM $layer;
       SELECT 'sum', count(*) FROM (SELECT m.place, sum(m.area / m.place_area) + ST_Area(ST_Difference(b.geom, (SELECT g FROM u))) / ST_Area(b.geom) s FROM chome_area_map m JOIN town_blocks b ON b.key_code = m.place WHERE m.kind = '$kind' AND m.place_kind = 'c' AND m.area > 0 GROUP BY m.place) WHERE abs(s - 1) > 1e-9;
       SELECT 'blocks', (SELECT count(*) FROM town_blocks) - (SELECT count(DISTINCT place) FROM chome_area_map WHERE kind = '$kind' AND place_kind = 'c' AND area > 0);
       SELECT 'point', count(*) FROM town_blocks b LEFT JOIN chome_area_map m ON m.kind = '$kind' AND m.place_kind = 'c' AND m.place = b.key_code AND m.point = 1 WHERE m.area_key IS NOT (SELECT a.$id FROM $layer a WHERE ST_Intersects(a.geom, PointOnSurface(b.geom)) ORDER BY 1 LIMIT 1);
       SELECT 'points', count(*) - count(DISTINCT place_kind || place) FROM chome_area_map WHERE kind = '$kind' AND point = 1;" >"$T/verify.out"
    cat "$T/verify.out" | tr '\n' ' '
}
for spec in "koban_areas name koban" "school_districts school_name school-district"; do
    set -- $spec
    v=$(verify "$1" "$2" "$3")
    expect_eq "$v" "missing|0 extra|0 sum|0 blocks|0 point|0 points|0 " "$3: pieces within 0.1 %, shares sum to 1, points = SpatiaLite's"
done
expect_eq "$(q "SELECT count(*) FROM chome_area_map m JOIN town_blocks b ON b.key_code = m.place WHERE m.kind = 'oaza' AND m.place_kind = 'c' AND (m.area_key IS NOT b.oaza OR m.point != 1)")" 0 \
    "oaza: every block in its own 大字"
expect_eq "$(q "SELECT count(*) FROM chome_area_map m JOIN town_blocks b ON b.key_code = m.place WHERE m.kind = 'grid:250' AND m.point = 1 AND m.place_kind = 'c' AND m.area_key != CAST(floor(X(PointOnSurface(b.geom)) / 250) AS INTEGER) || ':' || CAST(floor(Y(PointOnSurface(b.geom)) / 250) AS INTEGER)")" 0 \
    "grid:250: each block's point in the cell holding PointOnSurface"
expect_eq "$(q "SELECT count(*) FROM (SELECT place, sum(area / place_area) s FROM chome_area_map WHERE kind = 'grid:250' AND place_kind = 'c' GROUP BY place) WHERE abs(s - 1) > 1e-9")" 0 \
    "grid:250: each block's cell shares sum to 1"
expect_exit 0 "crimes check passes on a fresh database" -- "$BOHAN" --db "$DB" crimes check
expect_grep "chome_area_map matches a fresh computation: 6 kinds" "$T/out" "check says the map matches"

# Summaries through the stored map = a database without it (computed per summary), byte for byte.
cp "$DB" "$T/geom.sqlite"
sqlite3 "$T/geom.sqlite" "DROP TABLE chome_area_map; DROP TABLE chome_area_kinds"
cp "$DB" "$T/before.sqlite"
for by in oaza koban school-district grid:250 grid:500 grid:100 grid:120; do
    for fmt in json csv; do
        "$BOHAN" --db "$DB" crimes summary --by "$by" --format "$fmt" >"$T/map.$fmt" 2>/dev/null
        "$BOHAN" --db "$T/geom.sqlite" crimes summary --by "$by" --format "$fmt" >"$T/geom.$fmt" 2>/dev/null
        cmp -s "$T/map.$fmt" "$T/geom.$fmt" && [ -s "$T/map.$fmt" ] \
            && ok "summary --by $by ($fmt): stored map = computed map, byte for byte" \
            || not_ok "summary --by $by ($fmt): stored map = computed map, byte for byte"
    done
done
cmp -s "$DB" "$T/before.sqlite" && ok "grid sizes not stored (grid:100 from the base cells, grid:120 computed) leave the database unchanged" \
    || not_ok "a summary changed the database"

# --replace of koban_areas: two 交番管内 merged into one; the map follows in the same command.
ogr2ogr -f GeoJSON "$T/koban.geojson" "$DB" -dialect sqlite -sql \
    "SELECT CASE WHEN name IN (SELECT name FROM koban_areas ORDER BY name LIMIT 2) THEN '合併交番' ELSE name END AS name, police_station, derived_from, ST_Union(geom) AS geom FROM koban_areas GROUP BY 1" 2>>"$T/sql.err"
expect_exit 0 "import --replace koban_areas" -- "$BOHAN" --db "$DB" --quiet import koban_areas "$T/koban.geojson" --replace
expect_eq "$(q "SELECT count(DISTINCT area_key) FROM chome_area_map WHERE kind = 'koban'")" \
    "$(q "SELECT count(*) FROM koban_areas")" "koban map: one area per imported 交番管内"
[ "$(q "SELECT count(*) FROM chome_area_map WHERE kind = 'koban' AND area_key = '合併交番' AND point = 1")" -gt 0 ] \
    && ok "the merged area holds blocks' points" || not_ok "the merged area holds blocks' points"
v=$(verify koban_areas name koban)
expect_eq "$v" "missing|0 extra|0 sum|0 blocks|0 point|0 points|0 " "koban after --replace = SpatiaLite's"
# schools --replace without every third school: the 校区 are re-derived and their map rebuilt
ogr2ogr -f GeoJSON "$T/schools.geojson" "$DB" -dialect sqlite -sql "SELECT name AS \"施設・場所名\", address AS \"住所\", common_id AS \"共通ID\", geom FROM schools WHERE id % 3 != 0" 2>>"$T/sql.err"
expect_exit 0 "import --replace schools" -- "$BOHAN" --db "$DB" --quiet import schools "$T/schools.geojson" --replace
expect_eq "$(q "SELECT count(DISTINCT area_key) FROM chome_area_map WHERE kind = 'school-district' AND area > 0")" \
    "$(q "SELECT count(*) FROM school_districts")" "school-district map: one area per re-derived 校区"
v=$(verify school_districts school_name school-district)
expect_eq "$v" "missing|0 extra|0 sum|0 blocks|0 point|0 points|0 " "school-district after the schools' --replace = SpatiaLite's"
expect_exit 0 "crimes check passes after the imports" -- "$BOHAN" --db "$DB" crimes check

# town_blocks --replace without one block: every kind is rebuilt in the import's transaction.
gone=$(q "SELECT key_code FROM town_blocks ORDER BY population DESC LIMIT 1")
ogr2ogr -f GeoJSON "$T/blocks.geojson" "$DB" -dialect sqlite -sql "SELECT key_code, name, oaza, population, households, geom FROM town_blocks WHERE key_code != '$gone'" 2>>"$T/sql.err"
expect_exit 0 "import --replace town_blocks" -- "$BOHAN" --db "$DB" --quiet import town_blocks "$T/blocks.geojson" --replace
expect_eq "$(q "SELECT count(*) FROM chome_area_map WHERE place = '$gone'")" 0 "the removed block is in no kind's map"
expect_eq "$(q "SELECT count(*) FROM chome_area_cells WHERE place = '$gone'")" 0 "the removed block has no base cells"
expect_eq "$(q "SELECT count(DISTINCT kind) FROM chome_area_map WHERE place_kind = 'c'")" 5 "every kind is rebuilt"
for spec in "koban_areas name koban" "school_districts school_name school-district"; do
    set -- $spec
    v=$(verify "$1" "$2" "$3")
    expect_eq "$v" "missing|0 extra|0 sum|0 blocks|0 point|0 points|0 " "$3 after town_blocks --replace = SpatiaLite's"
done
expect_exit 0 "crimes check passes after the town_blocks import" -- "$BOHAN" --db "$DB" crimes check

# A stale or damaged map is reported.
sqlite3 "$DB" "UPDATE chome_area_map SET area = area * 1.01 WHERE kind = 'koban' AND place = (SELECT place FROM chome_area_map WHERE kind = 'koban' AND area > 0 ORDER BY place LIMIT 1)"
expect_exit 1 "a damaged map fails the check" -- "$BOHAN" --db "$DB" crimes check
expect_grep "differs: chome_area_map kind koban" "$T/err" "check names the kind and the area"
[ ! -s "$T/sql.err" ] && ok "no SQL errors in the independent computation" || not_ok "SQL errors: $(head -c 300 "$T/sql.err")"
finish
