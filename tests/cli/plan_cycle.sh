#!/bin/bash
# The plan's yearly cycle end to end on a fresh `bohan init` database: the R5 report as the city
# prints it (pdftotext against the seed's texts, tests/data/plan/seed/), export → fill in R6 →
# import → R6 report (round trip exact), conflicting edits refused, damaged files refused with the
# database unchanged, plan metrics with 前年比.
source "$(dirname "$0")/lib.sh"
DB="$T/db.sqlite"
B() { "$BOHAN" --db "$DB" "$@"; }
expect_exit 0 "init" -- B --quiet init
SEED="$SRC/tests/data/plan/seed/r5-report-r6-plan.txt"

# ---- The R5 report -------------------------------------------------------------------------
expect_exit 0 "plan report --fy R5" -- B plan report --fy R5 --out "$T/r5.pdf" --date 2024-05-23
expect_grep "66 items in 5 区分" "$T/err" "66 items in 5 categories"
expect_grep "5 computed from layers, 0 mismatches" "$T/err" "5 figures computed, none differ"
expect_grep "18 maps" "$T/err" "18 spatial items get a map"
pdftotext -raw "$T/r5.pdf" "$T/r5.txt"
expect_grep "令和5年度 行動報告書・令和6年度 行動計画書" "$T/r5.txt" "和暦 title"
pages=$(pdfinfo "$T/r5.pdf" | awk '/^Pages:/ {print $2}')
maps=$(grep -c "^事業別地図（公開版" "$T/r5.txt")
expect_eq "$(grep -c "^No. 事業名 内容 担当課 事業報告（R5） 事業計画（R6）" "$T/r5.txt")" "$((pages - maps))" \
    "the header row is on every one of the $((pages - maps)) table pages ($maps map pages)"
expect_grep "^$pages / $pages" "$T/r5.txt" "page numbers n / N"
expect_eq "$(pdffonts "$T/r5.pdf" | awk 'NR > 2 && $(NF-4) != "yes"' | wc -l)" 0 "every font embedded"
expect_eq "$(grep -o '区分[1-5]【[^】]*】（[0-9]*事業）' "$T/r5.txt" | sed 's/.*（\([0-9]*\)事業）/\1/' | tr '\n' /)" \
    "12/4/24/8/18/" "category headings declare 12/4/24/8/18"
# Every 内容, 事業報告 and 事業計画 of the seed is in the PDF verbatim (spaces and line breaks
# aside), and every R5 figure with the layer's count.
python3 - "$SEED" "$T/r5.txt" >"$T/texts" <<'PY'
import re, sys
seed = open(sys.argv[1], encoding="utf-8").read()
pdf = re.sub(r"\s", "", open(sys.argv[2], encoding="utf-8").read())
cells = 0; missing = []
for line in seed.splitlines():
    f = [x for x in line.split("\t")]
    for i, x in enumerate(f):
        if re.fullmatch(r"\d{1,2}", x.strip()) and i + 4 < len(f) and 1 <= int(x) <= 66:
            for cell in f[i + 1:i + 5]:
                c = re.sub(r"\s", "", cell)
                if c and not c.startswith(("<p>", "【")) and len(c) > 2:
                    cells += 1
                    if c not in pdf: missing.append(x)
            break
print(cells, len(set(missing)))
PY
read -r cells missing <"$T/texts"
expect_eq "$missing" 0 "all $cells text cells of the seed appear verbatim"
# Per item: its 内容 is followed by its 担当課, 事業報告 and 事業計画 of the seed before the next
# item's 内容 (the text of each item equals the seed's, in the item's own row).
python3 - "$SEED" "$T/r5.txt" >"$T/peritem" <<'PY'
import re, sys
seed = open(sys.argv[1], encoding="utf-8").read()
pdf = re.sub(r"\s", "", open(sys.argv[2], encoding="utf-8").read())
norm = lambda x: re.sub(r"\s", "", x)
items = {}
for line in seed.splitlines():
    f = line.split("\t")
    nums = [i for i, x in enumerate(f) if re.fullmatch(r"\d{1,2}", x.strip()) and 1 <= int(x) <= 66]
    if not nums or nums[-1] + 4 >= len(f): continue
    i = nums[-1]  # the No. (a 区分 number may come first on a heading's row)
    cells = [norm(c) for c in f[i + 1:] if norm(c)][:4]  # some rows of the seed hold an empty cell
    if len(cells) >= 3: items[int(f[i])] = cells
