package dev.hne.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Storage;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/**
 * Helpers of the CUDA parity suite (classes named *CudaParityTest, also run from the GPU bundle):
 * the backend or a visible skip, seeded data, and an absolute-plus-relative comparison that names
 * the first mismatches.
 */
public final class CudaParity {

    private CudaParity() {}

    /**
     * The CUDA backend. The test is skipped, with the reason, only where there is no GPU (no driver,
     * or it sees no device: {@link CudaPresence}); where there is one, a backend that cannot start
     * (cuDNN, cuBLAS or the PTX unusable) fails the test.
     */
    public static CudaBackend backendOrSkip() {
        java.util.Optional<String> skip = CudaPresence.skipReason();
        if (skip.isPresent()) {
            Assumptions.abort("no GPU here, CUDA parity not checked: " + skip.get());
        }
        try {
            return CudaBackend.get();
        } catch (CudaUnavailableException e) {
            return fail("a GPU is present but the CUDA backend cannot run: " + e.getMessage(), e);
        }
    }

    public static float[] randn(Random rng, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) rng.nextGaussian();
        return a;
    }

    /** Uploads the same data to both backends. */
    public static Storage on(Backend b, float[] data) {
        return b.upload(data);
    }

    /** |actual - expected| <= atol + rtol * |expected| for every element. */
    public static void assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        StringBuilder bad = new StringBuilder();
        int mismatches = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs((double) actual[i] - expected[i]);
            double allowed = atol + rtol * Math.abs(expected[i]);
            worst = Math.max(worst, err);
            if (!(err <= allowed)) {
                if (mismatches < 5) {
                    bad.append(String.format(java.util.Locale.ROOT, "%n  [%d] cuda %.7g cpu %.7g (|diff| %.3g > %.3g)",
                            i, actual[i], expected[i], err, allowed));
                }
                mismatches++;
            }
        }
        if (mismatches > 0) {
            fail(what + ": " + mismatches + " of " + expected.length + " elements differ (worst |diff| "
                    + String.format(java.util.Locale.ROOT, "%.3g", worst) + ")" + bad);
        }
    }
}
