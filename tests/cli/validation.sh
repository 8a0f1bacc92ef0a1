# Validation gaps (issue 9 item 8) and a locked database: each bad input exits 1 with one line
# naming the file and the line/feature/field, and leaves the database byte-for-byte unchanged.
source "$(dirname "$0")/lib.sh"
TDB=$T/tottori.sqlite
MDB=$T/matsudo.sqlite
"$BOHAN" --db "$TDB" --quiet init --city "$BOHAN_TEST_DATA/tottori-city" >/dev/null
"$BOHAN" --db "$MDB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
refused() { # refused DB DESC NEEDLE -- CMD...
    local db=$1 desc=$2 needle=$3; shift 4
    cp "$db" "$T/before.sqlite"
    expect_exit 1 "$desc" -- timeout 60 "$@"
    one_line "$T/err" "$desc: one line"
    expect_grep "$needle" "$T/err" "$desc: says '$needle'"
    cmp -s "$db" "$T/before.sqlite" && ok "$desc: database unchanged" || not_ok "$desc: database changed"
}

# --- city profile: risk settings are checked by init (every map would fail on them later)
profile() { # profile NAME JSON-RISK: a copy of the Tottori test profile with that "risk" object
    rm -rf "$T/$1"; cp -r "$BOHAN_TEST_DATA/tottori-city" "$T/$1"
    python3 - "$T/$1/city.json" "$2" <<'PY'
import json, sys
p = sys.argv[1]; d = json.load(open(p)); d["risk"] = "@RISK@"
open(p, "w").write(json.dumps(d, ensure_ascii=False).replace('"@RISK@"', sys.argv[2]))
PY
}
profile breaks '{"breaks": [0.5, 1.2, 0.8, 2.0]}'
refused "$TDB" "risk breaks not increasing" "$T/breaks/city.json: field 'risk.breaks': expected 4 increasing numbers" -- \
    "$BOHAN" --db "$TDB" init --force --city "$T/breaks"
profile nanpop '{"min_population": NaN}'
refused "$TDB" "min_population NaN" "$T/nanpop/city.json: field 'risk.min_population'" -- \
    "$BOHAN" --db "$TDB" init --force --city "$T/nanpop"
profile hugepop '{"min_population": 1e300}'
refused "$TDB" "min_population 1e300" "$T/hugepop/city.json: field 'risk.min_population': expected a number of people from 0" -- \
    "$BOHAN" --db "$TDB" init --force --city "$T/hugepop"
profile negpop '{"min_population": -5}'
refused "$TDB" "min_population negative" "$T/negpop/city.json: field 'risk.min_population'" -- \
    "$BOHAN" --db "$TDB" init --force --city "$T/negpop"
expect_exit 1 "a bad profile creates no new database" -- "$BOHAN" --db "$T/new.sqlite" init --city "$T/negpop"
expect_eq "$(ls -A "$T" | grep -c '^new.sqlite' || true)" 0 "… and leaves no file behind"
profile goodpop '{"min_population": 100, "breaks": [0.5, 0.8, 1.2, 2.0]}'
expect_exit 0 "a sound risk object is accepted" -- "$BOHAN" --db "$T/good.sqlite" --quiet init --city "$T/goodpop"

# --- UTF-8 surrogates (ED A0 80): refused in CSV, JSON and layer sources, never stored
printf '都道府県（発生地）,市区町村（発生地）,町丁目（発生地）,発生年月日（始期）\n千葉県,松戸市,稔台\xed\xa0\x80,2023/01/05\n' >"$T/surrogate.csv"
refused "$MDB" "surrogate in a crime CSV" "surrogate.csv: line 2: not valid UTF-8" -- \
    "$BOHAN" --db "$MDB" crimes import --encoding UTF-8 "$T/surrogate.csv"
cp "$SRC/styles/crime-map.json" "$T/style.json"
python3 - "$T/style.json" <<'PY'
import sys
p = sys.argv[1]; b = open(p, "rb").read()
i = b.index(b'"', b.index(b'{') + 1) + 1   # inside the first key
open(p, "wb").write(b[:i] + b"\xed\xa0\x80" + b[i:])
PY
refused "$MDB" "surrogate in a style (JSON)" "style.json: byte [0-9]*: not valid UTF-8" -- \
    "$BOHAN" --db "$MDB" map --no-record --style "$T/style.json" --out "$T/m.pdf"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key_code":"312019999","name":"x\xed\xa0\x80","oaza":"x","population":1,"households":1},"geometry":{"type":"Polygon","coordinates":[[[134.1,35.5],[134.2,35.5],[134.2,35.6],[134.1,35.5]]]}}]}' >"$T/surrogate.geojson"
refused "$TDB" "surrogate in a layer source" "surrogate.geojson: feature 0: field 'name': not valid UTF-8" -- \
    "$BOHAN" --db "$TDB" import town_blocks "$T/surrogate.geojson"