pos = 0; bad = []
for n in sorted(items):
    content, rest = items[n][0], items[n][1:]
    a = pdf.find(content, pos)
    if a < 0: bad.append(f"{n}:content"); continue
    b = pdf.find(items[n + 1][0], a + len(content)) if n + 1 in items else -1
    seg = pdf[a:b if b >= 0 else len(pdf)]
    bad += [f"{n}:{k}" for k, c in enumerate(rest) if c not in seg]
    pos = a + len(content)
print(len(items), sum(len(v) for v in items.values()), " ".join(bad) or "none")
PY
read -r nitems ncells badcells <"$T/peritem"
expect_eq "$nitems $ncells $badcells" "66 264 none" \
    "per item: 66 items' 内容, 担当課, 事業報告, 事業計画 (264 cells) in the item's own row"
# Every 事業概要 of the 区分 headings, every page numbered, A3 landscape.
python3 -c 'import csv,re,sys
pdf = re.sub(r"\s", "", open(sys.argv[2], encoding="utf-8").read())
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
print(sum(re.sub(r"\s", "", r["summary"]) in pdf for r in rows), len(rows))' "$SRC/data/matsudo/plan/categories.csv" "$T/r5.txt" >"$T/summ"
expect_eq "$(cat "$T/summ")" "5 5" "all 5 区分 headings print their 事業概要"
expect_eq "$(for p in $(seq 1 "$pages"); do grep -c "^$p / $pages" "$T/r5.txt"; done | tr -d '\n')" "$(printf '1%.0s' $(seq 1 "$pages"))" \
    "every page numbered n / $pages"
expect_grep "1190.55 x 841.89 pts (A3)" <(pdfinfo "$T/r5.pdf") "A3 landscape"
# The maps: public edition (cameras and こども110番の家 only as counts per area), sample marked.
for m in "事業別地図（公開版" "No.46松戸市内犯罪多発地域への街頭防犯カメラの設置・維持管理" \
    "街頭防犯カメラ290（交番管内別の数）［サンプル］" "ネットワークカメラ292（交番管内別の数）［サンプル］" \
    "No.62こども110番の家" "No.64こども110番の家" "こども110番の家2376（小学校区（近似）別の数）［サンプル］" "パトロール区域4［サンプル］" \
    "No.65防犯ボックス事業" "防犯ボックス活動範囲1" "No.33客引き行為等防止パトロールによる啓発活動" "駅4"; do
    expect_grep "$m" <(tr -d ' \n' <"$T/r5.txt") "map: $m"
done
expect_exit 0 "report without maps" -- B plan report --fy R5 --out "$T/r5n.pdf" --no-maps --paper A4
expect_grep "0 maps" "$T/err" "--no-maps draws none"
expect_grep "841.89 x 595.276 pts (A4)" <(pdfinfo "$T/r5n.pdf") "A4 landscape"
for fig in "防犯カメラ設置台数（累計）290台" "台帳290台✓" "台帳20台✓" "安全安心メール登録者数46,920件" "こども110番の家登録件数2,376件" "台帳2,376件✓"; do
    expect_grep "$fig" <(tr -d ' \n' <"$T/r5.txt") "figure $fig"
done

