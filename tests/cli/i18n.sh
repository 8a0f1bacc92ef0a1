#!/usr/bin/env bash
# Issue 18.5: messages, rejection reasons and listing headers in Japanese for a Japanese desk
# (LANG=ja_JP.UTF-8, or LANGUAGE=ja), English kept under LANG=C; the catalogue of the build tree
# (build/share/locale) found beside the library. The library never sets the locale: the CLI does.
source "$(dirname "$0")/lib.sh"
BUILD=$(dirname "$BOHAN")
MO="$BUILD/share/locale/ja/LC_MESSAGES/bohan.mo"
[ -e "$MO" ] && ok "the build made the Japanese catalogue" ||
    not_ok "no $MO (msgfmt of the Debian package gettext, test set of scripts/deps)"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
ja() { env -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 LANGUAGE=ja "$@"; }
en() { env -u LANGUAGE LC_ALL=C "$@"; }

# LANG=ja_JP.UTF-8 itself (a Japanese desk). Debian ships the locale only after locale-gen; build
# it into a private LOCPATH with localedef (package locales) when the system has none.
if locale -a 2>/dev/null | grep -qi '^ja_JP\.utf-\?8$'; then
    LOC=()
elif mkdir -p "$T/loc" && localedef -i ja_JP -f UTF-8 "$T/loc/ja_JP.UTF-8" >/dev/null 2>&1 || [ -d "$T/loc/ja_JP.UTF-8" ]; then
    LOC=("LOCPATH=$T/loc")
else
    LOC=none
fi
# jp: a Japanese desk as the officer has it, LANG=ja_JP.UTF-8 (LANGUAGE=ja when no ja_JP locale
# can be had; said in the output).
if [ "${LOC[*]}" = none ]; then
    echo "# no ja_JP.UTF-8 locale: LANGUAGE=ja stands in for LANG=ja_JP.UTF-8"
    jp() { ja "$@"; }
else
    jp() { env -u LC_ALL -u LANGUAGE -u LC_MESSAGES "${LOC[@]}" LANG=ja_JP.UTF-8 "$@"; }
fi

# Rejected rows: the officer's sentence, the stable identifier kept beside it.
n_rej=$(sqlite3 "$DB" "SELECT count(*) FROM crimes WHERE state = 'rejected' AND reason = 'empty_chome'")
expect_exit 0 "rejects in Japanese" -- ja "$BOHAN" --db "$DB" crimes rejects
line=$(sqlite3 "$DB" "SELECT line FROM crimes WHERE reason = 'empty_chome' ORDER BY file_id, line LIMIT 1")
expect_grep "の $line 行目: 町丁目が空です（empty_chome" "$T/out" "text: ファイル … の $line 行目: 町丁目が空です"
expect_eq "$(grep -c '町丁目が空です' "$T/out")" "$n_rej" "every empty_chome row says 町丁目が空です ($n_rej)"
expect_exit 0 "rejects CSV in Japanese" -- ja "$BOHAN" --db "$DB" crimes rejects --format csv
expect_eq "$(head -1 "$T/out" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r')" "ファイル,行,理由コード,手口,町丁目（原文）,理由" \
    "CSV header in Japanese"
expect_grep ",empty_chome,.*,町丁目が空です" "$T/out" "CSV keeps the reason code and adds its meaning"
expect_exit 0 "rejects JSON" -- ja "$BOHAN" --db "$DB" crimes rejects --format json
expect_grep '"reason": "empty_chome"' "$T/out" "JSON keys and codes stay as they are"
expect_exit 0 "files in Japanese" -- ja "$BOHAN" --db "$DB" crimes files
expect_eq "$(head -1 "$T/out")" "$(printf '番号\t取込日時\t種別\t手口\t文字コード\t行数\tサンプル\tファイル')" \
    "crimes files header in Japanese"

# English under LANG=C: the same listings as before.
expect_exit 0 "rejects in English" -- en "$BOHAN" --db "$DB" crimes rejects --format csv
expect_eq "$(head -1 "$T/out" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r')" "file,line,reason,crime_type,area,reason_text" \
    "CSV header in English under LANG=C"
expect_grep ",empty_chome,.*,町丁目 is empty" "$T/out" "English reason text"

