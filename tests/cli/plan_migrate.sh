#!/bin/bash
# bohan init --migrate on a schema-2 database made by `bohan init` at commit ac0f2cb
# (tests/data/plan/schema2/): every row is kept, the R5/R6 texts become plan_texts rows; and on a
# schema-3 database made by `bohan init` + an R6 import at 056a4a7 (tests/data/plan/schema3/):
# every link becomes a link of each cycle (R5 and R6), a link of one year stays in that year.
source "$(dirname "$0")/lib.sh"
OLD="$T/old.sqlite"
DB="$T/db.sqlite"
xz -dc "$SRC/tests/data/plan/schema2/bohan-init-ac0f2cb.sqlite.xz" >"$OLD"
cp "$OLD" "$DB"
B() { "$BOHAN" --db "$DB" "$@"; }

expect_exit 1 "a schema-2 database is refused by plan list" -- B plan list
expect_grep "bohan init --migrate" "$T/err" "the refusal names the migration"
before=$(sha256sum <"$DB")
expect_exit 2 "--migrate with --force is a usage error" -- B init --migrate --force
expect_eq "$(sha256sum <"$DB")" "$before" "usage error leaves the file unchanged"
expect_exit 0 "init --migrate" -- B init --migrate
expect_grep "schema 2 → 4" "$T/out" "migration reports 2 → 4"
expect_exit 0 "init --migrate again" -- B init --migrate
expect_grep "nothing to do" "$T/out" "second migration is a no-op"

