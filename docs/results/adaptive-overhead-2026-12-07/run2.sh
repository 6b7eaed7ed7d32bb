#!/bin/bash
# item 4: fixed heap, evaluating thread's CPU time, 3 timing rounds; old, new, new, old (as adaptive-overhead-2026-12-06/run.sh)
for r in old-2 new-2 new-3 old-3; do
  jar=$NEW_JAR; [[ $r == old-* ]] && jar=$OLD_JAR
  uptime > $r.load
  java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dhne.threads=1 -jar $jar \
    eval --checkpoint /tmp/fmnist-policy/last.safetensors --test-size 10000 --policy learned,threshold \
    --budget 2.2,2.8,3.4,4.0,5.0,6.0,7.0 --timing-rounds 3 --out /tmp/ovh7/$r > $r.log 2>&1
  uptime >> $r.load
done
