#!/usr/bin/env bash
# Loop A/B: base (4d5be99) and new jars interleaved, three pairs per case; each line: median of rounds 3-12 of 300 forwards (ms).
for spec in "1 resnet-hne" "4 resnet-hne" "16 resnet-hne" "1 mobilenet-hne"; do set -- $spec; for r in 1 2 3; do for v in base new; do
  jar=$BASE_JAR; [ $v = new ] && jar=$NEW_JAR
  echo "$2 n=$1 $v $(java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2 -cp "$jar":. Loop3 $1 $2 2>/dev/null) load $(cut -d' ' -f1 /proc/loadavg)"
done; done; done
