#!/usr/bin/env bash
# Issue 18.7 (print details residents misread), read back from the PDFs with pdftotext:
# - the city map prints each bar's count above it, and the numbers equal the summary's counts of
#   the charted types for that 交番 (and sum to the label's 件);
# - the atlas table headers break only between words (type_short '|' hints), never inside one
#   (ひった/くり, 車上・部/品ねら/い);
# - the credit lines are complete (wrapped, never cut with …) on the atlas pages and the map;
# - the B/W style (plain) charts the same 5 types as the colour map, its bars outlined.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }

# --- bar numbers on the city map --------------------------------------------------------------
"$BOHAN" --db "$DB" --quiet crimes summary --by koban --from 2023-01 --to 2023-12 --format csv >"$T/sum.csv"
expect_exit 0 "city map 2023" -- "$BOHAN" --db "$DB" --quiet map --from 2023-01 --to 2023-12 --no-record --out "$T/m.pdf"
pdftotext -bbox "$T/m.pdf" "$T/m.html"
python3 - "$T/m.html" "$T/sum.csv" "$SRC/styles/crime-map.json" >"$T/bars.out" 2>&1 <<'PY'
import csv, json, re, sys, html
words = [(float(a), float(b), float(c), float(d), html.unescape(t)) for a, b, c, d, t in
         re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                    open(sys.argv[1], encoding="utf-8").read())]
rows = {r["name"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
chart = json.load(open(sys.argv[3], encoding="utf-8"))["layers"][0]["chart"]
types, slot = chart["types"], chart["width_mm"] / len(chart["types"]) * 72 / 25.4
value_h = chart.get("value_pt", 4.5)
# the numbers: pure digits in the value size (their box is about 1 em high)
nums = [w for w in words if re.fullmatch(r"\d+", w[4]) and abs((w[3] - w[1]) - value_h) < 0.6]
cx = lambda w: (w[0] + w[2]) / 2
parent = list(range(len(nums)))
def find(i):
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
for i in range(len(nums)):
    for j in range(i + 1, len(nums)):
        k = abs(cx(nums[i]) - cx(nums[j])) / slot
        if 0.5 < k < len(types) - 0.5 and abs(k - round(k)) < 0.08 and abs(nums[i][3] - nums[j][3]) < 18:
            parent[find(i)] = find(j)
groups = {}
for i, w in enumerate(nums):
    groups.setdefault(find(i), []).append(w)
labels = [w for w in words if re.fullmatch(r"サンプル交番\d+", w[4])]
bad = 0
charts = 0
for g in groups.values():
    if len(g) != len(types):
        print("not ok - a group of %d numbers, not %d: %s" % (len(g), len(types), [w[4] for w in g]))
        bad += 1
        continue
    g.sort(key=cx)
    mid, top = sum(cx(w) for w in g) / len(g), min(w[1] for w in g)
    # its label: the nearest 交番 name above it (the labeler may shift a label sideways)
    above = [l for l in labels if l[3] <= top + 1 and abs(cx(l) - mid) < 110]
    if not above:
        print("not ok - no 交番 label above the chart at x=%.0f" % mid); bad += 1; continue
    name = min(above, key=lambda l: (cx(l) - mid) ** 2 + (top - l[3]) ** 2)[4]
    want = [rows[name][t] for t in types]
    got = [w[4] for w in g]
    charts += 1
    if got != want:
        print("not ok - %s: bars %s, summary %s" % (name, got, want)); bad += 1
    total = [w[4] for w in words if w[4] == "%d件" % sum(map(int, want)) and abs(cx(w) - mid) < 110 and w[3] <= top + 1]
    if not total:
        print("not ok - %s: no label %d件 above its chart" % (name, sum(map(int, want)))); bad += 1
print("charts %d bad %d" % (charts, bad))
PY
expect_grep "bad 0" "$T/bars.out" "every chart's numbers equal the summary of its 交番 ($(tail -1 "$T/bars.out"))"
n=$(sed -n 's/^charts \([0-9]*\) .*/\1/p' "$T/bars.out")
[ "${n:-0}" -ge 15 ] && ok "numbers printed on $n charts" || not_ok "only ${n:-0} charts with numbers: $(head -5 "$T/bars.out")"

# --- atlas: table headers break between words only; credits complete ---------------------------
expect_exit 0 "atlas by koban" -- "$BOHAN" --db "$DB" --quiet atlas --by koban --out "$T/a.pdf"
pdftotext -layout "$T/a.pdf" "$T/a.txt"
python3 - "$T/a.txt" "$SRC/styles/atlas-page.json" >"$T/hdr.out" 2>&1 <<'PY'
import json, re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
short = json.load(open(sys.argv[2], encoding="utf-8"))["atlas"]["type_short"]
names = ["ひったくり", "車上・部品ねらい", "自動販売機ねらい", "自動車盗", "オートバイ盗", "自転車盗",
         "住宅対象侵入盗", "電話de詐欺"]
allowed = {"町丁目", "計"}
for n in names:
    segs = short.get(n, n).split("|")
    for i in range(len(segs)):
        for j in range(i + 1, len(segs) + 1):
            allowed.add("".join(segs[i:j]))
bad = checked = 0
for p in pages:
    lines = p.split("\n")
    for k, line in enumerate(lines):
        if "町丁目" not in line or not line.rstrip().endswith("計"):
            continue
        col = line.index("町丁目")
        for l in (line, lines[k + 1] if k + 1 < len(lines) else ""):
            for tok in l[col:].split():
                checked += 1
                if tok not in allowed:
                    bad += 1
                    print("not ok - header fragment '%s' is not a whole word" % tok)
        # the labels under the page's bar chart, left of the table (a line starting ひったくり)
        for m in range(k + 1, len(lines) - 1):
            if lines[m].lstrip().startswith("ひったくり"):
                for l in (lines[m], lines[m + 1]):
                    for tok in l[:col - 2].split():
                        checked += 1
                        if tok not in allowed:
                            bad += 1
                            print("not ok - chart label fragment '%s' is not a whole word" % tok)
                break
print("headers checked %d bad %d" % (checked, bad))
PY
expect_grep "bad 0" "$T/hdr.out" "atlas headers break only between words ($(tail -1 "$T/hdr.out"))"
grep -q "headers checked [1-9]" "$T/hdr.out" && ok "atlas header cells were found" || not_ok "no atlas header found"
python3 - "$T/a.pdf" "$SRC/data/matsudo/city.json" >"$T/cred.out" 2>&1 <<'PY'
import json, subprocess, sys
city = json.load(open(sys.argv[2], encoding="utf-8"))
pages = int([l.split()[1] for l in subprocess.run(["pdfinfo", sys.argv[1]], capture_output=True, text=True).stdout.splitlines() if l.startswith("Pages:")][0])
want = [city["source_line"]] + city["credits"]  # the cover says 資料：, the pages 出典：
bad = 0
for p in range(1, pages + 1):
    t = subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), sys.argv[1], "-"], capture_output=True, text=True).stdout
    # pdftotext joins a word hyphenated at a line end (e-/Stat → eStat): compare without
    # whitespace and hyphens, every other character in order
    norm = lambda x: "".join(ch for ch in x if not ch.isspace() and ch != "-")
    flat = norm(t)
    if "…" in t:
        print("not ok - page %d has an ellipsis" % p); bad += 1
    for c in want:
        if norm(c) not in flat:
            print("not ok - page %d lacks the credit %s" % (p, c)); bad += 1