# Errors: the library's (period, month) and the program's (usage), one line each.
expect_exit 1 "empty period in Japanese" -- ja "$BOHAN" --db "$DB" map --from 2030-01 --to 2030-06 --out "$T/x.pdf"
expect_grep "期間 2030-01〜2030-06: 犯罪データがありません（データがあるのは" "$T/err" "empty period: Japanese message"
one_line "$T/err" "empty period: one line"
expect_exit 2 "bad month in Japanese" -- ja "$BOHAN" --db "$DB" crimes summary --from 令和元年4月
expect_grep "「令和元年4月」: 年月として読めません" "$T/err" "bad month: Japanese message names the text"
one_line "$T/err" "bad month: one line"
expect_exit 2 "bad month in English" -- en "$BOHAN" --db "$DB" crimes summary --from 令和元年4月
expect_grep "expected a month such as" "$T/err" "bad month: English under LANG=C"
expect_exit 2 "unknown command in Japanese" -- ja "$BOHAN" frobnicate
expect_grep "「frobnicate」というコマンドはありません" "$T/err" "unknown command: Japanese"
expect_exit 0 "--help in Japanese" -- ja "$BOHAN" --help
expect_grep "犯罪発生マップを作成する" "$T/out" "--help lists the commands in Japanese"
expect_exit 1 "not a database in Japanese" -- ja "$BOHAN" --db "$SRC/README.md" layers
expect_grep "README.md は SQLite のデータベースではありません" "$T/err" "damaged database: Japanese"

# What a map run says on stderr.
expect_exit 0 "map in Japanese" -- ja "$BOHAN" --db "$DB" map --from 令和5年1月 --to 令和5年12月 --no-record --out "$T/m.pdf"
expect_grep "m.pdf を作成しました: .* 地区、.* 件、" "$T/err" "map: the result line in Japanese"
expect_grep "（サンプルデータ）" "$T/err" "map: sample data said in Japanese"

# The import report: rows and states in Japanese.
cp "$DB" "$T/again.sqlite"
expect_exit 0 "re-import report in Japanese" -- ja "$BOHAN" --db "$T/again.sqlite" crimes import \
    "$SRC/data/matsudo/crimes/2023_hittakuri.csv"
expect_grep "同じ内容を取込済みのため省略" "$T/out" "already imported: Japanese status"
expect_grep "読み込んだ行" "$T/out" "rows read: Japanese"

# Every command's and subcommand's --help on a Japanese desk: 使い方 and the description in
# Japanese, no English "usage:" left; the same under LANG=C in English.
helps=(
    "|犯罪発生マップを作成する" "crimes|警察のオープンデータ（手口ごとの CSV）を取り込む"
    "refuges|地区ごとの軒数・圏内の割合" "plan|データベースにある防犯計画の事業"
    "cameras|防犯カメラの視野に入る割合" "atlas|地区ごとに1ページを作成します"
    "map|市の犯罪発生マップを作成します" "crimes import|警察のオープンデータの CSV ファイル"
    "crimes summary|市内対比危険度（1〜5）" "crimes unplaced|町丁目にちょうど1つに配置できなかった"
    "refuges coverage|最大の空白" "refuges import|こども110番の家の名簿" "cameras coverage|カメラ圏内の重み"
    "cameras plan|最大被覆問題" "plan report|事業概要" "plan export|記入用の表"
    "areas|'map --area' と 'atlas --area' に指定できます" "init|市のデータベース"
    "import|OGR で読めるあらゆる取込元" "layers|データベースのレイヤ一覧" "db copy|SpatiaLite ↔ PostgreSQL")
