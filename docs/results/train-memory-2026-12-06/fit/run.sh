#!/usr/bin/env bash
# NEW_JAR: bench/target/benchmarks.jar built with -Ppeer at the commit that adds this directory; OLD_JAR: the same at 2ba7ed9.
# The 4 GB row: default (auto) at -Xmx3600m, interleaved with PyTorch, batch 128; 8 measured steps each.
set -u
BASE="--add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2"
J="-p batch=128 -f 1 -wi 2 -w 5s -i 8 -r 5s -rf json"
JAR=${NEW_JAR:-bench/target/benchmarks.jar}
ours() { echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; java -jar $JAR 'dev.hne.bench.TrainStepBenchmark' $J -rff "$1.json" -jvmArgsAppend "$BASE $2" > "$1.out" 2>&1; grep -E "OutOfMemory" "$1.out" | head -1; }
peer() { echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; DJL_OFFLINE=true OPT_OUT_TRACKING=true LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 java -jar $JAR 'PeerTrainStepBenchmark' $J -rff "$1.json" > "$1.out" 2>&1; }
ours a1-auto-3600m "-Xmx3600m"
peer p1-peer
ours a2-auto-3600m "-Xmx3600m"
ours c1-checkpoint-12g "-Xmx12g -Dhne.recompute=true"
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
