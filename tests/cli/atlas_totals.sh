#!/usr/bin/env bash
# Issue 17: on every page of every atlas kind (交番, 大字, 小学校区) of the default city, the rows
# of the page's table add up to its 計 row, and that 計 (and 「計 N件」 above the chart) equals
# `crimes summary --by KIND` for that area and period. Read back with `pdftotext -layout` (the
# title is the first line up to a wide gap: the edition mark may share its line).
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >/dev/null 2>&1 || "$BOHAN" --db "$DB" --quiet init --force >"$T/init.err" 2>&1
sql() { sqlite3 "$DB" "$1"; }
latest=$(sql "SELECT MAX(occurred_ym) / 100 FROM crimes WHERE state IN ('chome','oaza')")

# check_kind KIND TABLE NAMECOL TITLE-KIND PERIOD-OPTIONS...
check_kind() {
    local kind=$1 table=$2 col=$3 tk=$4
    shift 4
    local pdf="$T/atlas-$kind.pdf"
    expect_exit 0 "atlas --by $kind $*" -- "$BOHAN" --db "$DB" --quiet atlas --by "$kind" "$@" --out "$pdf"
    pdftotext -layout "$pdf" "$T/$kind.txt"
    "$BOHAN" --db "$DB" crimes summary --by "$kind" "$@" --format csv | tr -d '\r' | sed '1s/^\xEF\xBB\xBF//' >"$T/sum.csv"
    local nt
    nt=$(head -1 "$T/sum.csv" | awk -F, '{for (i = 1; i <= NF; i++) {if ($i == "population") p = i; if ($i == "total") t = i}; print t - p - 1}')
    # name,total of every area with a page, and the title its page carries
    awk -F, -v tk="$tk" 'NR == 1 {for (i = 1; i <= NF; i++) if ($i == "total") t = i; next}
        {title = index($2, tk) ? $2 " 犯罪発生状況" : (tk == "区" ? $2 tk : $2 " " tk) " 犯罪発生状況"
         print title "\t" $2 "\t" $t}' "$T/sum.csv" >"$T/expect.tsv"
    awk -v nt="$nt" -v expf="$T/expect.tsv" '
        function flush() {
            if (cur == "") return
            checked++
            if (!(cur in want)) { bad++; print "# page title not in the summary: " cur; return }
            if (rowsum != want[cur] || total != want[cur] || !stated) {
                bad++; printf "# %s: rows sum %d, 計 row %s, 計 N件 %s, summary %s\n", name[cur], rowsum, total, stated ? "found" : "missing", want[cur]
            }
        }
        BEGIN {
            while ((getline line < expf) > 0) { split(line, e, "\t"); want[e[1]] = e[3]; name[e[1]] = e[2] }
            RS = "\f"
        }
        NR > 1 {
            n = split($0, L, "\n"); title = ""
            for (k = 1; k <= n && title == ""; k++) { t = L[k]; gsub(/^ +| +$/, "", t); sub(/   +.*$/, "", t); title = t }
            cont = sub(/（続き）/, "", title)
            if (!cont) { flush(); cur = title; rowsum = 0; total = "-"; stated = 0 }
            for (k = 1; k <= n; k++) {
                m = split(L[k], f, /[ \t]+/); while (m > 0 && f[m] == "") m--
                if (L[k] ~ "計 " want[cur] "件") stated = 1
                if (m < nt + 2) continue
                okrow = 1
                for (c = m - nt; c <= m; c++) if (f[c] !~ /^[0-9]+$/) okrow = 0
                if (!okrow || f[m - nt - 1] ~ /^[0-9]*$/) continue
                if (f[m - nt - 1] == "計") total = f[m]; else rowsum += f[m]
            }
        }
        END { flush(); printf "%d %d\n", checked, bad }' "$T/$kind.txt" >"$T/check.out"
    grep '^#' "$T/check.out" | head -20 || true
    local checked bad pages
    read -r checked bad < <(tail -1 "$T/check.out")
    pages=$(sql "SELECT count(*) FROM $table WHERE geom IS NOT NULL")
    expect_eq "$checked" "$pages" "--by $kind $*: every area page read back ($pages)"
    expect_eq "$bad" 0 "--by $kind $*: rows sum to 計 and 計 equals crimes summary on every page"
}
check_kind school-district school_districts school_name 区 --from "$latest-01" --to "$latest-12"
check_kind koban koban_areas name 交番 --from "$latest-01" --to "$latest-12"
check_kind oaza oaza name 大字 --from "$latest-01" --to "$latest-12"
# The previous year and one half-year too: the rule does not depend on the period.
check_kind school-district school_districts school_name 区 --from "$((latest - 1))-01" --to "$((latest - 1))-12"
check_kind school-district school_districts school_name 区 --from "$latest-07" --to "$latest-12"

# A style that asks for whole-大字 rows on 小学校区 pages is refused, naming the key.
sed 's/"school-district": "chome"/"school-district": "oaza"/' "$SRC/styles/atlas-page.json" >"$T/oaza-rows.json"
expect_exit 1 "whole-大字 rows on 小学校区 pages are refused" -- "$BOHAN" --db "$DB" atlas --by school-district --style "$T/oaza-rows.json" --out "$T/x.pdf"
expect_grep "atlas.sub_by.school-district" "$T/err" "the refusal names atlas.sub_by.school-district"
finish
