#!/usr/bin/env bash
# The serving load test of issue 18 in one command (docs/serving.md): the same checkpoint served
# twice, anytime (deadline-aware) and fixed at n = N, driven open-loop at 0.5x, 1x, 2x and 4x the
# rate the fixed server sustains, interleaved run by run, on the dataset's test images.
#
#   bench/serve-load.sh CHECKPOINT [out-dir]           # about 6 minutes: 8 runs of 30 s + warm-ups
#   DEADLINE_MS=100 SECONDS_PER_RUN=30 MULTIPLES=0.5,1,2,4 bench/serve-load.sh CHECKPOINT
#   LOAD_ARGS="--rate 120" bench/serve-load.sh CHECKPOINT   # more options of the Java harness
#   LOAD_JAVA_OPTS="-Xlog:gc:file=gc.log" bench/serve-load.sh CHECKPOINT   # JVM options of the generator
#   SERVE_ARGS="--threads 2" bench/serve-load.sh CHECKPOINT   # more ./hne serve options, both servers
#
# Writes out-dir/serve-load.csv, serve-load.md (table) and serve-load.png (accuracy and p99 against
# the offered load), plus the two servers' logs. The servers and the load generator share the
# machine: the machine's load average is printed with every run; state it with the numbers.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 1 || "$1" == -h || "$1" == --help ]]; then
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  [[ $# -lt 1 ]] && exit 2 || exit 0
fi
checkpoint="$1"
out="${2:-$root/runs/serve-load}"
deadline="${DEADLINE_MS:-100}"
[[ -f "$checkpoint" ]] || { echo "serve-load.sh: no checkpoint at $checkpoint" >&2; exit 2; }
mkdir -p "$out"

bench_jar="$root/bench/target/benchmarks.jar"
if [[ ! -f "$bench_jar" || -n "$(find "$root/bench/src/main" -newer "$bench_jar" -name '*.java' | head -n 1)" ]]; then
  echo "serve-load.sh: building bench/target/benchmarks.jar" >&2
  (cd "$root" && ./mvnw -q -B -DskipTests package -pl bench -am >&2)
fi
"$root/hne" serve --help > /dev/null   # builds serve/target/hne-serve.jar when it is missing or stale

pids=()
cleanup() {
  # SIGTERM: the servers shut down gracefully (their shutdown hook drains what is in flight)
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# start_server LOG ARGS...: starts ./hne serve on a free port (in this shell, so cleanup knows its pid)
start_server() {
  local log="$1"; shift
  # a fixed, pre-touched heap: a resizing heap page-faults on the batcher thread (docs/serving.md)
  # shellcheck disable=SC2086
  HNE_JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch ${HNE_JAVA_OPTS:-}" "$root/hne" serve --checkpoint "$checkpoint" --port 0 ${SERVE_ARGS:-} "$@" > "$log" 2>&1 &
  pids+=($!)
}

# url_of LOG PID: waits until the server in LOG listens, prints its URL
url_of() {
  for _ in $(seq 1 600); do
    local url
    url="$(grep -o 'http://[0-9.]*:[0-9]*' "$1" | head -n 1 || true)"
    if [[ -n "$url" ]]; then echo "$url"; return 0; fi
    kill -0 "$2" 2>/dev/null || { echo "serve-load.sh: the server did not start; see $1:" >&2; tail -n 5 "$1" >&2; return 1; }
    sleep 0.5
  done
  echo "serve-load.sh: the server did not listen within 5 minutes; see $1" >&2; return 1
}

start_server "$out/server-anytime.log" --deadline-ms "$deadline"
anytime_url="$(url_of "$out/server-anytime.log" "${pids[0]}")"
stages="$(curl -s "$anytime_url/v1/model" | grep -o '"stages":[0-9]*' | cut -d: -f2)"
start_server "$out/server-fixed.log" --fixed "$stages"
fixed_url="$(url_of "$out/server-fixed.log" "${pids[1]}")"
echo "serve-load.sh: anytime server $anytime_url, fixed n = $stages server $fixed_url; $(uptime)"

# shellcheck disable=SC2086
java -Xms1g -Xmx1g -XX:+AlwaysPreTouch ${LOAD_JAVA_OPTS:-} -cp "$bench_jar" dev.hne.bench.serve.ServeLoadBench --anytime "$anytime_url" --fixed "$fixed_url" \
  --deadline-ms "$deadline" --seconds "${SECONDS_PER_RUN:-30}" --multiples "${MULTIPLES:-0.5,1,2,4}" \
  --out "$out" --note "Load average at the start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)." ${LOAD_ARGS:-}
echo "serve-load.sh: done; $(uptime)"
