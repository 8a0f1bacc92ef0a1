# The writing commands on SpatiaLite and on PostGIS give the same answers (docs/postgis.md): bohan
# import (a derived-layer re-derivation and the REAL Tottori e-Stat file), refuges import and
# coverage (every --by, --suggest), cameras coverage and plan; each write is one transaction (a bad
# file leaves the PostGIS database's digests unchanged); many writers at once on one database
# (crime imports, a register import, layer imports, a camera plan: no lost update, no half-written
# state; the same file twice at once waits); and the grants a layer writer needs.
# Exit 77 (skipped) only when PostgreSQL 15 or PostGIS is not installed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pglib.sh"
SQ=$T/city.sqlite
D=$BOHAN_TEST_DATA/refuges
# tables whose rows carry the time they were written
STAMPED='^(chome_area_kinds|crime_files|layers|plan_texts|plan_years|camera_plan_runs) '
hashes() { "$BOHAN" --db "$1" db hash | grep -Ev "$STAMPED" >"$2"; }
same_db() { # DESC: every table but the stamped ones has equal rows and geometries on both
    hashes "$SQ" "$T/h.sq"; hashes "$URI" "$T/h.pg"
    cmp -s "$T/h.sq" "$T/h.pg" && ok "$1" || not_ok "$1: $(diff "$T/h.sq" "$T/h.pg" | head -4 | tr '\n' ' ')"
}
# both CMD...: the command on SpatiaLite (output $T/o.sq) and on PostGIS ($T/o.pg), both exit 0
both() {
    local desc=$1; shift
    expect_exit 0 "$desc on SpatiaLite" -- "$BOHAN" --db "$SQ" "$@"; cp "$T/out" "$T/o.sq"
    expect_exit 0 "$desc on PostGIS" -- "$BOHAN" --db "$URI" "$@"; cp "$T/out" "$T/o.pg"
}
# JSON outputs equal, every number within 1e-9 (the key "seconds", a timing, left out)
json_close() {
    python3 - "$T/o.sq" "$T/o.pg" <<'PY'
import json, sys
def same(a, b):
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(k == "seconds" or same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        return isinstance(b, (int, float)) and abs(a - b) <= 1e-9
    return a == b
sys.exit(0 if same(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))) else 1)
PY
}
# unchanged CODE DESC -- CMD...: CMD fails on PostGIS (exit CODE, one line), every digest stays
unchanged() {
    local code=$1 desc=$2; shift 3
    "$BOHAN" --db "$URI" db hash >"$T/before"
    expect_exit "$code" "$desc" -- "$@"
    one_line "$T/err" "$desc: one line"
    "$BOHAN" --db "$URI" db hash >"$T/after"
    cmp -s "$T/before" "$T/after" && ok "$desc: the PostGIS database is unchanged" || not_ok "$desc: the database changed"
}

expect_exit 0 "init on SpatiaLite" -- "$BOHAN" -q --db "$SQ" init
expect_exit 0 "init on PostGIS" -- "$BOHAN" -q --db "$URI" init

# --- bohan import: town blocks with 秋山 +1,000 people; oaza, school_districts, patrol_areas,
# 交番管内 and the 町丁目 → area table are derived again, on both the same ---
sed 's/"name": "秋山", "oaza": "秋山", "population": 4352,/"name": "秋山", "oaza": "秋山", "population": 5352,/' \
    "$SRC/data/matsudo/town_blocks_approx.geojson" >"$T/blocks.geojson"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key_code":"1","name":"x","oaza":"x","population":1,"households":1},"geometry":{"type":"Polygon","coordinates":[[[139.9,35.8],[139.91,35.81],[139.91,35.8],[139.9,35.81],[139.9,35.8]]]}}]}' >"$T/bowtie.geojson"
