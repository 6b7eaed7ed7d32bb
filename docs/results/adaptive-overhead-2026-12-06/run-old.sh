#!/bin/bash
# item 4 with a fixed, pre-touched heap, evaluating threads' CPU time, 3 timing rounds; twice (as 2026-12-04's fixed-heap/run.sh)
cd "${OUT:-/tmp/ovh}"
for r in oldheap-1 oldheap-2; do
  uptime > $r.load
  java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dhne.threads=1 -jar ${OLD_JAR:?hne.jar of 2ba7ed9} \
    eval --checkpoint /tmp/fmnist-policy/last.safetensors --test-size 10000 --policy learned,threshold \
    --budget 2.2,2.8,3.4,4.0,5.0,6.0,7.0 --timing-rounds 3 --out /tmp/ovh/$r > $r.log 2>&1
  uptime >> $r.load
done
