#!/bin/bash
# item 4 with two engine threads: new (cff422d) then base (6db43a1)
THREADS=2 ./run1.sh new-2t /tmp/s8/new2.jar
THREADS=2 ./run1.sh base-2t /tmp/s8/base.jar
