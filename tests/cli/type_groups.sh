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
# The default city map (issue 14.1, 18.7): the chart legend lists exactly Matsudo's five types, and
# every 交番 label's count is the sum of those charted types (the legend says so).
"$BOHAN" --db "$DB" --quiet map --out "$T/city.pdf" --no-record
pdftotext -raw "$T/city.pdf" "$T/city.txt"
types=$(sed -n '/手口の合計/,/施設・区域/p' "$T/city.txt" | sed '1d;$d' | paste -sd,)
expect_eq "$types" "ひったくり,自動車盗,住宅対象侵入盗,車上・部品ねらい,電話de詐欺" "city map: the chart lists exactly the five Matsudo types"
expect_grep "地区の件数は次の5手口の合計" "$T/city.txt" "city map: the legend says what the label count covers"
y=$(sqlite3 "$DB" "SELECT MAX(occurred_ym) / 100 FROM crimes WHERE state IN ('chome','oaza')")
csv --by koban --from "$y-01" --to "$y-12" --types ひったくり,自動車盗,住宅対象侵入盗,車上・部品ねらい,電話de詐欺 >"$T/five.csv"
t=$(col "$T/five.csv" total)
bad=0; seen=0
while IFS=, read -r -a f; do
    name=${f[1]}; want=${f[$((t - 1))]}
    got=$( (grep -A1 -x -- "$name" "$T/city.txt" || true) | sed -n 2p)
    [ -n "$got" ] || continue
    seen=$((seen + 1))
    [ "$got" = "${want}件" ] || { bad=$((bad + 1)); echo "# $name: label '$got', five types sum $want"; }
done < <(tail -n +2 "$T/five.csv")
[ "$seen" -gt 0 ] && ok "city map: $seen 交番 labels read" || not_ok "city map: no 交番 label found"
expect_eq "$bad" 0 "city map: every label count = the sum of its charted types"
# 電話de詐欺 per 交番管内 comes from the sample count table (rows by サンプル交番, marked sample).
n=$(sqlite3 "$DB" "SELECT count(DISTINCT koban) FROM crime_counts WHERE crime_type = '電話de詐欺' AND state = 'koban' AND sample = 1")
expect_eq "$n" 18 "電話de詐欺: sample count rows for every one of the 18 交番"
expect_grep "こども110番の家 [0-9]*軒" "$T/city.txt" "city map: こども110番の家 N軒"
expect_grep "防犯カメラ [0-9]*台" "$T/city.txt" "city map: cameras in 台"
expect_grep "ネットワークカメラ [0-9]*台" "$T/city.txt" "city map: ネットワークカメラ spelled out"
finish
