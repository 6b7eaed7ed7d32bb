#!/usr/bin/env bash
# Issue 21 measurements: network selection over a 3-network cascade, then the EANN.
set -u
cd /work/wt-21
J="java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xmx3g -Dhne.threads=1 -jar /tmp/hne21/hne-eval.jar"
until grep -q 'end c-ann-l2' runs/laneA2.log; do sleep 20; done
R=runs
mkdir -p docs/results/select-fmnist4k docs/results/eann-fmnist4k
echo "$(date -u +%T) select start; $(uptime)"
$J eval --select $R/c-ann-l2/last.safetensors,$R/c-hne/last.safetensors@n=2,$R/c-hne/last.safetensors \
   --policy learned,threshold --tradeoffs 0.005,0.02,0.05,0.1 --budget 2,3,4,6 --batch 128 \
   --out docs/results/select-fmnist4k > docs/results/select-fmnist4k/eval-log.txt 2>&1
echo "$(date -u +%T) select end rc=$?; $(uptime)"
$J eval --select $R/c-ann-l2/last.safetensors,$R/c-ann-l3/last.safetensors,$R/c-ann-l4/last.safetensors \
   --policy eann --checkpoint $R/c-ann-l4/last.safetensors --checkpoint $R/c-hne/last.safetensors --batch 128 \
   --out docs/results/eann-fmnist4k > docs/results/eann-fmnist4k/eval-log.txt 2>&1
echo "$(date -u +%T) eann end rc=$?; $(uptime)"
