#!/usr/bin/env bash
# Peak memory of batch-128 resnet-hne training steps (TrainStepMemory, 6 steps): ours by heap and mode, and the PyTorch peer.
J="java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2"
for cfg in "-Xmx3g" "-Xmx3600m" "-Xmx12g -Dhne.recompute=true" "-Xmx12g"; do
  echo "=== ours $cfg $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
  timeout 300 $J $cfg -cp ${NEW_JAR:-bench/target/benchmarks.jar} dev.hne.bench.TrainStepMemory resnet-hne 128 6 2>&1 | grep -v WARNING | grep -v "^\s*at "
done
echo "=== PyTorch 2.7.1 (DJL, tcmalloc) $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
DJL_OFFLINE=true OPT_OUT_TRACKING=true LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 timeout 400 \
  java -Xmx1g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp ${NEW_JAR:-bench/target/benchmarks.jar} dev.hne.bench.peer.PeerTrainStepMemory resnet-hne 128 4 2>&1 | grep -v WARN
echo "end $(date -u +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
