#!/usr/bin/env bash
# NEW_JAR: bench/target/benchmarks.jar at the commit that adds p8/.
# -Xmx8g, batch 128: default (auto: checkpoints the first 10 of 19 layers), every layer checkpointed, nothing checkpointed; ABCCBA.
set -u
BASE="--add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2"
J="-p batch=128 -f 1 -wi 2 -w 5s -i 6 -r 5s -rf json"
JAR=${NEW_JAR:-bench/target/benchmarks.jar}
ours() { echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; java -jar $JAR 'dev.hne.bench.TrainStepBenchmark' $J -rff "$1.json" -jvmArgsAppend "$BASE $2" > "$1.out" 2>&1; grep -E "OutOfMemory" "$1.out" | head -1; }
ours a1-auto-8g "-Xmx8g"
ours b1-all-8g "-Xmx8g -Dhne.recompute=true"
ours c1-none-8g "-Xmx8g -Dhne.recompute=false"
ours c2-none-8g "-Xmx8g -Dhne.recompute=false"
ours b2-all-8g "-Xmx8g -Dhne.recompute=true"
ours a2-auto-8g "-Xmx8g"
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
