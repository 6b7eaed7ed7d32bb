package dev.hne.train;

import static org.junit.jupiter.api.Assertions.fail;

import dev.hne.engine.backend.cpu.CpuBackend;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Launches {@code mpirun --oversubscribe -np N java ... mainClass args} with this test JVM's class
 * path, and returns its exit code and output. Tests skip, saying why, where mpirun is not installed.
 * CI runs as root, which Open MPI refuses without its two allow-run-as-root variables. {@code --bind-to
 * none}: Open MPI would pin each rank to one core, and then its engine would use one thread.
 */
record MpiRun(int code, String output) {

    /** Generous: a tiny training on a loaded 2-core machine takes ~30 s; only a hang gets near it. */
    private static final long HANG_GUARD_SECONDS = 300;

    static Path mpirun() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "mpirun");
            if (Files.isExecutable(p)) return p;
        }
        Assumptions.abort("mpirun is not on the PATH: install Open MPI (apt-get install openmpi-bin) to run the "
                + "distributed tests");
        return null;
    }

    static MpiRun of(int ranks, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mpirun().toString(), "--oversubscribe", "--bind-to", "none", "-np", "" + ranks,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-XX:+UseParallelGC", "-Xmx768m",
                "-Dhne.threads=" + CpuBackend.INSTANCE.threads(),   // the test JVM's (results do not depend on it)
                "-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT", "1");
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        // containers often forbid the cross-memory-attach shortcut; shared memory works without it
        pb.environment().put("OMPI_MCA_btl_vader_single_copy_mechanism", "none");
        Path log = Files.createTempFile("mpirun", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("mpirun hung for " + HANG_GUARD_SECONDS + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.delete(log);
        return new MpiRun(p.exitValue(), output);
    }
}