# ---- Metrics -------------------------------------------------------------------------------
expect_exit 0 "plan metrics --item 46" -- B plan metrics --item 46
expect_grep "防犯カメラ 設置台数（累計）: 290台  前年比 —  台帳 290 ✓" "$T/out" "metrics: 290 stated, 290 in the layer"
expect_grep "防犯カメラ 増設台数: 20台  前年比 —  台帳 20 ✓" "$T/out" "metrics: 20 installed in R5"
expect_exit 0 "plan metrics --format csv" -- B plan metrics --format csv
expect_eq "$(tail -n +2 "$T/out" | wc -l)" 32 "32 metrics of R5"
# Every R5 figure is printed in the report: label, value (with thousands commas) and unit.
expect_exit 0 "plan metrics --fy R5 --format json" -- B plan metrics --fy R5 --format json
python3 - "$T/out" "$T/r5.txt" >"$T/figs" <<'PY'
import json, re, sys
m = json.load(open(sys.argv[1]))["metrics"]
pdf = re.sub(r"\s", "", open(sys.argv[2], encoding="utf-8").read())
fig = lambda x: re.sub(r"\s", "", x["label"]) + (f"{x['value']:,.0f}" if x["value"] == int(x["value"]) else f"{x['value']:,}") + x["unit"]
print(len(m), sum(fig(x) not in pdf for x in m), sum(x["previous"] is not None for x in m))
PY
expect_eq "$(cat "$T/figs")" "32 0 0" "all 32 R5 figures printed in the report (no earlier year: no 前年比)"

# ---- Export, fill in R6, import ------------------------------------------------------------
expect_exit 0 "export --all" -- B plan export --fy R6 --all --out "$T/x"
expect_eq "$(ls "$T/x" | wc -l)" 12 "12 department sheets"
# The exported XLSX is read back as it is: every row understood, nothing to change.
X1=$(ls "$T/x"/R6_市民安全課.xlsx)
expect_exit 0 "an exported XLSX imports as it is (dry run)" -- B plan import --dry-run "$X1"
expect_eq "$(grep -c '^!' "$T/out" || true) $(grep -c '^  [+~]' "$T/out" || true)" "0 0" "exported XLSX: no problem, no change"
expect_exit 0 "export --dept --csv" -- B plan export --fy R6 --dept 市民安全課 --out "$T/c" --csv
F="$T/c/R6_市民安全課.csv"
expect_eq "$(head -c 3 "$F" | od -An -tx1 | tr -d ' ')" "efbbbf" "CSV has a BOM"
n=$(grep -c ',市民安全課$' "$SRC/data/matsudo/plan/departments.csv")
expect_eq "$(python3 -c 'import csv,sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
print(len(rows), sum(r["事業報告（R6）"] == "" and r["事業計画（R7）"] == "" for r in rows), sum(r["事業計画（R6）"] != "" for r in rows))' "$F")" \
    "$n $n $n" "export: the $n items of 市民安全課 (departments.csv), new year's cells empty, R6 plan given for reference"
python3 - "$F" "$T/filled.csv" "$T/expect.tsv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
out = open(sys.argv[2], "w", encoding="utf-8", newline=""); w = csv.DictWriter(out, rows[0].keys()); w.writeheader()
exp = open(sys.argv[3], "w", encoding="utf-8")
for r in rows:
    i = r["ID"]
    r["事業報告（R6）"] = f"R6年度の報告 {i}：実施した。\n二行目"
    r["事業計画（R7）"] = f"R7年度の計画 {i}。"
    if i == "46": r["指標（R6）"] = "cameras_total=310\ncameras_added=20"
    if i == "66": r["廃止"] = "廃止"; r["事業計画（R7）"] = ""
    if i == "65": r["No."] = "67"
    w.writerow(r)
    exp.write(f"{i}\t{r['事業報告（R6）']!r}\t{r['事業計画（R7）']!r}\n")
w.writerow({"ID": "", "区分": "5", "No.": "68", "事業名": "その他業務", "内容": "新しい見守り事業", "担当課": "市民安全課",
            "事業報告（R6）": "新規に開始した。", "事業計画（R7）": "継続する。"})
