#!/usr/bin/env bash
# Issues 18.2 and 18.3 on the default city: a period without crime data is refused (exit 1, one line naming
# the months the data covers, nothing written); with --allow-empty it prints データなし and no
# 危険度; every output made from a sample database carries the サンプルデータ stamp, empty or not.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >/dev/null 2>&1 || "$BOHAN" --db "$DB" --quiet init --force >"$T/init.err" 2>&1
range=$(sqlite3 "$DB" "SELECT printf('%04d-%02d..%04d-%02d', MIN(m) / 100, MIN(m) % 100, MAX(m) / 100, MAX(m) % 100) FROM (SELECT occurred_ym m FROM crimes WHERE state IN ('chome','oaza') UNION ALL SELECT from_ym FROM crime_counts WHERE state IN ('chome','oaza','koban','city') UNION ALL SELECT to_ym FROM crime_counts WHERE state IN ('chome','oaza','koban','city'))")
cp "$DB" "$T/before.sqlite"

expect_exit 1 "map of an empty period is refused" -- "$BOHAN" --db "$DB" map --from 2026-07 --to 2026-12 --out "$T/e.pdf"
one_line "$T/err" "empty period: one line on stderr"
expect_grep "the data covers $range" "$T/err" "empty period: the message gives the data's range ($range)"
expect_grep "allow-empty" "$T/err" "empty period: the message names --allow-empty"
[ ! -e "$T/e.pdf" ] && ok "empty period: no map written" || not_ok "empty period: a map was written"
cmp -s "$DB" "$T/before.sqlite" && ok "empty period: database unchanged (no edition recorded)" || not_ok "empty period: database changed"
expect_exit 1 "atlas of an empty period is refused" -- "$BOHAN" --db "$DB" atlas --by koban --from 2026-07 --to 2026-12 --out "$T/e-atlas.pdf"
expect_grep "the data covers $range" "$T/err" "atlas: the message gives the data's range"

expect_exit 0 "map --allow-empty" -- "$BOHAN" --db "$DB" --quiet map --from 2026-07 --to 2026-12 --allow-empty --no-record --out "$T/e.pdf"
pdftotext "$T/e.pdf" "$T/e.txt"
expect_grep "データなし" "$T/e.txt" "--allow-empty: the map says データなし"
if grep -q "危険度[1-5]" "$T/e.txt"; then not_ok "--allow-empty: a 危険度 class is printed"; else ok "--allow-empty: no 危険度 class"; fi
expect_grep "サンプルデータ" "$T/e.txt" "--allow-empty: the sample stamp is on the empty map"
expect_exit 0 "atlas --allow-empty" -- "$BOHAN" --db "$DB" --quiet atlas --by koban --from 2026-07 --to 2026-12 --allow-empty --out "$T/e-atlas.pdf"
pdftotext "$T/e-atlas.pdf" "$T/ea.txt"
pages=$(pdfinfo "$T/e-atlas.pdf" | awk '/^Pages:/ {print $2}')
stamps=$(grep -c "サンプルデータ" "$T/ea.txt" || true)
expect_eq "$stamps" "$pages" "--allow-empty atlas: the sample stamp on every page"
# A period with data still works and is stamped.
expect_exit 0 "map of a period with data" -- "$BOHAN" --db "$DB" --quiet map --from 2023-07 --to 2023-12 --no-record --out "$T/h.pdf"
pdftotext "$T/h.pdf" "$T/h.txt"
expect_grep "サンプルデータ" "$T/h.txt" "a period with data: sample stamp"
# Issue 18.3: a half-year leaves out the yearly count-table types, and every page says which.
note="住宅対象侵入盗・電話de詐欺は年間値のため"
expect_grep "$note" "$T/h.txt" "half-year map: the legend names the yearly types not included"
expect_exit 0 "half-year atlas" -- "$BOHAN" --db "$DB" --quiet atlas --by koban --from 2023-07 --to 2023-12 --out "$T/h-atlas.pdf"
pdftotext "$T/h-atlas.pdf" "$T/ha.txt"
pages=$(pdfinfo "$T/h-atlas.pdf" | awk '/^Pages:/ {print $2}')
notes=$(grep -c "$note" "$T/ha.txt" || true)
expect_eq "$notes" "$pages" "half-year atlas: the note on every page (cover legend and each 交番 page)"
expect_grep "住宅対象侵入盗・電話de詐欺" "$T/err" "half-year: the warning names the types"
# A whole year includes them: no note.
"$BOHAN" --db "$DB" --quiet map --from 2023-01 --to 2023-12 --no-record --out "$T/y.pdf"
pdftotext "$T/y.pdf" "$T/y.txt"
if grep -q "年間値のため" "$T/y.txt"; then not_ok "whole year: a note about yearly values"; else ok "whole year: no note (the yearly values are counted)"; fi
finish
