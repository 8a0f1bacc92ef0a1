#!/usr/bin/env bash
# Issue 14.1 and 14.4 on the default city: the profile's type group 車上・部品ねらい is one column
# whose count per area equals the sum of its two 手口 (車上ねらい, 部品ねらい, asked by --types);
# another grouping is data only (the profile in the database edited, no C change); the text table
# lines up by display width (全角 = 2 columns, measured by `wc -L` under C.UTF-8).
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >/dev/null 2>&1 || "$BOHAN" --db "$DB" --quiet init --force >"$T/init.err" 2>&1
csv() { "$BOHAN" --db "$DB" crimes summary "$@" --format csv | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//'; }
col() { head -1 "$1" | tr ',' '\n' | grep -nx -- "$2" | cut -d: -f1; }

for by in koban school-district oaza chome; do
    csv --by "$by" --from 2023-01 --to 2023-12 >"$T/g.csv"
    csv --by "$by" --from 2023-01 --to 2023-12 --types 車上ねらい,部品ねらい >"$T/m.csv"
    g=$(col "$T/g.csv" 車上・部品ねらい)
    a=$(col "$T/m.csv" 車上ねらい); b=$(col "$T/m.csv" 部品ねらい)
    expect_eq "$(col "$T/g.csv" 車上ねらい)" "" "--by $by: no separate 車上ねらい column by default"
    # joined by id: a row absent from the members' summary (e.g. the city-wide row) counts 0
    bad=$(awk -F, -v g="$g" -v a="$a" -v b="$b" 'FNR == 1 {next}
        FNR == NR {m[$1] = $a + $b; next} {if ($g != m[$1] + 0) n++} END {print n + 0}' "$T/m.csv" "$T/g.csv")
    rows=$(($(wc -l <"$T/g.csv") - 1))
    expect_eq "$bad" 0 "--by $by: 車上・部品ねらい = 車上ねらい + 部品ねらい on every one of $rows rows"
done
"$BOHAN" --db "$DB" --quiet crimes summary --by koban --from 2023-01 --to 2023-12 --types 車上・部品ねらい --format csv >"$T/one.csv" &&
    ok "--types accepts the group's name" || not_ok "--types 車上・部品ねらい refused"

# Another city's grouping is data: a group 乗り物盗 added to the stored profile.
cp "$DB" "$T/other.sqlite"
sqlite3 "$T/other.sqlite" "UPDATE meta SET value = replace(value, '\"type_groups\":{', '\"type_groups\":{\"乗り物盗\":[\"自動車盗\",\"オートバイ盗\"],') WHERE key = 'city_json'"
"$BOHAN" --db "$T/other.sqlite" crimes summary --by koban --from 2023-01 --to 2023-12 --format csv | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//' >"$T/o.csv"
csv --by koban --from 2023-01 --to 2023-12 --types 自動車盗,オートバイ盗 >"$T/v.csv"
o=$(col "$T/o.csv" 乗り物盗)
bad=$(awk -F, -v o="$o" 'FNR == 1 {next} FNR == NR {m[$1] = $4 + $5; next} {if ($o != m[$1] + 0) n++} END {print n + 0}' "$T/v.csv" "$T/o.csv")
[ -n "$o" ] && expect_eq "$bad" 0 "a profile-only group 乗り物盗 sums its 手口 per 交番" || not_ok "no 乗り物盗 column"

# A malformed group is a one-line error naming the key.
sqlite3 "$T/other.sqlite" "UPDATE meta SET value = replace(value, '\"乗り物盗\":[\"自動車盗\",\"オートバイ盗\"]', '\"乗り物盗\":3') WHERE key = 'city_json'"
expect_exit 1 "a malformed type group fails" -- "$BOHAN" --db "$T/other.sqlite" crimes summary --by koban
expect_grep "crimes.type_groups.乗り物盗" "$T/err" "the error names crimes.type_groups.乗り物盗"

# Text output: every line of the table has the same display width (right-aligned last column).
"$BOHAN" --db "$DB" crimes summary --by koban --from 2023-01 --to 2023-12 >"$T/t.txt"
widths=$(grep -v '^$' "$T/t.txt" | grep -v ' areas, ' | while IFS= read -r l; do printf '%s\n' "$l" | LC_ALL=C.UTF-8 wc -L; done | sort -u | wc -l || true)
expect_eq "$widths" 1 "crimes summary text: every table line has the same display width"
finish
