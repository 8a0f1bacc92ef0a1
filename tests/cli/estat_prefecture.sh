# A prefecture-wide e-Stat 小地域 file (TEST FIXTURE built from the real Tottori cut by
# estat_fixture.sh) imported into a city's town_blocks: only the city (KEN + CITY of the profile)
# is kept and reported, another municipality's invalid polygon never blocks, the city's invalid
# polygon is repaired with GEOS MakeValid and counted; --no-repair refuses in one line, db unchanged.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/estat_fixture.sh"
SRCSHP=$BOHAN_TEST_DATA/tottori/tottori_city_31201_h27.shp
DB=$T/t.sqlite
mkdir "$T/pref" "$T/pref_ok"
make_prefecture "$SRCSHP" "$T/pref" >/dev/null 2>&1
make_prefecture "$SRCSHP" "$T/pref_ok" 0 >/dev/null 2>&1
PREF=$T/pref/prefecture_31_TEST_FIXTURE.shp
PREF_OK=$T/pref_ok/prefecture_31_TEST_FIXTURE.shp
"$BOHAN" --db "$DB" --quiet init --city "$BOHAN_TEST_DATA/tottori-city" >/dev/null
q() { sqlite3 -cmd '.load mod_spatialite' "$DB" "$1"; }
# The test profile has no city boundary: give the database the box of the city's pieces, so the
# "near the city" check is on; the other municipality's pieces lie 90 km east, beyond it + 20 km.
ext=$(ogrinfo -q -ro -dialect SQLite -sql "SELECT printf('%.6f,%.6f,%.6f,%.6f', MbrMinX(e), MbrMinY(e), MbrMaxX(e), MbrMaxY(e)) FROM (SELECT Extent(GEOMETRY) e FROM prefecture_31_TEST_FIXTURE WHERE CITY = '201')" "$PREF" 2>/dev/null | sed -n 's/^  [^=]* = //p')
q "CREATE TABLE city_boundary (id INTEGER PRIMARY KEY, geom BLOB);
   INSERT INTO city_boundary (geom) SELECT Transform(BuildMbr($ext, 4612), 6673);"
expect_eq "$(q 'SELECT count(*) FROM city_boundary WHERE geom IS NOT NULL')" 1 "the city's box is in the database"
# independent figures, read from the fixture by OGR's SQLite dialect (not by bohan)
ogrq() { ogrinfo -q -ro -dialect SQLite -sql "$1" "$2" 2>/dev/null | sed -n 's/^  [^=]* = //p'; }
L=prefecture_31_TEST_FIXTURE
expect_eq "$(ogrq "SELECT count(*) FROM $L" "$PREF")" 682 "fixture: 682 features"
n_city=$(ogrq "SELECT count(*) FROM $L WHERE KEN = '31' AND CITY = '201'" "$PREF")
n_other=$(ogrq "SELECT count(*) FROM $L WHERE NOT (KEN = '31' AND CITY = '201')" "$PREF")
keys_city=$(ogrq "SELECT count(DISTINCT KEY_CODE) FROM $L WHERE KEN = '31' AND CITY = '201'" "$PREF")
pop_city=$(ogrq "SELECT sum(JINKO) FROM $L WHERE KEN = '31' AND CITY = '201'" "$PREF")
expect_eq "$n_city|$n_other|$keys_city|$pop_city" "677|5|666|193717" "fixture: 677 of 31201 (666 KEY_CODE, 193,717 people), 5 of 31202"
expect_eq "$(ogrq "SELECT CITY || ':' || count(*) FROM $L WHERE ST_IsValid(GEOMETRY) = 0 GROUP BY CITY ORDER BY CITY" "$PREF" | paste -sd,)" \
    "201:1,202:1" "fixture: one invalid polygon in the city, one in the other municipality"
