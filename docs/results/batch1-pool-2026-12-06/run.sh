#!/usr/bin/env bash
# Batch 1, resnet-hne, n = 1 and 16: BASE (c1151e6) and KEEP (the commit that adds this directory; its pool keeps emptied size
# lists) interleaved, and ONNX Runtime (KEEP built with -Port) before and after. The first base/keep/keep/base round printed
# medians only (no JSON): base 2.892/9.421, keep 2.482/7.946, keep 2.494/8.913, base 2.626/9.961 ms (n = 1 / n = 16).
for j in ort base keep ort; do
  if [ $j = ort ]; then java -jar "$KEEP_ORT_JAR" 'OrtAnytimeLatencyBenchmark' -p arch=resnet-hne -p n=1,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s -rf json -rff $j-$(date +%s).json
  else jar=$BASE_JAR; [ $j = keep ] && jar=$KEEP_JAR
    java -jar "$jar" 'dev.hne.bench.AnytimeLatencyBenchmark.firstN' -p arch=resnet-hne -p n=1,16 -p batch=1 -f 1 -wi 5 -w 2s -i 3 -r 2s -rf json -rff $j-$(date +%s).json
  fi
done
