#!/bin/bash
# item 4 with two engine threads: new (f0b3b80) then base (e41fdc7)
for r in new-2t base-2t; do
  jar=/tmp/ovh9/new.jar; [[ $r == base-* ]] && jar=/tmp/ovh9/base.jar
  THREADS=2 ./run1.sh $r $jar
done
