#!/usr/bin/env bash
# Camera placement (issue 11). City scale: the crimes spread over a 25 m demand grid, a 50 m
# candidate grid inside the city, radius 50 m, K = 20, the 582 existing cameras fixed:
# `bohan cameras plan` greedy and exact vs `cbc` and `glpsol` on the LP bohan exports of exactly
# that model, in the same run. The objective everywhere is the total crime weight covered (the
# LP carries the existing cameras' coverage as a fixed column), so cbc's and glpsol's values
# compare directly; bohan also reports the gap on the weight newly covered (gap_added), the
# honest measure of a plan. Then the synthetic 1,000,000 demand × 100,000 candidates greedy
# (bench/covering_synth.c) with time and peak memory.
set -euo pipefail
W=${BENCH_WORK:?}; B=${BOHAN_BIN:?}
BUILD=${BENCH_BUILD:-$(dirname "$B")}
DB="$W/cameras.sqlite"
"$B" --db "$DB" --quiet init --force >/dev/null 2>&1 || "$B" --db "$DB" --quiet init >/dev/null
CBC_SEC=${CBC_SEC:-200}
GLPSOL_SEC=${GLPSOL_SEC:-60}
PLAN=(cameras plan --add 20 --radius 50 --demand-cell 25 --candidates grid:50)
j() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(str(d[k]) for k in sys.argv[2:]))' "$@"; }
# timed NAME CMD...: runs CMD, leaves "wall user maxrss_kib" in $W/NAME.time
timed() { local n=$1; shift; /usr/bin/time -f "%e %U %M" -o "$W/$n.time" "$@"; }
load=$(cut -d' ' -f1-3 /proc/loadavg)

# The LP is written by a run of its own so that writing 9 MB of LP is not in greedy's time.
"$B" --db "$DB" --quiet "${PLAN[@]}" --time-limit 0.01 --export-lp "$W/city.lp" --format json >/dev/null
timed greedy "$B" --db "$DB" --quiet "${PLAN[@]}" --format json >"$W/greedy.json"
read -r gw gu _ <"$W/greedy.time"
read -r gobj gbound ggap gadd gbadd ggapadd gsec gopt ncand ndem npairs before < <(j "$W/greedy.json" \
    objective bound gap added bound_added gap_added seconds optimal candidates demand_points pairs covered_before)
timed exact "$B" --db "$DB" --quiet "${PLAN[@]}" --solver exact --time-limit 600 --format json >"$W/exact.json"
read -r ew eu _ <"$W/exact.time"
read -r eobj ebound egap egapadd esec eopt < <(j "$W/exact.json" objective bound gap gap_added seconds optimal)

# cbc on the exported model, -sec CBC_SEC: its LP bound, the time its incumbent first reaches
# bohan's greedy and exact objectives (cbc prints a maximisation negated, to 3-8 digits: a
# value within 5e-4 counts as reached; the smallest crime weight of a cell is above 0.006),
# whether it proved optimality within the limit, and its best bound when it did not.
timed cbc stdbuf -oL cbc "$W/city.lp" -sec "$CBC_SEC" -solve -quit >"$W/cbc.log" 2>&1 || true
read -r cw cu _ <"$W/cbc.time"
python3 - "$W/cbc.log" "$gobj" "$eobj" >"$W/cbc.txt" <<'PY'
import re, sys
log = open(sys.argv[1]).read(); g, e = float(sys.argv[2]), float(sys.argv[3])
lp = re.search(r"Continuous objective value is ([-\d.e+]+) - ([\d.]+) seconds", log)
best, tg, te = None, "not reached", "not reached"
for m in re.finditer(r"(?:solution of|to|Integer solution of) (-?[\d.]+)(?: found[^(]*)? \(([\d.]+) seconds\)", log):
    v, t = abs(float(m.group(1))), float(m.group(2))
    best = v if best is None or v > best else best
    if v >= g - 5e-4 and tg == "not reached": tg = "%.1f s" % t
    if v >= e - 5e-4 and te == "not reached": te = "%.1f s" % t
obj = re.search(r"Objective value:\s+(-?[\d.]+)", log)
final = abs(float(obj.group(1))) if obj else best
if "Optimal solution found" in log:
    status, bound = "proved optimal", final
elif "Stopped on time" in log:
    bp = re.findall(r"best possible (-?[\d.]+)", log)
    status, bound = "not proved: time limit", abs(float(bp[-1])) if bp else None
else:
    status, bound = "?", None