PY
iconv -f UTF-8 -t CP932 "$T/filled.csv" >"$T/filled-cp932.csv"
ogr2ogr -f XLSX "$T/filled.xlsx" "$T/filled.csv" -oo AUTODETECT_TYPE=NO -nln R6 2>/dev/null
before=$(sha256sum <"$DB")
expect_exit 0 "import --dry-run" -- B plan import --dry-run "$T/filled-cp932.csv"
expect_grep "+ 事業報告（R6）: R6年度の報告 46" "$T/out" "dry run shows the diff"
expect_grep "+ 新規事業" "$T/out" "dry run shows the new item"
expect_eq "$(sha256sum <"$DB")" "$before" "dry run leaves the database unchanged"
expect_exit 0 "import the CP932 CSV" -- B plan import "$T/filled-cp932.csv"
expect_exit 0 "import the same texts as XLSX again: nothing changes" -- B plan import "$T/filled.xlsx"
expect_eq "$(grep -c '^  [+~]' "$T/out")" 0 "re-import: no changes"

# Round trip: export R6 again, the filled cells come back exactly.
expect_exit 0 "export again" -- B plan export --fy R6 --dept 市民安全課 --out "$T/c2" --csv
python3 - "$T/c2/R6_市民安全課.csv" "$T/expect.tsv" >"$T/rt" <<'PY'
import csv, sys
got = {r["ID"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
bad = 0; n = 0
for line in open(sys.argv[2], encoding="utf-8"):
    i, rep, plan = line.rstrip("\n").split("\t"); n += 1
    r = got.get(i)
    if r is None or repr(r["事業報告（R6）"]) != rep or (eval(plan) and repr(r["事業計画（R7）"]) != plan): bad += 1
met = sorted(x for x in got["46"]["指標（R6）"].split("\n") if not x.endswith("="))
print(n, bad, got["65"]["No."], ";".join(met))
PY
read -r n bad no65 met46 <"$T/rt"
expect_eq "$bad" 0 "round trip exact for $n items"
expect_eq "$no65" 67 "item 65 renumbered to 67"
expect_eq "$met46" "cameras_added=20;cameras_total=310" "item 46's R6 figures kept"

expect_exit 0 "R6 report" -- B plan report --fy R6 --out "$T/r6.pdf" --date 2025-05-23
expect_grep "67 items in 5 区分" "$T/err" "R6 has 66 items + 1 new"
pdftotext -raw "$T/r6.pdf" - | tr -d ' \n' >"$T/r6.txt"
expect_grep "令和6年度行動報告書・令和7年度行動計画書" "$T/r6.txt" "R6 title"
expect_grep "R6年度の報告46：実施した。二行目" "$T/r6.txt" "R6 report text of item 46"
# Round trip exact: every 事業報告（R6） and 事業計画（R7） filled in is in the R6 report verbatim.
python3 - "$T/expect.tsv" "$T/r6.txt" >"$T/rt6" <<'PY'
import re, sys
pdf = open(sys.argv[2], encoding="utf-8").read()
n = miss = 0
for line in open(sys.argv[1], encoding="utf-8"):
    i, rep, plan = line.rstrip("\n").split("\t")
    for t in (eval(rep), eval(plan)):
        if t: n += 1; miss += re.sub(r"\s", "", t) not in pdf
print(n, miss)
PY
expect_eq "$(cut -d' ' -f2 "$T/rt6")" 0 "R6 report: all $(cut -d' ' -f1 "$T/rt6") filled texts printed verbatim"
expect_grep "新しい見守り事業" "$T/r6.txt" "the new item is printed"
expect_grep "防犯カメラ設置台数（累計）310台（前年比+6.9%）" "$T/r6.txt" "310 cameras with 前年比"
expect_grep "台帳290台※不一致" "$T/r6.txt" "310 stated vs 290 in the layer: flagged"
expect_exit 0 "metrics R6" -- B plan metrics --item 46 --fy R6
expect_grep "310台  前年比 +6.9%  台帳 290 ※不一致" "$T/out" "metrics 前年比 and mismatch"
expect_exit 0 "R5 report still intact" -- B plan report --fy R5 --out "$T/r5b.pdf" --date 2024-05-23
expect_grep "66 items in 5 区分" "$T/err" "history kept: R5 has its 66 items"

# ---- One item as in a cycle: plan show N --fy FY ---------------------------------------------
expect_exit 0 "plan list (default: the latest cycle, R6)" -- B plan list --format csv
python3 -c 'import csv,sys
rows = {int(r["no"]): r["content"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))}
print(len(rows), 65 in rows, rows[67], rows[68])' "$T/out" >"$T/l6"
expect_eq "$(cat "$T/l6")" "67 False 防犯ボックス事業 新しい見守り事業" "R6 list: 67 items by their R6 No. (65 now 67, new 68)"
expect_exit 0 "plan list --fy R5" -- B plan list --fy R5 --format csv
expect_eq "$(tail -n +2 "$T/out" | wc -l) $(grep -c '^65,' "$T/out")" "66 1" "R5 list: its 66 items, No. 65 as printed then"
expect_exit 1 "plan list --fy R9" -- B plan list --fy R9
one_line "$T/err" "list of an unknown cycle: one-line error"
showj() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["no"], d["id"], d["fiscal_year"], d["plan_fiscal_year"], d["retired"], d["category"], len(d["metrics"]), d["report"])' "$T/out"; }
expect_exit 0 "show 67 (default: the latest cycle, R6)" -- B plan show 67 --format json
expect_eq "$(showj)" "67 65 R6 R7 False 5 0 R6年度の報告 65：実施した。
二行目" "No. 67 of R6 is item 65 (renumbered), with its R6 report"
expect_exit 0 "show 65 --fy R5" -- B plan show 65 --fy R5 --format json
expect_eq "$(showj | head -1)" "65 65 R5 R6 False 5 0 子どもの見守り活動や必要に応じたパトロール及び地域行事に参加するなど地域と一体となつての防犯活動を実施した。" \
    "No. 65 of R5 is item 65 with its R5 report (the seed's text)"
