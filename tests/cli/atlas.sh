#!/usr/bin/env bash
# bohan atlas end to end: page count = areas + 1, every area name and the table headers in the
# PDF text, usage errors exit 2, the database is left byte-for-byte unchanged.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >/dev/null 2>&1 || "$BOHAN" --db "$DB" --quiet init --force >"$T/init.err" 2>&1
# The default city's sample crimes and the 交番管内 derived from them (unless init did it).
if [ "$(sqlite3 "$DB" "SELECT count(*) FROM crimes")" = 0 ]; then
    "$BOHAN" --db "$DB" --quiet crimes import "$SRC"/data/matsudo/crimes/20*.csv >/dev/null 2>&1 || true
    "$BOHAN" --db "$DB" --quiet crimes import-counts "$SRC"/data/matsudo/crimes/counts_sample.csv >/dev/null 2>&1 || true
fi
if [ "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE name = 'koban_areas'")" = 0 ]; then
    "$BOHAN" --db "$DB" --quiet crimes koban >/dev/null 2>&1 || true
fi
cp "$DB" "$T/before.sqlite"

expect_exit 0 "atlas --help" -- "$BOHAN" atlas --help
expect_grep "--by koban|oaza|school-district" "$T/out" "help names the --by kinds"
expect_exit 2 "unknown --by is a usage error" -- "$BOHAN" --db "$DB" atlas --by ward --out "$T/x.pdf"
one_line "$T/err" "unknown --by: one line on stderr"
expect_grep "ward" "$T/err" "unknown --by: the message names the value"
expect_exit 2 "missing --out is a usage error" -- "$BOHAN" --db "$DB" atlas --by oaza
expect_exit 2 "bad --from is a usage error" -- "$BOHAN" --db "$DB" atlas --by oaza --from 2023-13 --out "$T/x.pdf"
expect_exit 2 "svg output is refused" -- "$BOHAN" --db "$DB" atlas --by oaza --out "$T/x.svg"
expect_exit 1 "unknown style fails" -- "$BOHAN" --db "$DB" atlas --by oaza --style "$T/none.json" --out "$T/x.pdf"
expect_exit 1 "invalid atlas section fails" -- "$BOHAN" --db "$DB" atlas --by oaza --style "$BOHAN_TEST_DATA/atlas/atlas-bad.json" --out "$T/x.pdf"
expect_grep "atlas.map_fraction: expected a number from 0.3 to 0.85" "$T/err" "style error names the JSON path"
one_line "$T/err" "style error: one line on stderr"
[ ! -e "$T/x.pdf" ] && ok "no output left behind by failures" || not_ok "x.pdf exists after failures"

sql() { sqlite3 "$DB" "$1"; }
check_atlas() { # KIND TABLE NAMECOL SUBHEADER
    local kind=$1 table=$2 col=$3 subhead=$4 pdf="$T/atlas-$1.pdf"
    expect_exit 0 "atlas --by $kind" -- "$BOHAN" --db "$DB" atlas --by "$kind" --out "$pdf"
    expect_grep "page 2/" "$T/err" "--by $kind: progress on stderr"
    local n pages cont
    n=$(sql "SELECT count(*) FROM $table WHERE geom IS NOT NULL")
    pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
    pdftotext -layout "$pdf" "$T/$kind.txt"
    cont=$(grep -c "（続き）" "$T/$kind.txt" || true)
    expect_eq "$pages" "$((n + 1 + cont))" "--by $kind: pages = $n areas + cover + $cont table continuations"
    local missing=0 name
    while IFS= read -r name; do
        grep -qF -- "$name" "$T/$kind.txt" || { missing=$((missing + 1)); echo "# missing: $name"; }
    done < <(sql "SELECT $col FROM $table WHERE geom IS NOT NULL")
    expect_eq "$missing" 0 "--by $kind: every area name is in the PDF text"
    expect_grep "$subhead" "$T/$kind.txt" "--by $kind: table header '$subhead'"
    expect_grep "計" "$T/$kind.txt" "--by $kind: total column"
    expect_grep "前年比" "$T/$kind.txt" "--by $kind: 前年比"
    expect_grep "出典" "$T/$kind.txt" "--by $kind: source line"
    expect_grep "公開版" "$T/$kind.txt" "--by $kind: public edition by default"
    # Each area page carries its page number "k / N".
    expect_grep "$pages / $pages" "$T/$kind.txt" "--by $kind: last page numbered"
}

