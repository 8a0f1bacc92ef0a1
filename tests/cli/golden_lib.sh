# Golden image comparison shared by the golden tests (source after lib.sh). The tolerance:
# ImageMagick `compare -metric AE -fuzz 6%` counts the pixels whose colour moved more than 6 %;
# at most 0.5 % of the page may differ — anti-aliasing and font hinting, not content.

# golden_diff GOT GOLDEN: prints the differing pixels (or "size WxH" when the sizes differ).
golden_diff() {
    local dg dw d
    dg=$(identify -format '%wx%h' "$1"); dw=$(identify -format '%wx%h' "$2")
    if [ "$dg" != "$dw" ]; then echo "size $dg"; return; fi
    d=$(compare -metric AE -fuzz 6% "$1" "$2" null: 2>&1 || true)
    echo "${d%%.*}"
}
# golden_close GOT GOLDEN: status 0 when within the tolerance.
golden_close() {
    local dw total d
    dw=$(identify -format '%wx%h' "$2"); total=$(( ${dw%x*} * ${dw#*x} ))
    d=$(golden_diff "$1" "$2")
    [ "${d#size}" = "$d" ] && [ "$d" -le $((total / 200)) ] 2>/dev/null
}
# check NAME GOT GOLDEN: ok when GOT is the same size as GOLDEN and within the tolerance.
check() {
    local got=$2 want=$3 dims_got dims_want total diff
    dims_got=$(identify -format '%wx%h' "$got"); dims_want=$(identify -format '%wx%h' "$want")
    expect_eq "$dims_got" "$dims_want" "$1: same size as the golden ($dims_want)"
    total=$(( ${dims_want%x*} * ${dims_want#*x} ))
    diff=$(golden_diff "$got" "$want")
    echo "# $1: $diff of $total pixels differ"
    if golden_close "$got" "$want"; then ok "$1: within 0.5 % of the golden"
    else not_ok "$1: $diff of $total pixels differ (> 0.5 %)"; fi
}
# check_fails NAME OTHER GOLDEN: ok when a deliberately different image is NOT close to GOLDEN.
check_fails() {
    local d
    d=$(golden_diff "$2" "$3")
    if golden_close "$2" "$3"; then not_ok "$1: a different image passed the golden check ($d pixels)"
    else ok "$1: a different image fails the golden check ($d pixels differ)"; fi
}
