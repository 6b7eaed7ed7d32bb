#!/usr/bin/env bash
# An A/B of the serving load test: bench/serve-load.sh from two checkouts (old and new), interleaved
# old, new, new, old so that a drift in the machine's load hits both alike (docs/serving.md, §4).
#
#   bench/serve-ab.sh OLD_TREE NEW_TREE CHECKPOINT OUT_DIR
#   LOAD_ARGS="--rate 264" MULTIPLES=1,2,4 SECONDS_PER_RUN=20 bench/serve-ab.sh /tmp/old . ckpt runs/ab
#
# Give both rounds one rate (LOAD_ARGS="--rate R"): otherwise each round measures its own 1x, and
# the rows of two rounds are not at the same offered load. Each round writes OUT_DIR/<round>/ (the
# CSV, table and plot of serve-load.sh, the servers' logs and their -Xlog:gc logs) and
# OUT_DIR/<round>.log; the machine's load average is printed with every round.
set -uo pipefail
if [[ $# -ne 4 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
  [[ $# -ne 4 ]] && exit 2 || exit 0
fi
old="$(cd "$1" && pwd)"; new="$(cd "$2" && pwd)"; checkpoint="$3"; out="$4"
for tree in "$old" "$new"; do
  [[ -x "$tree/bench/serve-load.sh" ]] || { echo "serve-ab.sh: no bench/serve-load.sh in $tree" >&2; exit 2; }
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
for round in old-1 new-1 new-2 old-2; do
  tree="$new"; [[ $round == old-* ]] && tree="$old"
  mkdir -p "$out/$round"
  echo "== $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) ($tree)"
  HNE_JAVA_OPTS="${HNE_JAVA_OPTS:-} -Xlog:gc:file=$out/$round/gc-%p.log" \
    "$tree/bench/serve-load.sh" "$checkpoint" "$out/$round" > "$out/$round.log" 2>&1
  echo "   exit $?; $(grep -c ' anytime ' "$out/$round.log") anytime rows"
done
echo "== done $(date -u +%H:%M:%S)"
grep -H ' anytime ' "$out"/old-1.log "$out"/new-1.log "$out"/new-2.log "$out"/old-2.log
