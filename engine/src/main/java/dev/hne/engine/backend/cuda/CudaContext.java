package dev.hne.engine.backend.cuda;

import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import jcuda.runtime.cudaStream_t;

/**
 * One device, its primary context and the one stream every operation is queued on.
 *
 * <p>Why the primary context: cuBLAS and cuDNN (runtime-API libraries) always use the device's
 * primary context, so the driver-API kernels must run in that same context to share pointers.
 * A context is current per thread, so {@link #makeCurrent} is called at the top of every backend
 * method (a thread-local check, cheap after the first call on each thread).
 *
 * <p>Why one stream: kernels, cuBLAS and cuDNN calls run in the order they are queued, so no op needs
 * an event; the host waits only when it reads results ({@link #synchronize}). The stream is a
 * blocking one (flag 0), so the synchronous cuMemcpyHtoD on the legacy default stream is ordered
 * with it too.
 */
final class CudaContext {

    final CUdevice device = new CUdevice();
    final CUcontext context = new CUcontext();
    final CUstream stream = new CUstream();
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    CudaContext(int ordinal) {
        JCudaDriver.cuDeviceGet(device, ordinal);
        JCudaDriver.cuDevicePrimaryCtxRetain(context, device);
        makeCurrent();
        JCudaDriver.cuStreamCreate(stream, jcuda.driver.CUstream_flags.CU_STREAM_DEFAULT);
    }

    void makeCurrent() {
        if (!current.get()) {
            JCudaDriver.cuCtxSetCurrent(context);
            current.set(true);
        }
    }

    /** The same stream for cuBLAS and cuDNN (runtime-API type). */
    cudaStream_t runtimeStream() {
        return new cudaStream_t(stream);
    }

    void synchronize() {
        JCudaDriver.cuStreamSynchronize(stream);
    }

    String deviceName() {
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        int end = 0;
        while (end < name.length && name[end] != 0) end++;
        return new String(name, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
    }

    long totalMemory() {
        long[] bytes = new long[1];
        JCudaDriver.cuDeviceTotalMem(bytes, device);
        return bytes[0];
    }

    int[] computeCapability() {
        int[] major = new int[1], minor = new int[1];
        JCudaDriver.cuDeviceGetAttribute(major,
                jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
        JCudaDriver.cuDeviceGetAttribute(minor,
                jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        return new int[] {major[0], minor[0]};
    }
}