expect_exit 1 "show 65 --fy R6: No. 65 is not in R6" -- B plan show 65 --fy R6
one_line "$T/err" "item not in the cycle: one-line error"
expect_grep "plan item No. 65: not in cycle R6" "$T/err" "item not in the cycle: named"
expect_exit 0 "show 66 --fy R6 (retired in R6)" -- B plan show 66 --fy R6
expect_grep "廃止（この年度で終了）" "$T/out" "a retired item says so"
expect_grep "^年度: R6（事業報告 R6・事業計画 R7）  ID: 66" "$T/out" "text show names the cycle and the ID"
expect_exit 0 "show 46 --fy R6 (text)" -- B plan show 46 --fy R6
expect_grep "防犯カメラ 設置台数（累計）: 310台（R6「" "$T/out" "show --fy R6: the R6 figure"
expect_eq "$(grep -c '（R5「' "$T/out" || true)" 0 "show --fy R6: no R5 figure"
expect_exit 1 "show --fy R9 (no such cycle)" -- B plan show 1 --fy R9
one_line "$T/err" "unknown cycle: one-line error"
expect_grep "fiscal year R9: no plan cycle in the database (cycles: R5, R6)" "$T/err" "unknown cycle: names the cycles"
expect_exit 2 "show --fy nonsense (a usage error)" -- B plan show 1 --fy X5
expect_grep "fiscal year 'X5': not R<n> or a year" "$T/err" "a bad year is named"

