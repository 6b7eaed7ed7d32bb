#!/usr/bin/env bash
# Old and new jars alternating, each JVM timing ours against ONNX Runtime in alternating blocks
# (dev.hne.bench.ort.OrtPairedTiming): the ratio ours/ORT, whose yardstick drifts with the VM as ours does.
# NEW_JAR, BASE_JAR: bench/target/benchmarks.jar built with -Port; POINTS on stdin: arch batch n reps rounds.
run() { java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms4g -Xmx4g -Dhne.threads=2 \
        -cp "$1" dev.hne.bench.ort.OrtPairedTiming "${@:2}" 2>/dev/null | tail -1; }
ROUNDS=${ROUNDS:-2}
points=$(cat)
for round in $(seq "$ROUNDS"); do
  while read -r arch batch n reps rounds; do
    [ -z "$arch" ] && continue
    for j in NEW BASE; do
      jar=${j}_JAR; echo "$j $(run "${!jar}" $arch $batch $n $reps $rounds) load $(cut -d' ' -f1 /proc/loadavg) $(date -u +%T)"
    done
  done <<< "$points"
done
