import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.ops.Rows;

/** Row gather of a level-2 chunk (128 rows x 12544 floats -> every row but each 4th), 1 and 2 threads, best of rounds. */
public class GatherBench {
    public static void main(String[] a) {
        int n = 128, rowSize = 12544;
        int[] rows = java.util.stream.IntStream.range(0, n).filter(i -> i % 4 != 3).toArray();
        for (int round = 0; round < 3; round++) {
            for (int threads : new int[] {1, 2}) {
                CpuBackend be = CpuBackend.withThreads(threads);
                Tensor x = Tensor.zeros(be, n, 64, 14, 14);
                long best = Long.MAX_VALUE;
                try (var ng = Autograd.noGrad()) {
                    for (int r = 0; r < 200; r++) {
                        long t0 = System.nanoTime();
                        Tensor y = Rows.gather(x, rows);
                        long t = System.nanoTime() - t0;
                        be.release(y.storage());
                        if (r > 20) best = Math.min(best, t);
                    }
                }
                System.out.printf("round %d threads %d: best %.3f ms for %.1f MB%n", round, threads, best / 1e6, rows.length * rowSize * 4 / 1e6);
            }
        }
        System.exit(0);
    }
}
