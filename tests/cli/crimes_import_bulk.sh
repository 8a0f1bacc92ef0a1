# bohan crimes import on a bulk file (16,000 seeded sample rows, > 2 MB): the paths that only large
# files take — SHA-256 on a second thread, rows parsed/matched on a second thread in batches, CP932
# fields recoded once per distinct value, secondary indexes of crime_rows dropped and rebuilt —
# give the rows an independent Python reading of the CSV
# gives, in file order, and a failure half-way leaves the database byte-for-byte unchanged.
source "$(dirname "$0")/lib.sh"
DB=$T/t.sqlite
CSV=$T/gen/bench_jitensha_to.csv
python3 "$SRC/scripts/gen-sample-crimes" --out "$T/gen" --rows 16000 >/dev/null
expect_exit 0 "init builds the database" -- "$BOHAN" --db "$DB" --quiet init
expect_eq "$([ "$(stat -c %s "$CSV")" -ge 2097152 ] && echo big)" big "the generated file is over 2 MB"
cp "$DB" "$T/before.sqlite"

# a failure half-way through the rows (a trigger aborts line 9000) rolls everything back
sqlite3 "$DB" "CREATE TRIGGER bulk_fail BEFORE INSERT ON crime_rows WHEN NEW.line = 9000
               BEGIN SELECT RAISE(ABORT, 'bulk test abort'); END"
cp "$DB" "$T/trigger.sqlite"
expect_exit 1 "an insert failing half-way fails the import" -- "$BOHAN" --db "$DB" crimes import "$CSV"
expect_grep "bulk test abort" "$T/err" "the error names the failing insert"
expect_eq "$(cmp -s "$DB" "$T/trigger.sqlite" && echo same)" same "the database bytes are unchanged"
sqlite3 "$DB" "DROP TRIGGER bulk_fail"

# an index another room might add on crime_rows survives the bulk path (dropped, built again)
sqlite3 "$DB" "CREATE INDEX bulk_rows_line ON crime_rows (line)"
expect_exit 0 "import the bulk file" -- "$BOHAN" --db "$DB" --quiet crimes import "$CSV"
fid=$(sqlite3 "$DB" "SELECT id FROM crime_files WHERE path LIKE '%bench_jitensha_to.csv'")
# what the database holds, one line per row in id order
sqlite3 -separator $'\t' "$DB" "SELECT line, chome_raw, ifnull(occurred_on, ''), ifnull(hour, ''), extra
    FROM crimes WHERE file_id = $fid ORDER BY id" > "$T/db.tsv"
# the same from Python's csv module over the CP932 bytes
python3 - "$CSV" > "$T/py.tsv" <<'PY'
import csv, json, re, sys
with open(sys.argv[1], encoding="cp932", newline="") as f:
    rows = list(csv.reader(f))
head = rows[0]
common = {"罪名", "手口", "管轄警察署（発生地）", "管轄交番・駐在所（発生地）", "市区町村コード（発生地）",
          "都道府県（発生地）", "市区町村（発生地）", "町丁目（発生地）", "発生年月日（始期）", "発生時（始期）",
          "発生場所の属性"}
extra_cols = [i for i, h in enumerate(head) if h not in common]
ci, di, hi = head.index("町丁目（発生地）"), head.index("発生年月日（始期）"), head.index("発生時（始期）")
for n, r in enumerate(rows[1:], start=2):
    extra = json.dumps({head[i]: r[i] for i in extra_cols}, ensure_ascii=False, separators=(",", ":"))
    d = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})", r[di])
    w = re.fullmatch(r"令和(\d+|元)年(\d+)月(\d+)日", r[di])
    if w:  # 令和N年 = 2018 + N
        d = [None, 2018 + (1 if w[1] == "元" else int(w[1])), w[2], w[3]]
    date = f"{int(d[1]):04d}-{int(d[2]):02d}-{int(d[3]):02d}" if d else ""
    hour = int(r[hi]) if r[hi].isdigit() else ""
    print(f"{n}\t{r[ci]}\t{date}\t{hour}\t{extra}")
PY
expect_eq "$(wc -l < "$T/db.tsv")" 16000 "every row is stored"
expect_eq "$(cmp -s "$T/db.tsv" "$T/py.tsv" && echo same)" same \
    "line, 町丁目, date, hour and extra of every row match Python's reading, in file order"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM crimes WHERE file_id = $fid AND state IN ('chome', 'oaza')")" \
    16000 "every sample row is matched to a 町丁目 or 大字"
expect_eq "$(sqlite3 "$DB" "SELECT sha256 FROM crime_files WHERE id = $fid")" \
    "$(sha256sum "$CSV" | cut -d' ' -f1)" "crime_files.sha256 is the SHA-256 of the file bytes"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM sqlite_master WHERE type = 'index'
    AND name = 'bulk_rows_line'")" 1 "an index on crime_rows is built again"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM crime_rows INDEXED BY bulk_rows_line WHERE line = 9000")" \
    "$(sqlite3 "$DB" "SELECT count(*) FROM crimes WHERE line = 9000")" "the rebuilt index holds every row"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM crime_places WHERE chome_raw IN (SELECT chome_raw FROM crime_places
    GROUP BY chome_raw, chome_norm, key_code, oaza HAVING count(*) > 1)")" 0 "each 町丁目 is stored once"
expect_eq "$(sqlite3 "$DB" "PRAGMA integrity_check")" ok "the database passes integrity_check"
# a place is a block's key_code or, for a name shared by several blocks, their key_codes joined by +
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM crimes c WHERE c.file_id = $fid AND EXISTS (SELECT 1
    FROM town_blocks t WHERE instr('+' || c.key_code || '+', '+' || t.key_code || '+') > 0)")" 16000 "every matched key_code is a town_blocks key_code or a group of them"
expect_exit 0 "re-import of the bulk file" -- "$BOHAN" --db "$DB" crimes import "$CSV"
expect_grep "already_imported" "$T/out" "the bulk re-import says already imported"
finish
