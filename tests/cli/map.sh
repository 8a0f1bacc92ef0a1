#!/usr/bin/env bash
# bohan map end to end on the default city (sample crimes): PDF text (title, 和暦 period, legend,
# area names, source line), embedded subset fonts, PNG size = paper × dpi, public vs internal
# asset points in SVG, empty period → 0件, style errors name the JSON path and leave the database
# byte-for-byte unchanged, editions recorded and reused, usage errors exit 2.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
sql() { sqlite3 "$DB" "$1"; }
if [ "$(sql 'SELECT count(*) FROM crimes')" -eq 0 ]; then
    "$BOHAN" --db "$DB" --quiet crimes import "$SRC"/data/matsudo/crimes/20*.csv >/dev/null 2>&1 || true
fi
if ! sql "SELECT 1 FROM koban_areas LIMIT 1" >/dev/null 2>&1; then
    "$BOHAN" --db "$DB" --quiet crimes koban >/dev/null 2>&1 || true
fi

expect_exit 0 "map --help" -- "$BOHAN" map --help
expect_grep "--suppress-below" "$T/out" "help lists --suppress-below"
expect_exit 2 "missing --out is a usage error" -- "$BOHAN" --db "$DB" map
expect_exit 2 "unknown extension is a usage error" -- "$BOHAN" --db "$DB" map --out "$T/x.tiff"
one_line "$T/err" "unknown extension: one line on stderr"
expect_exit 2 "bad --from is a usage error" -- "$BOHAN" --db "$DB" map --from 2023-13 --out "$T/x.pdf"
expect_exit 2 "bad --edition is a usage error" -- "$BOHAN" --db "$DB" map --edition secret --out "$T/x.pdf"
expect_exit 2 "bad --paper is a usage error" -- "$BOHAN" --db "$DB" map --paper A0 --out "$T/x.pdf"

# Bad inputs leave the database byte-for-byte unchanged and no output behind.
cp "$DB" "$T/before.sqlite"
printf '{"layers": [{"type": "areas", "fill_by": "none"}, {"type": "table", "table": "city_boundary"},\n {"type": "table", "table": "schools", "paint": {"fill": "red"}}]}\n' >"$T/bad.json"
expect_exit 1 "invalid style fails" -- "$BOHAN" --db "$DB" map --style "$T/bad.json" --out "$T/bad.pdf"
one_line "$T/err" "invalid style: one line on stderr"
expect_grep "bad.json: layers\[2\].paint.fill: expected colour" "$T/err" "invalid style: the error names the JSON path"
expect_exit 1 "unknown area fails" -- "$BOHAN" --db "$DB" map --area どこにもない --out "$T/bad.pdf"
expect_grep "どこにもない" "$T/err" "unknown area: the message names it"
expect_exit 1 "unknown edition for --breaks-from fails" -- "$BOHAN" --db "$DB" map --breaks-from 999 --out "$T/bad.pdf"
expect_grep "999" "$T/err" "--breaks-from: the message names the id"
if cmp -s "$DB" "$T/before.sqlite"; then ok "failed maps leave the database unchanged"; else not_ok "database changed by a failed map"; fi
[ ! -e "$T/bad.pdf" ] && ok "no output left behind by failures" || not_ok "bad.pdf exists after failures"

