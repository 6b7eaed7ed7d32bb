#!/usr/bin/env bash
# As pairs.sh, on the final jar (NEW_JAR = 550bb20) against BASE_JAR (0c4c512), three points, twice each.
run() { java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms4g -Xmx4g -Dhne.threads=2 \
        -cp "$1:$CLASSES" dev.hne.bench.ort.PairLoop "${@:2}" 2>/dev/null | tail -1; }
for round in 1 2; do
while read -r arch batch n reps rounds; do
  for j in NEW BASE; do
    jar=${j}_JAR; echo "$j $(run "${!jar}" $arch $batch $n $reps $rounds) load $(cut -d' ' -f1 /proc/loadavg) $(date -u +%T)"
  done
done <<'POINTS'
resnet-hne 1 1 1000 16
resnet-hne 64 1 30 12
mobilenet-hne 1 1 200 14
POINTS
done
