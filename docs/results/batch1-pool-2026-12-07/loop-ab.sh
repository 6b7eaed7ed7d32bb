#!/usr/bin/env bash
# Loop A/B: BASE_JAR and NEW_JAR interleaved, five pairs per n; each line: median of rounds 3-12 (ms).
for n in 1 4; do for i in 1 2 3 4 5; do for j in new base; do
  jar=$BASE_JAR; [ $j = new ] && jar=$NEW_JAR
  r=$(java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2 -cp "$jar":. Loop $n 2>/dev/null)
  echo "n=$n $j $(echo $r | python3 -c 'import sys,statistics; v=[float(x) for x in sys.stdin.read().split()][2:]; print("%.3f"%statistics.median(v))') load $(cut -d' ' -f1 /proc/loadavg)"
done; done; done
