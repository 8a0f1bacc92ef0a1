# The throwaway cluster of the PostGIS tests (scripts/pg-cluster: initdb in a temporary folder,
# Unix socket only, stopped on exit). Sourced after lib.sh; sets PGD, URI (database bohan), PSQL,
# newdb NAME (a database with PostGIS) and pgq DB SQL (one value per line). Exits 77 (skipped)
# only when PostgreSQL 15 or PostGIS is not installed.
PGD=$(mktemp -d "${TMPDIR:-/tmp}/bohan-pg-XXXXXX")
trap 'bash "$SRC/scripts/pg-cluster" stop "$PGD"; rm -rf "$T"' EXIT
rc=0
URI=$(bash "$SRC/scripts/pg-cluster" start "$PGD") || rc=$?
if [ "$rc" -eq 77 ]; then echo "skipped: PostgreSQL 15 + PostGIS not installed (bash scripts/deps test)"; exit 77; fi
[ "$rc" -eq 0 ] || { echo "not ok - cluster did not start"; exit 1; }
PSQL=(/usr/lib/postgresql/15/bin/psql -X -q -h "$PGD")
newdb() { "${PSQL[@]}" -d postgres -c "CREATE DATABASE $1" -c "\\c $1" -c "CREATE EXTENSION postgis" >/dev/null; }
pgq() { "${PSQL[@]}" -d "$1" -At -c "$2"; }
