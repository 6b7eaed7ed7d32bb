package dev.hne.bench;

/** Argument checks shared by the benchmarks, so a wrong -p value fails at set-up with a clear reason. */
final class BenchChecks {

    private BenchChecks() {}

    static void requireMember(String arch, int n, int leaves) {
        if (n < 1 || n > leaves) {
            throw new IllegalArgumentException(arch + " has " + leaves + " members; n = " + n + " is outside 1.." + leaves);
        }
    }
}
