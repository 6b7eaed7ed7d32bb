#!/usr/bin/env bash
# Batch 64 again after 1772522 (packed weights for calls of >= 4096 columns): new, ORT, ORT, new. NEW_JAR = 1772522.
set -e
run() { local tag=$1 jar=$2; shift 2; echo "== $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)";
        java -jar "$jar" "$@" -rf json -rff "$tag-$(date +%s).json" 2>&1 | grep -E "^(Anytime|Ort).*firstN  " || true; }
A='dev.hne.bench.AnytimeLatencyBenchmark.firstN'; O='OrtAnytimeLatencyBenchmark'
B64="-p arch=resnet-hne -p n=1,4,16 -p batch=64 -f 1 -wi 4 -w 3s -i 3 -r 2s"
run packed-b64 "$NEW_JAR" $A $B64; run ort2-b64 "$NEW_JAR" $O $B64; run ort2-b64 "$NEW_JAR" $O $B64; run packed-b64 "$NEW_JAR" $A $B64
echo "== end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
