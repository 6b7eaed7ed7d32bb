#!/usr/bin/env bash
# The side-by-side run of issue 7 in one command: our engine and the PyTorch peer, resnet-hne,
# anytime latency (batch 1 and 64) and the full-tree training step (batch 64 and 128), then the
# report (bench.md + plots). Usage, from the repository root:
#
#   bench/compare.sh [out-dir]            # n = 1, 2, 4, 8, 16: about 10 minutes on an idle 2-core machine
#   N=all bench/compare.sh [out-dir]      # every n = 1..16: about 20 minutes
#   JMH_ARGS="-wi 3 -i 5" bench/compare.sh  # more iterations (default -f 1 -wi 2 -i 3)
#
# Needs the peer build: ./mvnw -B -Ppeer -pl bench -am -DskipTests package
# and Debian's tcmalloc (the PyTorch allocator at its best): apt-get install -y libtcmalloc-minimal4
# The peer runs OFFLINE: DJL_OFFLINE, OPT_OUT_TRACKING and -Dai.djl.offline (set in the peer's @Fork)
# keep DJL from downloading anything or probing a cloud metadata address; the peer refuses to start
# without them. LD_PRELOAD applies to the whole JMH run (our forks too: it only replaces the C
# allocator, which the JVM uses for its own bookkeeping, not for Java arrays).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/runs/bench}"
jar="$root/bench/target/benchmarks.jar"
tcmalloc=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4

if ! unzip -l "$jar" 2>/dev/null | grep 'dev/hne/bench/peer/PeerAnytimeLatencyBenchmark.class' >/dev/null; then
  echo "compare.sh: $jar has no peer benchmarks; build it with: ./mvnw -B -Ppeer -pl bench -am -DskipTests package" >&2
  exit 2
fi
if [[ ! -f "$tcmalloc" ]]; then
  echo "compare.sh: $tcmalloc is missing; install it with: apt-get install -y libtcmalloc-minimal4" >&2
  exit 2
fi
ns="1,2,4,8,16"
if [[ "${N:-}" == "all" ]]; then ns="1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"; fi

mkdir -p "$out"
start=$(date +%s)
echo "compare.sh: JMH, ours and the peer; log in $out/jmh.log (PyTorch's NNPACK warnings filtered out)"
# shellcheck disable=SC2086
DJL_OFFLINE=true OPT_OUT_TRACKING=true LD_PRELOAD="$tcmalloc" \
  java -jar "$jar" 'AnytimeLatencyBenchmark|TrainStepBenchmark' \
  -p arch=resnet-hne -p n="$ns" -f 1 ${JMH_ARGS:--wi 2 -i 3} -rf json -rff "$out/results.json" 2>&1 \
  | grep --line-buffered -v 'NNPACK' | tee "$out/jmh.log" | grep --line-buffered -E '^# (Benchmark|Parameters):|^Result|^peer:' || true
java -cp "$jar" dev.hne.bench.report.JmhReport "$out/results.json" "$out"
echo "compare.sh: done in $(( ($(date +%s) - start) / 60 )) min $(( ($(date +%s) - start) % 60 )) s; report: $out/bench.md"
