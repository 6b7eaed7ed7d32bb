#!/usr/bin/env bash
# ABBA: old (596787b) and new (best-fit pool), MULTIPLES=1,2,4, 20 s each
set -u
for round in old-1 new-1 new-2 old-2; do
  tree=/work/main; [[ $round == old-* ]] && tree=/tmp/old
  mkdir -p /tmp/ab6/$round
  echo "== $round $(date -u +%H:%M:%S) $(cut -d' ' -f1-3 /proc/loadavg)"
  HNE_JAVA_OPTS="-Xlog:gc:file=/tmp/ab6/$round/gc-%p.log" LOAD_ARGS="--rate 264" MULTIPLES=1,2,4 SECONDS_PER_RUN=20 \
    "$tree/bench/serve-load.sh" /tmp/serve-wide/last.safetensors /tmp/ab6/$round > /tmp/ab6/$round.log 2>&1
  echo "rc $?"
done
echo "== done $(date -u +%H:%M:%S)"
