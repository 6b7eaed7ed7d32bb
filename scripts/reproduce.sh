#!/usr/bin/env bash
# The paper's ablations (001: Table 1, Fig. 4, Fig. 5, Fig. 9) and a sweep of the distillation weight,
# reproduced on real Fashion-MNIST, 3 seeds each, scored on the FULL 10,000-image test set.
# docs/results.md ("Paper reproduction") shows and discusses what it wrote. From the repository root:
#
#   scripts/reproduce.sh table1|fig4|fig5|fig9|sweep|all [more targets]
#
#   table1  L_I, L_H, L_I+L_H, L_I+L_HD: ensemble accuracy for n = 1..8
#   fig4    no distillation (L_I), standard co-distillation (a = 0.25, 0.5), hierarchical (L_I+L_HD):
#           accuracy and logit std against MMACs
#   fig5    HNE, independent networks and multi-branch (shared first 2 levels), all with L_I+L_HD
#   fig9    per-member accuracy next to the ensemble curve (no runs of its own: the fig4 runs)
#   sweep   L_I+L_HD with a in {0.25, 0.5, 0.75} x soft scale {none, t2}
#   claim   only L_I and L_I+L_HD (the paper's main comparison; a subset of table1, for short budgets)
#   sweep2  only a = 0.25 and a = 0.5 x T^2 of the sweep (for short budgets)
#
# Environment: JOBS (parallel runs, default 3), SEEDS (default "0 1 2"), JAR (train with this copy of
# hne.jar instead of building and copying one; to keep one jar for all runs), REPORT_ONLY=1 (train
# nothing, only report what finished), RUNS (run folders, default
# runs/repro1k), OUT (results, default docs/results/repro-fmnist1k), FMNIST (the IDX folder, default
# Debian's /usr/share/datasets/fashion-mnist). Runs that finished (eval-full/eval.json exists) are
# skipped, unfinished ones resumed, so the script can be stopped and started again.
#
# The regime (why 1,000 images and 60 epochs): the paper's mechanism needs members that overfit
# (200 CIFAR epochs), so few training images and many epochs. The tree (resnet-hne-small cut to
# 4 levels, channels / 4, N = 8, 32,546 parameters) fits its 1,000 training images (99% training
# accuracy after 60 epochs against about 80% on the test set), and one run takes about 2 minutes of
# one core on a quiet 2-core machine (about 700 training images/s, plus 10 s for the full test set).
# An earlier regime (300 images, 20 epochs, channels / 8) underfitted and had runs die at chance:
# docs/results.md says why it was replaced. During training the first 50 test images are scored
# after each epoch (a cheap monitor); the numbers reported are from ./hne eval on all 10,000 test
# images after the last epoch.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
targets=("$@")
runs="${RUNS:-$root/runs/repro1k}"
out="${OUT:-$root/docs/results/repro-fmnist1k}"
jobs="${JOBS:-3}"
seeds="${SEEDS:-0 1 2}"
fmnist="${FMNIST:-/usr/share/datasets/fashion-mnist}"

# One setting for every run; each configuration below adds its objective (and tree shape).
common="--arch resnet-hne-small --levels 4 --width-divisor 4 --dataset fashion-mnist --data $fmnist \
--train-size 1000 --test-size 50 --epochs 60 --batch 25 --lr 0.05"
declare -A options=(
  [i]="--loss i"
  [h]="--loss h"
  [ih]="--loss ih"
  [ihd]="--loss ihd"
  [d-a0.25]="--loss d --alpha 0.25"
  [d-a0.5]="--loss d --alpha 0.5"
  [independent-ihd]="--loss ihd --topology independent"
  [multi-branch-ihd]="--loss ihd --topology multi-branch"
  [ihd-a0.25]="--loss ihd --alpha 0.25"
  [ihd-a0.75]="--loss ihd --alpha 0.75"
  [ihd-a0.25-t2]="--loss ihd --alpha 0.25 --soft-scale t2"
  [ihd-a0.5-t2]="--loss ihd --alpha 0.5 --soft-scale t2"
  [ihd-a0.75-t2]="--loss ihd --alpha 0.75 --soft-scale t2"
)
configs_of() {   # the configurations a table or figure needs
  case "$1" in
    table1)    echo "i h ih ihd" ;;
    fig4|fig9) echo "i d-a0.25 d-a0.5 ihd" ;;
    fig5)      echo "ihd independent-ihd multi-branch-ihd" ;;
    sweep)     echo "ihd ihd-a0.25 ihd-a0.75 ihd-a0.25-t2 ihd-a0.5-t2 ihd-a0.75-t2" ;;
    claim)     echo "i ihd" ;;
    sweep2)    echo "ihd-a0.25 ihd-a0.5-t2" ;;
    *) return 1 ;;
  esac
}
[[ " ${targets[*]} " == *" all "* ]] && targets=(table1 fig4 fig5 fig9 sweep)
configs=""
for target in "${targets[@]}"; do
  configs+=" $(configs_of "$target")" \
    || { echo "usage: scripts/reproduce.sh table1|fig4|fig5|fig9|sweep|all [more targets]" >&2; exit 2; }
