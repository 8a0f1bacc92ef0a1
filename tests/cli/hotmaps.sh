#!/usr/bin/env bash
# The hot-spot and 前年比 maps on the default city (styles hotspots, gistar, change): golden
# images (the tolerance of golden_lib.sh; each golden also shown to reject a deliberately
# different image), the KDE legend's class limits recomputed from the hotspot_kde grid with SQL,
# the change labels against `bohan crimes summary` of both years, the Gi* legend against the
# table and its permutations/seed in the credits, the sample stamp, the atlas and every format.
# BH_UPDATE_GOLDEN=1 rewrites the goldens.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/golden_lib.sh"
G=$SRC/tests/data/golden
DB=$T/m.sqlite
"$BOHAN" --db "$DB" --quiet init >/dev/null
"$BOHAN" --db "$DB" --quiet map --style hotspots --no-record --out "$T/none.pdf" >/dev/null 2>"$T/none.err"
expect_grep "table hotspot_kde is not in the database" "$T/none.err" "hotspots style before \`crimes hotspots\`: a warning says why the surface is missing"
"$BOHAN" --db "$DB" --quiet crimes hotspots --method kde >/dev/null
"$BOHAN" --db "$DB" --quiet crimes hotspots --method gistar >/dev/null
map() { "$BOHAN" --db "$DB" --quiet map --date 2024-06-01 --no-record "$@" >/dev/null; }

# ---- golden images -------------------------------------------------------------------------
map --style hotspots --out "$T/kde.png" --dpi 40
map --style gistar --by chome --out "$T/gistar.png" --dpi 40
map --style change --out "$T/change.png" --dpi 40
if [ -n "${BH_UPDATE_GOLDEN:-}" ]; then
    cp "$T/kde.png" "$G/matsudo-kde-map-a3-40dpi.png"
    cp "$T/gistar.png" "$G/matsudo-gistar-map-a3-40dpi.png"
    cp "$T/change.png" "$G/matsudo-change-map-a3-40dpi.png"
fi
check "KDE map A3" "$T/kde.png" "$G/matsudo-kde-map-a3-40dpi.png"
check "Gi* map A3" "$T/gistar.png" "$G/matsudo-gistar-map-a3-40dpi.png"
check "前年比 map A3" "$T/change.png" "$G/matsudo-change-map-a3-40dpi.png"
# Deliberately different images: another threshold of the same surface, Gi* of ひったくり only,
# the 前年比 of another half year.
sed 's/"threshold_share": 0.1/"threshold_share": 0.3/' "$SRC/styles/hotspots.json" >"$T/kde-30.json"
map --style "$T/kde-30.json" --out "$T/kde-30.png" --dpi 40
check_fails "KDE map A3" "$T/kde-30.png" "$G/matsudo-kde-map-a3-40dpi.png"
"$BOHAN" --db "$DB" --quiet crimes hotspots --method gistar --types ひったくり >/dev/null
map --style gistar --by chome --out "$T/gistar-bike.png" --dpi 40
check_fails "Gi* map A3" "$T/gistar-bike.png" "$G/matsudo-gistar-map-a3-40dpi.png"
"$BOHAN" --db "$DB" --quiet crimes hotspots --method gistar >/dev/null
map --style change --from 2023-07 --to 2023-12 --out "$T/change-h2.png" --dpi 40
check_fails "前年比 map A3" "$T/change-h2.png" "$G/matsudo-change-map-a3-40dpi.png"

# ---- the KDE legend = the grid's values --------------------------------------------------
map --style hotspots --out "$T/kde.pdf"
pdftotext "$T/kde.pdf" "$T/kde.txt"
# Independent of the renderer: the cells from SQL, the period from the crime aggregate and the
# count tables, the quantile (R type 7) limits of the cells at or above 10 % of the peak, per year.
python3 - "$DB" "$T/kde.txt" "$SRC/styles/hotspots.json" <<'PY' >"$T/kde.check"
import json, re, sqlite3, sys
db, txt, style = sys.argv[1:4]
L = [l for l in json.load(open(style))["layers"] if l["type"] == "raster"][0]
con = sqlite3.connect(db)
lo, hi = con.execute("SELECT min(m), max(m) FROM (SELECT ym m FROM crime_agg WHERE ym > 0 AND state "
                     "IN ('chome','oaza') UNION ALL SELECT from_ym FROM crime_counts WHERE state IN "
                     "('chome','oaza','koban','city') UNION ALL SELECT to_ym FROM crime_counts WHERE "
                     "state IN ('chome','oaza','koban','city'))").fetchone()