bad_fid=$(ogrq "SELECT ROWID AS fid FROM $L WHERE ST_IsValid(GEOMETRY) = 0 AND CITY = '201'" "$PREF")
area_want=$(ogrq "SELECT ST_Area(ST_Transform(CastToMultiPolygon(ExtractMultiPolygon(ST_MakeValid(GEOMETRY))), 6673)) FROM $L WHERE KEY_CODE = '312010020'" "$PREF")

# refused CODE DESC NEEDLE -- CMD...: exit code, one-line message containing NEEDLE, bytes unchanged
refused() {
    local want=$1 desc=$2 needle=$3; shift 3
    cp "$DB" "$T/before.sqlite"
    expect_exit "$want" "$desc" "$@"
    one_line "$T/err" "$desc: one-line message"
    expect_grep "$needle" "$T/err" "$desc: message names '$needle'"
    cmp -s "$DB" "$T/before.sqlite" && ok "$desc: database unchanged" || not_ok "$desc: database changed"
}
refused 1 "--no-repair refuses the city's invalid polygon" \
    "prefecture_31_TEST_FIXTURE.shp: feature $bad_fid: geometry: invalid (Self-intersection" -- \
    "$BOHAN" --db "$DB" import town_blocks "$PREF" --no-repair
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key_code":"31202X","name":"x","oaza":"x","population":1,"households":1},"geometry":{"type":"Polygon","coordinates":[[[134.9,35.5],[134.91,35.5],[134.91,35.51],[134.9,35.5]]]}}]}' >"$T/east.geojson"
refused 1 "a polygon 40 km beyond the city's box (not e-Stat) is refused" "east.geojson: feature 0: geometry: outside the city's extent" -- \
    "$BOHAN" --db "$DB" import town_blocks "$T/east.geojson"
refused 1 "a file without the city is refused" "no feature of city 31201 (KEN 31, CITY 201)" -- \
    "$BOHAN" --db "$DB" import town_blocks "$PREF" --where "CITY = '202'"

# Only the other municipality's polygon is invalid: it does not block, even with --no-repair.
expect_exit 0 "another municipality's invalid polygon does not block (--no-repair)" -- \
    "$BOHAN" --db "$DB" import town_blocks "$PREF_OK" --no-repair
expect_grep "682 features read: $n_city of the city kept, $n_other of other municipalities left out, 0 invalid" \
    "$T/err" "report: $n_city kept, $n_other left out, 0 repaired"
expect_eq "$(q 'SELECT count(*), sum(population) FROM town_blocks')" "$keys_city|$pop_city" "only the city's blocks stored"

expect_exit 0 "the city's invalid polygon is repaired" -- \
    "$BOHAN" --db "$DB" import town_blocks "$PREF" --replace
expect_grep "682 features read: $n_city of the city kept, $n_other of other municipalities left out, 1 invalid polygon(s) repaired" \
    "$T/err" "report: $n_city kept, $n_other left out, 1 repaired"
expect_grep "682 features read, $keys_city stored in layer town_blocks" "$T/err" "report: $keys_city stored"
expect_eq "$(q 'SELECT count(*), sum(population), sum(households) FROM town_blocks')" "$keys_city|$pop_city|75941" \
    "666 blocks of 31201, population and households kept"
expect_eq "$(q "SELECT count(*) FROM town_blocks WHERE key_code LIKE '31202%'")" 0 "nothing of 31202 stored"
expect_eq "$(q 'SELECT count(*) FROM town_blocks WHERE ST_IsValid(geom) <> 1')" 0 "every stored polygon valid"
area_got=$(q "SELECT ST_Area(geom) FROM town_blocks WHERE key_code = '312010020'")
expect_eq "$(awk -v a="$area_got" -v b="$area_want" 'BEGIN { d = a - b; if (d < 0) d = -d; print (b > 0 && d / b < 1e-6) ? "same" : a " vs " b }')" \
    same "repaired 312010020 has the area of GEOS MakeValid's polygons ($area_want m²)"
finish
