#!/bin/bash
# The plan's yearly cycle on PostGIS gives the same answers as on SpatiaLite (docs/postgis.md): a
# throwaway cluster (scripts/pg-cluster) runs init, plan show/metrics/export, an R6 import (dry run,
# then written), plan link and the R6 report (--no-maps), each compared with the same command on a
# SpatiaLite file; a conflicting import is refused with the PostgreSQL database unchanged.
# Exit 77 (skipped) only when PostgreSQL 15 or PostGIS is not installed.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pglib.sh"
SQ=$T/city.sqlite
S() { "$BOHAN" --db "$SQ" "$@"; }
P() { "$BOHAN" --db "$URI" "$@"; }
# same DESC CMD...: the command's stdout on both backends, byte for byte
same() {
    local desc=$1; shift
    "$BOHAN" --db "$SQ" "$@" >"$T/o.sq" 2>"$T/e.sq" || true
    expect_exit 0 "$desc on PostGIS" -- "$BOHAN" --db "$URI" "$@"
    cmp -s "$T/out" "$T/o.sq" && ok "$desc: equal on both" || not_ok "$desc differs: $(diff "$T/o.sq" "$T/out" | head -4)"
}
expect_exit 0 "init on SpatiaLite" -- S -q init
expect_exit 0 "init on PostGIS" -- P -q init

same "plan show 46 --format json" plan show 46 --format json
expect_grep '"features": 290' "$T/out" "PostGIS: item 46 counts the 290 cameras"
same "plan show 65 --fy R5" plan show 65 --fy R5
same "plan metrics --format json" plan metrics --format json
expect_grep '"computed": 290, "mismatch": false' "$T/out" "PostGIS: 290 computed from the cameras layer"
expect_exit 1 "plan show --fy R9 on PostGIS" -- P plan show 1 --fy R9
expect_grep "fiscal year R9: no plan cycle in the database (cycles: R5)" "$T/err" "PostGIS: unknown cycle named"

# export → fill in R6 → import, on both
expect_exit 0 "export on SpatiaLite" -- S plan export --fy R6 --dept 市民安全課 --out "$T/xs" --csv
expect_exit 0 "export on PostGIS" -- P plan export --fy R6 --dept 市民安全課 --out "$T/xp" --csv
cmp -s "$T/xs/R6_市民安全課.csv" "$T/xp/R6_市民安全課.csv" && ok "exported sheets equal" || not_ok "exported sheets differ"
python3 - "$T/xp/R6_市民安全課.csv" "$T/filled.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
out = open(sys.argv[2], "w", encoding="utf-8", newline=""); w = csv.DictWriter(out, rows[0].keys()); w.writeheader()
for r in rows:
    i = r["ID"]
    r["事業報告（R6）"] = f"R6年度の報告 {i}。"; r["事業計画（R7）"] = f"R7年度の計画 {i}。"
    if i == "46": r["指標（R6）"] = "cameras_total=310.5\ncameras_added=20"
    if i == "66": r["廃止"] = "廃止"; r["事業計画（R7）"] = ""
    if i == "65": r["No."] = "67"
    w.writerow(r)
w.writerow({"ID": "", "区分": "5", "No.": "68", "事業名": "その他業務", "内容": "新しい見守り事業", "担当課": "市民安全課",
            "事業報告（R6）": "新規に開始した。", "事業計画（R7）": "継続する。"})
PY
"$BOHAN" --db "$URI" db hash >"$T/h0"
same "plan import --dry-run" plan import --dry-run "$T/filled.csv"
"$BOHAN" --db "$URI" db hash >"$T/h1"
cmp -s "$T/h0" "$T/h1" && ok "PostGIS: a dry run changes nothing" || not_ok "dry run changed the PostGIS database"
same "plan import" plan import "$T/filled.csv"
expect_grep "+ 新規事業" "$T/out" "PostGIS: the new item is created"
same "plan import again: nothing to change" plan import "$T/filled.csv"
sed 's/R6年度の報告 46。/別の報告/' "$T/filled.csv" >"$T/conflict.csv"
"$BOHAN" --db "$URI" db hash >"$T/h0"
expect_exit 1 "PostGIS: a conflicting edit is refused" -- P plan import "$T/conflict.csv"
expect_grep "conflict.csv: row .*: field '事業報告（R6）': item 46 already has a different text" "$T/err" "PostGIS: conflict named"
"$BOHAN" --db "$URI" db hash >"$T/h1"
cmp -s "$T/h0" "$T/h1" && ok "PostGIS: refused import leaves the database unchanged" || not_ok "refused import changed PostGIS"

# the new cycle: links carried forward and changed for R6 only, figures, the report
same "plan show 67 (latest cycle R6)" plan show 67 --format json
expect_grep '"id": 65' "$T/out" "PostGIS: No. 67 of R6 is item 65"
same "plan list (latest cycle R6)" plan list --format json
same "plan list --fy R5 --dept 市民安全課" plan list --fy R5 --dept 市民安全課
same "plan link --fy R6 46 cameras --filter" plan link --fy R6 46 cameras --filter "installed_fy = 'R5'"
same "plan link --fy R6 68 railway_stations" plan link --fy R6 68 railway_stations --note 駅周辺
same "plan link --remove" plan link --fy R6 --remove 33 station_patrol_zones
expect_exit 1 "PostGIS: link with a broken filter" -- P plan link --fy R6 46 cameras --filter "no_column = 1"
one_line "$T/err" "PostGIS: broken filter: one-line error"
same "plan show 46 --fy R6" plan show 46 --fy R6 --format json
expect_grep '"features": 20' "$T/out" "PostGIS: R6 link of item 46 counts 20 cameras"
same "plan show 46 --fy R5" plan show 46 --fy R5 --format json
same "plan metrics --fy R6" plan metrics --fy R6 --format json
expect_grep '"value": 310.5' "$T/out" "PostGIS: the R6 figure 310.5 kept exactly"
S plan report --fy R6 --out "$T/r6s.pdf" --no-maps --date 2025-05-23 2>"$T/e.sq"
expect_exit 0 "plan report --no-maps on PostGIS" -- P plan report --fy R6 --out "$T/r6p.pdf" --no-maps --date 2025-05-23
cmp -s <(sed "s/r6p/r6s/" "$T/err") "$T/e.sq" && ok "report summaries equal" || not_ok "report summaries differ: $(cat "$T/err")"
cmp -s <(pdftotext -raw "$T/r6s.pdf" -) <(pdftotext -raw "$T/r6p.pdf" -) && ok "R6 report text equal on both" || not_ok "R6 report text differs"
S plan report --fy R6 --out "$T/r6sm.pdf" --date 2025-05-23 2>/dev/null
expect_exit 0 "plan report with its maps on PostGIS" -- P plan report --fy R6 --out "$T/r6pm.pdf" --date 2025-05-23
cmp -s <(pdftotext -raw "$T/r6sm.pdf" -) <(pdftotext -raw "$T/r6pm.pdf" -) && ok "R6 report with maps: text equal on both" || not_ok "R6 report with maps: text differs"
# the plan tables hold the same rows on both (left out: tables with a timestamp column, and
# plan_metrics, whose re-inserted rows get new ids from PostgreSQL's sequence where SQLite reuses
# the highest; its rows are compared above through plan metrics and plan show)
for t in plan_items plan_item_years plan_category_years plan_item_layers plan_item_departments departments; do
    expect_eq "$(P db hash | grep "^$t ")" "$(S db hash | grep "^$t ")" "table $t: same rows on both"
done
finish
