# Helpers for end-to-end tests of the bohan binary. Source it; it sets BOHAN, T (a temp dir).
set -euo pipefail
BOHAN=${BOHAN_BIN:?BOHAN_BIN not set (run through ctest)}
SRC=${BOHAN_SOURCE:?}
T=$(mktemp -d "${TMPDIR:-/tmp}/bohan-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
passes=0
ok() { passes=$((passes + 1)); echo "ok - $*"; }
not_ok() { fails=$((fails + 1)); echo "not ok - $*"; }
# expect_exit CODE DESC -- CMD...: runs CMD, checks its exit status.
expect_exit() {
    local want=$1 desc=$2; shift 3
    local got=0
    "$@" >"$T/out" 2>"$T/err" || got=$?
    if [ "$got" -eq "$want" ]; then ok "$desc"; else not_ok "$desc (exit $got, want $want): $(head -c 400 "$T/err")"; fi
}
# expect_eq GOT WANT DESC
expect_eq() { if [ "$1" == "$2" ]; then ok "$3"; else not_ok "$3 (got '$1', want '$2')"; fi; }
# expect_grep PATTERN FILE DESC
expect_grep() { if grep -q -- "$1" "$2"; then ok "$3"; else not_ok "$3 ('$1' not in $2)"; fi; }
# one_line FILE DESC: the file is exactly one non-empty line
one_line() { local n; n=$(grep -c . "$1" || true); expect_eq "$n" 1 "$2"; }
finish() { echo "$passes passed, $fails failed"; [ "$fails" -eq 0 ]; }
