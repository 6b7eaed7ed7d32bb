#!/usr/bin/env bash
# JMH batch 1, resnet-hne, n = 1, 4, 16: BASE_JAR and NEW_JAR (built with -Port) interleaved, ONNX Runtime before and after.
set -e
for j in ort base new new base ort; do
  if [ $j = ort ]; then java -jar "$NEW_JAR" 'OrtAnytimeLatencyBenchmark' -p arch=resnet-hne -p n=1,4,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s -rf json -rff $j-$(date +%s).json
  else jar=$BASE_JAR; [ $j = new ] && jar=$NEW_JAR
    java -jar "$jar" 'dev.hne.bench.AnytimeLatencyBenchmark.firstN' -p arch=resnet-hne -p n=1,4,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s -rf json -rff $j-$(date +%s).json
  fi
  uptime
done
