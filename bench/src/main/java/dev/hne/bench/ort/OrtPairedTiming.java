package dev.hne.bench.ort;

import dev.hne.anytime.AnytimeWorkload;
import dev.hne.bench.PairedRounds;

/**
 * Ours and ONNX Runtime side by side in one JVM, in alternating blocks ({@link PairedRounds}): the
 * ratio ours/ORT for one (arch, batch, n), steady on a machine whose speed drifts. Both engines run
 * 2 threads (ours: -Dhne.threads=2; ORT: {@link OrtPeer}), on the same weights (ORT's logits are
 * checked against ours at set-up). Each block starts 200 ms after the last: both engines' idle
 * workers spin a while before they park, and on 2 cores a spinning worker of one slows the other.
 *
 * <pre>java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms4g -Xmx4g -Dhne.threads=2 \
 *     -cp bench/target/benchmarks.jar dev.hne.bench.ort.OrtPairedTiming arch batch n [reps] [rounds]</pre>
 * (a -Port build). Prints each round and then the median ratio of rounds 3 on.
 */
public final class OrtPairedTiming {

    private static final int WARM_UP_ROUNDS = 2;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: OrtPairedTiming arch batch n [reps per block, 200] [rounds, 12]");
            System.exit(2);
        }
        String arch = args[0];
        int batch = count(args, 1, 0), n = count(args, 2, 0), reps = count(args, 3, 200), rounds = count(args, 4, 12);
        if (rounds <= WARM_UP_ROUNDS) {
            System.err.println("OrtPairedTiming: rounds must be more than " + WARM_UP_ROUNDS + " (warm-up), got " + rounds);
            System.exit(2);
        }
        OrtAvailability.require();
        AnytimeWorkload ours = AnytimeWorkload.create(arch, batch, null, "cpu", 1);
        try (OrtPeer ort = new OrtPeer(arch, n, batch, null, "cpu")) {
            PairedRounds.Round[] result = PairedRounds.run(
                    () -> block(() -> ours.run(n), reps), () -> block(ort::run, reps), rounds);
            for (int r = 0; r < rounds; r++) {
                System.out.printf("round %2d  ours %8.3f ms  ORT %8.3f ms  ours/ORT %.3f%n", r, result[r].a(),
                        result[r].b(), result[r].ratio());
            }
            System.out.printf("%s batch %d n %d: ours/ORT %.3f (median of rounds %d..%d)%n", arch, batch, n,
                    PairedRounds.medianRatio(result, WARM_UP_ROUNDS), WARM_UP_ROUNDS + 1, rounds);
        }
        System.exit(0);   // ORT's and our pools' threads
    }

    /** Argument i as a positive int, or the default when it is absent; exits 2 naming a bad one. */
    private static int count(String[] args, int i, int absent) {
        if (i >= args.length) return absent;
        try {
            int v = Integer.parseInt(args[i]);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        System.err.println("OrtPairedTiming: argument " + (i + 1) + " must be a positive integer, got '" + args[i] + "'");
        System.exit(2);
        return absent;
    }

    private static double block(PairedRounds.Step step, int reps) throws Exception {
        Thread.sleep(200);   // let the other engine's spinning workers park
        return PairedRounds.medianMs(step, reps);
    }
}
