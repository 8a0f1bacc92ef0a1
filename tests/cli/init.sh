# bohan init / bohan layers end to end: the Tottori test profile, refusal without --force,
# atomic --force, layer listings (CSV with BOM, JSON), and the spatialite CLI reading the file.
source "$(dirname "$0")/lib.sh"
CITY=$BOHAN_TEST_DATA/tottori-city
DB=$T/t.sqlite

expect_exit 0 "init --help" -- "$BOHAN" init --help
expect_grep "--force" "$T/out" "init --help mentions --force"
expect_exit 0 "layers --help" -- "$BOHAN" layers --help
expect_exit 2 "init with a stray argument is a usage error" -- "$BOHAN" --db "$DB" init extra
expect_exit 0 "init on the Tottori profile" -- "$BOHAN" --db "$DB" init --city "$CITY"
expect_grep "^town_blocks .*approximate .*MULTIPOLYGON .* 0 .*6673" "$T/out" "init prints the layer summary"
expect_grep "^oaza .*derived" "$T/out" "summary shows the derived layer"

cp "$DB" "$T/before.sqlite"
expect_exit 1 "init refuses an existing file without --force" -- "$BOHAN" --db "$DB" init --city "$CITY"
one_line "$T/err" "refusal is one line"
expect_grep "t.sqlite: already exists" "$T/err" "refusal names the file"
cmp -s "$DB" "$T/before.sqlite" && ok "refused init leaves the file unchanged" || not_ok "file changed"

expect_exit 0 "import the real e-Stat shapefile" -- "$BOHAN" --db "$DB" import town_blocks \
    "$BOHAN_TEST_DATA/tottori/tottori_city_31201_h27.shp" --encoding CP932
expect_exit 0 "init --force rebuilds" -- "$BOHAN" --db "$DB" init --city "$CITY" --force
expect_grep "^town_blocks .* 0 " "$T/out" "the rebuilt database is fresh"
expect_eq "$(stat -c %a "$DB")" "$(printf '%o' $((0666 & ~$(umask))))" "database file mode follows the umask"
ls "$T" | grep -q tmp && not_ok "temporary file left behind" || ok "no temporary file left"

expect_exit 0 "layers --format csv" -- "$BOHAN" --db "$DB" layers --format csv
expect_eq "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" "efbbbf" "CSV starts with a UTF-8 BOM"
expect_grep "^oaza,大字,approximate,MULTIPOLYGON,0,6673,derived" "$T/out" "CSV row of oaza"
expect_exit 0 "layers --format json" -- "$BOHAN" --db "$DB" layers --format json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[0]["name"], d[0]["srid"], d[0]["source"])' "$T/out")" \
    "2 town_blocks 6673 None" "JSON lists both layers"
expect_exit 2 "layers --format xml is a usage error" -- "$BOHAN" --db "$DB" layers --format xml
expect_exit 1 "layers on a missing database fails" -- "$BOHAN" --db "$T/none.sqlite" layers
one_line "$T/err" "missing database error is one line"

if command -v spatialite >/dev/null; then
    out=$(echo "SELECT f_table_name, srid FROM geometry_columns ORDER BY 1; SELECT count(*) FROM layers;" | spatialite -bail "$DB" 2>/dev/null)
    expect_eq "$out" "$(printf 'oaza|6673\ntown_blocks|6673\n2')" "spatialite CLI reads the database"
    chk=$(echo "SELECT CheckSpatialIndex('town_blocks', 'geom');" | spatialite -bail "$DB" 2>/dev/null)
    expect_eq "$chk" "1" "spatialite CLI validates the spatial index"
else
    not_ok "spatialite CLI (spatialite-bin) not installed"
fi
# The default city (Matsudo): every layer of the profile's list loads, counts match the catalogue.
M=$T/matsudo.sqlite
expect_exit 0 "init on the default Matsudo profile" -- "$BOHAN" --db "$M" init
want=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["layers"]))' "$SRC/data/matsudo/city.json")
expect_eq "$(sqlite3 "$M" "SELECT count(*) FROM layers WHERE name <> 'koban_areas'")" "$want" "every layer of the Matsudo profile is catalogued"
expect_eq "$(sqlite3 "$M" "SELECT feature_count || '|' || source FROM layers WHERE name = 'koban_areas'")" "18|derived" "init derives the 18 交番管内 from the profile's crime files"
bad=0
for t in $(sqlite3 "$M" 'SELECT table_name FROM layers'); do
    n=$(sqlite3 "$M" "SELECT (SELECT count(*) FROM \"$t\") = (SELECT feature_count FROM layers WHERE table_name = '$t')")
    [ "$n" = 1 ] || bad=$((bad + 1))
done
expect_eq "$bad" 0 "catalogue feature counts match the tables"
expect_eq "$(sqlite3 "$M" 'SELECT count(*), sum(population), sum(households) FROM town_blocks')" "251|483480|215627" "approximate town blocks keep the census totals"
expect_eq "$(sqlite3 "$M" 'SELECT count(*) FROM census_points')" "345" "345 census label points"
expect_eq "$(sqlite3 "$M" "SELECT count(*) FROM geometry_columns WHERE srid <> 6677")" "0" "every geometry column in EPSG:6677"
invalid=0
for t in $(sqlite3 "$M" "SELECT table_name FROM layers WHERE geometry_type <> 'NONE'"); do
    n=$(echo "SELECT count(*) FROM \"$t\" WHERE geom IS NOT NULL AND ST_IsValid(geom) <> 1;" | spatialite -bail "$M" 2>/dev/null)
    [ "$n" = 0 ] || invalid=$((invalid + 1))
done
expect_eq "$invalid" 0 "every stored Matsudo geometry is valid (spatialite CLI)"
finish
