#!/bin/bash
# Loop A/B: engine jars interleaved; prints median ms per forward (median of rounds 3..R of REPS forwards)
JARS="$@"
B=/work/main/bench/target/benchmarks.jar
run() { java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms4g -Xmx4g -Dhne.threads=2 -cp $1:$B:/tmp/ab Loop $2 $3 $4 $5 $6 2>/dev/null; }
uptime
for c in "1 resnet-hne 1 300 8" "4 resnet-hne 1 200 8" "1 mobilenet-hne 1 100 8" "8 mobilenet-hne 1 40 8"; do
  for pair in 1 2 3; do
    line="$c:"
    for j in $JARS; do line="$line $(basename $j .jar)=$(run $j $c)"; done
    echo "$line"
  done
done
uptime