months = (hi // 100 * 12 + hi % 100) - (lo // 100 * 12 + lo % 100) + 1
f = 12.0 / months
v = sorted(d * f for (d,) in con.execute("SELECT density FROM hotspot_kde"))
thr = L["threshold_share"] * v[-1]
v = [x for x in v if x >= thr]
k = L["classification"]["classes"]
def q7(p):
    h = (len(v) - 1) * p
    i = int(h)
    return v[-1] if i >= len(v) - 1 else v[i] + (h - i) * (v[i + 1] - v[i])
b = [v[0]] + [q7(j / k) for j in range(1, k)] + [v[-1]]
want = ["%.0f〜%.0f" % (b[c], b[c + 1]) for c in range(k - 1, -1, -1)]
text = open(txt, encoding="utf-8").read()
got = re.findall(r"^(\d+〜\d+)$", text, re.M)
print("want " + " ".join(want))
print("got " + " ".join(got[:len(want)]))
print("max %.0f" % v[-1])
print("note " + ("yes" if ("%.0f未満は無色" % thr) in text else "no"))
PY
expect_eq "$(sed -n 's/^got //p' "$T/kde.check")" "$(sed -n 's/^want //p' "$T/kde.check")" \
    "KDE legend: the 5 class limits (per km² per year) are the grid's quantiles"
expect_grep "〜$(sed -n 's/^max //p' "$T/kde.check")$" "$T/kde.txt" "KDE legend: the top limit is the grid's peak per year"
expect_eq "$(sed -n 's/^note //p' "$T/kde.check")" "yes" "KDE legend: the threshold (10 % of the peak) is printed"
expect_grep "件/km²・年" "$T/kde.txt" "KDE legend unit: crimes per km² per year"
expect_grep "バンド幅 300 m" "$T/kde.txt" "KDE credits: the bandwidth from the layer's definition"

# ---- Gi*: legend = the table's significant classes; permutations and seed in the credits -----
"$BOHAN" --db "$DB" --quiet crimes hotspots --method gistar --by koban --permutations 499 --seed 7 >/dev/null
map --style gistar --out "$T/gi.pdf"
pdftotext "$T/gi.pdf" "$T/gi.txt"
expect_grep "条件付き並べ替え 499 回、乱数シード 7" "$T/gi.txt" "Gi* credits: permutations and seed of the run"
# Each area is drawn in the first level it reaches (the style's order: 99, 95, 90 %).
L99="z >= 2.5758 AND p_sim <= 0.01"; L95="z >= 1.9600 AND p_sim <= 0.05"; L90="z >= 1.6449 AND p_sim <= 0.10"
for lv in "99|$L99|0" "95|$L95|$L99" "90|$L90|$L95 OR $L99"; do
    IFS='|' read -r pct cond not <<<"$lv"
    n=$(sqlite3 "$DB" "SELECT count(*) FROM hotspot_gistar WHERE ($cond) AND NOT ($not)")
    shown=$(grep -c "^ホットスポット 信頼度$pct%$" "$T/gi.txt" || true)
    expect_eq "$shown" "$([ "$n" -gt 0 ] && echo 1 || echo 0)" "Gi* legend: hot $pct % listed iff the table has such areas ($n)"
done
"$BOHAN" --db "$DB" --quiet crimes hotspots --method gistar >/dev/null

# ---- 前年比 labels = crimes summary of both years (from the aggregate) -----------------------
map --style change --out "$T/change.pdf"
pdftotext "$T/change.pdf" "$T/change.txt"
sum() { "$BOHAN" --db "$DB" crimes summary --by koban --format csv "$@" | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//'; }
sum --from 2023-01 --to 2023-12 >"$T/y2023.csv"
sum --from 2022-01 --to 2022-12 >"$T/y2022.csv"
cat >"$T/labels.py" <<'PY'
import csv, sys
cur, prev, txt, below = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rows = {r["name"]: r for r in csv.DictReader(open(cur, encoding="utf-8")) if r["id"] and ":" not in r["id"] and r["id"] != "city" and r["id"] != "unlocated"}
before = {r["name"]: int(r["total"]) for r in csv.DictReader(open(prev, encoding="utf-8"))}
lines = open(txt, encoding="utf-8").read().split("\n")
def sgn(v): return "±0" if v == 0 else "%+d" % v
def rnd(x): return int(x + 0.5) if x >= 0 else -int(-x + 0.5)
def sup(n): return below > 1 and 1 <= n < below
bad = 0
for name, r in rows.items():
    t, p = int(r["total"]), int(r["prev_total"])
    if p != before.get(name):  # the summary's prev_total is the year before's total
        print("prev mismatch", name, p, before.get(name)); bad += 1
    if sup(t): want = "" if below < 0 else "%d未満" % below
    elif sup(p): want = "%d件" % t
    elif p == 0: want = sgn(t) + "件" + ("（新規）" if t > 0 else "")
    else: want = "%s件 (%s%%)" % (sgn(t - p), sgn(rnd(100.0 * (t - p) / p)))
    got = [lines[i + 1] for i, l in enumerate(lines[:-1]) if l == name]
    if want not in got:
        print("label mismatch", name, want, got); bad += 1
print("areas %d bad %d" % (len(rows), bad))
PY
python3 "$T/labels.py" "$T/y2023.csv" "$T/y2022.csv" "$T/change.txt" 0 >"$T/labels.check"
grep -v "^areas" "$T/labels.check" | head -5 || true
expect_eq "$(tail -1 "$T/labels.check")" "areas 18 bad 0" "前年比 labels of the 18 交番 = crimes summary of 2023 and 2022"
expect_grep "比較期間：令和4年1月〜令和4年12月" "$T/change.txt" "前年比 legend names the period compared"
map --style change --suppress-below 40 --out "$T/change-s.pdf"
pdftotext "$T/change-s.pdf" "$T/change-s.txt"
python3 "$T/labels.py" "$T/y2023.csv" "$T/y2022.csv" "$T/change-s.txt" 40 >"$T/labels-s.check"
expect_eq "$(tail -1 "$T/labels-s.check")" "areas 18 bad 0" "前年比 labels with --suppress-below 40 follow the crime map's rule"
expect_grep "「40未満」：1〜39件" "$T/change-s.txt" "前年比 map with suppression has the crime map's note"

# 新規 (0 → n) and 前年データなし have their own legend entries, each only when it occurs.
map --style change --by chome --out "$T/change-c.pdf"
pdftotext "$T/change-c.pdf" "$T/change-c.txt"
"$BOHAN" --db "$DB" crimes summary --by chome --from 2023-01 --to 2023-12 --format csv | tr -d '\r' \
    | sed '1s/^\xEF\xBB\xBF//' >"$T/c2023.csv"
n_new=$(python3 -c 'import csv,sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")) if r["prev_total"] == "0" and int(r["total"]) > 0 and r["id"][:1].isdigit()))' "$T/c2023.csv")
expect_eq "$(grep -c '^新規（前年0件）$' "$T/change-c.txt")" "$([ "$n_new" -gt 0 ] && echo 1 || echo 0)" "前年比 by 町丁目: the 新規 entry iff some block went from 0 to n ($n_new)"
# By 町丁目 the labeller drops labels that do not fit and pdftotext may not keep a label after its
# name: the 「+N件（新規）」 labels shown are at most one per such block, each N one of their counts.
python3 - "$T/c2023.csv" "$T/change-c.txt" <<'PY' >"$T/new.check"
import collections, csv, re, sys
want = collections.Counter(r["total"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))
                           if r["id"][:1].isdigit() and r["prev_total"] == "0" and int(r["total"]) > 0)
got = collections.Counter(re.findall(r"\+(\d+)件（新規）$", open(sys.argv[2], encoding="utf-8").read(), re.M))
print(sum(got.values()), sum((got - want).values()))
PY
read -r shown bad <"$T/new.check"
expect_eq "$bad" 0 "前年比 by 町丁目: the $shown 「+N件（新規）」 labels are blocks with 0 the year before and N now"
map --style change --from 2022-01 --to 2022-12 --out "$T/change-22.pdf"
pdftotext "$T/change-22.pdf" "$T/change-22.txt"
expect_grep "^前年データなし$" "$T/change-22.txt" "前年比 of the first year of data: every area 前年データなし"
expect_eq "$(grep -c '%)$' "$T/change-22.txt" || true)" 0 "前年比 of the first year of data: no change labels"

# ---- sample stamp, atlas, formats ------------------------------------------------------------
for f in kde gi change; do expect_grep "SAMPLE DATA" "$T/$f.txt" "$f map from the sample database carries the sample stamp"; done
for s in hotspots gistar change; do
    "$BOHAN" --db "$DB" --quiet atlas --by koban --style "$s" --out "$T/a-$s.pdf" --date 2024-06-01 >/dev/null
    pdftotext "$T/a-$s.pdf" "$T/a-$s.txt"
    pages=$(pdfinfo "$T/a-$s.pdf" | awk '/^Pages:/ {print $2}')
    expect_eq "$pages" 19 "atlas --style $s: cover + 18 交番 pages"
    expect_eq "$(grep -c "SAMPLE DATA" "$T/a-$s.txt")" "$pages" "atlas --style $s: every page stamped"
    map --style "$s" --out "$T/$s.svg"
    expect_grep "<svg" "$T/$s.svg" "map --style $s writes SVG"
done
map --style hotspots --area サンプル交番05 --out "$T/kde-area.png" --dpi 40
expect_eq "$(identify -format '%wx%h' "$T/kde-area.png")" "661x468" "map --style hotspots --area: one area zoomed (PNG)"
expect_grep "<image" "$T/hotspots.svg" "the KDE surface is one image in the SVG"
expect_eq "$(grep -c "^凡例$" "$T/a-change.txt")" 19 "atlas --style change: a legend on every page"
finish
