package dev.hne.engine.backend.cuda;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Doctor's table of the CUDA libraries: per library, the file the loader mapped (and its version),
 * or where it lies unloaded, or "missing" with the one command that fixes it. The search itself
 * happens before the JVM starts (bundle/src/bin/cuda-libs.sh, sourced by every launcher); this
 * class only reports what came of it, so run it after the backend and its self-test have loaded
 * what they load.
 */
public final class CudaLibraryReport {

    /** One library: its soname, what needs it, and the command that installs it. */
    record Wanted(String soname, String role, String fix) {}

    static final String CUDNN_FIX = "pip install nvidia-cudnn-cu13 (cuDNN 9; -cu12 for CUDA 12), or "
            + "HNE_CUDA_LIBS=<folder with libcudnn.so.9> in front of the command";

    /** cuDNN 9's sub-libraries, opened by libcudnn.so.9 from its own folder at run time. */
    static final List<String> CUDNN_SUBLIBRARIES = List.of("libcudnn_graph.so.9", "libcudnn_engines_precompiled.so.9",
            "libcudnn_engines_runtime_compiled.so.9", "libcudnn_heuristic.so.9", "libcudnn_ops.so.9",
            "libcudnn_cnn.so.9", "libcudnn_adv.so.9");

    static final List<Wanted> WANTED = wanted();

    private CudaLibraryReport() {}

    private static List<Wanted> wanted() {
        List<Wanted> w = new ArrayList<>();
        w.add(new Wanted("libcuda.so.1", "the NVIDIA driver",
                "install the NVIDIA driver (>= 525.60), or HNE_CUDA_LIBS=<folder with libcuda.so.1> in front of the command"));
        w.add(new Wanted("libcudnn.so.9", "cuDNN 9: convolutions, batch norm", CUDNN_FIX));
        for (String sub : CUDNN_SUBLIBRARIES) {
            w.add(new Wanted(sub, "cuDNN, opened at run time", CUDNN_FIX));
        }
        w.add(new Wanted("libcublas.so.12", "matmul through cuBLAS (optional: else the gemm_f32 kernel)",
                "pip install nvidia-cublas-cu12 (cuBLAS of CUDA 12; it coexists with CUDA 13)"));
        w.add(new Wanted("libcublasLt.so.12", "cuBLAS 12", "pip install nvidia-cublas-cu12"));
        w.add(new Wanted("libcublas.so.13", "cuDNN's CUDA 13 build", "pip install nvidia-cublas (CUDA 13)"));
        w.add(new Wanted("libcublasLt.so.13", "cuDNN's CUDA 13 build", "pip install nvidia-cublas (CUDA 13)"));
        w.add(new Wanted("libnvrtc.so.13", "cuDNN's runtime-compiled engines (CUDA 13 build)",
                "pip install nvidia-cuda-nvrtc (CUDA 13)"));
        w.add(new Wanted("libnvrtc.so.12", "cuDNN's runtime-compiled engines (CUDA 12 build)",
                "pip install nvidia-cuda-nvrtc-cu12"));
        return List.copyOf(w);
    }

    /** The table's lines: the launcher's additions to the loader path, then one line per library. */
    public static List<String> lines() {
        List<String> out = new ArrayList<>();
        String added = System.getenv("HNE_CUDA_LIBS_ADDED");
        out.add(added == null ? "loader path: the launcher's library search did not run (start through ./hne or bin/hne)"
                : added.isEmpty() ? "loader path: nothing added by the launcher (all found on it, or nowhere)"
                : "loader path: the launcher added " + added);
        for (Wanted w : WANTED) {
            out.add(line(w));
        }
        return out;
    }

    private static String line(Wanted w) {
        Optional<Path> mapped = LoadedLibraries.mapped(w.soname());
        if (mapped.isPresent()) {
            String version = LoadedLibraries.fileVersion(mapped.get(), w.soname());
            return String.format("%-40s loaded from %s%s", w.soname(), mapped.get(), version.isEmpty() ? "" : " (" + version + ")");
        }
        Optional<Path> onPath = onLoaderPath(w.soname());
        if (onPath.isPresent()) {
            return String.format("%-40s not loaded (%s), found at %s", w.soname(), w.role(), onPath.get());
        }
        return String.format("%-40s missing (%s): %s", w.soname(), w.role(), w.fix());
    }

    /** The library in a folder of LD_LIBRARY_PATH or a system library folder, if it is there. */
    static Optional<Path> onLoaderPath(String soname) {
        List<String> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) dirs.addAll(List.of(ld.split(File.pathSeparator)));
        dirs.addAll(List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
                "/usr/local/nvidia/lib64", "/usr/local/cuda/lib64"));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, soname);
            if (Files.exists(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * Why cuDNN could not run: for each sub-library libcudnn.so.9 did not map, whether it is absent
     * from cuDNN's folder, or present but unloadable, and then the loader's reason (loading it
     * ourselves makes the loader say which of its dependencies it lacks). Empty when all are mapped.
     */
    static String cudnnSublibraryProblems() {
        Optional<Path> cudnn = LoadedLibraries.mapped("libcudnn.so.9");
        if (cudnn.isEmpty()) {
            return "";
        }
        Path dir = cudnn.get().getParent();
        List<String> problems = new ArrayList<>();
        for (String sub : CUDNN_SUBLIBRARIES) {
            if (LoadedLibraries.mapped(sub).isPresent()) continue;
            Path file = dir.resolve(sub);
            if (!Files.exists(file)) {
                problems.add(sub + " is not in " + dir);
                continue;
            }
            try {
                System.load(file.toString());
            } catch (UnsatisfiedLinkError e) {
                problems.add(sub + " does not load: " + NativeLibraries.reason(e));
            }
        }
        return String.join("; ", problems);
    }
}
