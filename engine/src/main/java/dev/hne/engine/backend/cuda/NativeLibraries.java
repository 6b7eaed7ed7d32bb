package dev.hne.engine.backend.cuda;

import jcuda.CudaException;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcudnn.JCudnn;

/**
 * Tries to load each native library the backend uses and says what happened, without throwing.
 * Loading a JCuda class loads its JNI library (extracted from the natives jar), which in turn needs
 * the NVIDIA library: libJCudaDriver needs libcuda.so.1, libJCublas2 needs libcublas.so.12,
 * libJCudnn (12.6 natives, see the parent pom) needs libcudnn.so.9. Exceptions are switched on for
 * each binding here, once, so every later failed call throws with its error name.
 */
final class NativeLibraries {

    static final String DRIVER_LIBRARY = "libcuda.so.1 (NVIDIA driver >= 525.60, CUDA >= 12.0)";
    static final String CUBLAS_LIBRARY = "libcublas.so.12 (cuBLAS of CUDA 12.x)";
    static final String CUDNN_LIBRARY = "libcudnn.so.9 (cuDNN 9 for CUDA 12)";
    /** The driver check's detail when libcuda loads but there is no GPU (CudaPresence keys on it). */
    static final String NO_DEVICE = "the driver loaded but sees no CUDA device";
    static final String KERNELS = "PTX resources dev/hne/kernels/*.ptx in the hne-kernels jar (built by nvcc)";

    private NativeLibraries() {}

    /** The driver: loads, initialises, is new enough, and sees a device. */
    static LibraryCheck driver() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            jcuda.runtime.JCuda.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            int[] version = new int[1];
            JCudaDriver.cuDriverGetVersion(version);
            if (version[0] < 12000) {
                return LibraryCheck.missing("driver", DRIVER_LIBRARY,
                        "this driver supports only CUDA " + cudaVersion(version[0]) + "; update the NVIDIA driver");
            }
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            if (count[0] == 0) {
                return LibraryCheck.missing("driver", DRIVER_LIBRARY, NO_DEVICE);
            }
            return LibraryCheck.ok("driver", DRIVER_LIBRARY,
                    "CUDA " + cudaVersion(version[0]) + " driver, " + count[0] + " device(s)");
        } catch (LinkageError | CudaException e) {
            return LibraryCheck.missing("driver", DRIVER_LIBRARY, reason(e));
        }
    }

    static LibraryCheck kernels() {
        if (!PtxResources.built()) {
            return LibraryCheck.missing("kernels", KERNELS, "the kernels module was built without nvcc on the PATH");
        }
        return LibraryCheck.ok("kernels", KERNELS, PtxResources.families().size() + " PTX modules (compute_75, ISA 8.0)");
    }

    /** cuDNN's library loads and is version 9 (creating a handle needs a context: see Cudnn). */
    static LibraryCheck cudnn() {
        try {
            JCudnn.setExceptionsEnabled(true);
            long version = JCudnn.cudnnGetVersion();
            if (version < 90000) {
                return LibraryCheck.missing("cuDNN", CUDNN_LIBRARY, "found cuDNN version " + version);
            }
            return LibraryCheck.ok("cuDNN", CUDNN_LIBRARY, "cuDNN " + version / 10000 + "." + version % 10000 / 100
                    + "." + version % 100);
        } catch (LinkageError | CudaException e) {
            return LibraryCheck.missing("cuDNN", CUDNN_LIBRARY, reason(e));
        }
    }

    /** cuBLAS's library loads (the handle, and so the version, comes with the context: see CudaBackend). */
    static LibraryCheck cublas() {
        try {
            JCublas2.setExceptionsEnabled(true);
            return LibraryCheck.ok("cuBLAS", CUBLAS_LIBRARY, "libcublas.so.12 loaded");
        } catch (LinkageError | CudaException e) {
            return LibraryCheck.missing("cuBLAS", CUBLAS_LIBRARY, reason(e));
        }
    }

    static String cudaVersion(int encoded) {
        return encoded / 1000 + "." + encoded % 1000 / 10;
    }

    /**
     * The most useful line of a load failure: JCuda wraps the dynamic loader's message
     * ("libcudnn.so.9: cannot open shared object file") in a long list of paths it tried.
     */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            int at = m.indexOf("cannot open shared object file");
            if (at >= 0) {
                int start = m.lastIndexOf(' ', Math.max(0, m.lastIndexOf(':', at) - 1)) + 1;
                return m.substring(start, at) + "cannot open shared object file";
            }
            if (m.contains("version `")) {
                return m.substring(m.lastIndexOf(':', m.indexOf("version `")) + 1).trim();
            }
        }
        String m = String.valueOf(e.getMessage());
        int newline = m.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (newline >= 0 ? m.substring(0, newline) : m);
    }
}
