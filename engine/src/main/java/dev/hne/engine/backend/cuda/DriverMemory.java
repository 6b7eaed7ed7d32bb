package dev.hne.engine.backend.cuda;

import jcuda.CudaException;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * {@link DeviceMemory} on the driver: cuMemAlloc / cuMemFree. Addresses travel as longs (so the
 * allocator's bookkeeping is testable without JCuda); {@link #pointer} turns one back into a
 * CUdeviceptr (a null pointer plus a byte offset: JCuda adds the offset on the native side).
 */
final class DriverMemory implements DeviceMemory {

    private static final CUdeviceptr NULL = new CUdeviceptr();

    /** A CUdeviceptr that tells its address (getNativePointer is protected in JCuda). */
    private static final class Allocated extends CUdeviceptr {
        long address() {
            return getNativePointer() + getByteOffset();
        }
    }

    private final CudaContext context;

    DriverMemory(CudaContext context) {
        this.context = context;
    }

    static CUdeviceptr pointer(long address) {
        return NULL.withByteOffset(address);
    }

    @Override
    public long allocate(long bytes) {
        context.makeCurrent();
        Allocated p = new Allocated();
        try {
            JCudaDriver.cuMemAlloc(p, bytes);
        } catch (CudaException e) {
            if (String.valueOf(e.getMessage()).contains(CUresult.stringFor(CUresult.CUDA_ERROR_OUT_OF_MEMORY))) {
                throw new OutOfMemory("cuMemAlloc of " + bytes + " bytes: out of device memory");
            }
            throw e;
        }
        return p.address();
    }

    @Override
    public void free(long address) {
        context.makeCurrent();
        JCudaDriver.cuMemFree(pointer(address));
    }
}
