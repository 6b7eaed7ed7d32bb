#!/usr/bin/env bash
# Issue 21: the exit-weighting study again, 2000 images x 4 epochs of batch 32 (250 steps; the first, 48 steps, left every net undertrained).
set -u
cd /work/wt-21
J="java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xmx2g -Dhne.threads=1 -jar /tmp/hne21/hne.jar"
W="--arch ann-resnet-small --levels 4 --width-divisor 4 --dataset fashion-mnist --data /usr/share/datasets/fashion-mnist --train-size 2000 --test-size 1000 --epochs 4 --batch 32 --lr 0.05"
run() { local name=$1; shift; echo "$(date -u +%T) start $name"; $J train "$@" --out runs/$name > runs/$name.log 2>&1; echo "$(date -u +%T) end $name rc=$?"; }
until grep -q 'end w-constant-s2' runs/laneA2.log && grep -q 'end w-constant-s1' runs/laneB2.log; do sleep 15; done
laneA() { for s in 0 1 2; do run w2-oscillating-s$s $W --ann-weights oscillating --seed $s; done; run w2-constant-s2 $W --ann-weights constant --seed 2; }
laneB() { for s in 0 1 2; do run w2-adaloss-s$s $W --ann-weights adaloss --seed $s; done; for s in 0 1; do run w2-constant-s$s $W --ann-weights constant --seed $s; done; }
laneA > runs/laneA3.log 2>&1 &
laneB > runs/laneB3.log 2>&1 &
wait