unchanged 1 "an import of an invalid geometry fails" -- "$BOHAN" --db "$URI" import town_blocks "$T/bowtie.geojson" --replace
expect_grep "bowtie.geojson: feature 0: geometry: invalid" "$T/err" "the error names file, feature and field"
unchanged 1 "an import into a filled derived layer without --replace is refused" -- "$BOHAN" --db "$URI" import oaza "$T/blocks.geojson"
both "import town_blocks --replace" import town_blocks "$T/blocks.geojson" --replace
cmp -s "$T/o.sq" "$T/o.pg" && ok "import reports are equal" || not_ok "import reports differ"
expect_grep "3 derived layer(s) rebuilt" "$T/err" "3 derived layers rebuilt"
expect_eq "$(pgq bohan "SELECT population FROM oaza WHERE name = '秋山'")" \
    "$(sqlite3 "$SQ" "SELECT population FROM oaza WHERE name = '秋山'")" "大字 秋山 re-derived alike"
same_db "after the layer import: every row and geometry equal (digests)"
both "layers" layers
cmp -s "$T/o.sq" "$T/o.pg" && ok "layers lists the same counts and sources" || not_ok "layers differ"
for by in chome oaza koban school-district; do
    both "summary --by $by" crimes summary --by "$by" --format json
    cmp -s "$T/o.sq" "$T/o.pg" && ok "summary --by $by after the import: equal" || not_ok "summary --by $by differs"
done

# --- the REAL Tottori e-Stat shapefile: merge per KEY_CODE, same report and rows ---
newdb tottori
UT="postgresql:///tottori?host=$PGD"
SHP=$BOHAN_TEST_DATA/tottori/tottori_city_31201_h27.shp
"$BOHAN" -q --db "$T/t.sqlite" init --city "$BOHAN_TEST_DATA/tottori-city" >/dev/null
"$BOHAN" -q --db "$UT" init --city "$BOHAN_TEST_DATA/tottori-city" >/dev/null
"$BOHAN" --db "$UT" db hash >"$T/t0"
expect_exit 1 "e-Stat DBF read as UTF-8 fails on PostGIS" -- "$BOHAN" --db "$UT" import town_blocks "$SHP"
"$BOHAN" --db "$UT" db hash >"$T/t1"
cmp -s "$T/t0" "$T/t1" && ok "the failed e-Stat import changed nothing" || not_ok "failed e-Stat import changed the database"
"$BOHAN" --db "$T/t.sqlite" import town_blocks "$SHP" --encoding CP932 >"$T/te.sq" 2>&1
expect_exit 0 "e-Stat import on PostGIS" -- "$BOHAN" --db "$UT" import town_blocks "$SHP" --encoding CP932
cat "$T/out" "$T/err" >"$T/te.pg"
cmp -s "$T/te.sq" "$T/te.pg" && ok "e-Stat import reports equal" || not_ok "e-Stat reports differ"
expect_eq "$(pgq tottori 'SELECT count(*), sum(population), sum(households) FROM town_blocks' | tr '|' ' ')" "666 193717 75941" "666 blocks, population and households kept"
"$BOHAN" --db "$T/t.sqlite" db hash | grep -Ev "$STAMPED" >"$T/th.sq"
"$BOHAN" --db "$UT" db hash | grep -Ev "$STAMPED" >"$T/th.pg"
cmp -s "$T/th.sq" "$T/th.pg" && ok "e-Stat import: every row and geometry equal" || not_ok "e-Stat digests differ"

# --- refuges: the register, its coverage and suggestions ---
unchanged 1 "refuges import without --replace over the sample houses fails" -- "$BOHAN" --db "$URI" refuges import "$D/register.csv"
printf '番号,住所\nT-1,松戸市紙敷1丁目1番\nT-1,松戸市紙敷1丁目2番\n' >"$T/dup.csv"
unchanged 1 "a register with a repeated 番号 fails" -- "$BOHAN" --db "$URI" refuges import "$T/dup.csv" --replace
expect_grep "line 3" "$T/err" "repeated 番号: the line is named"
both "import gaiku_points" import gaiku_points "$D/gaiku.csv" --x 経度 --y 緯度 --srs EPSG:6668 --replace
both "refuges import" refuges import "$D/register.csv" --replace
cmp -s "$T/o.sq" "$T/o.pg" && ok "register reports are equal (placements, unplaced lines)" || not_ok "register reports differ"
expect_eq "$(pgq bohan 'SELECT count(*) FROM refuge_houses')" 8 "8 houses in refuge_houses"
for by in school-district chome oaza koban; do
    both "refuges coverage --by $by" refuges coverage --by "$by" --format json
    json_close && ok "refuges coverage --by $by: figures within 1e-9" || not_ok "refuges coverage --by $by differs"
