# The read side on PostGIS gives what SpatiaLite gives (docs/postgis.md, issue 16 point 2): the
# default database (bohan init: every layer, the sample crimes, 交番管内) with both hot-spot
# surfaces is copied into a throwaway cluster (scripts/pg-cluster), and then on both backends:
# maps of every style (PDF text equal; PNG and SVG byte-equal), atlases (every page's text
# equal), crimes unplaced and areas listings equal, a recorded edition and its reuse; a read-only
# role draws the same map and atlas (point 5). Exit 77 (skipped) only without PostgreSQL/PostGIS.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pglib.sh"
SQ=$T/city.sqlite
"$BOHAN" -q --db "$SQ" init >/dev/null
"$BOHAN" -q --db "$SQ" crimes hotspots --method kde >/dev/null
"$BOHAN" -q --db "$SQ" crimes hotspots --method gistar >/dev/null
"$BOHAN" -q --db "$SQ" refuges coverage >/dev/null
expect_exit 0 "db copy of the default database (with hot spots) to PostGIS" -- "$BOHAN" -q db copy "$SQ" "$URI"

# same_pdf DESC ARGS...: bohan ARGS --out X.pdf on both; exit 0 and pdftotext equal
same_pdf() {
    local desc=$1; shift
    local a=0 b=0
    "$BOHAN" -q --db "$SQ" "$@" --out "$T/sq.pdf" >/dev/null 2>"$T/sq.err" || a=$?
    "$BOHAN" -q --db "$URI" "$@" --out "$T/pg.pdf" >/dev/null 2>"$T/pg.err" || b=$?
    if [ "$a" -ne 0 ] || [ "$b" -ne 0 ]; then
        not_ok "$desc (exit $a on SpatiaLite, $b on PostGIS): $(head -c 300 "$T/pg.err")"
        return
    fi
    pdftotext -layout "$T/sq.pdf" "$T/sq.txt"
    pdftotext -layout "$T/pg.pdf" "$T/pg.txt"
    if cmp -s "$T/sq.txt" "$T/pg.txt" && [ -s "$T/pg.txt" ]; then ok "$desc: PDF text equal"; else not_ok "$desc: PDF text differs: $(diff "$T/sq.txt" "$T/pg.txt" | head -4)"; fi
}
M=(map --no-record --date 2024-06-01)
for style in crime-map plain bicycle-theft atlas-page camera-plan plan-item-map hotspots gistar change refuge-coverage; do
    same_pdf "map --style $style" "${M[@]}" --style "$style"
done
# page.header_sql_postgresql: the refuge map's header (printf, json_extract) in PostgreSQL's words
expect_grep "到達半径 100m・こども110番の家 2,376件" "$T/pg.txt" "refuge-coverage: the header line from the PostgreSQL variant"
same_pdf "map --style refuge-coverage --edition internal" "${M[@]}" --style refuge-coverage --edition internal
# a public map counts the hidden houses per area in one join (public_counts): 45 districts and
# the many cells of a 250 m grid as parameters of one statement
same_pdf "map --style refuge-coverage --by school-district (public counts)" "${M[@]}" --style refuge-coverage --by school-district
expect_grep "110番の家 47" "$T/pg.txt" "the hidden houses are counted per district on PostGIS"
same_pdf "map --style refuge-coverage --by grid:250 (public counts per cell)" "${M[@]}" --style refuge-coverage --by grid:250
same_pdf "map --by chome" "${M[@]}" --by chome
same_pdf "map --by oaza --edition internal" "${M[@]}" --by oaza --edition internal
same_pdf "map --by grid:500" "${M[@]}" --by grid:500
same_pdf "map --by school-district --area 中部小 (the district's 町丁目 and school)" "${M[@]}" --by school-district --area 中部小
expect_grep "中部小学校" "$T/pg.txt" "the --area map names its school on PostGIS"
same_pdf "map --suppress-below 3 --from 2023-01 --to 2023-06" "${M[@]}" --suppress-below 3 --from 2023-01 --to 2023-06
same_pdf "map --style gistar --by chome" "${M[@]}" --style gistar --by chome
for ext in png svg; do
    for style in crime-map hotspots; do
        "$BOHAN" -q --db "$SQ" "${M[@]}" --style "$style" --dpi 40 --out "$T/sq.$ext" >/dev/null
        "$BOHAN" -q --db "$URI" "${M[@]}" --style "$style" --dpi 40 --out "$T/pg.$ext" >/dev/null
        cmp -s "$T/sq.$ext" "$T/pg.$ext" && ok "map --style $style .$ext: byte-equal" || not_ok "map --style $style .$ext differs"
    done
done

