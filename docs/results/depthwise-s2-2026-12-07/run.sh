#!/usr/bin/env bash
# Issue 20 item 3 after the stride-2 depthwise quarters (c67ddd3, d0c6e0f) and the memory-bound fork weight
# (d0c6e0f, f0b3b80): JMH, 2 threads each, base and new interleaved with ORT 1.29 (2 intra-op threads).
# BASE_JAR = e41fdc7, NEW_JAR = f0b3b80, both built with ./mvnw -B -o package -DskipTests -Port.
set -e
run() { local tag=$1 jar=$2; shift 2; echo "== $tag $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)";
        java -jar "$jar" "$@" -rf json -rff "$tag-$(date +%s).json" 2>&1 | grep -E "^(Benchmark|Anytime|Ort|FmaPeak)" | grep -v "·" || true; }
A='dev.hne.bench.AnytimeLatencyBenchmark.firstN'; O='OrtAnytimeLatencyBenchmark'
M='dev.hne.bench.AnytimeLatencyMobilenetBenchmark'; OM='OrtAnytimeLatencyMobilenetBenchmark'
B64="-p arch=resnet-hne -p n=1,4,16 -p batch=64 -f 1 -wi 4 -w 3s -i 3 -r 2s"
B1="-p arch=resnet-hne -p n=1,4,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s"
MB="-p n=1,8 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s"
run peak "$NEW_JAR" FmaPeakBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -jvmArgsAppend --add-modules=jdk.incubator.vector
run new-mb1 "$NEW_JAR" $M $MB; run base-mb1 "$BASE_JAR" $M $MB; run ort-mb1 "$NEW_JAR" $OM $MB
run ort-mb1 "$NEW_JAR" $OM $MB; run base-mb1 "$BASE_JAR" $M $MB; run new-mb1 "$NEW_JAR" $M $MB
run new-b1 "$NEW_JAR" $A $B1; run base-b1 "$BASE_JAR" $A $B1; run ort-b1 "$NEW_JAR" $O $B1
run ort-b1 "$NEW_JAR" $O $B1; run base-b1 "$BASE_JAR" $A $B1; run new-b1 "$NEW_JAR" $A $B1
run new-b64 "$NEW_JAR" $A $B64; run base-b64 "$BASE_JAR" $A $B64; run ort-b64 "$NEW_JAR" $O $B64
run ort-b64 "$NEW_JAR" $O $B64; run base-b64 "$BASE_JAR" $A $B64; run new-b64 "$NEW_JAR" $A $B64
echo "== end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
