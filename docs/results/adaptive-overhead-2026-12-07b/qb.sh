#!/bin/bash
# fixed-n CPU ms/image at a batch size: $1 tag, $2 jar, $3 batch; THREADS=2 for two engine threads
# (then the log is qb2t-TAG-BATCH.log, as the two-thread logs of this folder were named)
t=${THREADS:-1}; log=qb-$1-$3; [[ $t == 2 ]] && log=qb2t-$1-$3
java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dhne.threads=$t -jar $2 \
  eval --checkpoint /tmp/fmnist-policy/last.safetensors --test-size 10000 --batch $3 --policy threshold \
  --budget 4.0 --timing-rounds 1 --out /tmp/ovh8/$log > $log.log 2>&1
echo "$1 b$3 $(uptime | sed 's/.*average//') | $(grep 'fixed n = ' $log.log | tail -8 | awk '{print $(NF-2)}' | tr '\n' ' ')"