# ---- Links per cycle: carried forward, changed for R6 only, used by the R6 report ------------
links() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(*[c.execute("SELECT count(*) FROM plan_item_layers WHERE fiscal_year=?", (y,)).fetchone()[0] for y in ("R5","R6")])' "$DB"; }
expect_eq "$(links)" "46 46" "the new cycle R6 carried the 46 links of R5 forward"
before=$(sha256sum <"$DB")
expect_exit 1 "link to an unknown layer" -- B plan link --fy R6 46 no_such_layer
one_line "$T/err" "unknown layer: one-line error"
expect_grep "layer 'no_such_layer': layer not loaded" "$T/err" "unknown layer named"
expect_exit 1 "link with a broken filter" -- B plan link --fy R6 46 cameras --filter "no_column = 1"
expect_grep "layer 'cameras' \[no_column = 1\]: filter failed" "$T/err" "broken filter named"
one_line "$T/err" "broken filter: one-line error"
expect_exit 1 "link with two statements" -- B plan link --fy R6 46 cameras --filter "1; DROP TABLE x"
expect_exit 1 "link in a cycle that does not exist" -- B plan link --fy R9 46 cameras
expect_exit 1 "link of a No. not in the cycle" -- B plan link --fy R6 65 cameras
expect_exit 1 "remove a link that is not there" -- B plan link --fy R6 --remove 46 schools
expect_exit 2 "link without --fy" -- B plan link 46 cameras
expect_eq "$(sha256sum <"$DB")" "$before" "refused link changes leave the database unchanged"
expect_exit 0 "R6: item 46 counts only the cameras added in R5" -- \
    B plan link --fy R6 46 cameras --filter "installed_fy = 'R5'" --note "R5に増設した台"
expect_exit 0 "R6: the new item 68 linked to the stations" -- B plan link --fy R6 68 railway_stations --note 駅周辺
expect_exit 0 "R6: item 33 no longer linked to the patrol zones" -- B plan link --fy R6 --remove 33 station_patrol_zones
expect_eq "$(links)" "46 46" "R6 has 46 links (one added, one removed), R5 keeps its 46"
expect_exit 0 "show 33 --fy R6" -- B plan show 33 --fy R6 --format json
expect_eq "$(python3 -c 'import json,sys; print(sorted(l["layer"] for l in json.load(open(sys.argv[1]))["layers"]))' "$T/out")" \
    "['police_stations', 'railway_stations']" "R6 links of item 33: the patrol zones removed"
expect_exit 0 "show 33 --fy R5" -- B plan show 33 --fy R5 --format json
expect_eq "$(python3 -c 'import json,sys; print(sorted(l["layer"] for l in json.load(open(sys.argv[1]))["layers"]))' "$T/out")" \
    "['police_stations', 'railway_stations', 'station_patrol_zones']" "R5 links of item 33 unchanged"
expect_exit 0 "show 46 --fy R6" -- B plan show 46 --fy R6 --format json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({l["layer"]: l["features"] for l in d["layers"]})' "$T/out")" \
    "{'cameras': 20, 'network_cameras': 292}" "R6 links of item 46: 20 cameras (filtered), 292 network cameras"
expect_exit 0 "show 46 --fy R5" -- B plan show 46 --fy R5 --format json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print({l["layer"]: l["features"] for l in d["layers"]})' "$T/out")" \
    "{'cameras': 290, 'network_cameras': 292}" "R5 links of item 46 unchanged: 290 cameras"
expect_exit 0 "R6 report with R6's links" -- B plan report --fy R6 --out "$T/r6l.pdf" --date 2025-05-23
expect_grep "19 maps" "$T/err" "R6: the new item 68 gets a map (19)"
pdftotext -raw "$T/r6l.pdf" - | tr -d ' \n' >"$T/r6l.txt"
expect_grep "No.46松戸市内犯罪多発地域への街頭防犯カメラの設置・維持管理" "$T/r6l.txt" "R6 map of item 46"
expect_grep "街頭防犯カメラ20（交番管内別の数）［サンプル］" "$T/r6l.txt" "R6 map of item 46 counts its 20 filtered cameras"
expect_grep "No.68新しい見守り事業" "$T/r6l.txt" "R6 map of the new item 68"
expect_exit 0 "R5 report after the R6 link changes" -- B plan report --fy R5 --out "$T/r5l.pdf" --date 2024-05-23
expect_grep "18 maps" "$T/err" "R5 keeps its 18 maps"
expect_grep "街頭防犯カメラ290（交番管内別の数）［サンプル］" <(pdftotext -raw "$T/r5l.pdf" - | tr -d ' \n') "R5 map of item 46 still counts 290"