# a recorded edition (the one write of map) and its breaks reused
same_pdf "map recorded in editions" map --date 2024-06-01
expect_eq "$("${PSQL[@]}" -d bohan -At -c "SELECT id || ' ' || \"by\" || ' ' || edition FROM editions")" \
    "$(sqlite3 "$SQ" "SELECT id || ' ' || \"by\" || ' ' || edition FROM editions")" "the edition row is the same"
same_pdf "map --breaks-from 1" "${M[@]}" --breaks-from 1

# atlases: every page's text
for by in koban oaza school-district; do
    same_pdf "atlas --by $by" atlas --by "$by"
    expect_eq "$(grep -c $'\f' "$T/pg.txt")" "$(grep -c $'\f' "$T/sq.txt")" "atlas --by $by: as many pages"
done
same_pdf "atlas --by koban --edition internal" atlas --by koban --edition internal
for e in public internal; do
    same_pdf "refuge atlas --edition $e" atlas --by school-district --style refuge-coverage --edition "$e" --date 2024-04-01
done
same_pdf "atlas --by koban --area 1 page" atlas --by koban --area "$("$BOHAN" --db "$SQ" areas --by koban --format csv | tr -d '\r' | sed -n 2p | cut -d, -f1)"

# listings
for f in text csv json; do
    "$BOHAN" --db "$SQ" crimes unplaced --format "$f" >"$T/u.sq"
    expect_exit 0 "crimes unplaced --format $f on PostGIS" -- "$BOHAN" --db "$URI" crimes unplaced --format "$f"
    cmp -s "$T/out" "$T/u.sq" && ok "crimes unplaced --format $f: equal" || not_ok "crimes unplaced --format $f differs"
done
for by in koban oaza chome school-district; do
    "$BOHAN" --db "$SQ" areas --by "$by" --format json >"$T/a.sq"
    expect_exit 0 "areas --by $by on PostGIS" -- "$BOHAN" --db "$URI" areas --by "$by" --format json
    cmp -s "$T/out" "$T/a.sq" && ok "areas --by $by: equal" || not_ok "areas --by $by differs"
done

# crimes check: the aggregate against the rows and the 町丁目 → area table against a fresh
# computation (on a read-only working copy on PostgreSQL); the same report, also of differences
"$BOHAN" --db "$SQ" crimes check >"$T/c.sq" 2>&1
expect_exit 0 "crimes check on PostGIS" -- "$BOHAN" --db "$URI" crimes check
cmp -s "$T/out" "$T/c.sq" && ok "crimes check: equal report" || not_ok "crimes check differs: $(diff "$T/out" "$T/c.sq" | head -3)"
expect_grep "chome_area_map matches a fresh computation" "$T/out" "the area table is checked on PostGIS"
TAMPER="UPDATE crime_agg SET n = n + 2 WHERE place = (SELECT min(place) FROM crime_agg WHERE state = 'chome'); DELETE FROM chome_area_map WHERE place = (SELECT min(place) FROM chome_area_map)"
cp "$SQ" "$T/tampered.sqlite"
sqlite3 "$T/tampered.sqlite" "$TAMPER"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE tampered" -c "\\c tampered" -c "CREATE EXTENSION postgis" >/dev/null
"$BOHAN" -q db copy "$SQ" "postgresql:///tampered?host=$PGD"
"${PSQL[@]}" -d tampered -c "$TAMPER" >/dev/null
"$BOHAN" --db "$T/tampered.sqlite" crimes check >"$T/t.sq" 2>&1 || true
expect_exit 1 "crimes check of a tampered PostGIS database fails" -- "$BOHAN" --db "postgresql:///tampered?host=$PGD" crimes check
cmp -s "$T/err" "$T/t.sq" && ok "crimes check: the same differences listed" || not_ok "tampered check differs: $(diff "$T/err" "$T/t.sq" | head -4)"
expect_grep "differs: state chome" "$T/err" "the changed group is named"

# the writers of the read rooms: hot spots and 交番管内, computed on a working copy and written
# back; the same rows and geometries (digests), the same reports, the same maps after
for args in "--method kde --format json" "--method gistar --format json" "--method gistar --by koban --types ひったくり,車上ねらい --format csv"; do
    # shellcheck disable=SC2086
    "$BOHAN" --db "$SQ" crimes hotspots $args >"$T/h.sq"
    # shellcheck disable=SC2086
    expect_exit 0 "crimes hotspots $args on PostGIS" -- "$BOHAN" --db "$URI" crimes hotspots $args
    cmp -s "$T/out" "$T/h.sq" && ok "crimes hotspots $args: report equal" || not_ok "crimes hotspots $args: report differs"
