#!/usr/bin/env bash
# Checks a built bundle the way a GPU machine will use it (docs/bundle.md); run by Maven in bundle/'s
# verify phase (skipped with -DskipTests), or by hand:
#   bash bundle/src/check-bundle.sh JAVA_HOME bundle/target/hne-bundle
# The scripts run from another directory, through a symlink, with JAVA_HOME pointing nowhere and a
# `java` first on the PATH that fails, so only the bundle's own runtime can make them pass.
#  1. bin/hne doctor runs on BUNDLE/runtime and sees the Vector API;
#  2. bin/hne-parity runs a real selection of the packaged engine and hne-core tests;
#  3. bin/hne-parity exits 1 on a failing test and shows a skipped (assumption) test as aborted with
#     its reason: three probe tests compiled here with JAVA_HOME's javac, in a scratch copy;
#     Where a GPU is expected (HNE_EXPECT_GPU=1), a run in which every test skipped exits 3;
#  4. the default selection (.*CudaParityTest) passes, or, while no such class is packaged, says so
#     and exits 2; with HNE_EXPECT_GPU=1 and no usable GPU it fails;
#  5. the .tar.gz unpacks (file modes kept) into a bundle whose bin/hne doctor runs;
#  6. JCuda's natives unpack from lib/ and link on the bundled runtime: each of JCudaDriver, JCublas2
#     and JCudnn loads, or fails only for want of the CUDA library it binds (libcuda.so.1,
#     libcublas.so.12, libcudnn.so.9), which is all a machine without a GPU can show;
#  7. where there is no GPU, bin/hne-gpu-check fails at once, at its first step, saying so, and its
#     PyTorch peer (peer/torch_hne.py) is in the bundle.
set -euo pipefail
java_home="$1"
bundle="$(cd "$2" && pwd -P)"
scratch="$(dirname "$bundle")/bundle-check"
rm -rf "$scratch"
mkdir -p "$scratch/fake-jdk" "$scratch/cwd"

fail() { echo "bundle check FAILED: $*" >&2; exit 1; }
expect() { # expect TEXT FILE: FILE must contain TEXT
  grep -qF -- "$1" "$2" || { cat "$2" >&2; fail "expected '$1' in the output above"; }
}
# Run a command in the hostile environment; its output goes to $scratch/out, its exit code to $rc.
# (JUnit draws its test tree in Unicode or ASCII depending on the locale: the checks ask for ASCII.)
run() {
  set +e
  (cd "$scratch/cwd" && env JAVA_HOME=/nonexistent-jdk PATH="$scratch/fake-jdk:$PATH" "$@") > "$scratch/out" 2>&1
  rc=$?
  set -e
}
printf '#!/bin/sh\necho "the system java was used ($0)" >&2\nexit 99\n' > "$scratch/fake-jdk/java"
chmod +x "$scratch/fake-jdk/java"
ln -s "$bundle/bin/hne" "$scratch/cwd/hne-link"

echo "bundle check 1: bin/hne doctor (through a symlink, from $scratch/cwd)"
run ./hne-link doctor
[[ $rc -eq 0 ]] || { cat "$scratch/out" >&2; fail "bin/hne doctor exited $rc"; }
expect ", $bundle/runtime" "$scratch/out"
expect "vector api  available" "$scratch/out"
sed 's/^/    /' "$scratch/out"

echo "bundle check 2: bin/hne-parity on a real selection of the packaged tests"
run "$bundle/bin/hne-parity" --classes '.*(LrScheduleTest|MetricsTest)' --details-theme=ascii
[[ $rc -eq 0 ]] || { cat "$scratch/out" >&2; fail "bin/hne-parity exited $rc"; }
expect "LrScheduleTest [OK]" "$scratch/out"    # from the engine's test jar
expect "MetricsTest [OK]" "$scratch/out"       # from hne-core's test jar
expect " 0 tests failed" "$scratch/out"
expect "hne-parity: PASSED" "$scratch/out"
grep -E 'tests (successful|failed)' "$scratch/out" | sed 's/^/    /'