# ---- Conflicts and damaged files leave the database unchanged ------------------------------
sed 's/R6年度の報告 46：実施した。/別の報告 46/' "$T/filled.csv" >"$T/conflict.csv"
before=$(sha256sum <"$DB")
expect_exit 1 "a conflicting edit is refused" -- B plan import "$T/filled.csv" "$T/conflict.csv"
one_line "$T/err" "conflict: one-line error"
expect_grep "conflict.csv: row .*: field '事業報告（R6）': item 46 already has a different text (use --overwrite)" "$T/err" "conflict names file, row, field"
expect_eq "$(sha256sum <"$DB")" "$before" "refused import leaves the database unchanged"
head -c 3000 "$T/filled.xlsx" >"$T/damaged.xlsx"
expect_exit 1 "a damaged XLSX is refused" -- B plan import "$T/filled.csv" "$T/damaged.xlsx"
expect_grep "damaged.xlsx: row 1: field '\*': not a readable XLSX file" "$T/err" "damaged XLSX: clear message"
printf 'ID,区分,No.,事業名,内容,担当課,事業報告（R6）,事業計画（R7）\n999,1,1,x,y,z,a,b\n46,9,46,x,y,z,a,b\n' >"$T/bad.csv"
expect_exit 1 "rows not understood are refused" -- B plan import "$T/bad.csv"
expect_grep "bad.csv: row 2: field 'ID': no such plan item" "$T/out" "unknown item: file, row, reason"
expect_grep "bad.csv: row 3: field '区分': no such category" "$T/out" "unknown category: file, row, reason"
expect_eq "$(sha256sum <"$DB")" "$before" "bad files leave the database unchanged"
expect_exit 0 "--overwrite replaces the text" -- B plan import --overwrite "$T/conflict.csv"
expect_grep "~ 事業報告（R6）" "$T/out" "overwrite shown as a change"
expect_exit 2 "export needs --dept or --all" -- B plan export --fy R6 --out "$T/y"
expect_exit 1 "report of a year without a cycle" -- B plan report --fy R9 --out "$T/r9.pdf"

# ---- R7: a new cycle from R6; item 66 (retired in R6) comes back with its links of R6 --------
printf 'ID,区分,No.,事業名,内容,担当課,事業報告（R7）,事業計画（R8）\n66,5,66,,,,R7に再開した。,継続する。\n' >"$T/r7.csv"
expect_exit 0 "import an R7 sheet re-adding item 66" -- B plan import "$T/r7.csv"
expect_grep "新しい年度 R7（R6 の事業から）" "$T/out" "R7 created from R6"
expect_exit 0 "show 66 --fy R7" -- B plan show 66 --fy R7 --format json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["id"], d["report"], sorted(l["layer"] for l in d["layers"]))' "$T/out")" \
    "66 R7に再開した。 ['railway_stations', 'station_patrol_zones']" "re-added item 66: its R7 report and its links of R6"
expect_exit 0 "show 46 --fy R7" -- B plan show 46 --fy R7 --format json
expect_eq "$(python3 -c 'import json,sys; print({l["layer"]: l["features"] for l in json.load(open(sys.argv[1]))["layers"]})' "$T/out")" \
    "{'cameras': 20, 'network_cameras': 292}" "R7 carried R6's changed link of item 46 (20 cameras)"
finish
