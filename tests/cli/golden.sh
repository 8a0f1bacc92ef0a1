#!/usr/bin/env bash
# Golden images of the printed products on the default city: the A3 city map and one atlas page
# (交番 page 2), rendered at low dpi with a fixed printed date and compared pixel by pixel with a
# tolerance (ImageMagick `compare -metric AE -fuzz 6%`: pixels whose colour moved more than 6 %;
# at most 0.5 % of the page may differ — anti-aliasing and font hinting, not content).
# BH_UPDATE_GOLDEN=1 rewrites the goldens.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/golden_lib.sh"
G=$SRC/tests/data/golden
DB=$T/m.sqlite
"$BOHAN" --db "$DB" --quiet init >/dev/null
"$BOHAN" --db "$DB" --quiet map --out "$T/city.png" --dpi 40 --date 2024-06-01 --no-record >/dev/null
"$BOHAN" --db "$DB" --quiet atlas --by koban --out "$T/atlas.png" --dpi 60 --date 2024-06-01 >/dev/null
if [ -n "${BH_UPDATE_GOLDEN:-}" ]; then
    cp "$T/city.png" "$G/matsudo-city-map-a3-40dpi.png"
    cp "$T/atlas-2.png" "$G/matsudo-atlas-koban-p2-60dpi.png"
fi
check "city map A3" "$T/city.png" "$G/matsudo-city-map-a3-40dpi.png"
check "atlas 交番 page 2" "$T/atlas-2.png" "$G/matsudo-atlas-koban-p2-60dpi.png"
# The check can fail: the other edition's page is not "close" to the golden.
"$BOHAN" --db "$DB" --quiet atlas --by oaza --out "$T/oaza.png" --dpi 60 --date 2024-06-01 >/dev/null
d=$(compare -metric AE -fuzz 6% "$T/oaza-2.png" "$G/matsudo-atlas-koban-p2-60dpi.png" null: 2>&1 || true)
d=${d%%.*}
if [ "${d:-0}" -gt 10000 ] 2>/dev/null; then ok "a different page is far from the golden ($d pixels)"; else not_ok "a different page matched the golden ($d)"; fi
finish