echo "bundle check 3: a failing test fails bin/hne-parity, a skipped one is shown with its reason"
mkdir -p "$scratch/probe/src/bundlecheck" "$scratch/probe/classes" "$scratch/copy/bin" "$scratch/copy/tests"
cat > "$scratch/probe/src/bundlecheck/ProbeCudaParityTest.java" <<'JAVA'
package bundlecheck;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ProbeCudaParityTest {
    @Test void probePasses() { assertEquals(4, 2 + 2); }
    @Test void probeFails() { assertEquals(5, 2 + 2, "probe failure"); }
    @Test void probeSkipped() { Assumptions.assumeTrue(false, "probe: no GPU here"); }
}
JAVA
cat > "$scratch/probe/src/bundlecheck/ProbeSkipsCudaParityTest.java" <<'JAVA'
package bundlecheck;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ProbeSkipsCudaParityTest {
    @Test void probeSkipped() { Assumptions.assumeTrue(false, "probe: every test skipped"); }
}
JAVA
"$java_home/bin/javac" -d "$scratch/probe/classes" -cp "$bundle/junit/*" \
  "$scratch/probe/src/bundlecheck/ProbeCudaParityTest.java" "$scratch/probe/src/bundlecheck/ProbeSkipsCudaParityTest.java"
"$java_home/bin/jar" --create --file "$scratch/copy/tests/probe-tests.jar" -C "$scratch/probe/classes" .
# A copy of the bundle that shares everything but tests/ (the real bundle is not touched).
cp "$bundle"/bin/* "$scratch/copy/bin/"
for part in runtime lib junit; do ln -s "$bundle/$part" "$scratch/copy/$part"; done
for jar in "$bundle"/tests/*.jar; do ln -s "$jar" "$scratch/copy/tests/"; done
run "$scratch/copy/bin/hne-parity" --classes '.*ProbeCudaParityTest' --details-theme=ascii
[[ $rc -eq 1 ]] || { cat "$scratch/out" >&2; fail "expected exit 1 for a failing test, got $rc"; }
expect "probeFails() [X] probe failure" "$scratch/out"
expect "probeSkipped() [A] Assumption failed: probe: no GPU here" "$scratch/out"
expect " 1 tests failed" "$scratch/out"
expect " 1 tests aborted" "$scratch/out"
expect "hne-parity: FAILED" "$scratch/out"
echo "    exit 1, probeFails shown failed, probeSkipped shown aborted with its reason"
# No false green: where a GPU is (HNE_EXPECT_GPU=1 stands in for one), a run in which every test
# skipped fails with exit 3; without one the same run passes.
run env HNE_EXPECT_GPU=1 "$scratch/copy/bin/hne-parity" --classes '.*ProbeSkipsCudaParityTest' --details-theme=ascii
[[ $rc -eq 3 ]] || { cat "$scratch/out" >&2; fail "expected exit 3 when a GPU is expected and every test skipped, got $rc"; }
expect "hne-parity: FAILED: a GPU is here but no test passed" "$scratch/out"
if ! compgen -G '/dev/nvidia[0-9]*' >/dev/null; then
  run "$scratch/copy/bin/hne-parity" --classes '.*ProbeSkipsCudaParityTest' --details-theme=ascii
  [[ $rc -eq 0 ]] || { cat "$scratch/out" >&2; fail "expected exit 0 for an all-skipped run without a GPU, got $rc"; }
fi
echo "    every test skipped: exit 3 where a GPU is expected, exit 0 where none is"

echo "bundle check 4: bin/hne-parity with its default selection (.*CudaParityTest)"
parity_classes="$(for jar in "$bundle"/tests/*.jar; do "$java_home/bin/jar" --list --file "$jar"; done \
  | grep -E 'CudaParityTest\.class$' || true)"
run "$bundle/bin/hne-parity" --details-theme=ascii
if [[ -n "$parity_classes" ]]; then
  [[ $rc -eq 0 ]] || { cat "$scratch/out" >&2; fail "the parity suite exited $rc"; }
  expect "hne-parity: PASSED" "$scratch/out"
  echo "    parity suite passed (without a GPU its tests show as aborted)"
  # Where a GPU is expected, an unusable backend is a failure of every parity test, not a skip.
  run env HNE_EXPECT_GPU=1 "$bundle/bin/hne-parity" --details-theme=ascii
  [[ $rc -ne 0 ]] || { cat "$scratch/out" >&2; fail "HNE_EXPECT_GPU=1 without a usable GPU must fail the parity suite"; }
  expect "a GPU is present but the CUDA backend cannot run" "$scratch/out"
  echo "    with HNE_EXPECT_GPU=1 and no usable GPU: exit $rc, the tests fail naming what is missing"
else
  [[ $rc -eq 2 ]] || { cat "$scratch/out" >&2; fail "no parity test is packaged yet, so exit 2 was expected, got $rc"; }
  expect "hne-parity: no test class matched '.*CudaParityTest'" "$scratch/out"
  echo "    no *CudaParityTest class packaged yet: exit 2 with 'no test class matched', as expected"
fi

echo "bundle check 5: the .tar.gz unpacks into a working bundle"
mkdir -p "$scratch/unpacked"
tar -xzf "$bundle.tar.gz" -C "$scratch/unpacked"
unpacked="$scratch/unpacked/$(basename "$bundle")"
run "$unpacked/bin/hne" doctor
[[ $rc -eq 0 ]] || { cat "$scratch/out" >&2; fail "bin/hne doctor of the unpacked archive exited $rc"; }
expect ", $unpacked/runtime" "$scratch/out"

echo "bundle check 6: JCuda's natives load on the bundled runtime (up to the CUDA libraries themselves)"
mkdir -p "$scratch/jcuda/classes"
cat > "$scratch/jcuda/JCudaLoadProbe.java" <<'JAVA'
/** Prints, per JCuda library, "loaded" or the system library whose absence stopped it. */
public class JCudaLoadProbe {
    public static void main(String[] args) {
        report("JCudaDriver", () -> jcuda.driver.JCudaDriver.setExceptionsEnabled(true));
        report("JCublas2", () -> jcuda.jcublas.JCublas2.setExceptionsEnabled(true));
        report("JCudnn", () -> jcuda.jcudnn.JCudnn.setExceptionsEnabled(true));
    }

