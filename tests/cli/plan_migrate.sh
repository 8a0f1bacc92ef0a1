#!/bin/bash
# bohan init --migrate on a schema-2 database made by `bohan init` at commit ac0f2cb
# (tests/data/plan/schema2/): every row is kept, the R5/R6 texts become plan_texts rows.
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
expect_grep "schema 2 → 3" "$T/out" "migration reports 2 → 3"
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
print(len(tables), texts, new.execute("SELECT count(*) FROM plan_texts").fetchone()[0],
      new.execute("SELECT count(*) FROM plan_item_years WHERE fiscal_year='R5'").fetchone()[0],
      "same" if same_cols else "changed", " ".join(bad) or "none")
PY
read -r ntables ntexts nrows nitems cols bad <"$T/check"
expect_eq "$bad" "none" "every table keeps its row count and every text ($ntables tables)"
expect_eq "$ntexts $nrows $nitems" "132 132 66" "132 texts migrated, 66 items in cycle R5"
expect_eq "$cols" "same" "the other tables keep their columns"

# The migrated plan tables have the columns a fresh schema-3 database has.
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
finish
