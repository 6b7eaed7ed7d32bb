#!/usr/bin/env bash
# One round: old jar default, new jar default, new jar recompute (12g, 3600m), PyTorch; batch 128 training step.
set -u
r=$1; out=docs/results/train-memory-2026-12-04; base="--add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2"
run() { # name jar jvmargs
  echo "--- $1 $(date +%T) $(uptime | sed 's/.*load/load/')"
  java -jar $2 'dev.hne.bench.TrainStepBenchmark' -p batch=128 -jvmArgsAppend "$base $3" -rf json -rff $out/r$r-$1.json 2>&1 | grep -E "^Result|p\(50|step  *resnet|Error|Exception" | head -5
}
run old-default OLD.jar "-Xmx12g"
run new-default NEW.jar "-Xmx12g"
run new-recompute-12g NEW.jar "-Xmx12g -Dhne.recompute=true"
run new-recompute-3600m NEW.jar "-Xmx3600m -Xmn400m -Dhne.recompute=true"
echo "--- peer $(date +%T) $(uptime | sed 's/.*load/load/')"
DJL_OFFLINE=true OPT_OUT_TRACKING=true LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
  java -jar NEW.jar 'PeerTrainStepBenchmark' -p batch=128 -rf json -rff $out/r$r-peer.json 2>&1 | grep -v NNPACK | grep -E "^Result|p\(50|Error|Exception|refuse" | head -5
echo "--- end $(date +%T) $(uptime | sed 's/.*load/load/')"
