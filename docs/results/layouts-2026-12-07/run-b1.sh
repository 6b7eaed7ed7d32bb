#!/usr/bin/env bash
# Issue 20 item 3, batch 1 after the output-channel cut of widening 1x1 layers (98c45c9): JMH, 2 threads each,
# base (fb8e80a) and new interleaved with ORT 1.29 (2 intra-op threads), resnet-hne batch 1 only, and the FMA peak.
# BASE_JAR and NEW_JAR built with ./mvnw -B -o package -DskipTests -Port; ratios: PEAK=... python3
# ../gemm-order-2026-12-07/ratios.py '*.json'.
set -e
run() { local tag=$1 jar=$2; shift 2; echo "== $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)";
        java -jar "$jar" "$@" -rf json -rff "$tag-$(date +%s).json" 2>&1 | grep -E "^(Benchmark|Anytime|Ort|FmaPeak)" | grep -v "·" || true; }
A='dev.hne.bench.AnytimeLatencyBenchmark.firstN'; O='OrtAnytimeLatencyBenchmark'
B1="-p arch=resnet-hne -p n=1,4,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s"
run peak "$NEW_JAR" FmaPeakBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -jvmArgsAppend --add-modules=jdk.incubator.vector
run new-b1 "$NEW_JAR" $A $B1; run base-b1 "$BASE_JAR" $A $B1; run ort-b1 "$NEW_JAR" $O $B1
run ort-b1 "$NEW_JAR" $O $B1; run base-b1 "$BASE_JAR" $A $B1; run new-b1 "$NEW_JAR" $A $B1
echo "== end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
