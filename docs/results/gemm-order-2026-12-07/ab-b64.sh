#!/usr/bin/env bash
# JMH A/B at batch 64 of the packed-weights change: f32510c (OLD_JAR) and 1772522 (NEW_JAR) interleaved, ORT twice.
# Run at 12:27 as is (tags ab*), again at 12:54 with TAG=ab2.
set -e
P=${TAG:-ab}
run() { local tag=$1 jar=$2; shift 2; echo "== $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)";
        java -jar "$jar" "$@" -rf json -rff "$tag-$(date +%s).json" 2>&1 | grep -E "^(Anytime|Ort).*firstN  " || true; }
A='dev.hne.bench.AnytimeLatencyBenchmark.firstN'; O='OrtAnytimeLatencyBenchmark'
B64="-p arch=resnet-hne -p n=1,4,16 -p batch=64 -f 1 -wi 4 -w 3s -i 3 -r 2s"
run ${P}old-b64 "$OLD_JAR" $A $B64; run ${P}new-b64 "$NEW_JAR" $A $B64; run ${P}ort-b64 "$NEW_JAR" $O $B64
run ${P}new-b64 "$NEW_JAR" $A $B64; run ${P}old-b64 "$OLD_JAR" $A $B64; run ${P}ort-b64 "$NEW_JAR" $O $B64
echo "== end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
