package dev.hne.engine.backend;

/**
 * The narrow waist of the engine: every primitive kernel a backend must provide, and nothing that
 * can be composed from them. Everything above (tensors, autograd, nn, optim, HNE) is written against
 * this interface only, so a new backend implements these methods and gets the rest for free.
 * Kernels that only fuse what these primitives compose are optional capabilities a backend may add
 * ({@link FusedKernels}, {@link RowGather}); the ops compose them otherwise.
 *
 * <p>Conventions: all tensors are contiguous float32 in NCHW (or row-major for matrices). Outputs
 * are overwritten unless a method says it accumulates. Sizes are passed explicitly because a Storage
 * is just memory; the caller (an op in {@code dev.hne.engine.ops}) has already validated the shapes.
 * Legend: N batch, C channels, HW = height*width, G groups, R rows, K columns (classes).
 */
public interface Backend {

    /** A short name for logs and errors, e.g. "cpu" or "cuda:0". */
    String name();

    // ---------------------------------------------------------------- memory

    /**
     * New storage of {@code size} floats: zero-filled when {@code zeroed}, otherwise with unspecified
     * contents, for an output the caller overwrites entirely (every kernel's output is overwritten
     * unless it says it accumulates), which saves the zero fill.
     */
    Storage allocate(long size, boolean zeroed);

    /**
     * Gives memory back to the backend's one free-memory cache, for the next allocation of that size
     * (autograd calls it for intermediates nobody will read again, inference code for activations
     * it created and consumed). It detaches the memory from {@code storage}: any later use of the
     * storage fails loudly instead of reading memory another tensor now owns. A second release of
     * the same storage does nothing.
     */
    void release(Storage storage);

    /** Copies host data into new storage. */
    Storage upload(float[] host);

    /** Copies storage back to a new host array. */
    float[] download(Storage storage);

    void fill(Storage storage, float value);

    /**
     * Waits until every kernel queued so far has finished (for timing a backend whose kernels run
     * asynchronously: CUDA synchronizes its stream). {@link #download} already waits for the
     * results it reads; nothing else needs this. The CPU's kernels return when done: a no-op.
     */
    void synchronize();

    // ---------------------------------------------------------------- elementwise (same sizes; out may be an input)

    void unary(UnaryOp op, Storage x, Storage out);

    void binary(BinaryOp op, Storage a, Storage b, Storage out);

    /** out = alpha * x (out may be x). */
    void scale(Storage x, float alpha, Storage out);

    /** y += alpha * x; how gradients accumulate when one tensor feeds several ops. */
    void axpy(float alpha, Storage x, Storage y);

    // ---------------------------------------------------------------- broadcast and reduce
    // Both view the data as (outer, mid, inner): a bias over channels of NCHW is (N, C, HW),
    // a bias over features of an (N, F) matrix is (N, F, 1), a total sum is (1, size, 1).

    /** out[o, m, i] = x[o, m, i] + bias[m]. */
    void addBias(Storage x, Storage bias, int outer, int mid, int inner, Storage out);

    /** out[o, i] = sum over m of x[o, m, i]. */
    void sumMiddle(Storage x, int outer, int mid, int inner, Storage out);

    // ---------------------------------------------------------------- matrix multiply

    /**
     * Row-major C(M,N) = op(A) * op(B) where op(A) is (M,K) and op(B) is (K,N); A is stored (M,K)
     * or, when transA, (K,M); B is stored (K,N) or, when transB, (N,K). C is overwritten.
     */
    void matmul(Storage a, boolean transA, Storage b, boolean transB, Storage c, int m, int n, int k);

    // ---------------------------------------------------------------- convolution (see ConvGeometry)

    /** y(N,Cout,OH,OW) = conv(x(N,Cin,H,W), w(Cout,Cin/G,KH,KW)). */
    void conv2dForward(ConvGeometry g, Storage x, Storage w, Storage y);

    /** dx(N,Cin,H,W) from dy(N,Cout,OH,OW) and w. */
    void conv2dBackwardData(ConvGeometry g, Storage dy, Storage w, Storage dx);

