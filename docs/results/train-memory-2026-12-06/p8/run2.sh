#!/usr/bin/env bash
# The second round of run.sh's auto and all-checkpointed runs (its own a2/b2 overlapped another job): BA.
set -u
BASE="--add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2"
J="-p batch=128 -f 1 -wi 2 -w 5s -i 6 -r 5s -rf json"
JAR=${NEW_JAR:-bench/target/benchmarks.jar}
ours() { echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; java -jar $JAR 'dev.hne.bench.TrainStepBenchmark' $J -rff "$1.json" -jvmArgsAppend "$BASE $2" > "$1.out" 2>&1; grep -E "OutOfMemory" "$1.out" | head -1; }
ours b3-all-8g "-Xmx8g -Dhne.recompute=true"
ours a3-auto-8g "-Xmx8g"
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
