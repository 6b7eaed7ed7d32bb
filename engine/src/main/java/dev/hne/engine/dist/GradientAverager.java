package dev.hne.engine.dist;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.nn.Parameter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The step between backward and the optimizer in data-parallel training: every parameter's gradient
 * becomes the average over ranks, the same bits on every rank, so the same SGD update keeps the
 * parameters identical.
 *
 * <pre>
 *   host gradients (CPU backend, MPI):
 *     pack the gradients, in parameter order, into buckets of at most bucketBytes (25 MB default)
 *     for each bucket: all-reduce sum in place; multiply by 1/ranks; unpack into each gradient
 *   device gradients ({@link DeviceCollectives}, NCCL):
 *     one grouped all-reduce of every gradient buffer in place, averaging on the device
 * </pre>
 *
 * Why buckets: one call per parameter pays the per-message latency hundreds of times (resnet-hne has
 * ~300 parameter tensors); one call for everything needs a second copy of all gradients. A 25 MB
 * bucket (PyTorch DDP's default) amortises latency and bounds the copy. The backward pass does not
 * overlap with the reduction here (docs/distributed.md says what that would save).
 *
 * <p>Every rank must call it with the same parameters having a gradient (the same model and loss
 * ensure it); parameters without a gradient are skipped on all ranks alike.
 */
public final class GradientAverager {

    /** PyTorch DistributedDataParallel's bucket_cap_mb. */
    public static final long DEFAULT_BUCKET_BYTES = 25L << 20;

    private final Communicator comm;
    private final int bucketFloats;
    private float[] bucket = new float[0];

    public GradientAverager(Communicator comm) {
        this(comm, DEFAULT_BUCKET_BYTES);
    }

    public GradientAverager(Communicator comm, long bucketBytes) {
        if (bucketBytes < Float.BYTES) {
            throw new IllegalArgumentException("bucket of " + bucketBytes + " bytes cannot hold one float");
        }
        this.comm = comm;
        this.bucketFloats = (int) Math.min(Integer.MAX_VALUE - 8, bucketBytes / Float.BYTES);
    }

    /** Replaces each parameter's gradient by its average over all ranks. */
    public void average(Collection<Parameter> parameters) {
        if (comm.size() == 1) {
            return;
        }
        List<Tensor> grads = new ArrayList<>();
        for (Parameter p : parameters) {
            if (p.grad() != null) grads.add(p.grad());
        }
        if (grads.isEmpty()) {
            return;
        }
        if (comm instanceof DeviceCollectives device && device.holds(grads.get(0).storage())) {
            List<Storage> buffers = new ArrayList<>();
            grads.forEach(g -> buffers.add(g.storage()));
            device.allreduceAverage(buffers);
            return;
        }
        averageOnHost(parameters);
    }

    /** Buckets of consecutive gradients; a gradient larger than a bucket goes alone, in slices. */
    private void averageOnHost(Collection<Parameter> parameters) {
        List<Parameter> pending = new ArrayList<>();
        long pendingFloats = 0;
        for (Parameter p : parameters) {
            if (p.grad() == null) continue;
            long n = p.grad().size();
            if (!pending.isEmpty() && pendingFloats + n > bucketFloats) {
                reduceBucket(pending, pendingFloats);
                pending.clear();
                pendingFloats = 0;
            }
            pending.add(p);
            pendingFloats += n;
        }
        if (!pending.isEmpty()) {
            reduceBucket(pending, pendingFloats);
        }
    }

    private void reduceBucket(List<Parameter> params, long floats) {
        if (floats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("one gradient of " + floats + " floats is larger than a Java array");
        }
        if (bucket.length < floats) {
            bucket = new float[(int) floats];
        }
        List<float[]> host = new ArrayList<>(params.size());
        int at = 0;
        for (Parameter p : params) {
            float[] g = p.grad().toArray();
            System.arraycopy(g, 0, bucket, at, g.length);
            host.add(g);
            at += g.length;
        }
        for (int from = 0; from < floats; from += bucketFloats) {   // slices only for one oversized gradient
            comm.allreduceSum(bucket, from, (int) Math.min(bucketFloats, floats - from));
        }
        float inverse = 1f / comm.size();
        at = 0;
        for (int i = 0; i < params.size(); i++) {
            float[] g = host.get(i);
            for (int k = 0; k < g.length; k++) {
                g[k] = bucket[at + k] * inverse;
            }
            at += g.length;
            Tensor old = params.get(i).grad();
            params.get(i).value().setGrad(new Tensor(old.backend().upload(g), old.shape()));
        }
    }
}
