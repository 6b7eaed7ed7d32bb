#!/bin/bash
# interleaved fresh JVMs: base (HEAD 0392201) against the compare-blend clamp; Loop = docs/results/gemm-order-2026-12-07/Loop.java
cd /tmp/j25
run() { java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms4g -Xmx4g -Dhne.threads=$2 -cp /tmp/$1.jar:. Loop $3 $4 $5 $6 8 2>/dev/null; }
for r in 1 2 3 4 5 6; do
  for j in base-head clamp2; do
    echo "$j resnet b1 n1 t1 $(run $j 1 1 resnet-hne 1 300)"
    echo "$j resnet b1 n1 t2 $(run $j 2 1 resnet-hne 1 300)"
    echo "$j mobilenet b1 n1 t2 $(run $j 2 1 mobilenet-hne 1 100)"
    echo "$j resnet b64 n1 t2 $(run $j 2 1 resnet-hne 64 8)"
  done
  echo "load $(cut -d' ' -f1-3 /proc/loadavg) $(date -u +%H:%M:%S)"
done
