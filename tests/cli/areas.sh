#!/usr/bin/env bash
# Issue 18 items 4 and 6 on the default city. A 町丁目 name shared by several census blocks is one
# place (the group of all of them): its rows land on the group, summaries and atlas pages list it
# once; `crimes unplaced` lists every row not on exactly one 町丁目 with a kind and a reason.
# Areas are found by shortened names (`areas --by`, `--area` with a did-you-mean list), `atlas
# --area` prints one page, and a school-district map shows the school and its 町丁目.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >/dev/null 2>&1 || "$BOHAN" --db "$DB" --quiet init --force >"$T/init.err" 2>&1
sql() { sqlite3 "$DB" "$1"; }
B() { "$BOHAN" --db "$DB" --quiet "$@"; }
csv() { tr -d '\r' | sed '1s/^\xEF\xBB\xBF//'; }

# --- item 4: a shared name is one place -------------------------------------------------------
group=$(sql "SELECT group_concat(key_code, '+') FROM (SELECT key_code FROM town_blocks WHERE name = '松戸新田' ORDER BY key_code)")
expect_eq "$(grep -o '+' <<<"$group" | wc -l)" 1 "松戸新田 names two census blocks"
expect_eq "$(sql "SELECT count(DISTINCT key_code) FROM crimes WHERE chome_norm = '松戸新田'")" 1 "every 松戸新田 row is on one place"
expect_eq "$(sql "SELECT DISTINCT key_code FROM crimes WHERE chome_norm = '松戸新田'")" "$group" "松戸新田 rows land on the group of both blocks"
B crimes summary --by chome --from 2023-01 --to 2023-12 --types 自転車盗 --format csv | csv >"$T/chome.csv"
tcol=$(head -1 "$T/chome.csv" | tr ',' '\n' | grep -nx total | cut -d: -f1)
kcol=$(head -1 "$T/chome.csv" | tr ',' '\n' | grep -nx kind | cut -d: -f1)
expect_eq "$(awk -F, '$2 == "松戸新田"' "$T/chome.csv" | wc -l)" 1 "the summary by 町丁目 lists 松戸新田 once"
expect_eq "$(awk -F, -v c="$tcol" '$2 == "松戸新田" {print $c}' "$T/chome.csv")" \
    "$(sql "SELECT count(*) FROM crimes WHERE crime_type = '自転車盗' AND chome_norm = '松戸新田' AND occurred_ym BETWEEN 202301 AND 202312")" \
    "the group's 2023 自転車盗 count equals the rows with that name (independent SQL)"
expect_eq "$(awk -F, '$2 == "松戸新田" {print $3}' "$T/chome.csv")" \
    "$(sql "SELECT sum(population) FROM town_blocks WHERE name = '松戸新田'")" "the group's population is the sum of its blocks"
expect_eq "$(awk -F, -v k="$kcol" '$2 == "松戸新田" {print $k}' "$T/chome.csv")" group "the group's row is kind group"
expect_eq "$(awk -F, -v k="$kcol" 'NR > 1 && $k == "group"' "$T/chome.csv" | wc -l)" \
    "$(sql "SELECT count(*) FROM (SELECT name FROM town_blocks GROUP BY name HAVING count(*) > 1)")" "one row per shared name"
ngroups=$(sql "SELECT count(*) FROM (SELECT name FROM town_blocks GROUP BY name HAVING count(*) > 1)")
for kind in koban school-district oaza; do
    expect_eq "$(sql "SELECT count(*) FROM chome_area_map WHERE kind = '$kind' AND place_kind = 'c' AND point = 1 AND instr(place, '+') > 0")" "$ngroups" "the 町丁目 → area table places every group ($kind)"
done
expect_exit 0 "crimes check: the aggregate and the area table agree with the rows and layers" -- B crimes check
B atlas --by koban --from 2023-01 --to 2023-12 --out "$T/koban.pdf" --date 2024-06-01
pdftotext -layout "$T/koban.pdf" "$T/koban.txt"
expect_eq "$(grep -cE '^\s*松戸新田(\s+[0-9]+){2,}\s*$' "$T/koban.txt")" 1 "the 交番 atlas lists 松戸新田 once"