# Every area page's total ("計 N件" above the chart and the 計 row of its table) equals the
# crimes summary of that area; the table's rows add up to it. Reads `pdftotext -raw` text, where
# each table row is one line "name n1 n2 ... total".
check_totals() { # KIND PDF-TEXT TITLE-KIND [summary/atlas period and type options...]
    local kind=$1 txt=$2 bad=0 checked=0 name total prev page
    shift 2
    local tk=$1
    shift
    "$BOHAN" --db "$DB" crimes summary --by "$kind" "$@" --format csv | tr -d '\r' >"$T/sum-head.csv"
    tail -n +2 "$T/sum-head.csv" >"$T/sum-$kind.csv"
    local col pcol
    col=$(head -1 "$T/sum-head.csv" | tr ',' '\n' | grep -n '^total$' | cut -d: -f1)
    pcol=$(head -1 "$T/sum-head.csv" | tr ',' '\n' | grep -n '^prev_total$' | cut -d: -f1)
    while IFS=, read -r -a f; do
        name=${f[1]}; total=${f[$((col - 1))]}; prev=${f[$((pcol - 1))]}
        title="$name $tk 犯罪発生状況"; [[ "$name" == *"$tk"* ]] && title="$name 犯罪発生状況"
        page=$(awk -v RS='\f' -v t="$title" 'index($0, t) && !index($0, "（続き）") {print; exit}' "$txt")
        [ -n "$page" ] || continue
        checked=$((checked + 1))
        if ! grep -q "計 ${total}件" <<<"$page"; then bad=$((bad + 1)); echo "# $name: 計 ${total}件 not on its page"; continue; fi
        if [ -n "$prev" ] && [ "$prev" -gt 0 ] && ! grep -q "前年同期 ${prev}件" <<<"$page"; then
            bad=$((bad + 1)); echo "# $name: 前年同期 ${prev}件 not on its page"; continue
        fi
        local row sumrows
        row=$( (grep -E '^\s*計(\s+[0-9]+)+\s*$' <<<"$page" || true) | awk '{print $NF}')
        sumrows=$( (grep -E '^\s*[^0-9[:space:]]\S*(\s+[0-9]+){2,}\s*$' <<<"$page" || true) | (grep -vE '^\s*計\s' || true) | awk '{s += $NF} END {print s + 0}')
        if [ "$row" != "$total" ] || [ "$sumrows" != "$total" ]; then
            bad=$((bad + 1)); echo "# $name: table 計 '$row', rows sum '$sumrows', summary $total"
        fi
    done <"$T/sum-$kind.csv"
    [ "$checked" -gt 0 ] && ok "--by $kind: $checked area pages checked against the summary" || not_ok "--by $kind: no area page found"
    expect_eq "$bad" 0 "--by $kind: page totals and table rows match the summary"
}
check_atlas oaza oaza name 町丁目
check_atlas school-district school_districts school_name 町丁目
if [ "$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'koban_areas'")" = 1 ]; then
    check_atlas koban koban_areas name 町丁目
    pdftotext -raw "$T/atlas-koban.pdf" "$T/koban-raw.txt"
    # Without --from/--to the atlas counts the calendar year of the newest data.
    latest=$(sql "SELECT MAX(m) / 100 FROM (SELECT occurred_ym m FROM crimes WHERE state IN ('chome','oaza') UNION ALL SELECT to_ym FROM crime_counts WHERE state IN ('chome','oaza','koban','city'))")
    check_totals koban "$T/koban-raw.txt" 交番 --from "$latest-01" --to "$latest-12"
    # One year and one type: the title gives the period in 和暦, the numbers follow the summary.
    expect_exit 0 "atlas --by koban --from/--to/--types" -- "$BOHAN" --db "$DB" --quiet atlas --by koban \
        --from 2023-01 --to 2023-12 --types 自転車盗 --edition internal --out "$T/k23.pdf"
    pdftotext -raw "$T/k23.pdf" "$T/k23.txt"
    expect_grep "令和5年1月〜令和5年12月" "$T/k23.txt" "period in 和暦 on the pages"
    expect_grep "内部資料" "$T/k23.txt" "internal edition is labelled"
    check_totals koban "$T/k23.txt" 交番 --from 2023-01 --to 2023-12 --types 自転車盗
    expect_grep "SAMPLE DATA" "$T/k23.txt" "sample crimes: the pages carry the sample stamp"
    expect_grep "[0-9] m$" "$T/k23.txt" "scale bar labelled in metres"
    # A period without crimes, asked for with --allow-empty, still gives every page, with 0件.
    expect_exit 0 "atlas of an empty period with --allow-empty" -- "$BOHAN" --db "$DB" --quiet atlas --by koban \
        --from 2030-01 --to 2030-12 --allow-empty --out "$T/empty.pdf"
    expect_eq "$(pdfinfo "$T/empty.pdf" | awk '/^Pages:/ {print $2}')" "$(( $(sql "SELECT count(*) FROM koban_areas") + 1 ))" "empty period: every area page"
    pdftotext -raw "$T/empty.pdf" "$T/empty.txt"
    expect_grep "計 0件" "$T/empty.txt" "empty period: totals are 0件"
