#!/bin/bash
# item 4 A/B: cff422d (new2.jar) vs 6db43a1 (base.jar); jars and logs under /tmp as on the day, interleaved new, base, base, new
for r in new-1 base-1 base-2 new-2; do
  jar=/tmp/s8/new2.jar; [[ $r == base-* ]] && jar=/tmp/s8/base.jar
  ./run1.sh $r $jar
done