# the listing of rows not on exactly one 町丁目
expect_exit 0 "crimes unplaced --format csv" -- B crimes unplaced --format csv
csv <"$T/out" >"$T/unplaced.csv"
expect_eq "$(head -1 "$T/unplaced.csv")" "kind,source,file,line,crime_type,area,placed_on,reason,count" "unplaced CSV header"
rows_unplaced=$(sql "SELECT (SELECT count(*) FROM crimes) - (SELECT count(*) FROM crimes WHERE state = 'chome' AND instr(key_code, '+') = 0)")
counts_unplaced=$(sql "SELECT (SELECT count(*) FROM crime_counts) - (SELECT count(*) FROM crime_counts WHERE state = 'chome' AND instr(key_code, '+') = 0)")
expect_eq "$(awk -F, '$2 == "rows"' "$T/unplaced.csv" | wc -l)" "$rows_unplaced" "every crime row not on one 町丁目 is listed (rows − placed)"
expect_eq "$(awk -F, '$2 == "counts"' "$T/unplaced.csv" | wc -l)" "$counts_unplaced" "every count-table row not on one 町丁目 is listed"
expect_eq "$(awk -F, 'NR > 1 && $8 == ""' "$T/unplaced.csv" | wc -l)" 0 "every listed row has a reason"
expect_eq "$(awk -F, '$1 == "group" && $2 == "rows"' "$T/unplaced.csv" | wc -l)" "$(sql "SELECT count(*) FROM crimes WHERE instr(key_code, '+') > 0")" "rows on a group are listed as kind group"
expect_eq "$(awk -F, '$1 == "oaza" && $2 == "rows"' "$T/unplaced.csv" | wc -l)" "$(sql "SELECT count(*) FROM crimes WHERE state = 'oaza'")" "大字-only rows are listed as kind oaza"
expect_exit 0 "crimes unplaced --format json" -- B crimes unplaced --format json
expect_eq "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out")" "$(( rows_unplaced + counts_unplaced ))" "the JSON listing has the same rows"
expect_exit 0 "crimes unplaced (text)" -- B crimes unplaced
expect_grep "$(( rows_unplaced + counts_unplaced )) rows not placed on exactly one 町丁目" "$T/out" "the text listing ends with its count"
# a city-wide count row is kind city (and the summary's 市全体 row too), not mixed with areas
expect_exit 0 "import a count table with city-wide rows" -- B crimes import-counts "$BOHAN_TEST_DATA/crimes/counts_cp932.csv" --allow-duplicates
B crimes unplaced --format csv | csv >"$T/unplaced2.csv"
expect_eq "$(awk -F, '$1 == "city" {print $7}' "$T/unplaced2.csv" | sort -u)" "（市全体・地区不明）" "city-wide count rows are kind city"
expect_eq "$(awk -F, '$1 == "city"' "$T/unplaced2.csv" | wc -l)" "$(sql "SELECT count(*) FROM crime_counts WHERE state = 'city'")" "every city-wide row listed"
B crimes summary --by koban --from 2023-01 --to 2023-12 --format csv | csv >"$T/koban.csv"
kcol=$(head -1 "$T/koban.csv" | tr ',' '\n' | grep -nx kind | cut -d: -f1)
expect_eq "$(awk -F, -v k="$kcol" '$1 == "city" {print $2 "," $k}' "$T/koban.csv")" "（市全体・地区不明）,city" "the summary's city-wide row is kind city"

