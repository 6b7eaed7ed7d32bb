#!/usr/bin/env bash
# issue 20 item 3's table on this machine: FMA peak, batch 64 resnet-hne (ours, ORT, ORT, ours), mobilenet-hne batch 1 (ours, ORT, ORT, ours).
set -e
J=${JAR:-/tmp/s5/head.jar}
run() { echo "== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; shift; java -jar "$J" "$@" -rf json -rff "$(date +%s)-$RANDOM.json" 2>&1 | grep -E "^(Benchmark|dev|FmaPeak|Anytime|Ort)|firstN|peak" | grep -v "·" || true; }
run peak 'FmaPeakBenchmark' -f 1 -wi 3 -w 2s -i 5 -r 2s -jvmArgsAppend --add-modules=jdk.incubator.vector
for e in ours ort ort ours; do
  b='dev.hne.bench.AnytimeLatencyBenchmark.firstN'; [ $e = ort ] && b='OrtAnytimeLatencyBenchmark'
  run "$e b64" "$b" -p arch=resnet-hne -p n=1,4,16 -p batch=64 -f 1 -wi 4 -w 3s -i 3 -r 2s
done
for e in ours ort ort ours; do
  b='dev.hne.bench.AnytimeLatencyMobilenetBenchmark'; [ $e = ort ] && b='OrtAnytimeLatencyMobilenetBenchmark'
  run "$e mobilenet b1" "$b" -p n=1,8 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s
done
echo "== end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
