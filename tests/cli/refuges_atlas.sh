#!/usr/bin/env bash
# bohan atlas --by school-district --style refuge-coverage: a cover plus one page per district
# (46 pages on the default city), each the style's map; the public edition shows the 100 m gap
# cells, the largest-gap points and the houses per district (they add up to the houses inside the
# districts, counted independently) and never a house position: no house symbol and no exact gap
# edge reaches the public PDF or SVG, while the internal edition draws them.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
spl() { sqlite3 -cmd ".load mod_spatialite" "$DB" "$1"; }
expect_exit 0 "coverage writes the gap layers" -- "$BOHAN" --db "$DB" refuges coverage
expect_eq "$(spl "SELECT COUNT(*) FROM refuge_gap_centres")" 45 "refuge_gap_centres: one point per district"
expect_eq "$(spl "SELECT COUNT(*) FROM refuge_gap_cells c WHERE NOT EXISTS (SELECT 1 FROM refuge_gaps g WHERE g.name = c.name AND ST_Contains(g.geom, ST_Centroid(c.geom)))")" 0 \
    "every gap cell's centre lies in its district's exact gap"

expect_exit 0 "public atlas" -- "$BOHAN" --db "$DB" --quiet atlas --by school-district --style refuge-coverage --out "$T/public.pdf" --date 2024-04-01
expect_exit 0 "internal atlas" -- "$BOHAN" --db "$DB" --quiet atlas --by school-district --style refuge-coverage --edition internal --out "$T/internal.pdf" --date 2024-04-01
expect_eq "$(pdfinfo "$T/public.pdf" | awk '/^Pages:/ {print $2}')" 46 "46 pages: the city and 45 districts"
pdftotext -layout "$T/public.pdf" "$T/public.txt"
expect_grep "こども110番の家 カバー状況" "$T/public.txt" "title"
expect_grep "最大空白" "$T/public.txt" "largest-gap labels"
expect_grep "公開版は位置を表示しません" "$T/public.txt" "public legend says positions are not shown"
pdftotext -f 1 -l 1 "$T/public.pdf" "$T/cover.txt"
sum=$(grep -oE "110番の家 [0-9]+([^,0-9]|$)" "$T/cover.txt" | awk '{s += $2} END {print s + 0}')
want=$(spl "SELECT COUNT(*) FROM refuge_houses h, school_districts d WHERE ST_Within(h.geom, d.geom)")
expect_eq "$sum" "$want" "public cover: the per-district house counts add up to the houses inside the districts"
expect_eq "$( (grep -oE "110番の家 [0-9]+([^,0-9]|$)" "$T/cover.txt" || true) | wc -l)" 45 "public cover: one count per district"
# Every page says what it shows, not a crime period: the radius and the register's houses and
# date (page.header_sql of the style), on every page of both editions.
houses=$(spl "SELECT printf('%,d', COUNT(*)) FROM refuge_houses WHERE geom IS NOT NULL")
regdate=$(spl "SELECT substr(imported_at, 1, 10) FROM layers WHERE name = 'refuge_houses'")
want_head="到達半径 100m・こども110番の家 ${houses}件（台帳 $regdate 取込）"
for ed in public internal; do
    n_head=$(pdftotext "$T/$ed.pdf" - | grep -c -F "$want_head" || true)
    expect_eq "$n_head" 46 "$ed: every page's header gives radius, houses and register date"
    n_period=$(pdftotext "$T/$ed.pdf" - | grep -c -E "(令和|平成)[0-9元]+年[0-9]+月(〜|$)" || true)
    expect_eq "$n_period" 0 "$ed: no page shows a crime period"
done

for p in 2 30 46; do
    name=$(pdftotext -f "$p" -l "$p" "$T/public.pdf" - | grep -o "小学校区別・[^・]*" | head -1 | sed "s/^小学校区別・//")
    [ -n "$name" ] && ok "page $p is the page of $name" || not_ok "page $p names no district"
done

# No house position in a public output: the house symbol colour (#d0006f) and the exact gap
# edges (#b2182b) appear only in the internal edition, in the PDF streams and in SVG maps.
python3 - "$T/public.pdf" "$T/internal.pdf" >"$T/pdfcol.txt" <<'PY'
import re, sys, zlib
for f in sys.argv[1:]:
    d = open(f, "rb").read(); n = [0, 0]
    for m in re.finditer(rb"stream\r?\n", d):
        e = d.find(b"endstream", m.end())
        try: t = zlib.decompress(d[m.end():e])
        except Exception: continue
        n[0] += t.count(b"0.815686 0 0.435294 rg")
        n[1] += t.count(b"0.698039 0.0941176 0.168627 RG") + t.count(b"0.698039 0.094118 0.168627 RG")
    print(n[0], n[1])
PY
read -r pub_h pub_g <<<"$(sed -n 1p "$T/pdfcol.txt")"
read -r int_h int_g <<<"$(sed -n 2p "$T/pdfcol.txt")"
expect_eq "$pub_h/$pub_g" "0/0" "public PDF: no house symbol, no exact gap edge"
[ "$int_h" -ge 2376 ] && ok "internal PDF draws the houses ($int_h symbols)" || not_ok "internal PDF has only $int_h house symbols"
[ "$int_g" -gt 0 ] && ok "internal PDF draws the exact gap edges" || not_ok "internal PDF lacks the exact gap edges"
expect_exit 0 "public SVG map" -- "$BOHAN" --db "$DB" map --by school-district --style refuge-coverage --no-record --out "$T/public.svg"
expect_exit 0 "internal SVG map" -- "$BOHAN" --db "$DB" map --by school-district --style refuge-coverage --no-record --edition internal --out "$T/internal.svg"
house="rgb(81.568627%,0%,43.529412%)"
expect_eq "$( (grep -o -F "$house" "$T/public.svg" || true) | wc -l)" 0 "public SVG: no house symbol"
ni=$( (grep -o -F "$house" "$T/internal.svg" || true) | wc -l)
[ "$ni" -ge 2376 ] && ok "internal SVG draws every house ($ni)" || not_ok "internal SVG has only $ni house symbols"
expect_eq "$( (grep -o -F "rgb(69.803922%,9.411765%,16.862745%)" "$T/public.svg" || true) | wc -l)" 0 "public SVG: no exact gap edge"
finish
