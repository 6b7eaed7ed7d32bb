#!/usr/bin/env bash
# NEW_JAR: bench/target/benchmarks.jar built with -Ppeer at the commit that adds this directory; OLD_JAR: the same at 2ba7ed9.
# Training step, batch 128, resnet-hne: old jar (2ba7ed9, plain), new jar plain / checkpointed at -Xmx12g,
# new jar default (auto) at -Xmx3g (it checkpoints), PyTorch 2.7.1 (DJL, tcmalloc); two rounds, the second reversed.
set -u
BASE="--add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2"
OLD=${OLD_JAR:?the bench jar of 2ba7ed9} NEW=${NEW_JAR:-bench/target/benchmarks.jar}
J="-p batch=128 -f 1 -wi 2 -w 5s -i 3 -r 5s -rf json"
ours() {  # name jar jvmargs
  echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  java -jar "$2" 'dev.hne.bench.TrainStepBenchmark' $J -rff "$1.json" -jvmArgsAppend "$BASE $3" 2>&1 | grep -E "^step|Result|p0.50|TrainStepBenchmark.step" | tail -4
}
peer() {
  echo "=== $1 $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  DJL_OFFLINE=true OPT_OUT_TRACKING=true LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
    java -jar "$NEW" 'PeerTrainStepBenchmark' $J -rff "$1.json" 2>&1 | grep -E "Result|p0.50|PeerTrainStepBenchmark.step" | tail -4
}
for r in 1 2; do
  if [ $r = 1 ]; then order="old plain ckpt auto3g peer"; else order="peer auto3g ckpt plain old"; fi
  for k in $order; do
    case $k in
      old) ours "r$r-old-plain" $OLD "-Xmx12g" ;;
      plain) ours "r$r-new-plain" $NEW "-Xmx12g -Dhne.recompute=false" ;;
      ckpt) ours "r$r-new-checkpoint" $NEW "-Xmx12g -Dhne.recompute=true" ;;
      auto3g) ours "r$r-new-auto-3g" $NEW "-Xmx3g" ;;
      peer) peer "r$r-peer" ;;
    esac
  done
done
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
