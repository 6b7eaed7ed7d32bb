#!/bin/bash
# Loop A/B: engine jars interleaved; prints median ms per forward (median of rounds 3..R of REPS forwards).
# CASES=mobilenet for mobilenet-hne only (ab-dots.txt), default both architectures.
JARS="$@"
B=/work/main/bench/target/benchmarks.jar
run() { java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms4g -Xmx4g -Dhne.threads=2 -cp $1:$B:/tmp/ab Loop $2 $3 $4 $5 $6 2>/dev/null; }
uptime
CASES=${CASES:-resnet mobilenet}
cases=()
[[ $CASES == *resnet* ]] && cases+=("1 resnet-hne 1 300 8" "4 resnet-hne 1 200 8")
[[ $CASES == *mobilenet* ]] && cases+=("1 mobilenet-hne 1 100 8" "8 mobilenet-hne 1 40 8")
for c in "${cases[@]}"; do
  for pair in 1 2 3; do
    line="$c:"
    for j in $JARS; do line="$line $(basename $j .jar)=$(run $j $c)"; done
    echo "$line"
  done
done
uptime
