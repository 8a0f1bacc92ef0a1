#!/usr/bin/env bash
# The io module (libbohan-io, GDAL) is loaded only by the commands that read outside files:
# init and imports load it; map, atlas, summary, layers and plan never do.
. "$(dirname "$0")/lib.sh"
DB=$T/io.sqlite
# loads CMD...: 1 when the process mapped libgdal (the dynamic loader's own trace).
loads() { LD_DEBUG=files "$@" >/dev/null 2>"$T/ld" || { not_ok "ran: $*: $(grep -v '^ *[0-9]*:' "$T/ld" | head -c 300)"; return 0; }
          if grep -q 'file=libgdal' "$T/ld"; then echo 1; else echo 0; fi; }
expect_eq "$(loads "$BOHAN" --db "$DB" --quiet init)" 1 "init loads GDAL (it reads every layer file)"
expect_eq "$(loads "$BOHAN" --db "$DB" --quiet map --by koban --out "$T/m.pdf")" 0 "map never loads GDAL"
expect_eq "$(loads "$BOHAN" --db "$DB" --quiet map --by chome --dpi 50 --out "$T/m.png")" 0 "map to PNG never loads GDAL"
expect_eq "$(loads "$BOHAN" --db "$DB" --quiet atlas --by koban --out "$T/a.pdf")" 0 "atlas never loads GDAL"
expect_eq "$(loads "$BOHAN" --db "$DB" --quiet crimes summary --by oaza)" 0 "crimes summary never loads GDAL"
expect_eq "$(loads "$BOHAN" --db "$DB" --quiet layers)" 0 "layers never loads GDAL"
expect_eq "$(loads "$BOHAN" --db "$DB" --quiet plan list)" 0 "plan list never loads GDAL"
expect_eq "$(loads "$BOHAN" --db "$DB" --quiet crimes rejects)" 1 "crimes rejects goes through the io module"
cp "$SRC/tests/data/crimes/cp932_three.csv" "$T/one.csv"
expect_eq "$(loads "$BOHAN" --db "$DB" --quiet crimes import "$T/one.csv")" 1 "crimes import loads GDAL"
# The maps made without GDAL are whole: a PDF with the page, a PNG of the asked size.
expect_eq "$(head -c 5 "$T/m.pdf")" "%PDF-" "the map written without GDAL is a PDF"
expect_grep "Count 19" "$T/a.pdf" "the atlas written without GDAL has 19 pages"
finish
