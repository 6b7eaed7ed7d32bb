package dev.hne.engine.backend.cuda;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUresult;
import jcuda.driver.JCudaDriver;

/**
 * Uploads that do not wait for the device. A plain cuMemcpyHtoD from a Java array (pageable memory)
 * returns only when the copy is done, and the copy is ordered after everything queued before it: the
 * host idles until the GPU has caught up, at every batch and every label upload. Here the array is
 * first copied into page-locked (pinned) host memory, from which cuMemcpyHtoDAsync copies on the
 * backend's stream, in order with the kernels, while the host goes on queueing.
 *
 * <p>A pinned buffer must not be overwritten before its copy has run, so there is a ring of
 * {@link #SLOTS} buffers, each with an event recorded after its copy; a slot is reused only once its
 * event has completed (checked with cuEventQuery; cuEventSynchronize only when it has not, i.e. more
 * than {@link #SLOTS} uploads are queued behind unfinished work). Buffers grow to the largest upload
 * seen (powers of two); uploads above {@link #MAX_BYTES} take the plain synchronous copy rather than
 * pin that much memory. Callers hold the backend's lock.
 */
final class PinnedStaging {

    static final int SLOTS = 4;
    static final long MIN_BYTES = 64 << 10;
    static final long MAX_BYTES = 64L << 20;

    private static final class Slot {
        final CUevent copied = new CUevent();
        Pointer host;
        FloatBuffer view;
        long capacity;
        boolean inFlight;
    }

    private final CudaContext context;
    private final Slot[] slots = new Slot[SLOTS];
    private int next;

    PinnedStaging(CudaContext context) {
        this.context = context;
        for (int i = 0; i < SLOTS; i++) {
            slots[i] = new Slot();
            JCudaDriver.cuEventCreate(slots[i].copied, CUevent_flags.CU_EVENT_DISABLE_TIMING);
        }
    }

    /** Queues the copy of {@code data} to {@code device} on the stream; returns before it has run. */
    void upload(float[] data, CUdeviceptr device) {
        long bytes = (long) data.length * Float.BYTES;
        if (bytes > MAX_BYTES) {
            JCudaDriver.cuMemcpyHtoD(device, Pointer.to(data), bytes);
            return;
        }
        Slot slot = slots[next];
        next = (next + 1) % SLOTS;
        if (slot.inFlight && !completed(slot.copied)) {
            JCudaDriver.cuEventSynchronize(slot.copied);   // its previous copy still reads the buffer
        }
        if (slot.capacity < bytes) {
            grow(slot, bytes);
        }
        slot.view.clear();
        slot.view.put(data);
        JCudaDriver.cuMemcpyHtoDAsync(device, slot.host, bytes, context.stream);
        JCudaDriver.cuEventRecord(slot.copied, context.stream);
        slot.inFlight = true;
    }

    private static void grow(Slot slot, long bytes) {
        if (slot.host != null) {
            JCudaDriver.cuMemFreeHost(slot.host);   // its last copy has completed (checked above)
        }
        long capacity = Math.max(MIN_BYTES, Long.highestOneBit(bytes - 1) << 1);
        slot.host = new Pointer();
        JCudaDriver.cuMemAllocHost(slot.host, capacity);
        slot.view = slot.host.getByteBuffer(0, capacity).order(ByteOrder.nativeOrder()).asFloatBuffer();
        slot.capacity = capacity;
    }

    /** cuEventQuery: true once the event's work is done. JCuda throws for CUDA_ERROR_NOT_READY. */
    private static boolean completed(CUevent event) {
        try {
            return JCudaDriver.cuEventQuery(event) == CUresult.CUDA_SUCCESS;
        } catch (CudaException e) {
            if (String.valueOf(e.getMessage()).contains(CUresult.stringFor(CUresult.CUDA_ERROR_NOT_READY))) {
                return false;
            }
            throw e;
        }
    }
}
