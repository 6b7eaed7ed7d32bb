package dev.hne.cli;

import dev.hne.engine.RuntimeOptions;
import dev.hne.engine.backend.cpu.CpuBackend;
import dev.hne.engine.backend.cuda.CudaProbe;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Prints what this machine offers the engine: JDK, Vector API, cores and memory, and CUDA (driver,
 * device, cuBLAS/cuDNN/kernels, a quick parity check; or the one missing piece). See docs/cuda.md.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Check the JDK, the Vector API, cores, memory and CUDA.")
public final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("java        %s (%s), %s%n", System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.home"));
        out.printf("vector api  %s%n", vectorApi());
        out.printf("cpu         %d cores, engine threads %d (-Dhne.threads=N to change)%n",
                Runtime.getRuntime().availableProcessors(), CpuBackend.INSTANCE.threads());
        out.printf("memory      max heap %d MiB (set with HNE_JAVA_OPTS=-Xmx...)%n",
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf("options     %s%n", RuntimeOptions.current().describe());
        List<String> cuda = cuda();
        for (int i = 0; i < cuda.size(); i++) {
            out.printf("%s%s%n", i == 0 ? "cuda        " : "            ", cuda.get(i));
        }
        return 0;
    }

    /** CudaProbe's lines; doctor exits 0 whatever the GPU situation. */
    private static List<String> cuda() {
        try {
            return CudaProbe.report();
        } catch (RuntimeException | LinkageError e) {
            return List.of("probe failed: " + e);
        }
    }

    private static String vectorApi() {
        try {
            int bits = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
            return "available, " + bits + "-bit vectors (" + bits / 32 + " floats per register)";
        } catch (LinkageError e) {
            return "NOT available (" + e + "): run with --add-modules=jdk.incubator.vector";
        }
    }
}