    static void report(String name, Runnable firstUse) {
        try {
            firstUse.run();   // the class's static initializer unpacks and loads its native library
            System.out.println(name + ": loaded");
        } catch (UnsatisfiedLinkError e) {
            // JCuda's message nests the loader's; keep the "libX.so.N: cannot open shared object file" part.
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(lib[A-Za-z0-9_]+\\.so[.0-9]*): cannot open shared object file").matcher(e.getMessage());
            System.out.println(name + ": " + (m.find() ? "needs " + m.group(1) : "FAILED " + e.getMessage()));
        }
    }
}
JAVA
"$java_home/bin/javac" -d "$scratch/jcuda/classes" -cp "$bundle/lib/*" "$scratch/jcuda/JCudaLoadProbe.java"
run "$bundle/runtime/bin/java" -Djava.io.tmpdir="$scratch/jcuda" -cp "$bundle/lib/*:$scratch/jcuda/classes" JCudaLoadProbe
[[ $rc -eq 0 ]] || { cat "$scratch/out" >&2; fail "the JCuda probe exited $rc"; }
for want in "JCudaDriver: (loaded|needs libcuda.so.1)" "JCublas2: (loaded|needs libcublas.so.12)" "JCudnn: (loaded|needs libcudnn.so.9)"; do
  grep -qE "^$want\$" "$scratch/out" || { cat "$scratch/out" >&2; fail "expected a line '$want' above"; }
done
sed 's/^/    /' "$scratch/out"

echo "bundle check 7: bin/hne-gpu-check without a GPU fails at once and says why"
if compgen -G '/dev/nvidia[0-9]*' >/dev/null; then
  echo "    skipped: this machine has a GPU (run bin/hne-gpu-check itself)"
else
  run "$bundle/bin/hne-gpu-check" "$scratch/gpu-check"
  [[ $rc -eq 1 ]] || { cat "$scratch/out" >&2; fail "bin/hne-gpu-check exited $rc without a GPU, expected 1"; }
  expect "no GPU here" "$scratch/out"
  expect "environment  FAILED" "$scratch/gpu-check/SUMMARY.txt"
  [[ $(wc -l < "$scratch/gpu-check/SUMMARY.txt") -eq 1 ]] || fail "steps ran after the environment step failed"
  [[ -f "$bundle/peer/torch_hne.py" ]] || fail "peer/torch_hne.py is not in the bundle"
  sed 's/^/    /' "$scratch/out"
fi

rm -rf "$scratch"
echo "bundle check: all passed ($bundle: $(du -sm "$bundle" | cut -f1) MB, $(basename "$bundle").tar.gz: $(du -sm "$bundle.tar.gz" | cut -f1) MB)"
