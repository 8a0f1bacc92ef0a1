# A full disk (a small tmpfs, and everywhere SQLite's page limit through the test-only knob
# BOHAN_MAX_PAGES): every writing command exits 1 saying "disk full", and the database is
# byte-for-byte unchanged or, where SQLite left a hot journal to roll back, recovered by the next
# writer to exactly its state before (no spatialite_history row, no table, no layer row committed).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smallfs.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
# The state a command may change: every table's row count and the layer catalogue.
state() {
    sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'idx_%' AND name NOT LIKE 'sqlite_%' ORDER BY name" |
        while read -r t; do echo "$t $(sqlite3 "$1" "SELECT count(*) FROM \"$t\"")"; done
    sqlite3 "$1" "SELECT name, feature_count FROM layers ORDER BY name"
}
state "$DB" >"$T/state.before"
# 5,000 街区 points inside the city: an import that needs new pages.
awk 'BEGIN { print "市区町村名,大字・丁目名,小字・通称名,街区符号・地番,緯度,経度";
    for (i = 0; i < 5000; i++) printf "松戸市,稔台,,%d,%.6f,%.6f\n", i, 35.78 + (i % 70) * 0.0004, 139.90 + int(i / 70) * 0.0004 }' >"$T/gaiku.csv"

# Where no file system can be mounted too: the database may not grow by more than 2 pages
# (BOHAN_MAX_PAGES, a test-only knob: PRAGMA max_page_count). SQLite fails the page allocation
# with SQLITE_FULL; the transaction is rolled back and the file stays byte-identical.
pages=$(sqlite3 "$DB" 'PRAGMA page_count')
run_pages() { # run_pages DESC -- CMD...
    local desc=$1; shift 2
    cp "$DB" "$T/pages.sqlite"
    expect_exit 1 "$desc at the page limit exits 1" -- env BOHAN_MAX_PAGES=$((pages + 2)) \
        "$BOHAN" --db "$T/pages.sqlite" -q "$@"
    # nothing from SpatiaLite (its own statements never meet the full disk first: db/derived.c)
    one_line "$T/err" "$desc (page limit): one line"
    expect_grep "disk full" <(tail -n 1 "$T/err") "$desc (page limit): says disk full"
    cmp -s "$DB" "$T/pages.sqlite" && ok "$desc (page limit): database byte-identical" ||
        not_ok "$desc (page limit): database changed"
}
run_pages "crimes hotspots --method kde" -- crimes hotspots --method kde
run_pages "crimes hotspots --method gistar" -- crimes hotspots --method gistar
run_pages "import (CSV, 5,000 points)" -- import gaiku_points "$T/gaiku.csv" --x 経度 --y 緯度 --srs EPSG:6668
expect_exit 0 "the same import without the limit works" -- "$BOHAN" --db "$T/pages.sqlite" -q import gaiku_points "$T/gaiku.csv" --x 経度 --y 緯度 --srs EPSG:6668
expect_eq "$(sqlite3 "$T/pages.sqlite" 'SELECT count(*) FROM gaiku_points')" 5000 "… and stores the 5,000 points"

if [ "$HAVE_MOUNT" != 1 ]; then skip "disk full on a small file system"; finish; exit; fi
size=$(( $(stat -c %s "$DB") / 1024 + 48 ))
run_full() { # run_full DESC -- CMD...: CMD on a copy of the database in a full file system
    local desc=$1; shift 2
    umount "$T/full" 2>/dev/null || true
    small_fs "$T/full" "${size}k"
    cp "$DB" "$T/full/city.sqlite"
    # fill the rest of the file system
    dd if=/dev/zero of="$T/full/filler" bs=4k 2>/dev/null || true
    rm -f "$T/full/filler"; dd if=/dev/zero of="$T/full/filler" bs=4k count=$(( (size - $(stat -c %s "$DB") / 1024) / 4 - 4 )) 2>/dev/null || true
    expect_exit 1 "$desc on a full disk exits 1" -- "$BOHAN" --db "$T/full/city.sqlite" -q "$@"
    # nothing from SpatiaLite (its own statements never meet the full disk first: db/derived.c)
    one_line "$T/err" "$desc: one line"
    expect_grep "disk full" <(tail -n 1 "$T/err") "$desc: says disk full"
    rm -f "$T/full/filler"
    # Recovery by the next writer (SQLite rolls a hot journal back on open).
    expect_eq "$(sqlite3 "$T/full/city.sqlite" 'PRAGMA integrity_check')" ok "$desc: integrity ok afterwards"
    state "$T/full/city.sqlite" >"$T/state.after"
    if cmp -s "$T/state.before" "$T/state.after"; then ok "$desc: state as before (no partial commit)"
    else not_ok "$desc: state changed: $(diff "$T/state.before" "$T/state.after" | head -5 | tr '\n' ' ')"; fi
}
run_full "crimes hotspots --method kde" -- crimes hotspots --method kde
run_full "crimes hotspots --method gistar" -- crimes hotspots --method gistar
run_full "import (GeoJSON, 2,376 points)" -- import refuge_houses "$SRC/data/matsudo/refuge_houses_sample.geojson" --replace
run_full "crimes import" -- crimes import "$SRC"/data/matsudo/crimes/20*.csv
finish
