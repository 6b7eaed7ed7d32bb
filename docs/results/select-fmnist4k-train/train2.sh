#!/usr/bin/env bash
# Issue 21 experiments, part 2 (resized for a machine at load 40): wait for the cascade trainings,
# then the small ANN of the cascade/EANN and the exit-weighting study (3 weightings x 3 seeds, small).
set -u
cd /work/wt-21
J="java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xmx2g -Dhne.threads=1 -jar /tmp/hne21/hne.jar"
D="--dataset fashion-mnist --data /usr/share/datasets/fashion-mnist --batch 64 --lr 0.05"
C="--train-size 4000 --holdout 2000 --test-size 2000 --epochs 4 $D --seed 0"
W="--arch ann-resnet-small --levels 4 --width-divisor 4 --train-size 1000 --test-size 1000 --epochs 3 $D"
run() { local name=$1; shift; echo "$(date -u +%T) start $name"; $J train "$@" --out runs/$name > runs/$name.log 2>&1; echo "$(date -u +%T) end $name rc=$?"; }
laneA() {
  while kill -0 28000 2>/dev/null; do sleep 20; done
  echo "$(date -u +%T) c-hne done"
  run c-ann-l2 --arch ann-resnet-small --levels 2 --width-divisor 2 --ann-weights adaloss $C
  for s in 0 1 2; do run w-oscillating-s$s $W --ann-weights oscillating --seed $s; done
  run w-constant-s2 $W --ann-weights constant --seed 2
}
laneB() {
  while kill -0 4312 2>/dev/null; do sleep 20; done
  echo "$(date -u +%T) c-ann-l3 done"
  for s in 0 1 2; do run w-adaloss-s$s $W --ann-weights adaloss --seed $s; done
  for s in 0 1; do run w-constant-s$s $W --ann-weights constant --seed $s; done
}
laneA > runs/laneA2.log 2>&1 &
laneB > runs/laneB2.log 2>&1 &
wait
