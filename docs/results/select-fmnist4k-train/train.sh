#!/usr/bin/env bash
# Issue 21 experiments: trainings, two lanes, one engine thread each, niced.
set -u
cd /work/wt-21
J="java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xmx2g -Dhne.threads=1 -jar /tmp/hne21/hne.jar"
D="--dataset fashion-mnist --data /usr/share/datasets/fashion-mnist --test-size 2000 --batch 64 --lr 0.05"
C="--train-size 4000 --holdout 2000 --epochs 4 $D --seed 0"
run() { local name=$1; shift; echo "$(date -u +%T) start $name"; $J train "$@" --out runs/$name > runs/$name.log 2>&1; echo "$(date -u +%T) end $name rc=$?"; }
mkdir -p runs
laneA() {
  run c-hne --arch resnet-hne-small --levels 4 --width-divisor 2 --loss i $C
  run c-ann-l2 --arch ann-resnet-small --levels 2 --width-divisor 2 --ann-weights adaloss $C
  for s in 0 1 2; do for w in oscillating; do
    run w-$w-s$s --arch ann-resnet-small --levels 4 --width-divisor 4 --ann-weights $w --train-size 2000 --epochs 4 $D --seed $s
  done; done
}
laneB() {
  run c-ann-l4 --arch ann-resnet-small --levels 4 --width-divisor 2 --ann-weights adaloss $C
  run c-ann-l3 --arch ann-resnet-small --levels 3 --width-divisor 2 --ann-weights adaloss $C
  for s in 0 1 2; do for w in adaloss constant; do
    run w-$w-s$s --arch ann-resnet-small --levels 4 --width-divisor 4 --ann-weights $w --train-size 2000 --epochs 4 $D --seed $s
  done; done
}
laneA > runs/laneA.log 2>&1 &
laneB > runs/laneB.log 2>&1 &
wait