# Every table of the old database keeps its rows; every old plan text is in plan_texts.
python3 - "$OLD" "$DB" >"$T/check" <<'PY'
import sqlite3, sys
old, new = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
tables = [r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
bad = [t for t in tables
       if old.execute(f'SELECT count(*) FROM "{t}"').fetchone() != new.execute(f'SELECT count(*) FROM "{t}"').fetchone()]
bad = [t for t in bad if t not in ("meta",)]
texts = 0
for no, r5, r6 in old.execute("SELECT no, report_r5, plan_r6 FROM plan_items"):
    for fy, kind, text in (("R5", "report", r5), ("R6", "plan", r6)):
        if text is None:
            continue
        got = new.execute("SELECT text FROM plan_texts WHERE item_no=? AND fiscal_year=? AND kind=?",
                          (no, fy, kind)).fetchone()
        if got is None or got[0] != text:
            bad.append(f"text {no} {fy} {kind}")
        texts += 1
same_cols = all([c[1:3] for c in old.execute(f'PRAGMA table_info("{t}")')] ==
                [c[1:3] for c in new.execute(f'PRAGMA table_info("{t}")')]
                for t in tables if t not in ("plan_items", "plan_item_layers"))
# Every old link is a link of cycle R5, in the same order.
ol = [r for r in old.execute("SELECT item_no, layer_name, filter, note FROM plan_item_layers ORDER BY rowid")]
nl = [r for r in new.execute("SELECT item_no, layer_name, filter, note FROM plan_item_layers WHERE fiscal_year='R5' ORDER BY rowid")]
if ol != nl or not ol: bad.append("links")
print(len(tables), texts, new.execute("SELECT count(*) FROM plan_texts").fetchone()[0],
      new.execute("SELECT count(*) FROM plan_item_years WHERE fiscal_year='R5'").fetchone()[0],
      "same" if same_cols else "changed", " ".join(bad) or "none")
PY
read -r ntables ntexts nrows nitems cols bad <"$T/check"
expect_eq "$bad" "none" "every table keeps its row count and every text ($ntables tables)"
expect_eq "$ntexts $nrows $nitems" "132 132 66" "132 texts migrated, 66 items in cycle R5"
expect_eq "$cols" "same" "the other tables keep their columns"

# The migrated plan tables have the columns a fresh schema-4 database has.
expect_exit 0 "fresh init" -- "$BOHAN" --quiet --db "$T/fresh.sqlite" init
schema() {
    python3 -c 'import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
for t in ("plan_items","plan_item_layers","plan_texts","plan_years","plan_item_years","plan_category_years","plan_metric_checks"):
    print(t, [r[1:6] for r in c.execute(f"PRAGMA table_info({t})")])' "$1"
}
expect_eq "$(schema "$DB")" "$(schema "$T/fresh.sqlite")" "migrated plan tables equal a fresh database's"

expect_exit 0 "plan show on the migrated database" -- B plan show 64
expect_grep "市内に2,376件の登録(R6.3.31)" "$T/out" "item 64's R5 report survived"

# ---- Schema 3 → 4: links per cycle -----------------------------------------------------------
OLD3="$T/old3.sqlite"
DB3="$T/db3.sqlite"
xz -dc "$SRC/tests/data/plan/schema3/bohan-init-056a4a7.sqlite.xz" >"$OLD3"
# A link of one year (schema 3 allowed fiscal_year on a link): it must stay in that year only.
python3 -c 'import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO plan_item_layers(item_no, layer_name, filter, note, fiscal_year) VALUES (33, '"'schools'"', NULL, '"'R6 only'"', '"'R6'"')")
c.commit()' "$OLD3"
cp "$OLD3" "$DB3"
B3() { "$BOHAN" --db "$DB3" "$@"; }
expect_exit 1 "a schema-3 database is refused by plan show" -- B3 plan show 46
expect_grep "bohan init --migrate" "$T/err" "schema 3: the refusal names the migration"
expect_exit 0 "init --migrate (schema 3)" -- B3 init --migrate
expect_grep "schema 3 → 4" "$T/out" "migration reports 3 → 4"
python3 - "$OLD3" "$DB3" >"$T/check3" <<'PY'
import sqlite3, sys
old, new = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2])
tables = [r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
bad = [t for t in tables if t not in ("meta", "plan_item_layers") and
       old.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall() != new.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()]
cycles = [r[0] for r in new.execute("SELECT fiscal_year FROM plan_years ORDER BY year")]
every = old.execute("SELECT item_no, layer_name, filter, note FROM plan_item_layers WHERE fiscal_year IS NULL ORDER BY rowid").fetchall()
one = old.execute("SELECT item_no, layer_name, filter, note, fiscal_year FROM plan_item_layers WHERE fiscal_year IS NOT NULL").fetchall()
for fy in cycles:
    got = new.execute("SELECT item_no, layer_name, filter, note FROM plan_item_layers WHERE fiscal_year=? ORDER BY rowid", (fy,)).fetchall()
    want = every + [r[:4] for r in one if r[4] == fy]
    if got != want: bad.append("links " + fy)
n_old = old.execute("SELECT count(*) FROM plan_item_layers").fetchone()[0]
n_new = new.execute("SELECT count(*) FROM plan_item_layers").fetchone()[0]
print(",".join(cycles), len(every), len(one), n_old, n_new, " ".join(bad) or "none")
PY
read -r cycles nevery none nold nnew bad3 <"$T/check3"
expect_eq "$bad3" "none" "schema 3: every other table keeps every row; every cycle has every link, in order"
expect_eq "$cycles $nevery $none $nold $nnew" "R5,R6 46 1 47 93" \
    "schema 3: 46 links of every year ×2 cycles + 1 link of R6 only = 93 rows"
expect_eq "$(schema "$DB3")" "$(schema "$T/fresh.sqlite")" "schema 3: migrated plan tables equal a fresh database's"
expect_exit 0 "plan show 33 --fy R6 on the migrated database" -- B3 plan show 33 --fy R6 --format json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["fiscal_year"], sorted(l["layer"] for l in d["layers"]), d["report"])' "$T/out")" \
    "R6 ['police_stations', 'railway_stations', 'schools', 'station_patrol_zones'] R6年度の報告 33。" "R6 of item 33: its R6 report, the R6-only link"
expect_exit 0 "plan show 33 --fy R5" -- B3 plan show 33 --fy R5 --format json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted(l["layer"] for l in d["layers"]))' "$T/out")" \
    "['police_stations', 'railway_stations', 'station_patrol_zones']" "R5 of item 33: without the R6-only link"
expect_exit 0 "R6 report on the migrated database" -- B3 plan report --fy R6 --out "$T/r6.pdf" --date 2025-05-23
expect_grep "66 items in 5 区分" "$T/err" "the migrated R6 cycle prints its 66 items"
finish
