#!/usr/bin/env bash
# The side-by-side run of issues 7 and 20 in one command: our engine, the PyTorch peer and the
# ONNX Runtime peer (whichever the jar carries), resnet-hne, anytime latency (batch 1 and 64), the
# full-tree training step (batch 64 and 128, ours and PyTorch) and the FMA peak, then the report
# (bench.md + plots). Usage, from the repository root:
#
#   bench/compare.sh [out-dir]            # n = 1, 2, 4, 8, 16: about 10 minutes on an idle 2-core machine
#   N=all bench/compare.sh [out-dir]      # every n = 1..16: about 20 minutes
#   JMH_ARGS="-wi 3 -i 5" bench/compare.sh  # more iterations (default -f 1 -wi 2 -i 3)
#
# Needs a peer build: ./mvnw -B -Ppeer,ort -pl bench -am -DskipTests package (-Port alone: ORT only,
# no PyTorch and no training-step comparison). The PyTorch peer also needs Debian's tcmalloc (the PyTorch allocator at its best): apt-get install -y libtcmalloc-minimal4
# The peer runs OFFLINE: DJL_OFFLINE, OPT_OUT_TRACKING and -Dai.djl.offline (set in the peer's @Fork)
# keep DJL from downloading anything or probing a cloud metadata address; the peer refuses to start
# without them. LD_PRELOAD applies to the whole JMH run (our forks too: it only replaces the C
# allocator, which the JVM uses for its own bookkeeping, not for Java arrays).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs/bench}"
jar="$root/bench/target/benchmarks.jar"
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4

if [[ ! -f "$jar" ]]; then
  echo "compare.sh: $jar is missing; build it with: ./mvnw -B -Ppeer,ort -pl bench -am -DskipTests package" >&2
  exit 2
fi
# Which peers the jar carries: PyTorch (-Ppeer) and ONNX Runtime (-Port); at least one.
jar_has() { unzip -l "$jar" 2>/dev/null | grep "$1" >/dev/null; }
benchmarks='FmaPeakBenchmark|dev.hne.bench.AnytimeLatencyBenchmark|dev.hne.bench.TrainStepBenchmark'
preload=""
if jar_has 'dev/hne/bench/peer/PeerAnytimeLatencyBenchmark.class'; then
  if [[ ! -f "$tcmalloc" ]]; then
    echo "compare.sh: $tcmalloc is missing; install it with: apt-get install -y libtcmalloc-minimal4" >&2
    exit 2
  fi
  benchmarks="$benchmarks|PeerAnytimeLatencyBenchmark|PeerTrainStepBenchmark"
  preload="$tcmalloc"
fi
if jar_has 'ai/onnxruntime/OrtSession.class'; then
  benchmarks="$benchmarks|OrtAnytimeLatencyBenchmark"
fi
if [[ "$benchmarks" != *Peer* && "$benchmarks" != *Ort* ]]; then
  echo "compare.sh: $jar has no peer benchmarks; build it with: ./mvnw -B -Ppeer,ort -pl bench -am -DskipTests package (or -Port alone)" >&2
  exit 2
fi
ns="1,2,4,8,16"
if [[ "${N:-}" == "all" ]]; then ns="1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"; fi

mkdir -p "$out"
start=$(date +%s)
echo "compare.sh: JMH, ours and the peer; log in $out/jmh.log (PyTorch's NNPACK warnings filtered out)"
# shellcheck disable=SC2086
DJL_OFFLINE=true OPT_OUT_TRACKING=true LD_PRELOAD="$preload" \
  java -jar "$jar" "$benchmarks" \
  -p arch=resnet-hne -p n="$ns" -f 1 ${JMH_ARGS:--wi 2 -i 3} -rf json -rff "$out/results.json" 2>&1 \
  | grep --line-buffered -v 'NNPACK' | tee "$out/jmh.log" | grep --line-buffered -E '^# (Benchmark|Parameters):|^Result|^peer:' || true
java --add-modules=jdk.incubator.vector -cp "$jar" dev.hne.bench.report.JmhReport "$out/results.json" "$out"
echo "compare.sh: done in $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s; report: $out/bench.md"
