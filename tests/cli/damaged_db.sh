# A database that cannot be read is described as what it is — needs recovery by a writer (hot
# journal after a kill), not an SQLite file, damaged (integrity_check's first line) — never as
# "not a bohan database", and no message advises 'init --force' for an existing file.
source "$(dirname "$0")/lib.sh"
DB="$T/city.sqlite"
"$BOHAN" --db "$DB" --quiet init >"$T/init.err" 2>&1 || { cat "$T/init.err"; exit 1; }
sum() { sha256sum "$1" | cut -d' ' -f1; }
no_force_advice() { if grep -q -- "--force" "$T/err"; then not_ok "$1: advises --force"; else ok "$1: no --force advice"; fi; }

# Hot journal: a writer killed in the middle of a transaction (pages spilled to the file).
cp "$DB" "$T/hot.sqlite"
(echo "PRAGMA cache_size=5; BEGIN; DELETE FROM meta; CREATE TABLE junk(x);
WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM c WHERE i<3000)
INSERT INTO junk SELECT randomblob(1000) FROM c;"; sleep 30) | sqlite3 "$T/hot.sqlite" &
pid=$!
for _ in $(seq 50); do [ -s "$T/hot.sqlite-journal" ] && break; sleep 0.1; done
sleep 0.5
kill -9 "$(pgrep -P "$pid" sqlite3 || echo "$pid")" 2>/dev/null || true
kill "$pid" 2>/dev/null || true
wait 2>/dev/null || true
expect_eq "$(test -s "$T/hot.sqlite-journal" && echo yes)" yes "a killed writer left a hot journal"
h_before=$(sum "$T/hot.sqlite")
expect_exit 1 "read-only command on a hot journal exits 1" -- "$BOHAN" --db "$T/hot.sqlite" layers
one_line "$T/err" "hot journal: one line"
expect_grep "needs recovery by a writer" "$T/err" "hot journal: says it needs recovery by a writer"
no_force_advice "hot journal"
expect_eq "$(sum "$T/hot.sqlite")" "$h_before" "hot journal: the file is untouched by a reader"
expect_exit 0 "a writing command recovers it (rolls the journal back)" -- \
    "$BOHAN" --db "$T/hot.sqlite" -q crimes koban
expect_eq "$(sqlite3 "$T/hot.sqlite" 'PRAGMA integrity_check')" ok "after recovery: integrity ok"
expect_eq "$(sqlite3 "$T/hot.sqlite" "SELECT count(*) FROM sqlite_master WHERE name='junk'")" 0 \
    "after recovery: the interrupted write is gone"

# Damaged: pages overwritten in the middle of the file.
cp "$DB" "$T/bad.sqlite"
dd if=/dev/urandom of="$T/bad.sqlite" bs=4096 seek=2 count=60 conv=notrunc 2>/dev/null
b_before=$(sum "$T/bad.sqlite")
expect_exit 1 "damaged file exits 1" -- "$BOHAN" --db "$T/bad.sqlite" layers
one_line "$T/err" "damaged: one line"
expect_grep "damaged" "$T/err" "damaged: says damaged"
no_force_advice "damaged"
expect_exit 1 "damaged file, writing command exits 1" -- "$BOHAN" --db "$T/bad.sqlite" crimes koban
expect_grep "damaged" "$T/err" "damaged (writer): says damaged"
expect_eq "$(sum "$T/bad.sqlite")" "$b_before" "damaged: the file is left as it was"

# Truncated file and a file that is not SQLite at all.
head -c 20000 "$DB" >"$T/trunc.sqlite"
expect_exit 1 "truncated file exits 1" -- "$BOHAN" --db "$T/trunc.sqlite" layers
expect_grep "damaged" "$T/err" "truncated: says damaged"
no_force_advice "truncated"
head -c 8192 /dev/urandom >"$T/noise.sqlite"
expect_exit 1 "random bytes exit 1" -- "$BOHAN" --db "$T/noise.sqlite" layers
expect_grep "not an SQLite database" "$T/err" "random bytes: not an SQLite database"
no_force_advice "random bytes"
sqlite3 "$T/other.sqlite" "CREATE TABLE t(x)"
expect_exit 1 "another application's SQLite file exits 1" -- "$BOHAN" --db "$T/other.sqlite" layers
expect_grep "not a bohan database" "$T/err" "other SQLite file: not a bohan database"
no_force_advice "other SQLite file"
expect_exit 1 "init refuses an existing file without --force" -- "$BOHAN" --db "$T/bad.sqlite" init
no_force_advice "init on an existing file"
expect_eq "$(sum "$T/bad.sqlite")" "$b_before" "init without --force leaves the file"
# init --force killed mid-way: the database is built in memory and written to an unnamed file, so
# a kill at any moment leaves no temporary file and the old database as it was.
cp "$DB" "$T/kill.sqlite"
k_before=$(sum "$T/kill.sqlite")
for delay in 0.2 0.5 1; do
    timeout -s KILL "$delay" "$BOHAN" --db "$T/kill.sqlite" -q init --force >/dev/null 2>&1 || true
done
expect_eq "$(ls -A "$T" | grep -c 'kill.sqlite.' || true)" 0 "init --force killed: no temporary file left"
# A kill after the rename (a fast machine) leaves the new database: either way the file is whole.
if [ "$(sum "$T/kill.sqlite")" = "$k_before" ]; then ok "init --force killed: the old database is intact"
else expect_eq "$(sqlite3 "$T/kill.sqlite" 'PRAGMA integrity_check; SELECT value FROM meta WHERE key = '"'"'schema_version'"'"'' | tr '\n' ' ')" \
    "ok 4 " "init --force killed: the file is the old or a complete new database"; fi
finish
