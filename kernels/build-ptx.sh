#!/usr/bin/env bash
# Compiles every src/main/cuda/*.cu to PTX and puts it on the kernels jar's classpath
# (target/classes/dev/hne/kernels/<family>.ptx, plus index.txt listing them). Run by Maven
# (exec-maven-plugin, generate-resources); by hand: kernels/build-ptx.sh kernels/target/classes
#
# Why these flags (docs/cuda.md, "Which PTX"):
#   -arch=compute_75   Turing, the oldest target nvcc 13 still accepts; the driver JIT-compiles the
#                      PTX for whatever newer GPU it finds.
#   .version 8.0       nvcc 13 stamps its PTX as ISA 9.0, which only R580+ (CUDA 13) drivers load.
#                      Our kernels use nothing newer than ISA 8.0 (CUDA 12.0), so the line is
#                      rewritten to 8.0: any driver >= 525.60 (CUDA 12.0) loads them. ptxas below
#                      and KernelPtxTest (CUDA 12's own PTX compiler) prove the rewrite is valid.
# Without nvcc the build still passes: this script says so and ships no PTX.
set -euo pipefail
out="${1:?usage: build-ptx.sh OUTPUT_CLASSES_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src/main/cuda"
dest="$out/dev/hne/kernels"

if ! command -v nvcc >/dev/null 2>&1; then
  echo "[kernels] nvcc not on PATH: CUDA kernels NOT built (the CUDA backend will report no kernels)"
  exit 0
fi
mkdir -p "$dest"
: > "$dest/index.txt"
for cu in "$src"/*.cu; do
  family="$(basename "$cu" .cu)"
  ptx="$dest/$family.ptx"
  # Rebuild only when the source or the shared header changed.
  if [[ ! -f "$ptx" || "$cu" -nt "$ptx" || "$src/common.cuh" -nt "$ptx" || "$0" -nt "$ptx" ]]; then
    nvcc -ptx -arch=compute_75 -O3 -o "$ptx.tmp" "$cu"
    sed -E 's/^\.version [0-9]+\.[0-9]+$/.version 8.0/' "$ptx.tmp" > "$ptx"
    rm -f "$ptx.tmp"
    # Compile check: assemble for a recent GPU (Hopper); fails on any instruction newer than ISA 8.0.
    ptxas -arch=sm_90 -o /dev/null "$ptx"
    echo "[kernels] $family.ptx ($(grep -c '^\.visible \.entry' "$ptx") kernels)"
  fi
  echo "$family.ptx" >> "$dest/index.txt"
done
echo "[kernels] PTX for compute_75 (ISA 8.0) in $dest"