# --- item 6: finding an area -----------------------------------------------------------------
expect_exit 0 "areas --by school-district --format csv" -- B areas --by school-district --format csv
csv <"$T/out" >"$T/sd.csv"
expect_eq "$(head -1 "$T/sd.csv")" "id,name,chome,population" "areas CSV header"
expect_eq "$(tail -n +2 "$T/sd.csv" | wc -l)" "$(sql "SELECT count(*) FROM school_districts")" "one row per 小学校区"
expect_eq "$(tail -n +2 "$T/sd.csv" | awk -F, '{s += $3} END {print s}')" "$(sql "SELECT count(*) FROM town_blocks")" "every 町丁目 lies in one 小学校区"
# a place (one block, or the blocks sharing a name) lies where its PointOnSurface lies
chubu_blocks=$(sqlite3 -cmd ".load mod_spatialite" "$DB" "WITH p AS (SELECT count(*) AS n, CASE count(*) WHEN 1 THEN PointOnSurface(geom) ELSE PointOnSurface(ST_Union(geom)) END AS pt FROM town_blocks GROUP BY name) SELECT sum(p.n) FROM p, school_districts d WHERE d.school_name = '中部小学校' AND ST_Intersects(p.pt, d.geom)" 2>/dev/null | tail -1)
expect_eq "$(awk -F, '$2 == "中部小学校" {print $3}' "$T/sd.csv")" "$chubu_blocks" "中部小学校's 町丁目 count (independent spatial SQL)"
expect_exit 0 "areas --by chome --format json" -- B areas --by chome --format json
expect_eq "$(python3 -c 'import json,sys; a=[x for x in json.load(open(sys.argv[1])) if x["name"] == "松戸新田"]; print(len(a), a[0]["chome"])' "$T/out")" "1 2" "areas --by chome lists 松戸新田 once, with its 2 blocks"
expect_exit 2 "areas without --by is a usage error" -- B areas
expect_exit 0 "atlas --area 中部小 (shortened)" -- B atlas --by school-district --area 中部小 --out "$T/one.pdf" --date 2024-06-01
expect_eq "$(pdfinfo "$T/one.pdf" | awk '/^Pages:/ {print $2}')" 1 "atlas --area prints one page"
pdftotext -layout "$T/one.pdf" "$T/one.txt"
expect_grep "中部小学校区" "$T/one.txt" "the page is 中部小学校's"
expect_eq "$(grep -c '中部小学校' "$T/one.txt")" 2 "the 小学校区 page names its school (title and the school's point)"
for kind in koban oaza; do
    name=$(B areas --by $kind --format csv | csv | awk -F, 'NR == 3 {print $2}')
    expect_exit 0 "atlas --by $kind --area $name" -- B atlas --by $kind --area "$name" --out "$T/$kind-one.pdf" --date 2024-06-01
    expect_eq "$(pdfinfo "$T/$kind-one.pdf" | awk '/^Pages:/ {print $2}')" 1 "atlas --by $kind --area: one page"
done
expect_exit 0 "atlas --area with 全角 and 小学校区" -- B atlas --by school-district --area "中部小学校区" --out "$T/one2.pdf"
expect_exit 1 "atlas --area with no match" -- B atlas --by school-district --area ほげ --out "$T/none.pdf"
one_line "$T/err" "no match: one line"
expect_grep "no such 小学校区; did you mean: " "$T/err" "no match: did you mean"
expect_exit 1 "atlas --area matching several" -- B atlas --by school-district --area 松戸 --out "$T/many.pdf"
one_line "$T/err" "several matches: one line"
expect_grep "3 小学校区 match; did you mean: .*新松戸南小学校" "$T/err" "several matches: the candidates"
[ ! -e "$T/many.pdf" ] && ok "no output on a failed --area" || not_ok "no output on a failed --area"
expect_exit 1 "map --area with no match" -- B map --by school-district --area ほげ --out "$T/none.pdf" --no-record
expect_grep "did you mean" "$T/err" "map --area: did you mean"
# a school-district map shows the school and its 町丁目 (outlines and names)
expect_exit 0 "map --by school-district --area 中部小" -- B map --by school-district --area 中部小 --out "$T/sd.pdf" --no-record
pdftotext "$T/sd.pdf" "$T/sd.txt"
expect_grep "町丁目（小学校区内）" "$T/sd.txt" "the legend lists the district's 町丁目"
expect_grep "^小学校$" "$T/sd.txt" "the legend lists the school"
some_block=$(sqlite3 -cmd ".load mod_spatialite" "$DB" "SELECT b.name FROM town_blocks b, school_districts d WHERE d.school_name = '中部小学校' AND ST_Intersects(PointOnSurface(b.geom), d.geom) AND (SELECT count(*) FROM town_blocks o WHERE o.name = b.name) = 1 ORDER BY b.population DESC LIMIT 1" 2>/dev/null | tail -1)
expect_grep "$some_block" "$T/sd.txt" "a 町丁目 of the district is named on the map ($some_block)"
expect_eq "$(grep -c '中部小学校' "$T/sd.txt")" 3 "中部小学校 is named by the title, the district and the school point"
finish
