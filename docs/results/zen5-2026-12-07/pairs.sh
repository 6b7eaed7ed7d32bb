#!/usr/bin/env bash
# Paired ours/ORT ratios in one JVM per point (PairLoop.java), new and base jar alternating point by point.
# NEW_JAR, BASE_JAR as in run.sh; PairLoop compiled into $CLASSES (javac -d $CLASSES -cp $NEW_JAR PairLoop.java).
run() { java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms4g -Xmx4g -Dhne.threads=2 \
        -cp "$1:$CLASSES" dev.hne.bench.ort.PairLoop "${@:2}" 2>/dev/null | tail -1; }
while read -r arch batch n reps rounds; do
  for j in NEW BASE; do
    jar=${j}_JAR; echo "$j $(run "${!jar}" $arch $batch $n $reps $rounds) load $(cut -d' ' -f1 /proc/loadavg) $(date -u +%T)"
  done
done <<'POINTS'
resnet-hne 1 1 1000 16
resnet-hne 1 4 400 16
resnet-hne 1 16 150 16
resnet-hne 64 1 30 12
resnet-hne 64 4 15 12
resnet-hne 64 16 5 10
mobilenet-hne 1 1 200 14
mobilenet-hne 1 8 60 12
POINTS
