#!/usr/bin/env bash
# Issue 18.5: every --from/--to takes the months the office writes (2023/07, 令和5年7月, R5-07,
# R5.7, 2023年7月, full-width digits) through the one parser (core/month.c), and 令和5年7月 gives
# exactly what 2023-07 gives: the same summary, the same map text, the same camera coverage.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }

"$BOHAN" --db "$DB" --quiet crimes summary --by koban --from 2023-07 --to 2023-12 --format csv >"$T/ref.csv"
n=0
for pair in "令和5年7月:令和5年12月" "2023/07:2023/12" "R5-07:R5-12" "R5.7:R5.12" "2023年7月:2023年12月" \
    "２０２３－０７:Ｒ５．１２" "202307:令和5年12月"; do
    from=${pair%%:*} to=${pair#*:}
    n=$((n + 1))
    expect_exit 0 "crimes summary --from $from --to $to" -- \
        "$BOHAN" --db "$DB" --quiet crimes summary --by koban --from "$from" --to "$to" --format csv
    cmp -s "$T/out" "$T/ref.csv" && ok "summary --from $from --to $to equals 2023-07..2023-12" ||
        not_ok "summary --from $from --to $to differs from 2023-07..2023-12"
done
rows=$(wc -l <"$T/ref.csv")
[ "$rows" -gt 10 ] && ok "the reference summary has $rows lines" || not_ok "reference summary too short ($rows lines)"

# The map: same text (title period, counts, legend) for 令和5年7月 and 2023-07.
"$BOHAN" --db "$DB" --quiet map --from 2023-07 --to 2023-12 --date 2024-01-15 --no-record --out "$T/a.pdf"
expect_exit 0 "map --from 令和5年7月 --to 令和5年12月" -- "$BOHAN" --db "$DB" --quiet map --from 令和5年7月 \
    --to 令和5年12月 --date 2024-01-15 --no-record --out "$T/b.pdf"
pdftotext -layout "$T/a.pdf" "$T/a.txt"
pdftotext -layout "$T/b.pdf" "$T/b.txt"
cmp -s "$T/a.txt" "$T/b.txt" && ok "map text of 令和5年7月..令和5年12月 equals 2023-07..2023-12" ||
    not_ok "map text differs: $(diff "$T/a.txt" "$T/b.txt" | head -5)"
expect_grep "令和5年7月〜令和5年12月" "$T/b.txt" "the map names the period"

# hotspots and cameras take the same forms (they share the parser).
expect_exit 0 "cameras coverage --from R5.7" -- "$BOHAN" --db "$DB" --quiet cameras coverage --from R5.7 --to R5.12 --format csv
cp "$T/out" "$T/cam-b.csv"
"$BOHAN" --db "$DB" --quiet cameras coverage --from 2023-07 --to 2023-12 --format csv >"$T/cam-a.csv"
cmp -s "$T/cam-a.csv" "$T/cam-b.csv" && ok "cameras coverage R5.7..R5.12 equals 2023-07..2023-12" || not_ok "cameras coverage differs"

# Refused: era outside its years, a day, nonsense — usage errors (exit 2), one line naming the text.
for bad in "令和元年4月" "2023-13" "2023-07-01" "R5" "来月"; do
    expect_exit 2 "--from '$bad' refused" -- "$BOHAN" --db "$DB" crimes summary --from "$bad"
    expect_grep "'$bad'" "$T/err" "--from '$bad': the message names the text"
    one_line "$T/err" "--from '$bad': one line"
done
expect_exit 2 "map --to '平成31年5月' refused" -- "$BOHAN" --db "$DB" map --to 平成31年5月 --out "$T/x.pdf"
expect_exit 2 "atlas --from 'R5-13' refused" -- "$BOHAN" --db "$DB" atlas --by koban --from R5-13 --out "$T/x.pdf"
expect_exit 2 "hotspots --from 'x' refused" -- "$BOHAN" --db "$DB" crimes hotspots --method kde --from x
finish
