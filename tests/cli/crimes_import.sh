# bohan crimes import / import-counts / rejects end to end on a real `bohan init` database.
source "$(dirname "$0")/lib.sh"
F=$BOHAN_TEST_DATA/crimes
DB=$T/t.sqlite
expect_exit 0 "init builds the database with the sample crimes" -- "$BOHAN" --db "$DB" --quiet init
expect_exit 0 "crimes import --help" -- "$BOHAN" crimes import --help
expect_grep "--encoding" "$T/out" "import help names --encoding"
expect_exit 0 "crimes import-counts --help" -- "$BOHAN" crimes import-counts --help
expect_exit 0 "crimes rejects --help" -- "$BOHAN" crimes rejects --help
expect_exit 2 "import without a file is a usage error" -- "$BOHAN" --db "$DB" crimes import
expect_exit 2 "bad --encoding is a usage error" -- "$BOHAN" --db "$DB" crimes import --encoding latin1 "$F/match_cp932.csv"
expect_exit 2 "bad --format is a usage error" -- "$BOHAN" --db "$DB" crimes import --format xml "$F/match_cp932.csv"

# The fixtures, all in one call, report as JSON: rows read = Σ states
expect_exit 0 "import the messy fixtures" -- "$BOHAN" --db "$DB" crimes import --format json \
    "$F/match_cp932.csv" "$F/codes_cp932.csv" "$F/dates_cp932.csv" "$F/duplicated_cp932.csv" \
    "$F/blank_tail_cp932.csv" "$F/quoted_cp932.csv" "$F/utf8_bom.csv" "$F/utf8_nobom.csv"
cp "$T/out" "$T/report.json"
read -r rows chome oaza outside rejected < <(python3 -c '
import json,sys; r=json.load(open(sys.argv[1])); s=r["states"]
print(r["rows_read"], s["chome"], s["oaza"], s["outside"], s["rejected"])' "$T/report.json")
expect_eq "$rows" 40 "rows read over the fixtures"
expect_eq "$((chome + oaza + outside + rejected))" "$rows" "every row ends in exactly one state"
expect_eq "$outside" 3 "rows of other municipalities are outside"
expect_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reasons"]["bad_city_code"])' "$T/report.json")" 2 "bad codes per reason in JSON"

# idempotent
sum_before=$(sqlite3 "$DB" "SELECT count(*) FROM crimes")
expect_exit 0 "re-import is accepted" -- "$BOHAN" --db "$DB" crimes import "$F/match_cp932.csv"
expect_grep "already_imported" "$T/out" "re-import says already imported"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM crimes")" "$sum_before" "re-import adds no rows"

# rejects: text, csv (BOM), json with file and line
expect_exit 0 "rejects as text" -- "$BOHAN" --db "$DB" crimes rejects
expect_grep "match_cp932.csv:7: unknown_chome" "$T/out" "text names file, line and reason"
expect_exit 0 "rejects as csv" -- "$BOHAN" --db "$DB" crimes rejects --format csv
expect_eq "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" "efbbbf" "CSV starts with a BOM"
expect_grep "dates_cp932.csv,6,bad_date" "$T/out" "CSV row for the bad date"
expect_exit 0 "rejects as json" -- "$BOHAN" --db "$DB" crimes rejects --format json
n_json=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/out")
expect_eq "$n_json" "$(sqlite3 "$DB" "SELECT (SELECT count(*) FROM crimes WHERE state='rejected') + (SELECT count(*) FROM crime_counts WHERE state='rejected')")" "JSON lists every rejected row"

# bad files leave the database byte-for-byte unchanged, with a one-line error
for bad in "not_layout_cp932.csv" "bad_bytes.csv" "no_such_file.csv"; do
    cp "$DB" "$T/before.sqlite"
    expect_exit 1 "bad file $bad fails" -- "$BOHAN" --db "$DB" crimes import --allow-duplicates "$F/cp932_three.csv" "$F/$bad"
    one_line "$T/err" "one-line error for $bad"
    expect_grep "$bad" "$T/err" "error names $bad"
    if cmp -s "$DB" "$T/before.sqlite"; then ok "$bad leaves the DB bytes unchanged"; else not_ok "$bad changed the DB"; fi
done
cp "$DB" "$T/before.sqlite"
expect_exit 1 "UTF-8 file read as CP932 fails" -- "$BOHAN" --db "$DB" crimes import --encoding CP932 "$F/utf8_nobom.csv"
expect_grep "try --encoding UTF-8" "$T/err" "hint at the right encoding"
expect_exit 1 "CP932 file read as UTF-8 fails" -- "$BOHAN" --db "$DB" crimes import --encoding UTF-8 "$F/cp932_three.csv"
if cmp -s "$DB" "$T/before.sqlite"; then ok "wrong encodings leave the DB bytes unchanged"; else not_ok "wrong encoding changed the DB"; fi

# count tables, CSV and XLSX
expect_exit 0 "import a count table" -- "$BOHAN" --db "$DB" crimes import-counts --format json "$F/counts_cp932.csv"
expect_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["rows_read"])' "$T/out")" 9 "count rows read"
expect_exit 0 "import an XLSX count table" -- "$BOHAN" --db "$DB" crimes import-counts "$F/counts.xlsx"
cp "$DB" "$T/before.sqlite"
expect_exit 1 "a table without 罪種 is not a count table" -- "$BOHAN" --db "$DB" crimes import-counts "$F/not_layout_cp932.csv"
if cmp -s "$DB" "$T/before.sqlite"; then ok "bad count table leaves the DB unchanged"; else not_ok "bad count table changed the DB"; fi

# the sample data loaded by init: sample everywhere, 電話de詐欺 as given
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM crimes c JOIN crime_files f ON f.id=c.file_id WHERE f.path LIKE '%data/matsudo/crimes/%' AND c.sample = 0")" 0 "every sample row is flagged"
finish
