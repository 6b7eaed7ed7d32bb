#!/bin/bash
# item 4 on the new code (f0b3b80, new.jar) against e41fdc7 (base.jar): one engine thread, interleaved new, base, new
for r in new-1 base-1 new-2; do
  jar=/tmp/ovh9/new.jar; [[ $r == base-* ]] && jar=/tmp/ovh9/base.jar
  ./run1.sh $r $jar
done
