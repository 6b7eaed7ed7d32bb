#!/usr/bin/env bash
# Batch 1, resnet-hne, n = 1, 4, 16: BASE (6cac683, Branches.pickRows copies) and PICKS (9a1c9be, the active branches read
# in place) interleaved, ONNX Runtime (PICKS built with -Port) before and after. Jars: BASE_JAR, PICKS_JAR (= the -Port one).
set -e
for j in ort base picks picks base ort; do
  if [ $j = ort ]; then java -jar "$PICKS_JAR" 'OrtAnytimeLatencyBenchmark' -p arch=resnet-hne -p n=1,4,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s -rf json -rff $j-$(date +%s).json
  else jar=$BASE_JAR; [ $j = picks ] && jar=$PICKS_JAR
    java -jar "$jar" 'dev.hne.bench.AnytimeLatencyBenchmark.firstN' -p arch=resnet-hne -p n=1,4,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s -rf json -rff $j-$(date +%s).json
  fi
  uptime
done
