# bohan crimes check and the crime aggregate end to end on a real `bohan init` database: every
# summary read from the aggregate is byte-identical to the same summary counted from the rows
# (a copy of the database without crime_agg), import keeps it equal to the rows, and a tampered
# aggregate is reported with exit 1.
source "$(dirname "$0")/lib.sh"
F=$BOHAN_TEST_DATA/crimes
DB=$T/t.sqlite
expect_exit 0 "init builds the database with the sample crimes" -- "$BOHAN" --db "$DB" --quiet init
expect_exit 0 "crimes check --help" -- "$BOHAN" crimes check --help
expect_grep "usage: bohan crimes check" "$T/out" "check help prints usage"
expect_exit 2 "crimes check takes no argument" -- "$BOHAN" --db "$DB" crimes check extra
expect_exit 0 "the sample's aggregate matches its rows" -- "$BOHAN" --db "$DB" crimes check
expect_grep "crime_agg matches the rows" "$T/out" "check says it matches"
expect_eq "$(sqlite3 "$DB" 'SELECT sum(n) FROM crime_agg')" "$(sqlite3 "$DB" 'SELECT count(*) FROM crime_rows')" \
    "the aggregate counts every row"

# The same summaries counted from the rows: a copy without the aggregate table.
cp "$DB" "$T/rows.sqlite"
sqlite3 "$T/rows.sqlite" "DROP TABLE crime_agg"
for by in chome oaza koban school-district grid:250; do
    for period in "" "--from 2023-01 --to 2023-06"; do
        # shellcheck disable=SC2086
        "$BOHAN" --db "$DB" crimes summary --by "$by" $period --format json >"$T/agg.json" 2>/dev/null
        # shellcheck disable=SC2086
        "$BOHAN" --db "$T/rows.sqlite" crimes summary --by "$by" $period --format json >"$T/rows.json" 2>/dev/null
        cmp -s "$T/agg.json" "$T/rows.json" && [ -s "$T/agg.json" ] \
            && ok "summary --by $by ${period:-(all)}: aggregate = rows, byte for byte" \
            || not_ok "summary --by $by ${period:-(all)}: aggregate = rows, byte for byte"
    done
done

# import and re-import keep it equal to the rows
expect_exit 0 "import fixtures" -- "$BOHAN" --db "$DB" --quiet crimes import "$F/match_cp932.csv" "$F/codes_cp932.csv" "$F/utf8_bom.csv"
expect_exit 0 "re-import" -- "$BOHAN" --db "$DB" --quiet crimes import "$F/match_cp932.csv"
expect_exit 0 "aggregate matches after import and re-import" -- "$BOHAN" --db "$DB" crimes check

# tampering is found
sqlite3 "$DB" "UPDATE crime_agg SET n = n + 2 WHERE state = 'chome' AND (place, crime_type, ym) = (SELECT place, crime_type, ym FROM crime_agg WHERE state = 'chome' LIMIT 1)"
expect_exit 1 "a tampered aggregate fails the check" -- "$BOHAN" --db "$DB" crimes check
expect_grep "1 groups of crime_agg or rows of chome_area_map differ" "$T/err" "check counts the differing groups"
expect_grep "differs: state chome" "$T/err" "check names the group"

# 18.1: the 2023 sample files re-saved as UTF-8 are the same crimes: refused in one line, totals
# unchanged; remove undoes an import and restores the previous totals exactly.
SRC=$(cd "$BOHAN_TEST_DATA/../.." && pwd)
DB2=$T/dup.sqlite
expect_exit 0 "init (dup)" -- "$BOHAN" --db "$DB2" --quiet init
"$BOHAN" --db "$DB2" crimes summary --by koban --format json >"$T/sum0.json" 2>/dev/null
mkdir -p "$T/utf8"
for f in "$SRC"/data/matsudo/crimes/2023_*.csv; do iconv -f CP932 -t UTF-8 "$f" >"$T/utf8/$(basename "$f")"; done
expect_exit 1 "UTF-8 copies of the 2023 files are refused" -- "$BOHAN" --db "$DB2" crimes import "$T"/utf8/2023_*.csv
expect_eq "$(wc -l <"$T/err")" 1 "the refusal is one line"
expect_grep "already imported" "$T/err" "the refusal says already imported"
"$BOHAN" --db "$DB2" crimes summary --by koban --format json >"$T/sum1.json" 2>/dev/null
cmp -s "$T/sum0.json" "$T/sum1.json" && ok "totals unchanged after the refusal" || not_ok "totals unchanged after the refusal"
# A superset of an imported file (its rows and three new ones, of 2024) is the same crimes too.
{ cat "$T/utf8/2023_hittakuri.csv"; sed -n '2,4p' "$T/utf8/2023_hittakuri.csv" | sed 's#,2023/#,2024/#'; } >"$T/superset.csv"
expect_exit 1 "a superset of an imported file is refused" -- "$BOHAN" --db "$DB2" crimes import "$T/superset.csv"
expect_grep "superset.csv: .* located rows are already imported" "$T/err" "the superset's refusal names the file"
"$BOHAN" --db "$DB2" crimes summary --by koban --format json >"$T/sum1b.json" 2>/dev/null
cmp -s "$T/sum0.json" "$T/sum1b.json" && ok "totals unchanged after the superset's refusal" || not_ok "totals unchanged after the superset's refusal"

expect_exit 0 "crimes files" -- "$BOHAN" --db "$DB2" crimes files
expect_grep "2023_jitensha_to.csv" "$T/out" "files lists the imported sample"
expect_exit 0 "remove the 2023 自転車盗 file" -- "$BOHAN" --db "$DB2" crimes remove 2023_jitensha_to.csv
expect_grep "removed 2023_jitensha_to.csv: " "$T/out" "remove reports the rows"
"$BOHAN" --db "$DB2" crimes summary --by koban --format json >"$T/sum2.json" 2>/dev/null
cmp -s "$T/sum0.json" "$T/sum2.json" && not_ok "remove changes the totals" || ok "remove changes the totals"
expect_exit 0 "aggregate matches after remove" -- "$BOHAN" --db "$DB2" crimes check
expect_exit 0 "its UTF-8 copy now imports" -- "$BOHAN" --db "$DB2" --quiet crimes import "$T/utf8/2023_jitensha_to.csv"
"$BOHAN" --db "$DB2" crimes summary --by koban --format json >"$T/sum3.json" 2>/dev/null
cmp -s "$T/sum0.json" "$T/sum3.json" && ok "remove + re-import restores the totals exactly" || not_ok "remove + re-import restores the totals exactly"
# ... and removing that import (by its id) gives back the totals before it exactly.
id=$(sqlite3 "$DB2" "SELECT max(id) FROM crime_files")
expect_exit 0 "remove the re-imported copy by id $id" -- "$BOHAN" --db "$DB2" crimes remove "$id"
"$BOHAN" --db "$DB2" crimes summary --by koban --format json >"$T/sum4.json" 2>/dev/null
cmp -s "$T/sum2.json" "$T/sum4.json" && ok "remove restores the totals before the import exactly" || not_ok "remove restores the totals before the import exactly"
expect_exit 0 "aggregate matches after the second remove" -- "$BOHAN" --db "$DB2" crimes check

expect_exit 1 "remove of an unknown file fails" -- "$BOHAN" --db "$DB2" crimes remove nosuch.csv
finish
