#!/usr/bin/env bash
# Issue 20 item 3 on the AMD EPYC (family 26 model 2, Zen 5, 2 vCPUs): the whole table, the new jar (NEW_JAR, 8c4c729:
# infinite clamp bounds skipped), the base jar (BASE_JAR, 0c4c512) and ORT 1.29 (2 intra-op threads each), per block
# new, base, ORT, ORT, base, new, and the FMA peak first. Jars built with ./mvnw -B -o package -DskipTests -Port;
# ratios: PEAK=... python3 ../gemm-order-2026-12-07/ratios.py 'new-*.json' 'ort-*.json' (and base-*).
set -e
run() { local tag=$1 jar=$2; shift 2; echo "== $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)";
        java -jar "$jar" "$@" -rf json -rff "$tag-$(date +%s).json" 2>&1 | grep -E "^(Benchmark|Anytime|Ort|FmaPeak)" | grep -v "·" || true; }
A='dev.hne.bench.AnytimeLatencyBenchmark.firstN'; O='OrtAnytimeLatencyBenchmark'
B1="-p arch=resnet-hne -p n=1,4,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s"
B64="-p arch=resnet-hne -p n=1,4,16 -p batch=64 -f 1 -wi 3 -w 2s -i 3 -r 3s"
MB1="-p arch=mobilenet-hne -p n=1,8 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s"
run peak "$NEW_JAR" FmaPeakBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -jvmArgsAppend --add-modules=jdk.incubator.vector
for blk in B1 B64 MB1; do
  P=${!blk}; t=$(echo $blk | tr A-Z a-z)
  run new-$t "$NEW_JAR" $A $P; run base-$t "$BASE_JAR" $A $P; run ort-$t "$NEW_JAR" $O $P
  run ort-$t "$NEW_JAR" $O $P; run base-$t "$BASE_JAR" $A $P; run new-$t "$NEW_JAR" $A $P
done
echo "== end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
