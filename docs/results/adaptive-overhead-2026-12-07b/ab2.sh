#!/bin/bash
# more item 4 runs: new at batch 128 once more, then new and base at --batch 32
./run1.sh new-3 /tmp/s8/new2.jar
BATCH=32 ./run1.sh new-b32 /tmp/s8/new2.jar
BATCH=32 ./run1.sh base-b32 /tmp/s8/base.jar
