package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.cpu.CpuBackend;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CPU backend's fused training kernels ({@code FusedKernels}: batch norm + residual + ReLU
 * forward, batch norm + ReLU backward) against {@link Fusion}'s composition of the same result
 * from primitives, which a backend without them runs. Sizes include rows shorter than a vector and
 * rows with a ragged tail, and the inputs have many zero and negative pre-activations.
 *
 * <p>Why the comparison is exact: per element, both paths perform the same float operations in the
 * same order. Forward: the same statistics code, then fma(x, scale, shift) (a plain multiply-add in
 * the scalar tail of both), then + residual, then max(., 0); doing the add and the max in later
 * passes rounds nothing differently. Backward: masking dy where y <= 0 inside the sums adds the same
 * values (+0 for masked ones) in the same order as summing a masked copy. Java never contracts a
 * multiply-add on its own, so a difference of even one ulp means one path computes something else
 * (the sums in double, the final dx formula and the running statistics included).
 */
class FusionTest {

    private final CpuBackend be = CpuBackend.withThreads(2);

    @ParameterizedTest(name = "n={0} c={1} hw={2} residual={3}")
    @CsvSource({"2, 3, 5, false", "2, 3, 5, true", "3, 4, 37, true", "1, 2, 64, false", "4, 5, 49, true"})
    void fusedBatchNormReluEqualsTheComposition(int n, int c, int hw, boolean withResidual) {
        Random rnd = new Random(31L * n + 7L * c + hw + (withResidual ? 1 : 0));
        int size = n * c * hw;
        float[] x = random(rnd, size), gamma = random(rnd, c), beta = random(rnd, c), dy = random(rnd, size);
        float[] residual = withResidual ? random(rnd, size) : null;
        float[] runningMean = random(rnd, c), runningVar = new float[c];
        for (int i = 0; i < c; i++) runningVar[i] = 0.5f + rnd.nextFloat();

        Result fused = run(true, x, gamma, beta, residual, runningMean, runningVar, dy, n, c, hw);
        Result composed = run(false, x, gamma, beta, residual, runningMean, runningVar, dy, n, c, hw);
        String[] names = {"out", "saveMean", "saveInvStd", "runningMean", "runningVar", "dx", "dgamma", "dbeta"};
        for (int i = 0; i < names.length; i++) assertArrayEquals(composed.arrays[i], fused.arrays[i], names[i]);
    }

    private record Result(float[][] arrays) {}

    private Result run(boolean fused, float[] x, float[] gamma, float[] beta, float[] residual, float[] runningMean,
                       float[] runningVar, float[] dy, int n, int c, int hw) {
        Storage xs = be.upload(x), gs = be.upload(gamma), bs = be.upload(beta), rm = be.upload(runningMean);
        Storage rv = be.upload(runningVar), rs = residual == null ? null : be.upload(residual);
        Storage out = be.upload(nan(x.length)), mean = be.upload(nan(c)), invStd = be.upload(nan(c));
        Storage dx = be.upload(nan(x.length)), dg = be.upload(nan(c)), db = be.upload(nan(c)), d = be.upload(dy);
        if (fused) {
            be.batchNormTrainRelu(xs, gs, bs, rs, n, c, hw, 1e-5f, 0.1f, rm, rv, out, mean, invStd);
            be.batchNormReluBackward(xs, out, d, gs, mean, invStd, n, c, hw, dx, dg, db);
        } else {
            Fusion.composedBatchNormTrainRelu(be, xs, gs, bs, rs, n, c, hw, 1e-5f, 0.1f, rm, rv, out, mean, invStd);
            Fusion.composedBatchNormReluBackward(be, xs, out, d, gs, mean, invStd, n, c, hw, dx, dg, db);
        }
        Storage[] all = {out, mean, invStd, rm, rv, dx, dg, db};
        float[][] arrays = new float[all.length][];
        for (int i = 0; i < all.length; i++) arrays[i] = be.download(all[i]);
        return new Result(arrays);
    }

    private static float[] random(Random rnd, int size) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) a[i] = (float) rnd.nextGaussian();
        return a;
    }

    private static float[] nan(int size) {
        float[] a = new float[size];
        java.util.Arrays.fill(a, Float.NaN);   // outputs must be written everywhere
        return a;
    }
}
