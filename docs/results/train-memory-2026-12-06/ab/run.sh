#!/usr/bin/env bash
# NEW_JAR: bench/target/benchmarks.jar built with -Ppeer at the commit that adds this directory; OLD_JAR: the same at 2ba7ed9.
# plain mode, old (2ba7ed9) vs new jar, ABBA, batch 128, 8 measured steps each; then the default (auto) at -Xmx3400m twice.
set -u
BASE="--add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2"
J="-p batch=128 -f 1 -wi 2 -w 5s -i 8 -r 5s -rf json"
run() { echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"; java -jar "$2" 'dev.hne.bench.TrainStepBenchmark' $J -rff "$1.json" -jvmArgsAppend "$BASE $3" > "$1.out" 2>&1; grep -E "OutOfMemory|Exception" "$1.out" | head -2; }
run a1-old ${OLD_JAR:?the bench jar of 2ba7ed9} "-Xmx12g"
run b1-new ${NEW_JAR:-bench/target/benchmarks.jar} "-Xmx12g -Dhne.recompute=false"
run b2-new ${NEW_JAR:-bench/target/benchmarks.jar} "-Xmx12g -Dhne.recompute=false"
run a2-old ${OLD_JAR:?the bench jar of 2ba7ed9} "-Xmx12g"
run c1-auto-3400m ${NEW_JAR:-bench/target/benchmarks.jar} "-Xmx3400m"
run c2-auto-3g ${NEW_JAR:-bench/target/benchmarks.jar} "-Xmx3g"
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
