#!/usr/bin/env bash
# Every output made from the default city's sample data says so: summary CSV (a trailing sample
# column), text and JSON, the map and atlas PDFs (stamp), the layer list (kind).
source "$(dirname "$0")/lib.sh"
DB=$T/m.sqlite
"$BOHAN" --db "$DB" --quiet init >/dev/null
"$BOHAN" --db "$DB" crimes summary --by koban --format csv | tr -d '\r' >"$T/s.csv"
expect_eq "$(head -1 "$T/s.csv" | awk -F, '{print $NF}')" "sample" "summary CSV header ends with a sample column"
expect_eq "$(tail -n +2 "$T/s.csv" | awk -F, '$NF != "1"' | wc -l)" "0" "every summary CSV row is marked sample=1"
"$BOHAN" --db "$DB" crimes summary --by koban >"$T/s.txt"
expect_grep "SAMPLE DATA" "$T/s.txt" "summary text says SAMPLE DATA"
"$BOHAN" --db "$DB" crimes summary --by oaza --format json >"$T/s.json"
expect_grep '"sample": true' "$T/s.json" "summary JSON has sample: true"
"$BOHAN" --db "$DB" --quiet map --out "$T/m.pdf" --no-record >/dev/null
pdftotext "$T/m.pdf" "$T/m.txt"
expect_grep "SAMPLE DATA" "$T/m.txt" "map PDF carries the sample stamp"
"$BOHAN" --db "$DB" --quiet atlas --by koban --out "$T/a.pdf" >/dev/null
pdftotext "$T/a.pdf" "$T/a.txt"
expect_eq "$(grep -c "SAMPLE DATA" "$T/a.txt")" "$(pdfinfo "$T/a.pdf" | awk '/^Pages:/ {print $2}')" "every atlas page carries the sample stamp"
"$BOHAN" --db "$DB" layers --format csv | tr -d '\r' >"$T/l.csv"
expect_eq "$(awk -F, '$1 == "cameras" || $1 == "refuge_houses" || $1 == "network_cameras" {print $3}' "$T/l.csv" | sort -u)" "sample" "asset layers are listed as sample"
finish
