#!/bin/bash
# item 4 measurement: $1 = tag, $2 = jar; THREADS=2 for two engine threads (default 1), BATCH=32 for --batch 32 (default: eval's 128)
r=$1; jar=$2
uptime > $r.load
java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dhne.threads=${THREADS:-1} -jar $jar \
  eval --checkpoint /tmp/fmnist-policy/last.safetensors --test-size 10000 ${BATCH:+--batch $BATCH} --policy learned,threshold \
  --budget 2.2,2.8,3.4,4.0,5.0,6.0,7.0 --timing-rounds 3 --out /tmp/ovh8/$r > $r.log 2>&1
uptime >> $r.load
