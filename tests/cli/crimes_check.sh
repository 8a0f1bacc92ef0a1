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
expect_grep "1 groups of crime_agg differ" "$T/err" "check counts the differing groups"
expect_grep "differs: state chome" "$T/err" "check names the group"
finish
