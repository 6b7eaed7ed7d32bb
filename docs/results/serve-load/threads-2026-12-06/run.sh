#!/usr/bin/env bash
cd /work/main
for round in t2-1 t1-1 t1-2 t2-2; do
  args=""; [[ $round == t2-* ]] && args="--threads 2"
  echo "== $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg) SERVE_ARGS=$args"
  SERVE_ARGS="$args" LOAD_ARGS="--request-log --rate 232" MULTIPLES=0.5,1,2,4 SECONDS_PER_RUN=20 \
    bench/serve-load.sh /tmp/serve-wide/last.safetensors /tmp/abt/$round > /tmp/abt/$round.log 2>&1
  echo "   exit $?"; grep -E "x  " /tmp/abt/$round.log
done
echo "done $(date -u +%H:%M:%S)"
