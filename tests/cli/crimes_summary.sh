#!/usr/bin/env bash
# bohan crimes summary | koban | hotspots end to end on the crimes-stats fixture
# (tests/crimes_stats_fixture.h: 5 blocks, 35 in-city crimes in 2024, 5000 residents).
source "$(dirname "$0")/lib.sh"
MKDB=${CRIMES_STATS_MKDB:-./crimes_stats_mkdb}
DB="$T/city.sqlite"
"$MKDB" "$DB"
B() { "$BOHAN" --db "$DB" "$@"; }

# --help on every subcommand
for sub in summary koban hotspots; do
    expect_exit 0 "crimes $sub --help" -- B crimes "$sub" --help
    expect_grep "usage: bohan crimes $sub" "$T/out" "crimes $sub --help prints usage"
done

# CSV: BOM, header, one row per area, grand total = in-city rows of 2024
expect_exit 0 "summary csv" -- B crimes summary --from 2024-01 --to 2024-12 --format csv
cp "$T/out" "$T/sum.csv"
expect_eq "$(head -c 3 "$T/sum.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "csv starts with a UTF-8 BOM"
header=$(head -1 "$T/sum.csv" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r')
expect_eq "$(echo "$header" | cut -d, -f1-3)" "id,name,population" "csv header starts id,name,population"
expect_grep "total,per_1000,risk_level,prev_total,change" "$T/sum.csv" "csv header ends with total..change"
ncol=$(echo "$header" | awk -F, '{print NF}')
totcol=$(echo "$header" | tr ',' '\n' | grep -nx total | cut -d: -f1)
expect_eq "$(echo "$header" | awk -F, '{print $NF}')" kind "csv header ends with the kind column (area, group, oaza_only, koban_only, city, unlocated)"
expect_eq "$(grep -c ',oaza_only$' <(tr -d '\r' <"$T/sum.csv"))" "$(grep -c '^oaza:' "$T/sum.csv")" "the 大字のみ rows are kind oaza_only"
sum=$(tail -n +2 "$T/sum.csv" | tr -d '\r' | awk -F, -v c="$totcol" '{s += $c} END {print s}')
expect_eq "$sum" 35 "csv totals add up to the 35 in-city crimes of 2024"
pop=$(tail -n +2 "$T/sum.csv" | tr -d '\r' | awk -F, '{s += $3} END {print s}')
expect_eq "$pop" 5000 "csv populations add up to the city's 5000"
expect_grep '^001,甲1丁目,1000,' "$T/sum.csv" "block 001 row"
expect_grep '^oaza:甲,甲（大字のみ）,0,' "$T/sum.csv" "大字-only rows kept in their own row"
row001=$(grep '^001,' "$T/sum.csv" | tr -d '\r')
expect_eq "$(echo "$row001" | awk -F, -v c="$totcol" '{print $c","$(c+1)","$(c+2)","$(c+3)","$(c+4)}')" \
    "8,8.00,3,3,+5" "001: total 8, 8 per 1000, 危険度 3, 前年 3, change +5"

# JSON parses and carries the same total
expect_exit 0 "summary json" -- B crimes summary --from 2024-01 --to 2024-12 --format json --by oaza
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] == 35, d["total"]; assert sum(a["total"] for a in d["areas"]) == 35; assert d["risk"]["method"] == "ratio"; assert len(d["risk"]["breaks"]) == 4' "$T/out" \
    && ok "summary json is valid and totals 35" || not_ok "summary json is valid and totals 35"

# text and the other kinds
expect_exit 0 "summary text" -- B crimes summary --from 2024-01 --to 2024-12
expect_grep "35 crimes" "$T/out" "text footer gives the grand total"
expect_exit 0 "summary by school-district" -- B crimes summary --by school-district --format csv
expect_grep "西小学校" "$T/out" "school districts listed"
expect_exit 0 "summary by grid:500" -- B crimes summary --by grid:500 --format csv
expect_grep '^"\?0:0' "$T/out" "grid cell ids col:row"
expect_exit 0 "summary --types" -- B crimes summary --types 自転車盗 --from 2024-01 --to 2024-12 --format csv
expect_eq "$(head -1 "$T/out" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r')" \
    "id,name,population,自転車盗,total,per_1000,risk_level,prev_total,change,kind" "--types narrows the columns"
