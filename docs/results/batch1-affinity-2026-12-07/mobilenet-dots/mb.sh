#!/usr/bin/env bash
# mobilenet-hne batch 1: new (dots), ORT, base (f288bd5), new; JMH sample mode.
for e in new ort base new; do
  J=$NEW_JAR; [ $e = base ] && J=$BASE_JAR
  b='dev.hne.bench.AnytimeLatencyMobilenetBenchmark'; [ $e = ort ] && b='OrtAnytimeLatencyMobilenetBenchmark'
  java -jar "$J" "$b" -p n=1,8 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s -rf json -rff "mb-$e-$(date +%s).json" > /dev/null 2>&1
  echo "$e done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
done
