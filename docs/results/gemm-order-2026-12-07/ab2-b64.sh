#!/usr/bin/env bash
# The same A/B as ab-b64.sh, again at 12:55 UTC once the host had calmed (tags ab2*).
set -e
run() { local tag=$1 jar=$2; shift 2; echo "== $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)";
        java -jar "$jar" "$@" -rf json -rff "$tag-$(date +%s).json" 2>&1 | grep -E "^(Anytime|Ort).*firstN  " || true; }
A='dev.hne.bench.AnytimeLatencyBenchmark.firstN'; O='OrtAnytimeLatencyBenchmark'
B64="-p arch=resnet-hne -p n=1,4,16 -p batch=64 -f 1 -wi 4 -w 3s -i 3 -r 2s"
run ab2old-b64 "$OLD_JAR" $A $B64; run ab2new-b64 "$NEW_JAR" $A $B64; run ab2ort-b64 "$NEW_JAR" $O $B64
run ab2new-b64 "$NEW_JAR" $A $B64; run ab2old-b64 "$OLD_JAR" $A $B64; run ab2ort-b64 "$NEW_JAR" $O $B64
echo "== end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