expect_exit 0 "summary --risk-breaks" -- B crimes summary --risk-breaks 1,2,3,4 --format json
expect_grep '"method": "fixed"' "$T/out" "--risk-breaks reported as fixed"

# empty period: zeros, exit 0
expect_exit 0 "empty period" -- B crimes summary --from 2010-01 --to 2010-12 --format csv
sum=$(tail -n +2 "$T/out" | tr -d '\r' | awk -F, -v c="$totcol" '{s += $c} END {print s+0}')
expect_eq "$sum" 0 "empty period gives zero totals"

# bad options: usage errors exit 2 with one line
expect_exit 2 "unknown --by" -- B crimes summary --by ward
one_line "$T/err" "unknown --by: one-line error"
expect_grep "ward" "$T/err" "unknown --by names the value"
expect_exit 2 "bad grid size" -- B crimes summary --by grid:abc
expect_exit 2 "bad --from" -- B crimes summary --from 2024-13
expect_exit 2 "bad --format" -- B crimes summary --format xml
expect_exit 2 "unknown type" -- B crimes summary --types 空き巣
expect_grep "空き巣" "$T/err" "unknown type named"
expect_exit 2 "bad --risk-breaks" -- B crimes summary --risk-breaks 1,2,2,3
expect_exit 2 "stray argument" -- B crimes summary extra
expect_exit 1 "koban summary before derivation" -- B crimes summary --by koban
one_line "$T/err" "missing koban layer: one-line error"

# koban: derive + list; the summary by koban then works
expect_exit 0 "crimes koban" -- B crimes koban --format csv
expect_eq "$(tail -n +2 "$T/out" | tr -d '\r' | cut -d, -f1-3 | tr '\n' ' ')" \
    "乙交番,乙警察署,4.000 甲交番,甲警察署,2.000 " "koban areas: 乙 4 km², 甲 2 km²"
expect_exit 0 "summary by koban" -- B crimes summary --by koban --from 2024-01 --to 2024-12 --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["total"] == 35; assert abs(sum(a["population"] for a in d["areas"]) - 5000) < 1' "$T/out" \
    && ok "koban summary keeps totals and population" || not_ok "koban summary keeps totals and population"

# hotspots
expect_exit 0 "hotspots kde" -- B crimes hotspots --method kde --cell 100 --bandwidth 200 --format json
expect_grep '"features": 600' "$T/out" "kde wrote 600 cells"
expect_exit 0 "hotspots gistar" -- B crimes hotspots --method gistar --permutations 99 --seed 7 --format csv
cp "$T/out" "$T/g1"
expect_exit 0 "hotspots gistar again" -- B crimes hotspots --method gistar --permutations 99 --seed 7 --format csv
cmp -s "$T/g1" "$T/out" && ok "gistar report reproducible for a seed" || not_ok "gistar report reproducible for a seed"
expect_exit 2 "hotspots without --method" -- B crimes hotspots
expect_exit 2 "hotspots bad --weights" -- B crimes hotspots --method gistar --weights bishop
expect_exit 2 "hotspots unknown --by" -- B crimes hotspots --method gistar --by ward

# a failing write leaves the database byte-for-byte unchanged
cp "$DB" "$T/before.sqlite"
expect_exit 2 "hotspots unknown type" -- B crimes hotspots --method kde --types 空き巣
cmp -s "$DB" "$T/before.sqlite" && ok "failed hotspots leaves the db unchanged" || not_ok "failed hotspots leaves the db unchanged"

# no crimes: koban derivation has nothing to work from
"$MKDB" "$T/empty.sqlite" --no-crimes
expect_exit 1 "koban with no crime rows" -- "$BOHAN" --db "$T/empty.sqlite" --quiet crimes koban
one_line "$T/err" "koban with no rows: one-line error"
expect_exit 0 "summary with no crime rows" -- "$BOHAN" --db "$T/empty.sqlite" crimes summary --format csv

finish