done
"$BOHAN" --db "$SQ" crimes hotspots --method gistar >/dev/null
"$BOHAN" --db "$URI" crimes hotspots --method gistar >/dev/null
"$BOHAN" --db "$SQ" db hash | grep '^hotspot_' >"$T/hh.sq"
"$BOHAN" --db "$URI" db hash | grep '^hotspot_' >"$T/hh.pg"
expect_eq "$(wc -l <"$T/hh.pg")" 2 "both hot-spot tables on PostGIS"
cmp -s "$T/hh.sq" "$T/hh.pg" && ok "hotspot_kde and hotspot_gistar: every row and geometry equal (digests)" || not_ok "hot-spot digests differ: $(diff "$T/hh.sq" "$T/hh.pg")"
same_pdf "map --style hotspots after crimes hotspots on both" "${M[@]}" --style hotspots
same_pdf "map --style gistar after crimes hotspots on both" "${M[@]}" --style gistar
for f in text json; do
    "$BOHAN" --db "$SQ" crimes koban --format "$f" >"$T/k.sq" 2>/dev/null
    expect_exit 0 "crimes koban --format $f on PostGIS" -- "$BOHAN" --db "$URI" crimes koban --format "$f"
    cmp -s "$T/out" "$T/k.sq" && ok "crimes koban --format $f: equal" || not_ok "crimes koban --format $f differs"
done
"$BOHAN" --db "$SQ" db hash | grep -E '^(koban_areas|chome_area_map) ' >"$T/kh.sq"
"$BOHAN" --db "$URI" db hash | grep -E '^(koban_areas|chome_area_map) ' >"$T/kh.pg"
cmp -s "$T/kh.sq" "$T/kh.pg" && ok "koban_areas and chome_area_map after crimes koban: digests equal" || not_ok "koban digests differ"
same_pdf "atlas --by koban after crimes koban on both" atlas --by koban

# least privilege: a read-only role draws the same map and atlas and reads the summary
"${PSQL[@]}" -d bohan -f - >/dev/null <<'SQL'
CREATE ROLE bohan_reader LOGIN;
GRANT USAGE ON SCHEMA public TO bohan_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO bohan_reader;
SQL
UR="postgresql://bohan_reader@/bohan?host=$PGD"
"$BOHAN" -q --db "$URI" "${M[@]}" --by school-district --area 中部小 --out "$T/owner.pdf" >/dev/null
expect_exit 0 "map with the read-only role" -- "$BOHAN" -q --db "$UR" "${M[@]}" --by school-district --area 中部小 --out "$T/ro.pdf"
pdftotext "$T/owner.pdf" "$T/owner.txt"
pdftotext "$T/ro.pdf" "$T/ro.txt"
cmp -s "$T/owner.txt" "$T/ro.txt" && ok "the read-only role draws the same map" || not_ok "read-only map differs"
"$BOHAN" -q --db "$URI" atlas --by koban --out "$T/owner.pdf" >/dev/null
expect_exit 0 "atlas with the read-only role" -- "$BOHAN" -q --db "$UR" atlas --by koban --out "$T/ro.pdf"
pdftotext "$T/owner.pdf" "$T/owner.txt"
pdftotext "$T/ro.pdf" "$T/ro.txt"
cmp -s "$T/owner.txt" "$T/ro.txt" && ok "the read-only role prints the same atlas" || not_ok "read-only atlas differs"
expect_exit 0 "crimes unplaced with the read-only role" -- "$BOHAN" --db "$UR" crimes unplaced
expect_exit 0 "crimes check with the read-only role" -- "$BOHAN" --db "$UR" crimes check
expect_exit 0 "crimes koban --no-derive with the read-only role" -- "$BOHAN" --db "$UR" crimes koban --no-derive
expect_exit 1 "a recorded map with the read-only role" -- "$BOHAN" -q --db "$UR" map --out "$T/rec.pdf"
one_line "$T/err" "its refusal is one line"
expect_grep "permission denied" "$T/err" "says permission denied"
"$BOHAN" --db "$URI" db hash >"$T/ro.before"
expect_exit 1 "crimes hotspots with the read-only role" -- "$BOHAN" -q --db "$UR" crimes hotspots --method kde
one_line "$T/err" "its refusal is one line"
"$BOHAN" --db "$URI" db hash >"$T/ro.after"
cmp -s "$T/ro.before" "$T/ro.after" && ok "the refused hot-spot run changed nothing" || not_ok "refused hotspots changed the database"

