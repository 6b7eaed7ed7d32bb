#!/bin/bash
# more item 4 runs: new at batch 128 once more, then new and base at --batch 32
./run1.sh new-3 /tmp/s8/new2.jar
for r in new-b32 base-b32; do
  jar=/tmp/s8/new2.jar; [[ $r == base-* ]] && jar=/tmp/s8/base.jar
  uptime > $r.load
  java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dhne.threads=1 -jar $jar \
    eval --checkpoint /tmp/fmnist-policy/last.safetensors --test-size 10000 --batch 32 --policy learned,threshold \
    --budget 2.2,2.8,3.4,4.0,5.0,6.0,7.0 --timing-rounds 3 --out /tmp/ovh8/$r > $r.log 2>&1
  uptime >> $r.load
done
