#!/usr/bin/env bash
# Issue 20 item 3: the whole table on the code of 0392201 (no engine change since), ours and ORT 1.29 (2 intra-op
# threads each) interleaved: ours, ORT, ORT, ours per block, and the FMA peak. JAR built with
# ./mvnw -B -o package -DskipTests -Port; ratios: PEAK=... python3 ../gemm-order-2026-12-07/ratios.py '*.json'.
set -e
run() { local tag=$1; shift; echo "== $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)";
        java -jar "$JAR" "$@" -rf json -rff "$tag-$(date +%s).json" 2>&1 | grep -E "^(Benchmark|Anytime|Ort|FmaPeak)" | grep -v "·" || true; }
A='dev.hne.bench.AnytimeLatencyBenchmark.firstN'; O='OrtAnytimeLatencyBenchmark'
B1="-p arch=resnet-hne -p n=1,4,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s"
B64="-p arch=resnet-hne -p n=1,4,16 -p batch=64 -f 1 -wi 3 -w 2s -i 3 -r 3s"
MB1="-p arch=mobilenet-hne -p n=1,8 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s"
run peak FmaPeakBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -jvmArgsAppend --add-modules=jdk.incubator.vector
for blk in B1 B64 MB1; do
  P=${!blk}; t=$(echo $blk | tr A-Z a-z)
  run ours-$t $A $P; run ort-$t $O $P; run ort-$t $O $P; run ours-$t $A $P
done
echo "== end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
