#!/bin/bash
# fresh CPU arrays per answered request, old (/tmp/old18) against new (/tmp/close18): one anytime server each, 1x for 15 s
for tree in /tmp/old18 /tmp/close18 /tmp/close18 /tmp/old18; do
  log=/tmp/fresh-$(basename $tree)-$RANDOM.log
  HNE_JAVA_OPTS="-Xmx1g" $tree/hne serve --checkpoint /tmp/serve-wide/last.safetensors --port 0 --deadline-ms 100 > $log 2>&1 &
  pid=$!
  for i in $(seq 1 120); do url=$(grep -o 'http://[0-9.]*:[0-9]*' $log | head -1); [[ -n "$url" ]] && break; sleep 0.5; done
  f0=$(curl -s $url/metrics | grep '^hne_cpu_fresh_arrays_total' | awk '{print $2}')
  java -Xmx1g -cp $tree/bench/target/benchmarks.jar dev.hne.bench.serve.ServeLoadBench --anytime $url --fixed $url \
     --deadline-ms 100 --rate 264 --multiples 1 --seconds 15 --out /tmp/fresh-out > /tmp/fresh-bench.log 2>&1
  m=$(curl -s $url/metrics)
  f1=$(echo "$m" | grep '^hne_cpu_fresh_arrays_total' | awk '{print $2}')
  ok=$(echo "$m" | grep '^hne_requests_total.*status="200"' | grep predict | awk '{print $2}')
  echo "$tree fresh arrays: warm-up end $f0, end $f1, answered 200s (incl. warm-up) $ok"
  kill -TERM $pid; wait $pid 2>/dev/null
done
