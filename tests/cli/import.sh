# bohan import end to end on the REAL Tottori e-Stat shapefile: merge, totals, duplicate refused,
# --replace, and every bad input: exit 1, one line naming file/feature/field, DB bytes unchanged.
source "$(dirname "$0")/lib.sh"
DB=$T/t.sqlite
SHP=$BOHAN_TEST_DATA/tottori/tottori_city_31201_h27.shp
"$BOHAN" --db "$DB" --quiet init --city "$BOHAN_TEST_DATA/tottori-city" >/dev/null
q() { sqlite3 "$DB" "$1"; }

# refused CODE DESC NEEDLE -- CMD...: exit code, one-line message containing NEEDLE, bytes unchanged
refused() {
    local want=$1 desc=$2 needle=$3; shift 3
    cp "$DB" "$T/before.sqlite"
    expect_exit "$want" "$desc" "$@"
    one_line "$T/err" "$desc: one-line message"
    expect_grep "$needle" "$T/err" "$desc: message names '$needle'"
    cmp -s "$DB" "$T/before.sqlite" && ok "$desc: database unchanged" || not_ok "$desc: database changed"
}

expect_exit 0 "import --help" -- "$BOHAN" import --help
expect_exit 2 "import without SOURCE is a usage error" -- "$BOHAN" --db "$DB" import town_blocks
expect_exit 2 "--replace with --append is a usage error" -- "$BOHAN" --db "$DB" import town_blocks "$SHP" --replace --append

refused 1 "CP932 DBF read as UTF-8" "tottori_city_31201_h27.shp: feature 0: field 'MOJI'" -- \
    "$BOHAN" --db "$DB" import town_blocks "$SHP"
refused 1 "unknown encoding" "encoding 'KLINGON'" -- "$BOHAN" --db "$DB" import town_blocks "$SHP" --encoding KLINGON
refused 1 "missing source file" "nope.shp" -- "$BOHAN" --db "$DB" import town_blocks "$T/nope.shp"
refused 1 "unknown layer" "unknown layer 'parks'" -- "$BOHAN" --db "$DB" import parks "$SHP" --encoding CP932
refused 1 "unknown CRS" "CRS 'EPSG:999999'" -- "$BOHAN" --db "$DB" import town_blocks "$SHP" --encoding CP932 --srs EPSG:999999
cp "$BOHAN_TEST_DATA/tottori/tottori_city_31201_h27.shp" "$T/nocrs.shp"
cp "$BOHAN_TEST_DATA/tottori/tottori_city_31201_h27.shx" "$T/nocrs.shx"
cp "$BOHAN_TEST_DATA/tottori/tottori_city_31201_h27.dbf" "$T/nocrs.dbf"
refused 1 "source without CRS" "nocrs.shp: the source has no CRS" -- "$BOHAN" --db "$DB" import town_blocks "$T/nocrs.shp" --encoding CP932
refused 1 "zero features" "no features" -- "$BOHAN" --db "$DB" import town_blocks "$SHP" --encoding CP932 --where "KEY_CODE = 'none'"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key_code":"1","name":"x","oaza":"x","population":1,"households":1},"geometry":{"type":"Polygon","coordinates":[[[134.1,35.5],[134.2,35.6],[134.2,35.5],[134.1,35.6],[134.1,35.5]]]}}]}' >"$T/bowtie.geojson"
refused 1 "invalid geometry" "bowtie.geojson: feature 0: geometry: invalid" -- "$BOHAN" --db "$DB" import town_blocks "$T/bowtie.geojson"

expect_exit 0 "e-Stat import with --encoding CP932" -- "$BOHAN" --db "$DB" import town_blocks "$SHP" --encoding CP932
expect_grep "677 features read, 666 stored" "$T/err" "progress says 677 read, 666 stored"
expect_eq "$(q 'SELECT count(*), sum(population), sum(households) FROM town_blocks')" "666|193717|75941" "666 blocks, population and households kept"
expect_eq "$(q "SELECT name || '/' || oaza FROM town_blocks WHERE name = '立川町３丁目'")" "立川町３丁目/立川町" "Japanese names and oaza"
expect_eq "$(q "SELECT kind, feature_count FROM layers WHERE name = 'town_blocks'")" "real|666" "layer marked real"
expect_eq "$(q "SELECT sum(population) FROM oaza")" "193717" "oaza re-derived"

refused 1 "duplicate import" "already has 666 features" -- "$BOHAN" --db "$DB" import town_blocks "$SHP" --encoding CP932
expect_exit 0 "--replace" -- "$BOHAN" --db "$DB" import town_blocks "$SHP" --encoding CP932 --replace
expect_eq "$(q 'SELECT count(*), sum(population) FROM town_blocks')" "666|193717" "--replace leaves the same 666 blocks"
finish
