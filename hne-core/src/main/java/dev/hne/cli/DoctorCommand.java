package dev.hne.cli;

import dev.hne.engine.backend.cpu.Parallel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Prints what this machine offers the engine: JDK, Vector API, cores and memory; CUDA when it exists. */
@Command(name = "doctor", description = "Check the JDK, the Vector API, cores and memory.")
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
                Runtime.getRuntime().availableProcessors(), Parallel.threads());
        out.printf("memory      max heap %d MiB (set with HNE_JAVA_OPTS=-Xmx...)%n",
                Runtime.getRuntime().maxMemory() >> 20);
        out.printf("cuda        not available: the CUDA backend is not part of this build yet%n");
        return 0;
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