    /** dw(Cout,Cin/G,KH,KW) from x and dy. */
    void conv2dBackwardFilter(ConvGeometry g, Storage x, Storage dy, Storage dw);

    // ---------------------------------------------------------------- batch norm over (N, HW) per channel

    /**
     * Training forward with batch statistics. Writes out(N,C,HW) and saves mean(C) and invStd(C)
     * (1/sqrt(var + eps), biased variance) for the backward pass; updates the running statistics as
     * PyTorch does: running = (1 - momentum) * running + momentum * batchStat, with the unbiased
     * variance for runningVar.
     */
    void batchNormTrain(Storage x, Storage gamma, Storage beta, int n, int c, int hw, float eps, float momentum,
                        Storage runningMean, Storage runningVar, Storage out, Storage saveMean, Storage saveInvStd);

    /** Inference forward with the running statistics. */
    void batchNormInfer(Storage x, Storage gamma, Storage beta, Storage runningMean, Storage runningVar,
                        int n, int c, int hw, float eps, Storage out);

    /** Backward of batchNormTrain: writes dx(N,C,HW), dgamma(C) and dbeta(C). */
    void batchNormBackward(Storage x, Storage dy, Storage gamma, Storage saveMean, Storage saveInvStd,
                           int n, int c, int hw, Storage dx, Storage dgamma, Storage dbeta);

    // ---------------------------------------------------------------- pooling

    /** out(N*C) = mean over HW of x(N*C, HW). */
    void globalAvgPool(Storage x, int nc, int hw, Storage out);

    /** dx(N*C, HW) = dy(N*C) / HW, broadcast over HW. */
    void globalAvgPoolBackward(Storage dy, int nc, int hw, Storage dx);

    // ---------------------------------------------------------------- softmax over the last axis

    /** out(R,K) = softmax or log-softmax of each row of x(R,K), computed stably. */
    void softmax(Storage x, int rows, int cols, boolean log, Storage out);

    /**
     * dx from the forward output y and dy. softmax: dx = y * (dy - sum(dy * y));
     * log-softmax: dx = dy - exp(y) * sum(dy).
     */
    void softmaxBackward(Storage y, Storage dy, int rows, int cols, boolean log, Storage dx);

    // ---------------------------------------------------------------- channel copies

    /**
     * Copies channels [srcStart, srcStart+count) of src(N, srcChannels, HW) to channels
     * [dstStart, dstStart+count) of dst(N, dstChannels, HW); adds instead of overwriting when
     * {@code accumulate}. Concatenation and slicing are built from this.
     */
    void copyChannels(Storage src, int srcChannels, int srcStart, Storage dst, int dstChannels, int dstStart,
                      int count, int n, int hw, boolean accumulate);

    /**
     * A gather of channel groups with repetition, the branch split of an HNE (paper Fig. 2):
     * x(N, G*Cg, HW) holds G groups of Cg channels; out(N, K*Cg, HW) gets K groups, group i a copy of
     * x's group {@code index[i]} (an index may repeat: a parent copied to each of its children; a
     * group no index names is left out).
     */
    void gatherGroups(Storage x, int n, int groups, int groupChannels, int hw, int[] index, Storage out);

    /**
     * Backward of gatherGroups: dx group g = the sum of the dy groups i with index[i] = g (zero if
     * none), added in a fixed balanced order ({@link GroupSums}), so that every backend, and the
     * repeated doublings this replaced, give the same floats.
     */
    void gatherGroupsBackward(Storage dy, int n, int groups, int groupChannels, int hw, int[] index, Storage dx);

    // ---------------------------------------------------------------- optimizer

    /**
     * One fused SGD step, as PyTorch's SGD (dampening 0): g = grad + weightDecay * param;
     * v = momentum * v + g; step = nesterov ? g + momentum * v : v; param -= lr * step.
     */
    void sgdUpdate(Storage param, Storage grad, Storage velocity, float lr, float momentum, float weightDecay,
                   boolean nesterov);
}