print("pages %d bad %d" % (pages, bad))
PY
expect_grep "bad 0" "$T/cred.out" "every atlas page carries every credit in full ($(tail -1 "$T/cred.out"))"
pdftotext "$T/m.pdf" - | tr -d '\n' >"$T/m.flat"
grep -q "…" "$T/m.flat" && not_ok "the city map has a cut text (…)" || ok "the city map cuts no text"
expect_grep "出典：政府統計の総合窓口(e-Stat)（https://www.e-stat.go.jp/）平成27年国勢調査 町丁・字等別境界データを加工して作成" \
    "$T/m.flat" "the city map's e-Stat credit is complete"

# --- B/W style: the same 5 charted types, numbers on its bars -------------------------------------
expect_exit 0 "B/W map (plain)" -- "$BOHAN" --db "$DB" --quiet map --style plain --from 2023-01 --to 2023-12 --no-record --out "$T/p.pdf"
pdftotext "$T/p.pdf" "$T/p.txt"
for t in ひったくり 自動車盗 住宅対象侵入盗 車上・部品ねらい 電話de詐欺; do
    expect_grep "$t" "$T/p.txt" "B/W legend charts $t"
done
expect_grep "地区の件数は次の5手口の合計" "$T/p.txt" "B/W legend: the label counts the 5 charted types"
# Read from the SVG of the same map: the labels on cross-hatch have a white halo (text stroked white
# under the glyphs), and every bar is outlined in black so light-grey bars do not vanish on
# dotted fills (the map's bars are one fill path per grey, their outlines one stroked path).
expect_exit 0 "B/W map as SVG" -- "$BOHAN" --db "$DB" --quiet map --style plain --from 2023-01 --to 2023-12 --no-record --out "$T/p.svg"
halos=$(grep -c 'style="fill:none;stroke-width:[0-9.]*;[^"]*stroke:rgb(100%,100%,100%)' "$T/p.svg" || true)
n_koban=$(sqlite3 "$DB" "SELECT count(*) FROM koban_areas")
[ "$halos" -ge $((2 * n_koban)) ] && ok "B/W map: $halos haloed texts (names and counts of $n_koban 交番)" ||
    not_ok "B/W map: only $halos haloed texts for $n_koban 交番"
bars=0
for g in "0%,0%,0%" "25.098039%,25.098039%,25.098039%" "43.921569%,43.921569%,43.921569%" \
    "62.745098%,62.745098%,62.745098%" "78.431373%,78.431373%,78.431373%"; do
    n=$( (grep -o "<path style=\" stroke:none;fill-rule:evenodd;fill:rgb($g);fill-opacity:1;\" d=\"[^\"]*\"" "$T/p.svg" || true) | grep -o ' Z' | wc -l)
    bars=$((bars + n))
done
outlined=$( (grep -o '<path style="fill:none;stroke-width:0.1;[^"]*stroke:rgb(0%,0%,0%);[^"]*" d="[^"]*"' "$T/p.svg" || true) | grep -o ' Z' | wc -l)
[ "$bars" -gt 0 ] && [ "$outlined" -ge "$bars" ] && ok "B/W map: every bar outlined ($outlined outlines, $bars bars)" ||
    not_ok "B/W map: $outlined outlines for $bars bars"

finish