done
both "refuges coverage --suggest 5" refuges coverage --suggest 5 --format json
json_close && ok "refuges --suggest: the same spots" || not_ok "refuges --suggest differs"
same_db "after the register and coverage: refuge_houses, refuge_gaps* equal (digests)"
expect_exit 0 "db copy PostGIS → SpatiaLite after the writes" -- "$BOHAN" -q db copy "$URI" "$T/back.sqlite"
"$BOHAN" --db "$URI" db hash >"$T/h.pg"
"$BOHAN" --db "$T/back.sqlite" db hash >"$T/h.back"
cmp -s "$T/h.pg" "$T/h.back" && ok "tables the writes recreated copy back exactly" || not_ok "copy back differs"

# --- cameras (time limits far off: a plan cut short by the clock is not comparable) ---
for args in "--by koban" "--density layer:census_points:population" "--demand layer:census_points:population --radius 120"; do
    # shellcheck disable=SC2086
    both "cameras coverage $args" cameras coverage $args --format json
    json_close && ok "cameras coverage $args: equal" || not_ok "cameras coverage $args differs"
done
both "cameras plan greedy" cameras plan --add 3 --candidates layer:schools --min-spacing 150 --radius 120 --format json
json_close && ok "cameras plan greedy: same sites, lon/lat, 町丁目, 交番, gains" || not_ok "cameras plan greedy differs"
both "cameras plan exact" cameras plan --add 3 --candidates layer:schools --min-spacing 150 --radius 120 --solver exact --format json
json_close && ok "cameras plan exact: equal" || not_ok "cameras plan exact differs"
both "cameras plan on the grid" cameras plan --add 5 --radius 100 --time-limit 600 --format json
json_close && ok "cameras plan grid:50: equal" || not_ok "cameras plan grid differs"
both "cameras plan --map" cameras plan --add 1 --candidates layer:schools --map "$T/p.pdf" --format json
json_close && ok "cameras plan --map: equal, its map drawn on both" || not_ok "cameras plan --map differs"
expect_eq "$(pgq bohan 'SELECT count(*) FROM camera_plan_runs')" 4 "four plan runs saved"
same_db "saved plans: camera_plan, camera_plan_cover, camera_plan_areas equal (digests)"

# --- many writers on one database: two crime files, the register, a layer import (twice, the
# same file: they take turns), a camera plan, and the same crime file twice; all at once ---
newdb many
UM="postgresql:///many?host=$PGD"
"$BOHAN" -q --db "$UM" init >/dev/null
"$BOHAN" -q --db "$UM" import gaiku_points "$D/gaiku.csv" --x 経度 --y 緯度 --srs EPSG:6668 --replace
python3 "$SRC/scripts/gen-sample-crimes" --rows 20000 --seed 3 --out "$T/gen" >/dev/null
GEN=$T/gen/bench_jitensha_to.csv
DATES=$BOHAN_TEST_DATA/crimes/dates_cp932.csv
rows0=$(pgq many 'SELECT count(*) FROM crime_rows')
cmds=("crimes import --allow-duplicates $GEN" "crimes import --allow-duplicates $GEN"
      "crimes import --allow-duplicates $DATES" "refuges import $D/register.csv --replace"
      "import town_blocks $T/blocks.geojson --replace" "import town_blocks $T/blocks.geojson --replace"
      "cameras plan --add 3 --candidates layer:schools --radius 120 --format json")
pids=()
for i in "${!cmds[@]}"; do
    # shellcheck disable=SC2086
    "$BOHAN" -q --db "$UM" ${cmds[$i]} >"$T/w$i.out" 2>"$T/w$i.err" &
    pids+=($!)