# The README main job: the default city map (交番別, crime-map style, A3 landscape).
expect_exit 0 "map --out matsudo-crime-map.pdf" -- "$BOHAN" --db "$DB" map --out "$T/matsudo-crime-map.pdf" --date 2024-02-01
pdftotext -layout "$T/matsudo-crime-map.pdf" "$T/city.txt"
expect_grep "松戸市 犯罪発生マップ" "$T/city.txt" "PDF text: title"
expect_grep "令和.年.月〜令和.年.*月" "$T/city.txt" "PDF text: period in 和暦"
expect_grep "作成日 令和6年2月1日" "$T/city.txt" "PDF text: printed date"
expect_grep "凡例" "$T/city.txt" "PDF text: legend"
expect_grep "危険度" "$T/city.txt" "PDF text: 危険度 classes"
expect_grep "松戸警察署・松戸東警察署提供（速報値）" "$T/city.txt" "PDF text: source line"
expect_grep "国土数値情報" "$T/city.txt" "PDF text: data credits"
expect_grep "SAMPLE DATA" "$T/city.txt" "PDF text: sample stamp (sample crimes)"
expect_grep "件" "$T/city.txt" "PDF text: counts"
pages=$(pdfinfo "$T/matsudo-crime-map.pdf" | awk '/^Pages:/ {print $2}')
expect_eq "$pages" 1 "the city map is one page"
size=$(pdfinfo "$T/matsudo-crime-map.pdf" | awk '/^Page size:/ {print $3 "x" $5}')
expect_eq "$size" "1190.55x841.89" "A3 landscape page"
emb=$(pdffonts "$T/matsudo-crime-map.pdf" | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes")' | wc -l)
expect_eq "$emb" 0 "every font embedded and subset"
# cairo deflates the PDF streams at zlib's default level (no process-wide override): each one
# inflates, and together they hold more than they take.
levels=$(python3 -c "
import re, sys, zlib
d = open(sys.argv[1], 'rb').read()
s = [m.end() for m in re.finditer(rb'/Filter /FlateDecode.*?stream\r?\n', d, re.S)]
ok = packed = unpacked = 0
for at in s:
    z, part = zlib.decompressobj(), d[at:]
    try:
        unpacked += len(z.decompress(part))
        ok += 1
        packed += len(part) - len(z.unused_data)
    except zlib.error:
        pass
print(len(s), ok, int(unpacked > 2 * packed))" "$T/matsudo-crime-map.pdf")
n_flate=${levels%% *}
[ "$n_flate" -gt 10 ] && expect_eq "$levels" "$n_flate $n_flate 1" "every PDF stream inflates, at over 2:1 ($n_flate streams)" ||
    not_ok "PDF streams: $levels"
missing=0
while IFS= read -r name; do
    grep -qF -- "$name" "$T/city.txt" || { missing=$((missing + 1)); echo "# missing: $name"; }
done < <(sql "SELECT name FROM koban_areas")
expect_eq "$missing" 0 "every 交番 area name is in the PDF text"

# PNG size = paper × dpi exactly.
expect_exit 0 "PNG A4 portrait at 100 dpi" -- "$BOHAN" --db "$DB" map --by oaza --paper A4 --portrait --dpi 100 --out "$T/a4.png"
dims=$(python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print('%dx%d' % struct.unpack('>II', d[16:24]))" "$T/a4.png")
expect_eq "$dims" "827x1169" "PNG is round(210/25.4*100) x round(297/25.4*100)"

# Editions: public never shows individual refuge houses or cameras; internal does.
expect_exit 0 "public SVG" -- "$BOHAN" --db "$DB" map --by chome --out "$T/public.svg"
expect_exit 0 "internal SVG" -- "$BOHAN" --db "$DB" map --by chome --edition internal --out "$T/internal.svg"
for c in "rgb(96.470588%,78.039216%,0%)" "rgb(3.921569%,56.078431%,23.529412%)" "rgb(48.235294%,18.431373%,74.901961%)"; do
    np=$( (grep -o -F "$c" "$T/public.svg" || true) | wc -l)
    ni=$( (grep -o -F "$c" "$T/internal.svg" || true) | wc -l)
    expect_eq "$np" 0 "public SVG has no symbol filled $c"
    [ "$ni" -ge 200 ] && ok "internal SVG has $ni symbols filled $c" || not_ok "internal SVG has only $ni symbols filled $c"
done
grep -q "公開版は位置を表示しません" <(pdftotext "$T/matsudo-crime-map.pdf" -) && ok "public legend explains hidden positions" || not_ok "public legend note missing"
# ... but per-area counts: the "こども110番の家 N軒" of the 交番 labels add up to the refuge houses inside the
# 交番 areas, counted independently with SpatiaLite.
sum=$(grep -o "110番の家 [0-9]*軒" "$T/city.txt" | tr -d '軒' | awk '{s += $2} END {print s + 0}')
want=$(sqlite3 "$DB" "SELECT load_extension('mod_spatialite'); SELECT count(*) FROM refuge_houses r WHERE EXISTS (SELECT 1 FROM koban_areas k WHERE ST_Within(r.geom, k.geom));" | tail -1)
expect_eq "$sum" "$want" "public map: per-交番 refuge house counts add up to the houses inside the 交番 areas"
n110=$( (grep -o "110番の家 [0-9]*軒" "$T/city.txt" || true) | wc -l)
expect_eq "$n110" "$(sql 'SELECT count(*) FROM koban_areas')" "public map: one 110番 count per 交番 area"
# Cameras counted in 台, the network cameras spelled out (never "NW"): per-交番 counts add up to the
# cameras inside the 交番 areas (#18.7).
for cam in "cameras|防犯カメラ" "network_cameras|ネットワークカメラ"; do
    tab=${cam%%|*} word=${cam#*|}
    sum=$( (grep -o "$word [0-9]*台" "$T/city.txt" || true) | tr -dc '0-9\n' | awk '{s += $1} END {print s + 0}')
    want=$(sqlite3 "$DB" "SELECT load_extension('mod_spatialite'); SELECT count(*) FROM $tab r WHERE EXISTS (SELECT 1 FROM koban_areas k WHERE ST_Within(r.geom, k.geom));" | tail -1)
    expect_eq "$sum" "$want" "public map: per-交番 「$word N台」 add up to the $tab inside the 交番 areas"
done
grep -q "NW" "$T/city.txt" && not_ok "public map: an abbreviated NW" || ok "public map: ネットワークカメラ spelled out"


# An empty period is refused with the data's range (#18.2); with --allow-empty it renders with 0件
# and データなし.
expect_exit 1 "empty period refused" -- "$BOHAN" --db "$DB" map --by oaza --from 2031-01 --to 2031-03 --out "$T/refused.pdf"
[ ! -e "$T/refused.pdf" ] && ok "empty period: no output" || not_ok "empty period: output written"
expect_exit 0 "empty period renders with --allow-empty" -- "$BOHAN" --db "$DB" map --by oaza --from 2031-01 --to 2031-03 --allow-empty --out "$T/empty.pdf"
pdftotext -layout "$T/empty.pdf" "$T/empty.txt"
expect_grep "0件" "$T/empty.txt" "empty period: 0件"
expect_grep "データなし" "$T/empty.txt" "empty period: データなし"
expect_grep "令和13年1月〜令和13年3月" "$T/empty.txt" "empty period: the asked period in 和暦"

# Small counts suppressed.
expect_exit 0 "--suppress-below 1000" -- "$BOHAN" --db "$DB" map --by chome --suppress-below 1000 --out "$T/supp.pdf"
pdftotext -layout "$T/supp.pdf" "$T/supp.txt"
expect_grep "1000未満" "$T/supp.txt" "suppressed counts print as 1000未満"

# The other shipped styles render.
for s in bicycle-theft plain atlas-page; do
    expect_exit 0 "style $s" -- "$BOHAN" --db "$DB" map --by oaza --style "$s" --out "$T/$s.pdf"
done
pdftotext "$T/bicycle-theft.pdf" - | grep -q "認知件数（自転車盗）" && ok "bicycle-theft legend names 自転車盗" || not_ok "bicycle-theft legend"

# Every successful map is one editions row; --breaks-from reuses its breaks.
n=$(sql "SELECT count(*) FROM editions")
expect_eq "$n" 9 "one editions row per map written"
expect_eq "$(sql "SELECT edition || ' ' || \"by\" || ' ' || style FROM editions WHERE id = 4")" "internal chome crime-map" "editions row records edition, by and style"
bike=$(sql "SELECT id FROM editions WHERE style = 'bicycle-theft'")
expect_exit 0 "--breaks-from reuses class breaks" -- "$BOHAN" --db "$DB" map --by oaza --style bicycle-theft --from 2023-01 --to 2023-03 --breaks-from "$bike" --out "$T/reuse.pdf"
expect_eq "$(sql "SELECT class_breaks FROM editions ORDER BY id DESC LIMIT 1")" "$(sql "SELECT class_breaks FROM editions WHERE id = $bike")" "reused class breaks recorded"
expect_eq "$(sql "SELECT risk_breaks IS NOT NULL FROM editions WHERE id = 1")" 1 "risk breaks recorded"
finish