done
[[ -n "${configs// /}" ]] || { echo "usage: scripts/reproduce.sh table1|fig4|fig5|fig9|sweep|all [more targets]" >&2; exit 2; }
configs="$(printf '%s\n' $configs | awk '!seen[$0]++' | tr '\n' ' ')"   # each once, in the order asked
[[ -f "$fmnist/t10k-images-idx3-ubyte.gz" ]] || { echo "reproduce.sh: no Fashion-MNIST in $fmnist (apt-get install dataset-fashion-mnist, or set FMNIST)" >&2; exit 2; }

# A copy of the jar, so that rebuilding the working tree cannot replace it under running jobs;
# each run folder records the commit it was trained with.
mkdir -p "$runs"
if [[ -n "${REPORT_ONLY:-}" ]]; then
  jar=""   # no training: only the report of what finished
elif [[ -n "${JAR:-}" ]]; then
  jar="$(cd "$(dirname "$JAR")" && pwd)/$(basename "$JAR")"
else
  "$root/hne" --help > /dev/null
  jar="$runs/hne-$(git -C "$root" describe --always --dirty).jar"
  cp "$root/hne-core/target/hne.jar" "$jar.tmp" && mv "$jar.tmp" "$jar"
fi
export jar runs common fmnist root

one() {   # one configuration and seed: train (or resume), then score on all 10,000 test images
  local name="$1" seed="$2" opts="$3" dir="$runs/$1-s$2"
  local java=(nice -n 19 java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xmx1g -Dhne.threads=1 -jar "$jar")
  [[ -f "$dir/eval-full/eval.json" ]] && return 0
  mkdir -p "$dir"
  exec {lock}> "$dir/.lock"
  flock -n "$lock" || { echo "reproduce.sh: $name seed $seed is running elsewhere, skipped" >&2; return 0; }
  local resume=""; [[ -f "$dir/last.safetensors" ]] && resume="--resume"
  basename "$jar" > "$dir/jar.txt"
  # shellcheck disable=SC2086  # the option strings are meant to split into words
  "${java[@]}" train $common $opts --seed "$seed" --out "$dir" $resume > "$dir/train.log" 2>&1 \
    || { echo "reproduce.sh: $name seed $seed failed, see $dir/train.log" >&2; return 1; }
  "${java[@]}" eval --checkpoint "$dir/last.safetensors" --test-size 0 --batch 1000 --out "$dir/eval-full" \
    > "$dir/eval.log" 2>&1 || { echo "reproduce.sh: eval of $name seed $seed failed, see $dir/eval.log" >&2; return 1; }
  echo "reproduce.sh: $name seed $seed done"
}
export -f one

# Seed by seed, so that a stopped script leaves whole configurations for the first seeds.
if [[ -z "${REPORT_ONLY:-}" ]]; then
  for seed in $seeds; do
    for c in $configs; do printf '%s\0%s\0%s\0' "$c" "$seed" "${options[$c]}"; done
  done | xargs -0 -n 3 -P "$jobs" bash -c 'one "$0" "$1" "$2"'
fi

# Mean +- std over the seeds that finished, CSVs and plots (bench: dev.hne.bench.repro.Reproduction).
report="$root/bench/target/benchmarks.jar"
if ! unzip -l "$report" 2>/dev/null | grep -q 'dev/hne/bench/repro/Reproduction.class'; then
  (cd "$root" && ./mvnw -q -B -o -DskipTests package -pl bench -am >&2)
fi
# The raw record of every finished run next to the report: settings, epochs, full-test-set evaluation.
for c in $configs; do
  for seed in $seeds; do
    dir="$runs/$c-s$seed"
    [[ -f "$dir/eval-full/eval.json" ]] || continue
    mkdir -p "$out/runs/$c-s$seed"
    cp "$dir/summary.json" "$dir/epochs.csv" "$dir/eval-full/eval.json" "$dir/jar.txt" "$out/runs/$c-s$seed/"
  done
done
for target in "${targets[@]}"; do
  # shellcheck disable=SC2046  # one argument per configuration
  nice -n 19 java -cp "$report" dev.hne.bench.repro.Reproduction "$runs" "$out" "$target" "${seeds// /,}" $(configs_of "$target") \
    || echo "reproduce.sh: no report for $target (none of its runs finished)" >&2
done
