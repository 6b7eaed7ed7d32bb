package dev.hne.bench.ort;

import dev.hne.anytime.AnytimeWorkload;
import java.util.Arrays;

/**
 * Ours and ONNX Runtime in one JVM, alternating blocks of forwards (ours, ORT, ORT, ours, ...), so that both see
 * the same machine speed: on a VM whose speed drifts 1.5x within minutes, the ratio of neighbouring blocks is
 * steadier than the ratio of two JMH runs a minute apart. Args: arch batch n reps rounds. Prints each round's
 * medians (ms) and ours/ORT, then the median ratio of rounds 3.. (the first two are warm-up).
 * Each block starts 200 ms after the last: both engines' idle workers spin a while before they park, and on
 * 2 cores a spinning worker of one would slow the other.
 * Run: java --add-modules=jdk.incubator.vector -XX:+UseParallelGC -Xms4g -Xmx4g -Dhne.threads=2 -cp JAR:. dev.hne.bench.ort.PairLoop ...
 */
public class PairLoop {
    public static void main(String[] a) throws Exception {
        String arch = a[0];
        int batch = Integer.parseInt(a[1]), n = Integer.parseInt(a[2]), reps = Integer.parseInt(a[3]);
        int rounds = Integer.parseInt(a[4]);
        AnytimeWorkload ours = AnytimeWorkload.create(arch, batch, null, "cpu", 1);
        OrtPeer ort = new OrtPeer(arch, n, batch, null, "cpu");
        double[] ratio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean oursFirst = r % 2 == 0;
            double first = median(oursFirst ? () -> ours.run(n) : ort::run, reps);
            double second = median(oursFirst ? ort::run : () -> ours.run(n), reps);
            double o = oursFirst ? first : second, t = oursFirst ? second : first;
            ratio[r] = o / t;
            System.out.printf("round %d ours %.3f ort %.3f ratio %.3f%n", r, o, t, ratio[r]);
        }
        double[] kept = Arrays.copyOfRange(ratio, 2, rounds);
        Arrays.sort(kept);
        System.out.printf("%s b%d n%d ours/ORT median %.3f (rounds 3..%d, min %.3f max %.3f)%n", arch, batch, n,
                kept[kept.length / 2], rounds, kept[0], kept[kept.length - 1]);
        ort.close();
        System.exit(0);
    }

    interface Step { void run() throws Exception; }

    static double median(Step step, int reps) throws Exception {
        Thread.sleep(200);   // let the other engine's spinning workers go to sleep first
        long[] t = new long[reps];
        for (int i = 0; i < reps; i++) {
            long s = System.nanoTime();
            step.run();
            t[i] = System.nanoTime() - s;
        }
        Arrays.sort(t);
        return t[reps / 2] / 1e6;
    }
}
