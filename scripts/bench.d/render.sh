#!/usr/bin/env bash
# The city map at A3 landscape 300 dpi: `bohan map --by chome` vs MapServer map2img
# (bench/mapserver/city.map: the same 251 town_blocks (a 町丁目 group, one area in bohan, is filled and labelled on each of its blocks, its chart on the first) from the same SpatiaLite database via OGR,
# the same 危険度 classes from `bohan crimes summary`, the same labels "name N件", bar charts,
# city boundary, legend, scale bar), PNG (CAIRO/PNG) and PDF (CAIRO/PDF), best of 5 each.
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}; D=data/matsudo
DB="$W/render.sqlite"
"$B" --db "$DB" --quiet init --force >/dev/null 2>&1 || "$B" --db "$DB" --quiet init >/dev/null
if [ "$(sqlite3 "$DB" 'SELECT count(*) FROM crimes')" -eq 0 ]; then
  "$B" --db "$DB" --quiet crimes import "$D"/crimes/20*.csv >/dev/null 2>&1 || true
fi
# The per-block levels and counts bohan draws, as a table MapServer can join.
"$B" --db "$DB" --quiet crimes summary --by chome --format csv | sed '1s/^\xEF\xBB\xBF//' >"$W/levels.csv"
# Crime type columns become t1..tN; the chart classes use the types and colours of
# styles/crime-map.json's chart (the 5 types of the 危険度).
python3 - "$DB" "$W/levels.csv" bench/mapserver/city.map "$W/city.map" "$PWD/bench/mapserver" <<'PY'
import csv, json, sqlite3, sys
db, levels, tmpl, out, d = sys.argv[1:6]
rows = list(csv.reader(open(levels, encoding="utf-8")))
head = rows[0]
types = head[3:head.index("total")]
cols = ["id", "name", "population"] + ["t%d" % (i + 1) for i in range(len(types))] + head[len(types) + 3:]
con = sqlite3.connect(db)
con.execute("DROP TABLE IF EXISTS bench_levels")
con.execute("CREATE TABLE bench_levels (%s)" % ", ".join('"%s"' % c for c in cols))
con.executemany("INSERT INTO bench_levels VALUES (%s)" % ",".join("?" * len(cols)), rows[1:])
con.commit()
chart = json.load(open("styles/crime-map.json"))["layers"][0]["chart"]
charted = [t for t in chart.get("types", types) if t in types]
colors = chart["colors"]
classes = "\n".join('    CLASS NAME "%s" STYLE SIZE [t%d] COLOR "%s" END END'
                    % (t, types.index(t) + 1, colors[i % len(colors)]) for i, t in enumerate(charted))
m = open(tmpl, encoding="utf-8").read()
m = m.replace("@DB@", db).replace("@DIR@", d).replace("@CHART_CLASSES@", classes)
m = m.replace("@CHART_COLUMNS@", ", ".join("l.t%d" % (types.index(t) + 1) for t in charted))
open(out, "w", encoding="utf-8").write(m)
# The PDF map: the same page in points (72 per inch), so sizes match the 300 dpi PNG.
m = m.replace("  RESOLUTION 300\n", "  RESOLUTION 72\n").replace("  SIZE 4961 3508\n", "  SIZE 1191 842\n")
m = m.replace("CHART_SIZE=106 59", "CHART_SIZE=26 14")
open(out.replace(".map", "-pdf.map"), "w", encoding="utf-8").write(m)
PY

# Wall time (from the nanosecond clock: /usr/bin/time's %e has only 10 ms steps) and CPU time
# (user + sys, 10 ms steps) of one run, in ms. best RUN...: the best of 5 of each.
t() { local s e; s=$(date +%s%N)
      /usr/bin/time -f "%U %S" -o "$W/time" "$@" >/dev/null 2>"$W/err" || { echo "failed: $*: $(head -c 300 "$W/err")" >&2; return 1; }
      e=$(date +%s%N)
      awk -v w=$(( (e - s) / 1000000 )) '{printf "%d %d\n", w, ($1 + $2) * 1000}' "$W/time"; }
best() { local mw=999999 mc=999999 w c; for _ in 1 2 3 4 5; do read -r w c < <(t "$@") || exit 1
         [ "$w" -lt "$mw" ] && mw=$w; [ "$c" -lt "$mc" ] && mc=$c; done; echo "$mw $mc"; }