done
codes=""
for p in "${pids[@]}"; do r=0; wait "$p" || r=$?; codes="$codes$r"; done
expect_eq "$codes" "0000000" "seven writers at once all succeed"
expect_eq "$(cat "$T/w0.out" "$T/w1.out" | grep -c 'already_imported')" 1 "the same file twice at once: one waits, then finds it imported"
expect_eq "$(pgq many 'SELECT count(*) FROM crime_rows') " "$((rows0 + 20000 + $(grep -c . "$DATES") - 1)) " "no lost or doubled row: the generated 20,000 rows and the fixture's once"
expect_eq "$(pgq many 'SELECT sum(n) FROM crime_agg')" "$(pgq many 'SELECT count(*) FROM crime_rows')" "crime_agg counts every row once"
expect_eq "$(pgq many 'SELECT count(*) FROM refuge_houses')" 8 "the register is there whole"
expect_eq "$(pgq many "SELECT population FROM town_blocks WHERE name = '秋山'")" 5352 "the layer import is there"
expect_eq "$(pgq many "SELECT count(*) FROM camera_plan_runs")|$(pgq many "SELECT count(*) FROM camera_plan")" "1|3" "the camera plan is saved whole"
# the layer tables equal one import after the other on SpatiaLite (blocks twice, register)
"$BOHAN" -q --db "$T/seq.sqlite" init >/dev/null
"$BOHAN" -q --db "$T/seq.sqlite" import gaiku_points "$D/gaiku.csv" --x 経度 --y 緯度 --srs EPSG:6668 --replace
"$BOHAN" -q --db "$T/seq.sqlite" refuges import "$D/register.csv" --replace >/dev/null
"$BOHAN" -q --db "$T/seq.sqlite" import town_blocks "$T/blocks.geojson" --replace
for t in town_blocks oaza school_districts patrol_areas refuge_houses gaiku_points; do
    a=$("$BOHAN" --db "$T/seq.sqlite" db hash | grep "^$t ")
    b=$("$BOHAN" --db "$UM" db hash | grep "^$t ")
    expect_eq "$b" "$a" "concurrent writers: $t equals the sequential SpatiaLite run"
done

# --- least privilege: a layer writer needs its tables, the catalogue and the 町丁目 → area
# table (docs/postgis.md); it cannot write crimes, a reader cannot import ---
"${PSQL[@]}" -d many -f - >/dev/null <<'SQL'
CREATE ROLE bohan_reader LOGIN;
GRANT USAGE ON SCHEMA public TO bohan_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO bohan_reader;
CREATE ROLE bohan_layers LOGIN IN ROLE bohan_reader;
GRANT INSERT, UPDATE, DELETE ON layers, chome_area_map, chome_area_kinds, chome_area_cells,
      chome_area_points, bh_sqlite_schema TO bohan_layers;
DO $$ DECLARE t text; BEGIN
  FOR t IN SELECT table_name FROM layers LOOP
    EXECUTE format('GRANT INSERT, UPDATE, DELETE ON %I TO bohan_layers', t);
  END LOOP; END $$;
GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO bohan_layers;
SQL
UL="postgresql://bohan_layers@/many?host=$PGD"
UR="postgresql://bohan_reader@/many?host=$PGD"
expect_exit 0 "a layer import with the layer writer role" -- "$BOHAN" -q --db "$UL" import town_blocks "$SRC/data/matsudo/town_blocks_approx.geojson" --replace
expect_eq "$(pgq many "SELECT population FROM oaza WHERE name = '秋山'")" 4352 "its re-derivation is written"
expect_exit 0 "a register import with the layer writer role" -- "$BOHAN" -q --db "$UL" refuges import "$D/register.csv" --replace
"$BOHAN" --db "$UM" db hash >"$T/before"
expect_exit 1 "crimes import with the layer writer role" -- "$BOHAN" --db "$UL" crimes import "$BOHAN_TEST_DATA/crimes/quoted_cp932.csv"
expect_grep "permission denied" "$T/err" "says permission denied"
expect_exit 1 "a layer import with the read-only role" -- "$BOHAN" --db "$UR" import town_blocks "$T/blocks.geojson" --replace
one_line "$T/err" "refusal is one line"
expect_grep "permission denied" "$T/err" "says permission denied"
"$BOHAN" --db "$UM" db hash >"$T/after"
cmp -s "$T/before" "$T/after" && ok "the refused writes changed nothing" || not_ok "refused writes changed the database"
expect_exit 0 "cameras coverage with the read-only role" -- "$BOHAN" --db "$UR" cameras coverage --format json
finish
