#!/usr/bin/env bash
# JMH, resnet-hne: batch 1 (ORT, base, new, new, base, ORT) then batch 64 (new, base, base, new); medians via summ.py.
set -e
b1() { java -jar "$1" "$2" -p arch=resnet-hne -p n=1,4,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s -rf json -rff "$3-b1-$(date +%s).json" > /dev/null 2>&1; echo "$3 b1 done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
b64() { java -jar "$1" 'dev.hne.bench.AnytimeLatencyBenchmark.firstN' -p arch=resnet-hne -p n=1,4,16 -p batch=64 -f 1 -wi 4 -w 3s -i 3 -r 2s -rf json -rff "$2-b64-$(date +%s).json" > /dev/null 2>&1; echo "$2 b64 done $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; }
A='dev.hne.bench.AnytimeLatencyBenchmark.firstN'
b1 $NEW_JAR OrtAnytimeLatencyBenchmark ort; b1 $BASE_JAR $A base; b1 $NEW_JAR $A new; b1 $NEW_JAR $A new; b1 $BASE_JAR $A base; b1 $NEW_JAR OrtAnytimeLatencyBenchmark ort
b64 $NEW_JAR new; b64 $BASE_JAR base; b64 $BASE_JAR base; b64 $NEW_JAR new
