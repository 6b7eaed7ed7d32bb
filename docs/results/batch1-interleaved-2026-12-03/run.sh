#!/usr/bin/env bash
# Interleaved rounds: old jar (fa5e554), new jar (4a18690), ORT peer; resnet-hne batch 1, n = 1, 4, 16.
cd /tmp/jmh20
for r in 1 2 3; do
  for v in fa5e554 4a18690 ort; do
    if [[ $v == ort ]]; then jar=/tmp/jars/bench-4a18690.jar; b='OrtAnytimeLatencyBenchmark'; else jar=/tmp/jars/bench-$v.jar; b='dev.hne.bench.AnytimeLatencyBenchmark.firstN'; fi
    echo "round $r $v $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> load.log
    java -jar $jar "$b" -p arch=resnet-hne -p batch=1 -p n=1,4,16 -f 1 -wi 5 -w 2s -i 3 -r 2s -rf json -rff r$r-$v.json > r$r-$v.log 2>&1
  done
done
echo "done $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)" >> load.log
