#!/usr/bin/env bash
# bohan refuges import end to end: the register as UTF-8 CSV, CP932 CSV and XLSX gives the same
# houses; each is placed by coordinates (transformed from JGD2011), by its 街区 point (gaiku_points
# imported from a 街区レベル位置参照情報 CSV), or at its 町丁目's PointOnSurface, and records how;
# unplaceable rows (unknown 町丁目, no address, 大字 only, outside the city) are kept without a
# position and listed with line and reason; without --replace, with a file lacking the address
# columns, or with a missing file the command fails with one line and leaves the database
# byte-for-byte unchanged; coverage runs on the imported register (not marked sample).
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
D="$BOHAN_TEST_DATA/refuges"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
spl() { sqlite3 -cmd ".load mod_spatialite" "$DB" "$1"; }

expect_exit 0 "refuges import --help" -- "$BOHAN" refuges import --help
expect_exit 2 "no FILE is a usage error" -- "$BOHAN" --db "$DB" refuges import

# Failures first: each leaves the database unchanged.
cp "$DB" "$T/before.sqlite"
expect_exit 1 "import without --replace over the sample houses fails" -- "$BOHAN" --db "$DB" refuges import "$D/register.csv"
one_line "$T/err" "duplicate import: one line on stderr"
expect_grep "use --replace" "$T/err" "duplicate import: the message says what to do"
printf '番号,名称,学校名\n1,x,y\n' >"$T/noaddr.csv"
expect_exit 1 "a register without 住所 or 経度/緯度 fails" -- "$BOHAN" --db "$DB" refuges import "$T/noaddr.csv" --replace
expect_grep "noaddr.csv: line 1: no 住所 column" "$T/err" "bad register: file, line and column named"
expect_exit 1 "a missing file fails" -- "$BOHAN" --db "$DB" refuges import "$T/none.csv" --replace
printf '番号,住所\nT-1,松戸市紙敷1丁目1番\nT-1,松戸市紙敷1丁目2番\n' >"$T/dup.csv"
expect_exit 1 "a register with a repeated 番号 fails" -- "$BOHAN" --db "$DB" refuges import "$T/dup.csv" --replace
expect_grep "line 3" "$T/err" "repeated 番号: the line is named"
printf '{\n"type": "FeatureCollection",\n"features": []\n}\n' >"$T/houses.geojson"
expect_exit 1 "a register that is not CSV or XLSX fails" -- "$BOHAN" --db "$DB" refuges import "$T/houses.geojson" --replace
expect_grep "houses.geojson: line 1: not a readable CSV register (GDAL's CSV driver does not recognise it)" "$T/err" "not a register: the message says why"
if cmp -s "$DB" "$T/before.sqlite"; then ok "failed imports leave the database unchanged"; else not_ok "database changed by a failed import"; fi

# The 街区 layer, then the register.
expect_exit 0 "import gaiku_points (街区レベル位置参照情報 layout)" -- "$BOHAN" --db "$DB" import gaiku_points "$D/gaiku.csv" --x 経度 --y 緯度 --srs EPSG:6668 --replace
expect_exit 0 "import the UTF-8 register" -- "$BOHAN" --db "$DB" refuges import "$D/register.csv" --replace
cp "$T/out" "$T/utf8.out"
expect_grep "(UTF-8): 8 rows" "$T/out" "report: encoding and rows"
expect_grep "line 5: unknown_chome: 松戸市どこでも町1-2-3" "$T/out" "unplaced: unknown 町丁目 with line"
expect_grep "line 6: no_address" "$T/out" "unplaced: no address"
expect_grep "line 7: oaza_only: 松戸市常盤平" "$T/out" "unplaced: 大字 only"
expect_grep "line 8: outside_city" "$T/out" "unplaced: coordinates outside the city"
expect_eq "$(spl "SELECT group_concat(house_id || ':' || placement || ':' || IFNULL(reason, ''), ' ') FROM (SELECT * FROM refuge_houses ORDER BY line)")" \
    "T-001:coordinates: T-002:gaiku: T-003:chome: T-004:unplaced:unknown_chome T-005:unplaced:no_address T-006:unplaced:oaza_only T-007:unplaced:outside_city T-008:chome:" \
    "each house records how it was placed"
expect_eq "$(spl "SELECT COUNT(*) FROM refuge_houses WHERE (geom IS NULL) != (placement = 'unplaced')")" 0 \
    "exactly the unplaced rows have no position"
expect_eq "$(spl "SELECT ST_Distance(h.geom, Transform(MakePoint(139.9560, 35.7771, 6668), 6677)) < 0.001 FROM refuge_houses h WHERE house_id = 'T-001'")" 1 \
    "coordinates: the JGD2011 point transformed to the storage CRS"