# crimes import-counts (a CSV in CP932 and an XLSX), one transaction each: the same report and rows
for f in counts_cp932.csv counts.xlsx; do
    "$BOHAN" --db "$SQ" crimes import-counts --allow-duplicates --format json "$BOHAN_TEST_DATA/crimes/$f" >"$T/ic.sq"
    expect_exit 0 "crimes import-counts $f on PostGIS" -- "$BOHAN" --db "$URI" crimes import-counts --allow-duplicates --format json "$BOHAN_TEST_DATA/crimes/$f"
    cmp -s "$T/out" "$T/ic.sq" && ok "crimes import-counts $f: report equal" || not_ok "import-counts $f report differs"
done
expect_eq "$("$BOHAN" --db "$URI" db hash | grep '^crime_counts ')" "$("$BOHAN" --db "$SQ" db hash | grep '^crime_counts ')" "crime_counts: every row equal (digest)"
same_pdf "map after import-counts on both" "${M[@]}" --from 2023-01 --to 2023-12

# renders beside writers (issue 16 point 4): two crime imports, a count import and map and atlas
# renders at once on one PostGIS database; every command succeeds, the renders are whole, and the
# crime counts equal the same imports one after the other on SpatiaLite
"${PSQL[@]}" -d postgres -c "CREATE DATABASE busy" -c "\\c busy" -c "CREATE EXTENSION postgis" >/dev/null
UB="postgresql:///busy?host=$PGD"
"$BOHAN" -q --db "$T/busy.sqlite" init >/dev/null
"$BOHAN" -q db copy "$T/busy.sqlite" "$UB"
python3 "$SRC/scripts/gen-sample-crimes" --rows 20000 --seed 5 --out "$T/gen" >/dev/null
W=("crimes import --allow-duplicates $T/gen/bench_jitensha_to.csv" "crimes import --allow-duplicates $BOHAN_TEST_DATA/crimes/dates_cp932.csv" "crimes import-counts --allow-duplicates $BOHAN_TEST_DATA/crimes/counts_cp932.csv")
pids=()
for i in 0 1 2; do
    # shellcheck disable=SC2086
    "$BOHAN" -q --db "$UB" ${W[$i]} >"$T/w$i.out" 2>"$T/w$i.err" &
    pids+=($!)
done
for i in 0 1; do
    "$BOHAN" -q --db "$UB" map --no-record --date 2024-06-01 --out "$T/busy$i.pdf" >/dev/null 2>"$T/r$i.err" &
    pids+=($!)
done
"$BOHAN" -q --db "$UB" atlas --by koban --date 2024-06-01 --out "$T/busy-atlas.pdf" >/dev/null 2>"$T/r2.err" &
pids+=($!)
codes=""
for p in "${pids[@]}"; do r=0; wait "$p" || r=$?; codes="$codes$r"; done
expect_eq "$codes" "000000" "three writers and three renders at once all succeed"
"${PSQL[@]}" -d busy -c "ALTER DATABASE busy SET log_statement = 'all'" >/dev/null
"$BOHAN" -q --db "$UB" map --no-record --date 2024-06-01 --out "$T/logged.pdf" >/dev/null
expect_grep "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" "$PGD/server.log" "a render reads in one snapshot (REPEATABLE READ READ ONLY, in the server's log)"
for i in 0 1; do
    pdftotext "$T/busy$i.pdf" "$T/busy$i.txt"
    expect_grep "凡例" "$T/busy$i.txt" "a map rendered during the imports is whole"
done
expect_eq "$(pdfinfo "$T/busy-atlas.pdf" | awk '/^Pages:/ {print $2}')" 19 "the atlas rendered during the imports has its 19 pages"
for i in 0 1 2; do
    # shellcheck disable=SC2086
    "$BOHAN" -q --db "$T/busy.sqlite" ${W[$i]} >/dev/null 2>&1
done
for by in koban chome; do
    "$BOHAN" --db "$T/busy.sqlite" crimes summary --by "$by" --format json >"$T/b.sq"
    "$BOHAN" --db "$UB" crimes summary --by "$by" --format json >"$T/b.pg"
    cmp -s "$T/b.sq" "$T/b.pg" && ok "after the busy run: summary --by $by equals the sequential one" || not_ok "busy summary --by $by differs"
done
same_pdf_busy() { "$BOHAN" -q --db "$T/busy.sqlite" "${M[@]}" --out "$T/bs.pdf" >/dev/null; "$BOHAN" -q --db "$UB" "${M[@]}" --out "$T/bp.pdf" >/dev/null; pdftotext "$T/bs.pdf" "$T/bs.txt"; pdftotext "$T/bp.pdf" "$T/bp.txt"; cmp -s "$T/bs.txt" "$T/bp.txt"; }
same_pdf_busy && ok "after the busy run: the map equals the sequential one" || not_ok "busy map differs"
finish