export MAPSERVER_CONFIG_FILE=$PWD/bench/mapserver/mapserver.conf
S=bench/mapserver/bohan-style.json # crime-map.json with only the layers city.map has too, and, like
# city.map, no figures printed on the bars (the full default style with them is timed below)
read -r bpw bpc < <(best "$B" --db "$DB" --quiet map --by chome --style $S --no-record --dpi 300 --out "$W/bohan.png")
read -r bfw bfc < <(best "$B" --db "$DB" --quiet map --by chome --style $S --no-record --out "$W/bohan.pdf")
read -r cfw cfc < <(best "$B" --db "$DB" --quiet map --by chome --no-record --out "$W/full.pdf")
# The KDE hot-spot map (styles/hotspots.json: the hotspot_kde surface as a classified, smoothed
# raster over the blocks) against today's city map (the default style), both A3 300 dpi PNG.
"$B" --db "$DB" --quiet crimes hotspots --method kde >/dev/null
read -r kpw kpc < <(best "$B" --db "$DB" --quiet map --style hotspots --no-record --dpi 300 --out "$W/kde.png")
read -r cpw cpc < <(best "$B" --db "$DB" --quiet map --no-record --dpi 300 --out "$W/city-full.png")
read -r mpw mpc < <(best map2img -m "$W/city.map" -i png -o "$W/ms.png")
read -r mfw mfc < <(best map2img -m "$W/city-pdf.map" -i pdf -o "$W/ms.pdf")
size() { python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print('%dx%d' % struct.unpack('>II', d[16:24]))" "$1"; }
r() { awk "BEGIN{printf \"%.2f\", $1/$2}"; }
echo "| task | bohan wall / CPU (ms, best of 5) | peer wall / CPU (ms, best of 5) | ratio bohan/peer wall / CPU |"
echo "|---|---:|---:|---:|"
echo "| city map, 251 町丁目, A3 300 dpi PNG ($(size "$W/bohan.png") both) vs \`map2img\` CAIRO/PNG | $bpw / $bpc | $mpw / $mpc | $(r $bpw $mpw) / $(r $bpc $mpc) |"
echo "| city map, 251 町丁目, A3 vector PDF (bohan embeds subset fonts; MapServer draws glyphs as paths) vs \`map2img\` CAIRO/PDF | $bfw / $bfc | $mfw / $mfc | $(r $bfw $mfw) / $(r $bfc $mfc) |"
echo "| KDE hot-spot map (\`--style hotspots\`, $(sqlite3 "$DB" 'SELECT count(*) FROM hotspot_kde') cells), A3 300 dpi PNG vs today's city map (\`bohan map\`, default style) A3 300 dpi PNG | $kpw / $kpc | $cpw / $cpc | $(r $kpw $cpw) / $(r $kpc $cpc) |"
awk -v k="$kpw" -v c="$cpw" 'BEGIN{printf "KDE map A3 300 dpi PNG ≤ 1.5× the city map PNG (wall)|%.2f× (%d / %d ms)|%s\n", k/c, k, c, (k <= 1.5 * c ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
for f in "PNG $bpw $mpw" "PDF $bfw $mfw"; do
  set -- $f
  awk -v k="$1" -v b="$2" -v m="$3" 'BEGIN{printf "city map %s ≤ 0.5× MapServer wall time|%.2f× (%d / %d ms)|%s\n", k, b/m, b, m, (b <= 0.5 * m ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
done
echo
echo "PDF sizes: bohan $(( $(stat -c %s "$W/bohan.pdf") / 1024 )) KiB (BIZ UDPゴシック subsets embedded), MapServer"
echo "$(( $(stat -c %s "$W/ms.pdf") / 1024 )) KiB; both streams deflated by cairo at zlib's default level. Both peers set the"
echo "labels in BIZ UDPゴシック (bench/mapserver/fonts.txt)."
echo
echo "The full default style (crime-map.json: also stations, police stations and, in the public edition, per-area"
echo "counts of refuge houses and cameras by SpatiaLite ST_Within) takes $cfw / $cfc ms (wall / CPU) for the same PDF."
