#!/bin/bash
# item 4 with two engine threads: new (cff422d) then base (6db43a1)
./run1-2t.sh new-2t /tmp/s8/new2.jar
./run1-2t.sh base-2t /tmp/s8/base.jar
