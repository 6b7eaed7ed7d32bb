#!/usr/bin/env bash
# The interleaved loop A/B of loop-ab.txt: Loop.java (javac --add-modules jdk.incubator.vector -cp JAR Loop.java) runs
# 12 rounds of 400 forwards of resnet-hne, batch 1, first n members, and prints each round's median (ms); the line in
# loop-ab.txt is the median of rounds 3-12. Five PICKS/BASE pairs per n.
for n in 1 4; do for i in 1 2 3 4 5; do for j in picks base; do
  jar=$BASE_JAR; [ $j = picks ] && jar=$PICKS_JAR
  r=$(java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2 -cp "$jar":. Loop $n 2>/dev/null)
  echo "n=$n $j $(echo $r | python3 -c 'import sys,statistics; v=[float(x) for x in sys.stdin.read().split()][2:]; print("%.3f"%statistics.median(v))')"
done; done; done