for h in "${helps[@]}"; do
    cmd=${h%%|*} want=${h#*|}
    # shellcheck disable=SC2086 # cmd is the words of the command
    expect_exit 0 "bohan $cmd --help on a Japanese desk" -- jp "$BOHAN" $cmd --help
    expect_grep "^使い方: bohan" "$T/out" "bohan $cmd --help: 使い方"
    expect_grep "$want" "$T/out" "bohan $cmd --help: $want"
    grep -q "usage:" "$T/out" && not_ok "bohan $cmd --help: English left in it" || ok "bohan $cmd --help: no English usage line"
    # shellcheck disable=SC2086
    expect_exit 0 "bohan $cmd --help under LANG=C" -- en "$BOHAN" $cmd --help
    expect_grep "^usage: bohan" "$T/out" "bohan $cmd --help: English under LANG=C"
done

# A sample of errors on a Japanese desk (one line each) and the same under LANG=C in English.
# jp_err EXIT JAPANESE ENGLISH -- ARGS: both runs fail with EXIT and say their language.
jp_err() {
    local code=$1 want_ja=$2 want_en=$3
    shift 4
    expect_exit "$code" "bohan $* fails on a Japanese desk" -- jp "$BOHAN" --db "$DB" "$@"
    expect_grep "$want_ja" "$T/err" "bohan $*: $want_ja"
    one_line "$T/err" "bohan $*: one line"
    expect_exit "$code" "bohan $* fails under LANG=C" -- en "$BOHAN" --db "$DB" "$@"
    expect_grep "$want_en" "$T/err" "bohan $*: English under LANG=C"
}
jp_err 1 "--area「存在しない」: その交番管内はありません。候補: サンプル交番" "--area '存在しない': no such 交番管内; did you mean" \
    -- map --by koban --area 存在しない --out "$T/a.pdf"
jp_err 1 "その小学校区はありません。候補: .*（一覧: bohan areas --by school-district）" "no such 小学校区" \
    -- atlas --by school-district --area 存在しない --out "$T/a.pdf"
jp_err 1 "ファイル $T/none.csv が読めません" "$T/none.csv: cannot read the file" -- crimes import "$T/none.csv"
jp_err 1 "ファイル $T/none.csv が読めません" "$T/none.csv: cannot read the file" -- refuges import "$T/none.csv"
jp_err 1 "事業 No. 999: 年度 R[0-9]* にはありません" "plan item No. 999: not in cycle R" -- plan show 999
jp_err 2 "bohan plan report: --fy と --out を指定してください（'bohan plan report --help' を参照）" \
    "--fy and --out are required (see 'bohan plan report --help')" -- plan report --fy R5
jp_err 2 "--radius「-5」: 0 より大きく 10000 以下のメートル数" "--radius '-5': expected metres" \
    -- refuges coverage --radius -5
jp_err 2 "bohan cameras plan: --add K（1 以上）を指定してください" "--add K is required" -- cameras plan
jp_err 2 "--which「all」は使えません（city・network・both のいずれか）" "--which 'all': expected city, network or both" \
    -- cameras coverage --which all
jp_err 2 "bohan atlas: --out ファイル を指定してください" "--out FILE is required" -- atlas --by koban
jp_err 1 "データベース $T/none.sqlite を開けません" "$T/none.sqlite: cannot open database" -- layers --db "$T/none.sqlite"
for g in cameras plan; do # the error, then the list of subcommands
    expect_exit 2 "bohan $g frob on a Japanese desk" -- jp "$BOHAN" "$g" frob
    expect_grep "^bohan $g: 「frob」というサブコマンドはありません" "$T/err" "bohan $g frob: Japanese"
    expect_exit 2 "bohan $g frob under LANG=C" -- en "$BOHAN" "$g" frob
    expect_grep "^bohan $g: unknown subcommand 'frob'" "$T/err" "bohan $g frob: English under LANG=C"
done

# Listings an officer opens in Excel: Japanese headers on a Japanese desk, English under LANG=C.
expect_exit 0 "areas CSV on a Japanese desk" -- jp "$BOHAN" --db "$DB" areas --by koban --format csv
expect_eq "$(head -1 "$T/out" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r')" "ID,地区,町丁目数,人口" "areas CSV header in Japanese"
expect_exit 0 "unplaced CSV on a Japanese desk" -- jp "$BOHAN" --db "$DB" crimes unplaced --format csv
expect_eq "$(head -1 "$T/out" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r')" "種別,取込元,ファイル,行,手口,地域（原文）,配置先,理由,件数" \
    "unplaced CSV header in Japanese"
expect_exit 0 "unplaced CSV under LANG=C" -- en "$BOHAN" --db "$DB" crimes unplaced --format csv
expect_eq "$(head -1 "$T/out" | sed 's/^\xEF\xBB\xBF//' | tr -d '\r')" "kind,source,file,line,crime_type,area,placed_on,reason,count" \
    "unplaced CSV header in English under LANG=C"
expect_exit 0 "unplaced JSON on a Japanese desk" -- jp "$BOHAN" --db "$DB" crimes unplaced --format json
expect_grep '"kind": "' "$T/out" "unplaced JSON keys stay as they are"

if [ "${LOC[*]}" = none ]; then
    ok "# SKIP LANG=ja_JP.UTF-8: no ja_JP locale and no localedef input (package locales)"
else
    expect_exit 0 "LANG=ja_JP.UTF-8" -- env -u LC_ALL -u LANGUAGE "${LOC[@]}" LANG=ja_JP.UTF-8 \
        "$BOHAN" --db "$DB" crimes rejects
    expect_grep "の $line 行目: 町丁目が空です" "$T/out" "LANG=ja_JP.UTF-8 gives Japanese"
    expect_exit 0 "LANG=ja_JP.UTF-8 summary CSV numbers keep the C form" -- env -u LC_ALL -u LANGUAGE \
        "${LOC[@]}" LANG=ja_JP.UTF-8 "$BOHAN" --db "$DB" crimes summary --by koban --format csv
    en "$BOHAN" --db "$DB" crimes summary --by koban --format csv >"$T/en.csv"
    expect_eq "$(head -1 "$T/out" | sed 's/^\xEF\xBB\xBF//' | cut -d, -f1-3)" "ID,地区,人口" "summary CSV header in Japanese"
    cmp -s <(tail -n +2 "$T/out") <(tail -n +2 "$T/en.csv") && ok "the summary CSV rows are the same under ja_JP.UTF-8 and C" ||
        not_ok "the summary CSV rows differ under ja_JP.UTF-8"
fi
finish
