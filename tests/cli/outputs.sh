# Outputs appear whole or not at all: an existing --out is untouched by a failing map or atlas
# (temp file beside it, fsync, rename), --out naming the database is refused, a full disk says
# "disk full", map on a read-only database fails before writing, stdout write errors exit 1.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/smallfs.sh"
DB="$T/city.pdf" # a database whose name is a valid --out
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
before=$(sum "$DB")

echo "old map" >"$T/map.pdf"
expect_exit 1 "a failing map (unknown area) exits 1" -- \
    "$BOHAN" --db "$DB" -q map --out "$T/map.pdf" --area NOPE
one_line "$T/err" "failing map: one line on stderr"
expect_eq "$(cat "$T/map.pdf")" "old map" "a failing map leaves the existing output untouched"
expect_eq "$(ls -A "$T" | grep -c '\.tmp$' || true)" 0 "a failing map leaves no temporary file"
expect_exit 1 "a failing atlas (no such area kind polygons) leaves the output" -- \
    "$BOHAN" --db "$DB" -q atlas --by koban --out "$T/map.pdf" --style "$T/nonexistent.json"
expect_eq "$(cat "$T/map.pdf")" "old map" "a failing atlas leaves the existing output untouched"

expect_exit 0 "map replaces an existing output when complete" -- \
    "$BOHAN" --db "$DB" -q map --no-record --out "$T/map.pdf"
expect_eq "$(head -c 5 "$T/map.pdf")" "%PDF-" "the replaced output is the new PDF"
expect_eq "$(ls -A "$T" | grep -c '\.tmp$' || true)" 0 "no temporary file left after success"

expect_exit 2 "map --out naming the database is refused" -- "$BOHAN" --db "$DB" -q map --out "$DB"
one_line "$T/err" "--out = database: one line"
expect_grep "is the database itself" "$T/err" "--out = database: says so"
expect_exit 2 "atlas --out naming the database is refused" -- \
    "$BOHAN" --db "$DB" -q atlas --by koban --out "$DB"
expect_eq "$(sum "$DB")" "$before" "the database is byte-for-byte unchanged"

expect_exit 1 "layers > /dev/full exits 1" -- bash -c "'$BOHAN' --db '$DB' layers >/dev/full"
expect_grep "stdout: cannot write: disk full" "$T/err" "/dev/full: says disk full"
one_line "$T/err" "/dev/full: one line"
expect_exit 1 "layers with stdout closed exits 1" -- bash -c "'$BOHAN' --db '$DB' layers >&-"
expect_grep "stdout: cannot write" "$T/err" "closed stdout: says so"
expect_eq "$(sum "$DB")" "$before" "closed stdout: nothing written into the database"

if [ "$HAVE_MOUNT" = 1 ]; then
    small_fs "$T/full" 64k
    echo "old map" >"$T/full/map.pdf"
    expect_exit 1 "map onto a full disk exits 1" -- \
        "$BOHAN" --db "$DB" -q map --no-record --out "$T/full/map.pdf"
    expect_grep "disk full" "$T/err" "map onto a full disk: says disk full"
    one_line "$T/err" "map onto a full disk: one line"
    expect_eq "$(cat "$T/full/map.pdf")" "old map" "full disk: the existing output is untouched"
    expect_eq "$(ls -A "$T/full")" "map.pdf" "full disk: no temporary file left"
    # PNG through libpng: its own "libpng error" line must not reach stderr either.
    rm -f "$T/full/map.pdf"; echo "old map" >"$T/full/map.png"
    dd if=/dev/zero of="$T/full/filler" bs=1k 2>/dev/null || true
    expect_exit 1 "PNG map onto a full disk exits 1" -- \
        "$BOHAN" --db "$DB" -q map --no-record --out "$T/full/map.png"
    expect_grep "disk full" "$T/err" "PNG map onto a full disk: says disk full"
    one_line "$T/err" "PNG map onto a full disk: one line (nothing from libpng)"
    expect_eq "$(cat "$T/full/map.png")" "old map" "full disk: the existing PNG is untouched"
    rm -f "$T/full/filler"
    # A multi-page PNG atlas (46 pages, ~1 MB) onto 256 KB: pages are closed as written and
    # renamed together at the end, so the pages written before the disk filled stay unpublished.
    small_fs "$T/atlas" 256k
    echo "old page 1" >"$T/atlas/sd.png"; echo "old page 2" >"$T/atlas/sd-2.png"
    expect_exit 1 "PNG atlas filling the disk on a later page exits 1" -- \
        "$BOHAN" --db "$DB" -q atlas --by school-district --dpi 30 --out "$T/atlas/sd.png"
    expect_grep "disk full" "$T/err" "PNG atlas on a full disk: says disk full"
    one_line "$T/err" "PNG atlas on a full disk: one line"
    expect_eq "$(cat "$T/atlas/sd.png") / $(cat "$T/atlas/sd-2.png")" "old page 1 / old page 2" \
        "PNG atlas on a full disk: the earlier pages written are not published"
    expect_eq "$(ls -A "$T/atlas" | tr '\n' ' ')" "sd-2.png sd.png " \
        "PNG atlas on a full disk: no new page and no temporary file left"

    small_fs "$T/ro" 8m
    cp "$DB" "$T/ro/city.sqlite"
    mount -o remount,ro "$T/ro"
    expect_exit 1 "map on a read-only database fails (it records the edition)" -- \
        "$BOHAN" --db "$T/ro/city.sqlite" -q map --out "$T/ro-map.pdf"
    expect_grep "read-only" "$T/err" "read-only database: says so"
    one_line "$T/err" "read-only database: one line"
    expect_eq "$(test -e "$T/ro-map.pdf" && echo exists || echo none)" none \
        "read-only database: fails before writing the output"
    expect_exit 0 "map --no-record on a read-only database works" -- \
        "$BOHAN" --db "$T/ro/city.sqlite" -q map --no-record --out "$T/ro-map.pdf"
else
    skip "full disk and read-only database"
fi
finish
