#!/bin/bash
# bohan plan list|show end to end, on a database whose plan was loaded through the library.
source "$(dirname "$0")/lib.sh"
MKDB=${BH_PLAN_MKDB:?BH_PLAN_MKDB not set (run through ctest)}
DB="$T/plan.sqlite"
"$MKDB" "$DB"
B() { "$BOHAN" --db "$DB" "$@"; }

expect_exit 0 "plan --help" -- B plan --help
expect_grep "bohan plan SUBCOMMAND" "$T/out" "plan --help prints usage"
expect_exit 0 "plan list --help" -- B plan list --help
expect_grep "--category" "$T/out" "list --help names --category"
expect_exit 0 "plan show --help" -- B plan show --help
expect_grep "事業報告（FY）" "$T/out" "show --help explains the texts"

expect_exit 0 "plan list" -- B plan list
expect_grep "計 66 事業" "$T/out" "list counts 66 items"
expect_grep "区分5【見守り活動推進事業】" "$T/out" "list shows category headings"
expect_grep "46  松戸市内犯罪多発地域への街頭防犯カメラの設置・維持管理 *［市民安全課］" "$T/out" "list line of item 46"
# 事業名 are padded by display width (全角 = 2 columns; `wc -L` under C.UTF-8 measures it): every
# ［担当課］ of category 4 starts in the same terminal column.
"$BOHAN" --db "$DB" plan list --category 4 >"$T/c4.txt" 2>/dev/null || true
cols=$(while IFS= read -r l; do p=${l%%［*}; if [ "$p" != "$l" ]; then printf '%s\n' "$p" | LC_ALL=C.UTF-8 wc -L; fi; done <"$T/c4.txt" | sort -u | wc -l)
expect_eq "$cols" 1 "list: every ［担当課］ of a category starts in the same display column"

expect_exit 0 "list --category 4" -- B plan list --category 4
expect_grep "計 8 事業" "$T/out" "category 4 has 8 items"
expect_exit 0 "list --dept 学務課" -- B plan list --dept 学務課
expect_grep "計 14 事業" "$T/out" "学務課 has 14 items"
expect_exit 0 "list --dept with half-width brackets" -- B plan list --dept '消防局(情報通信課)'
expect_grep "計 3 事業" "$T/out" "消防局(情報通信課) has 3 items"

expect_exit 0 "list --format csv" -- B plan list --format csv
expect_eq "$(head -c 3 "$T/out" | od -An -tx1 | tr -d ' ')" "efbbbf" "csv starts with a BOM"
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 66 "csv has 66 data rows"
expect_grep "^46,4,施設整備・備品提供事業,施設、設備整備業務,松戸市内犯罪多発地域への街頭防犯カメラの設置・維持管理,市民安全課" "$T/out" "csv row of item 46"

expect_exit 0 "list --format json" -- B plan list --category 2 --format json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["count"], [i["no"] for i in d["items"]])' "$T/out")" \
    "4 [13, 14, 15, 16]" "json list of category 2"

expect_exit 0 "show 46" -- B plan show 46
expect_grep "^No.46 松戸市内犯罪多発地域への街頭防犯カメラの設置・維持管理" "$T/out" "show title"
expect_grep "防犯カメラ 設置台数（累計）: 290台" "$T/out" "show metric 290 cameras"
expect_grep "cameras: 0件.*レイヤー未読込" "$T/out" "unloaded layer noted"
expect_exit 0 "show 20 json" -- B plan show 20 --format json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); m={x["metric"]: x["value"] for x in d["metrics"]}; print(len(d["departments"]), m["safety_mail_registrants"], m["safety_mail_messages"])' "$T/out")" \
    "2 46920 413" "json show of item 20: 2 departments, 46,920 registrants, 413 messages"

expect_exit 1 "show unknown item" -- B plan show 67
one_line "$T/err" "unknown item: one-line error"
expect_grep "plan item No. 67: not in cycle R5" "$T/err" "unknown item named with the cycle"
expect_exit 1 "unknown category" -- B plan list --category 9
one_line "$T/err" "unknown category: one-line error"
expect_exit 2 "bad option" -- B plan list --bogus
expect_exit 2 "bad format" -- B plan list --format xml
expect_exit 2 "show csv is not offered" -- B plan show 1 --format csv
expect_exit 2 "show without number" -- B plan show
expect_exit 2 "show non-number" -- B plan show abc
expect_exit 2 "unknown subcommand" -- B plan frobnicate
expect_exit 1 "missing database" -- "$BOHAN" --db "$T/nope.sqlite" plan list

# Through `bohan init` (the plan is loaded in init's transaction, next to the layers).
I="$T/init.sqlite"
expect_exit 0 "bohan init" -- "$BOHAN" --quiet --db "$I" init
expect_exit 0 "plan list after init" -- "$BOHAN" --db "$I" plan list --format csv
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 66 "init loaded 66 items"
expect_exit 0 "plan show 46 after init" -- "$BOHAN" --db "$I" plan show 46 --format json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({l["layer"]: l["features"] for l in d["layers"]})' "$T/out")" \
    "{'cameras': 290, 'network_cameras': 292}" "item 46 counts the 290 sample cameras and 292 network cameras"
finish