expect_eq "$(spl "SELECT ST_Distance(h.geom, g.geom) < 0.001 FROM refuge_houses h, gaiku_points g WHERE h.house_id = 'T-002' AND g.oaza_chome = '紙敷一丁目' AND g.gaiku = '5'")" 1 \
    "街区: 紙敷一丁目5番3号 sits on the 街区 point 紙敷一丁目 5"
expect_eq "$(spl "SELECT ST_Distance(h.geom, PointOnSurface(t.geom)) < 0.001 AND h.key_code = t.key_code FROM refuge_houses h, town_blocks t WHERE h.house_id = 'T-003' AND t.name = '常盤平３丁目'")" 1 \
    "町丁目: 常盤平３丁目10番2号 (no 街区 point) at the block's PointOnSurface"
expect_eq "$(spl "SELECT h.key_code FROM refuge_houses h WHERE house_id = 'T-008'")" "12207010000" \
    "町丁目: 紙敷1234番地 (a 大字 without 丁目) at 紙敷"
expect_eq "$(spl "SELECT kind || ',' || feature_count FROM layers WHERE name = 'refuge_houses'")" "real,4" \
    "catalogue: a real layer with the 4 placed houses"

# CP932 and XLSX copies give the same houses.
python3 -c "import sys; open(sys.argv[2], 'wb').write(open(sys.argv[1], encoding='utf-8').read().encode('cp932'))" \
    "$D/register.csv" "$T/register_cp932.csv"
spl "SELECT house_id, placement, reason, line, X(geom), Y(geom) FROM refuge_houses ORDER BY id" >"$T/utf8.rows"
expect_exit 0 "import the CP932 register" -- "$BOHAN" --db "$DB" refuges import "$T/register_cp932.csv" --replace
expect_grep "(CP932): 8 rows" "$T/out" "CP932 detected"
spl "SELECT house_id, placement, reason, line, X(geom), Y(geom) FROM refuge_houses ORDER BY id" >"$T/cp932.rows"
if cmp -s "$T/utf8.rows" "$T/cp932.rows"; then ok "CP932 register = UTF-8 register"; else not_ok "CP932 rows differ: $(diff "$T/utf8.rows" "$T/cp932.rows" | head -5)"; fi
if command -v ogr2ogr >/dev/null; then
    ogr2ogr -f XLSX "$T/register.xlsx" "$D/register.csv" 2>/dev/null
    expect_exit 0 "import the XLSX register" -- "$BOHAN" --db "$DB" refuges import "$T/register.xlsx" --replace
    spl "SELECT house_id, placement, reason, X(geom), Y(geom) FROM refuge_houses ORDER BY id" >"$T/xlsx.rows"
    cut -d'|' -f1-3,5- "$T/utf8.rows" >"$T/utf8.nolines"
    if cmp -s "$T/utf8.nolines" "$T/xlsx.rows"; then ok "XLSX register = CSV register"; else not_ok "XLSX rows differ"; fi
    expect_grep "line 5: unknown_chome" "$T/out" "XLSX: sheet row numbers"
fi

# Coverage on the imported register.
expect_exit 0 "coverage on the register" -- "$BOHAN" --db "$DB" refuges coverage --format csv
expect_grep "^市全体,4," "$T/out" "coverage counts the 4 placed houses"
if grep -q ",sample" "$T/out"; then not_ok "the real register is marked sample"; else ok "the real register is not marked sample"; fi

# A new register re-runs the last coverage (its --by and radius) in the import's transaction: the
# gap layers never describe houses that are gone.
gaps() { spl "SELECT name, by_kind, radius_m, CAST(ROUND(area_m2) AS INTEGER) FROM refuge_gaps ORDER BY name" | sha256sum; }
expect_exit 0 "coverage --by oaza --radius 250" -- "$BOHAN" --db "$DB" refuges coverage --by oaza --radius 250
before=$(gaps)
head -4 "$D/register.csv" >"$T/register_3.csv"
expect_exit 0 "import a smaller register" -- "$BOHAN" --db "$DB" refuges import "$T/register_3.csv" --replace
after=$(gaps)
[ "$after" != "$before" ] && ok "the register import rewrote the gap layers" || not_ok "refuge_gaps unchanged by a new register"
expect_exit 0 "the same coverage run afresh" -- "$BOHAN" --db "$DB" refuges coverage --by oaza --radius 250
expect_eq "$(gaps)" "$after" "the gap layers after the import are those of the recorded coverage (oaza, 250 m)"
finish