else
    echo "# koban_areas not in the default database: --by koban checked only for its error"
    expect_exit 1 "--by koban without koban_areas fails" -- "$BOHAN" --db "$DB" atlas --by koban --out "$T/k.pdf"
fi

# The index cover (style "cover": "index", landscape): area names with their page numbers.
expect_exit 0 "atlas with the index cover" -- "$BOHAN" --db "$DB" --quiet atlas --by school-district \
    --style "$BOHAN_TEST_DATA/atlas/atlas-index.json" --out "$T/idx.pdf"
pdftotext -raw -f 1 -l 1 "$T/idx.pdf" "$T/idx.txt"
expect_grep "(p.2)" "$T/idx.txt" "index cover: page references on the map"
expect_grep "頁" "$T/idx.txt" "index cover: index table header"
size=$(pdfinfo "$T/idx.pdf" | awk '/^Page size:/ {printf "%.0fx%.0f", $3, $5}')
expect_eq "$size" "842x595" "style orientation landscape: A4 landscape pages"

# A3 portrait through --paper/--portrait.
expect_exit 0 "atlas --paper A3 --portrait" -- "$BOHAN" --db "$DB" --quiet atlas --by school-district --paper A3 --portrait --out "$T/a3.pdf"
size=$(pdfinfo "$T/a3.pdf" | awk '/^Page size:/ {printf "%.0fx%.0f", $3, $5}')
expect_eq "$size" "842x1191" "A3 portrait page size in points"

# PNG: one file per page.
expect_exit 0 "atlas to PNG" -- "$BOHAN" --db "$DB" --quiet atlas --by school-district --dpi 30 --out "$T/sd.png"
npng=$(ls "$T"/sd*.png | wc -l)
expect_eq "$npng" "$(( $(sql "SELECT count(*) FROM school_districts WHERE geom IS NOT NULL") + 1 ))" "PNG: one file per page"

cmp -s "$DB" "$T/before.sqlite" && ok "database unchanged by atlas runs" || not_ok "database changed"
finish