f = lambda x: "%.4f" % x if x is not None else "?"
gap = "%.3f %%" % (100 * (bound - final) / bound) if bound and final is not None else "?"
print("|".join([f(abs(float(lp.group(1)))) if lp else "?", lp.group(2) if lp else "?", tg, te,
                f(final), status, f(bound), gap]))
PY
IFS='|' read -r cbclp cbclpt cbcg cbce cbcfinal cbcstatus cbcbound cbcgap <"$W/cbc.txt"
timed glpsol timeout $((GLPSOL_SEC + 30)) glpsol --lp "$W/city.lp" --tmlim "$GLPSOL_SEC" -o "$W/glpsol.txt" >"$W/glpsol.log" 2>&1 || true
read -r glw glu _ <"$W/glpsol.time"
glstat=$(grep -m1 -E "^Status:" "$W/glpsol.txt" 2>/dev/null | sed 's/^Status: *//' || true)
glstat=${glstat:-"no solution"}
grep -q 'TIME LIMIT' "$W/glpsol.log" 2>/dev/null && glstat="$glstat, time limit"
globj=$(awk -F= '/^Objective:/ {split($2, a, " "); print a[1]}' "$W/glpsol.txt" 2>/dev/null || true)
case $glstat in *UNDEFINED*) globj= ;; esac
p() { printf "%.${2:-4}f" "$1"; }

echo "City scale: $ndem demand points (crimes spread over 25 m cells), $ncand candidate sites (50 m grid in the"
echo "city), $npairs demand–site pairs within 50 m, K = 20, 582 existing cameras fixed (they cover $(p "$before"))."
echo "Objective = total crime weight covered (the LP's, existing coverage as a fixed column); \"gap added\" is the"
echo "gap on the weight newly covered. Times: wall / user CPU of the whole process (load average at start: $load)."
echo
echo "| solver | wall / CPU | objective | proven bound | gap | gap added |"
echo "|---|---:|---:|---:|---:|---:|"
echo "| bohan greedy (CELF + tabu swaps + Lagrangian bound + GLPK on the reduced model to 0.1 %, --time-limit 5) | $gw s / $gu s (solver $gsec s) | $(p "$gobj") | $(p "$gbound") | $(p "$ggap" 3) % | $(p "$ggapadd" 3) %$([ "$gopt" = True ] && echo ' (optimal)') |"
echo "| bohan exact (same, GLPK to optimality) | $ew s / $eu s (solver $esec s) | $(p "$eobj") | $(p "$ebound") | $(p "$egap" 3) % | $(p "$egapadd" 3) %$([ "$eopt" = True ] && echo ' (optimal)') |"
echo "| cbc 2.10 on bohan's exported LP, -sec $CBC_SEC (CPU): $cbcstatus; LP bound $cbclp at $cbclpt s; reaches bohan greedy's objective at $cbcg, exact's at $cbce (cbc's CPU clock) | $cw s / $cu s | $cbcfinal | $cbcbound | $cbcgap | |"
echo "| glpsol 5.0 on the same LP, --tmlim $GLPSOL_SEC | $glw s / $glu s | ${globj:-none} ($glstat) | | | |"
echo
awk -v g="$ggapadd" -v t="$gw" -v u="$gu" 'BEGIN{printf "cameras plan greedy within 1 %% of its own proven bound (on the weight added) in < 5 s (city scale)|gap added %.3f %% in %.2f s wall, %.2f s CPU|%s\n", g, t, u, (g < 1 && t < 5 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
awk -v g="$ggapadd" -v t="$gw" 'BEGIN{printf "stretch: the same within 0.1 %%|gap added %.3f %% in %.2f s|%s\n", g, t, (g < 0.1 && t < 5 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"

# Synthetic: 1 M demand × 100 k candidates, 600 fixed, K 20, spacing 100 m, time limit 5 s.
cmake --build "$BUILD" --target covering_synth >/dev/null
timed synth "$BUILD/covering_synth" 1000000 100000 600 20 100 5 >"$W/synth.txt"
read -r sw su skb <"$W/synth.time"
echo "Synthetic (bench/covering_synth.c, greedy with the CLI's defaults): $(cat "$W/synth.txt")"
echo "— whole process $sw s wall, $su s CPU, peak RSS $((skb / 1024)) MiB."
awk -v t="$sw" -v u="$su" -v m="$skb" 'BEGIN{printf "1,000,000 demand × 100,000 candidates greedy < 30 s on 2 cores, memory reported|%.1f s wall (%.1f s CPU), peak %d MiB|%s\n", t, u, m/1024, (t < 30 ? "met" : "not")}' >>"${BENCH_GOALS:-/dev/null}"
