J="java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Dhne.threads=2"
for cfg in "-Xmx12g" "-Xmx5g -Dhne.recompute=true" "-Xmx4g -Dhne.recompute=true -Dhne.pool.floats=134217728" ; do
  echo "=== $cfg"; uptime
  timeout 150 $J $cfg -cp NEW.jar dev.hne.bench.TrainStepMemory resnet-hne 128 4 2>&1 | grep -v WARNING | grep -v "^\s*at "
done
uptime
