package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.cpu.CpuBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * What {@code ./hne doctor} says about CUDA: without a driver, one line naming what is missing; with
 * one, the device, every library (loaded with its version, or the file and version that was looked
 * for), the matmul route, a quick parity check of a few ops against the CPU backend, the allocator;
 * then, always, the library table of {@link CudaLibraryReport} (where each library was found, or the
 * command that installs it).
 */
public final class CudaProbe {

    private CudaProbe() {}

    public static List<String> report() {
        List<String> lines = new ArrayList<>(reportBackend());
        lines.addAll(CudaLibraryReport.lines());   // after the backend: it shows what loading it mapped
        return lines;
    }

    private static List<String> reportBackend() {
        LibraryCheck driver = NativeLibraries.driver();
        if (!driver.loaded()) {
            return List.of("not available: " + driver.describe());
        }
        List<String> lines = new ArrayList<>();
        CudaBackend backend;
        try {
            backend = CudaBackend.get();
        } catch (CudaUnavailableException e) {
            lines.add(driver.describe());
            lines.add(NativeLibraries.kernels().describe());
            lines.add(NativeLibraries.cudnn().describe());
            lines.add(NativeLibraries.cublas().describe());
            lines.add("NOT usable: " + e.getMessage());
            return lines;
        }
        lines.add("device: " + backend.deviceDescription());
        backend.libraries().forEach(c -> lines.add(c.describe()));
        lines.add("matmul: " + backend.gemmRoute().description);
        lines.addAll(quickParity(backend));
        lines.add(backend.memoryDescription());
        return lines;
    }

    /** A few ops on seeded data, CUDA against CPU: the largest difference and whether it is within tolerance. */
    static List<String> quickParity(CudaBackend gpu) {
        Random rng = new Random(1);
        List<String> out = new ArrayList<>();
        float[] a = randn(rng, 64 * 96), b = randn(rng, 96 * 48);
        out.add(compare("matmul 64x96x48", gpu, 1e-3, be -> {
            Storage c = be.allocate(64 * 48, true);
            be.matmul(be.upload(a), false, be.upload(b), false, c, 64, 48, 96);
            return c;
        }));
        ConvGeometry g = new ConvGeometry(4, 32, 15, 15, 64, 3, 3, 2, 1, 16);
        float[] x = randn(rng, 4 * 32 * 15 * 15), w = randn(rng, 64 * 2 * 9);
        out.add(compare("conv2d 3x3 groups 16", gpu, 1e-3, be -> {
            Storage y = be.allocate(4 * 64 * 8 * 8, true);
            be.conv2dForward(g, be.upload(x), be.upload(w), y);
            return y;
        }));
        int[] split = new int[32];   // the HNE split of 16 groups: g to 2g and 2g + 1
        for (int i = 0; i < split.length; i++) split[i] = i / 2;
        out.add(compare("gather groups", gpu, 0, be -> {
            Storage y = be.allocate(x.length * 2L, true);
            be.gatherGroups(be.upload(x), 4, 16, 2, 225, split, y);
            return y;
        }));
        float[] logits = randn(rng, 128 * 10);
        out.add(compare("log-softmax", gpu, 1e-5, be -> {
            Storage y = be.allocate(logits.length, true);
            be.softmax(be.upload(logits), 128, 10, true, y);
            return y;
        }));
        return out;
    }

    private static String compare(String what, CudaBackend gpu, double tolerance, Function<Backend, Storage> op) {
        float[] expected = CpuBackend.INSTANCE.download(op.apply(CpuBackend.INSTANCE));
        float[] actual = gpu.download(op.apply(gpu));
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]));
        }
        boolean ok = worst <= tolerance;
        return String.format(Locale.ROOT, "parity %-22s max |cuda - cpu| = %.2e  %s", what, worst,
                ok ? "ok" : "MISMATCH (tolerance " + tolerance + ")");
    }

    private static float[] randn(Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }
}