# --- encoding auto: the line named is where the UTF-8 text breaks, not the first kana
{ printf '都道府県（発生地）,市区町村（発生地）,町丁目（発生地）,発生年月日（始期）\n'
  for i in 1 2 3; do printf '千葉県,松戸市,稔台,2023/01/0%d\n' "$i"; done
  printf '千葉県,松戸市,稔台\xff,2023/01/05\n'; } >"$T/badline.csv"
refused "$MDB" "invalid UTF-8 in auto mode" "badline.csv: line 5: not valid UTF-8" -- \
    "$BOHAN" --db "$MDB" crimes import "$T/badline.csv"

# --- imported features: outside Japan, beyond the city, non-finite coordinates, negative counts
gaiku() { printf '市区町村名,大字・丁目名,小字・通称名,街区符号・地番,緯度,経度\n松戸市,稔台,,1,35.7876,139.9031\n松戸市,稔台,,2,%s,%s\n' "$1" "$2" >"$T/$3.csv"; }
XY=(--x 経度 --y 緯度 --srs EPSG:6668)
gaiku 51.5007 -0.1246 london
refused "$MDB" "a point outside Japan" "london.csv: feature 2: geometry: outside Japan" -- "$BOHAN" --db "$MDB" import gaiku_points "$T/london.csv" "${XY[@]}"
gaiku 34.6937 135.5023 osaka
refused "$MDB" "a point far outside the city" "osaka.csv: feature 2: geometry: outside the city's extent" -- "$BOHAN" --db "$MDB" import gaiku_points "$T/osaka.csv" "${XY[@]}"
gaiku 1e308 1e308 huge
refused "$MDB" "1e308 coordinates" "huge.csv: feature 2: geometry" -- "$BOHAN" --db "$MDB" import gaiku_points "$T/huge.csv" "${XY[@]}"
gaiku NaN 139.9 nan
refused "$MDB" "NaN coordinate" "nan.csv: feature 2: field '緯度': 'NaN' is not a coordinate" -- "$BOHAN" --db "$MDB" import gaiku_points "$T/nan.csv" "${XY[@]}"
gaiku 35.79 139.91 good
expect_exit 0 "the same file with a point in the city imports" -- "$BOHAN" --db "$MDB" import gaiku_points "$T/good.csv" "${XY[@]}"
expect_eq "$(sqlite3 "$MDB" 'SELECT count(*) FROM gaiku_points')" 2 "… both points stored"
printf '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"key_code":"312019999","name":"x","oaza":"x","population":10,"households":-3},"geometry":{"type":"Polygon","coordinates":[[[134.1,35.5],[134.2,35.5],[134.2,35.6],[134.1,35.5]]]}}]}' >"$T/neg.geojson"
refused "$TDB" "negative households" "neg.geojson: feature 0: field 'households': -3 is negative" -- \
    "$BOHAN" --db "$TDB" import town_blocks "$T/neg.geojson"

# --- count tables: 2023-02-30 is no day; the row is rejected (bad_period), never read as February
printf '地域,罪種,期間,件数\n稔台５丁目,住宅対象侵入盗,2023-02-30,3\n稔台５丁目,住宅対象侵入盗,2023-02-28,4\n' >"$T/days.csv"
expect_exit 0 "a count table with 2023-02-30 imports its good rows" -- "$BOHAN" --db "$MDB" crimes import-counts "$T/days.csv"
expect_grep "bad_period *1" "$T/out" "2023-02-30 rejected as bad_period"
expect_eq "$(sqlite3 "$MDB" "SELECT group_concat(line || ':' || state || ':' || coalesce(reason, '') || ':' || coalesce(from_ym, '') || ':' || coalesce(count, ''), ' ') FROM (SELECT * FROM crime_counts WHERE file_id = (SELECT id FROM crime_files WHERE path LIKE '%days.csv') ORDER BY line)")" \
    "2:rejected:bad_period:: 3:chome::202302:4" "2023-02-30 stored as rejected (no month), 2023-02-28 counted in February"
expect_exit 0 "crimes rejects" -- "$BOHAN" --db "$MDB" crimes rejects
expect_grep "days.csv:2: bad_period" "$T/out" "the rejected row is named by file and line"

# --- a locked database: another process holds the write lock
cp "$TDB" "$T/locked.sqlite"
python3 -c '
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE"); c.execute("INSERT INTO meta VALUES (\"lock\", \"x\")")
open(sys.argv[2], "w").close(); time.sleep(30)' "$T/locked.sqlite" "$T/locked.ready" &
lock_pid=$!
for _ in $(seq 100); do [ -e "$T/locked.ready" ] && break; sleep 0.1; done
refused "$T/locked.sqlite" "a database locked by another writer" "locked.sqlite: database is locked by another writer" -- \
    "$BOHAN" --db "$T/locked.sqlite" import town_blocks "$BOHAN_TEST_DATA/tottori/tottori_city_31201_h27.shp" --encoding CP932
kill "$lock_pid" 2>/dev/null || true
wait "$lock_pid" 2>/dev/null || true
expect_eq "$(sqlite3 "$T/locked.sqlite" "SELECT count(*) FROM meta WHERE key = 'lock'")" 0 "the other writer's transaction never committed"
finish
