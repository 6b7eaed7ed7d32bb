#!/bin/bash
# two engine threads: the parallel row gather (new3.jar) against cff422d (new2.jar), interleaved
THREADS=2 ./run1.sh gather-2t /tmp/s8/new3.jar
THREADS=2 ./run1.sh chunks-2t /tmp/s8/new2.jar
