#!/usr/bin/env bash
# Assembles the GPU bundle (docs/bundle.md); run by Maven in bundle/'s package phase, after the
# dependency plugin has copied the jars into BUNDLE/lib, BUNDLE/tests and BUNDLE/junit.
#   bash assemble.sh JAVA_HOME BUNDLE_DIR VERSION
# 1. copies bin/ (hne, hne-parity, hne-gpu-check, cuda-libs.sh) and peer/torch_hne.py;
# 2. asks jdeps which JDK modules the jars use, adds the few it cannot see, and jlinks JAVA_HOME's
#    jmods into BUNDLE/runtime: a Java runtime of only those modules (no JDK needed where it runs);
# 3. writes BUNDLE/BUNDLE.txt (what is inside) and BUNDLE.tar.gz next to the folder.
set -euo pipefail
java_home="$1"
bundle="$2"
version="$3"
src="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# jlink links from the .jmod files of a JDK. Some distributions ship them separately (Debian and
# Ubuntu: the openjdk-17-jmods package); a JRE has none.
if [[ ! -f "$java_home/jmods/java.base.jmod" || ! -x "$java_home/bin/jlink" ]]; then
  echo "bundle: the JDK running Maven ($java_home) has no jlink or no jmods/ folder, so the bundle's runtime" >&2
  echo "bundle: cannot be made; run Maven with a full JDK 17+ (on Debian/Ubuntu: apt-get install openjdk-17-jmods)" >&2
  exit 1
fi

mkdir -p "$bundle/bin"
install -m 755 "$src/bin/hne" "$src/bin/hne-parity" "$src/bin/hne-gpu-check" "$src/bin/hne-nccl-check" "$bundle/bin/"
install -m 644 "$src/bin/cuda-libs.sh" "$bundle/bin/"
# the PyTorch+cuDNN peer of the device check's latency table (bin/hne-gpu-check runs it with the machine's python3)
mkdir -p "$bundle/peer"
install -m 644 "$src/../../bench/peer/torch_hne.py" "$bundle/peer/"

# ---- which modules ----
# jdeps reads every class in the jars and prints the JDK modules they reference. It cannot see:
#  - jdk.incubator.vector when a jar reaches it only through a fallback (the CLI adds it always);
#  - jdk.crypto.ec: TLS to today's HTTPS servers (the CIFAR download) needs elliptic-curve ciphers,
#    which are looked up by name at run time;
#  - jdk.unsupported: sun.misc.Unsafe, used reflectively by some libraries;
#  - jdk.zipfs: the "jar" file system, found through a service loader; JUnit scans test jars with it
#    (without it bin/hne-parity finds no tests: "ProviderNotFoundException: Provider jar not found");
#  - jdk.localedata is not needed (only the root locale's formats are used).
shopt -s nullglob
jars=("$bundle"/lib/*.jar "$bundle"/tests/*.jar "$bundle"/junit/*.jar)
# --module-path: progressbar is a named module that requires jline's automatic module by name.
found="$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 -q \
  --module-path "$bundle/lib" "${jars[@]}")"
modules="$found,jdk.incubator.vector,jdk.crypto.ec,jdk.unsupported,jdk.zipfs"
echo "bundle: jdeps found $found"

rm -rf "$bundle/runtime"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=2 --output "$bundle/runtime"
echo "bundle: runtime image: $("$bundle/runtime/bin/java" --list-modules 2>/dev/null | sed 's/@.*//' | tr '\n' ' ')"

# ---- the CUDA kernels ----
# kernels/ packs PTX only when nvcc was on the PATH of the build; a bundle without it has no custom
# kernels for the CUDA backend, which is worth a loud line (but not a failure: the CPU path still works).
ptx_count="$(for jar in "$bundle"/lib/*.jar; do "$java_home/bin/jar" --list --file "$jar"; done | grep -c '\.ptx$' || true)"
if [[ "$ptx_count" -eq 0 ]]; then
  echo "bundle: WARNING: no .ptx kernels in lib/ (was nvcc on the PATH when kernels/ was built?): the CUDA backend's custom kernels are missing" >&2
fi

# ---- what is inside ----
{
  echo "hne bundle $version, built $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "runtime: $(sed -n 's/^JAVA_VERSION=//p' "$bundle/runtime/release" | tr -d '"') (jlink of $java_home)"
  echo "modules: $("$bundle/runtime/bin/java" --list-modules 2>/dev/null | sed 's/@.*//' | tr '\n' ' ')"
  echo "kernels: $ptx_count .ptx files in lib/"
  echo "run:     bin/hne doctor | bin/hne --help | bin/hne-parity   (docs/bundle.md in the repository)"
  for dir in lib tests junit; do
    echo "$dir/:"
    (cd "$bundle/$dir" && ls -1 | sed 's/^/  /')
  done
} > "$bundle/BUNDLE.txt"

# ---- the archive ----
# tar (not zip) keeps the executable bits of bin/ and runtime/bin/java.
parent="$(dirname "$bundle")"
name="$(basename "$bundle")"
tar -C "$parent" -czf "$parent/$name.tar.gz" "$name"
echo "bundle: $bundle ($(du -sm "$bundle" | cut -f1) MB), $parent/$name.tar.gz ($(du -sm "$parent/$name.tar.gz" | cut -f1) MB)"
