# Hostile input: JSON with trailing data (style, city profile), FIFOs and devices as style, profile,
# crime CSV, count table and layer source: exit 1, one line, never a hang, database unchanged.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
cp "$DB" "$T/before.sqlite"
unchanged() { cmp -s "$DB" "$T/before.sqlite" && ok "$1: database unchanged" || not_ok "$1: database changed"; }
refused() { # refused DESC NEEDLE -- CMD...
    local desc=$1 needle=$2; shift 3
    expect_exit 1 "$desc" -- timeout 20 "$@"
    one_line "$T/err" "$desc: one line"
    expect_grep "$needle" "$T/err" "$desc: says '$needle'"
    unchanged "$desc"
}
cp "$SRC/styles/crime-map.json" "$T/style.json"
echo '{"oops": 1}' >>"$T/style.json"
refused "style with data after the JSON value" "data after the JSON value" -- \
    "$BOHAN" --db "$DB" map --no-record --style "$T/style.json" --out "$T/m.pdf"
mkdir "$T/city"
cp "$SRC/data/matsudo/city.json" "$T/city/city.json"
echo 'garbage' >>"$T/city/city.json"
refused "city profile with data after the JSON value" "city.json: byte" -- \
    "$BOHAN" --db "$T/new.sqlite" init --city "$T/city"
expect_eq "$(test -e "$T/new.sqlite" && echo yes || echo no)" no "bad profile: no database created"
mkfifo "$T/fifo"
refused "FIFO as style" "cannot open style" -- \
    "$BOHAN" --db "$DB" map --no-record --style "$T/fifo" --out "$T/m.pdf"
refused "/dev/zero as style" "cannot open style" -- \
    "$BOHAN" --db "$DB" map --no-record --style /dev/zero --out "$T/m.pdf"
refused "FIFO as crime CSV" "not a regular file" -- "$BOHAN" --db "$DB" crimes import "$T/fifo"
refused "/dev/zero as crime CSV" "not a regular file" -- "$BOHAN" --db "$DB" crimes import /dev/zero
refused "FIFO as count table" "not a regular file" -- "$BOHAN" --db "$DB" crimes import-counts "$T/fifo"
refused "FIFO as layer source" "not a regular file" -- "$BOHAN" --db "$DB" import cameras "$T/fifo"
mkdir "$T/fifocity"
mkfifo "$T/fifocity/city.json"
refused "FIFO as city profile" "cannot open city profile" -- \
    "$BOHAN" --db "$T/new2.sqlite" init --city "$T/fifocity"
finish
