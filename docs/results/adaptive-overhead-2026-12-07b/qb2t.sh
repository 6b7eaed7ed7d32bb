#!/bin/bash
# fixed-n CPU ms/image at a batch size: $1 tag, $2 jar, $3 batch
java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dhne.threads=2 -jar $2 \
  eval --checkpoint /tmp/fmnist-policy/last.safetensors --test-size 10000 --batch $3 --policy threshold \
  --budget 4.0 --timing-rounds 1 --out /tmp/ovh8/qb2t-$1-$3 > qb2t-$1-$3.log 2>&1
echo "$1 b$3 $(uptime | sed 's/.*average//') | $(grep 'fixed n = ' qb2t-$1-$3.log | tail -8 | awk '{print $(NF-2)}' | tr '\n' ' ')"
