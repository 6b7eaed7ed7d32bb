package dev.hne.engine.backend.cuda;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import jcuda.CudaException;

/**
 * Which cuDNN algorithm runs each convolution pass, chosen so that the choice cannot fail at run time
 * (the way PyTorch's cuDNN convolutions choose).
 *
 * <ul>
 *   <li><b>Find once per convolution, for every batch size.</b> {@code cudnnFind*} times the
 *       candidates on the GPU (milliseconds per layer). Its ranking is kept per convolution with the
 *       batch left out ({@link ConvKey#forAnyBatch}), so adaptive evaluation, whose batch shrinks to
 *       every size as examples exit, runs no new Find per layer per size.</li>
 *   <li><b>Checked on the real descriptor.</b> For each batch size the ranked candidates are tried
 *       in order: the workspace size is asked for the actual descriptors
 *       ({@code cudnnGet*WorkspaceSize}); a candidate that does not support them, needs more than the
 *       workspace limit, whose workspace cannot be allocated, or whose call fails, is passed over for
 *       the next. The first that runs is remembered for that batch size.</li>
 *   <li><b>Find's own allocation.</b> Find allocates scratch memory itself, outside our caching
 *       allocator; when that fails, the allocator's cached blocks go back to the driver and Find runs
 *       once more.</li>
 * </ul>
 * The cuDNN calls themselves are behind {@link Pass}, so this logic is tested without a GPU
 * (ConvAlgorithmsTest) and through the stub cuDNN (CudaStubJniTest).
 */
final class ConvAlgorithms {

    /** What one pass of one convolution (its descriptors at the actual batch size) asks of cuDNN. */
    interface Pass {
        /** cudnnFind*: appends the candidates, fastest first; returns cuDNN's status. */
        int find(List<Candidate> out);

        /** cudnnGet*WorkspaceSize for {@code algo} on these descriptors into {@code bytes[0]}; returns the status. */
        int workspaceSize(int algo, long[] bytes);

        /**
         * Runs the pass with {@code algo} and a workspace of {@code workspaceBytes} (allocated by the
         * callee; {@link DeviceMemory.OutOfMemory} when it cannot be); returns cuDNN's status.
         */
        int run(int algo, long workspaceBytes);
    }

    /** One entry of Find's answer. */
    record Candidate(int algo, int status, long memory) {}

    /** The algorithm chosen for one batch size, and the workspace it needs there. */
    record Algorithm(int algo, long workspaceBytes) {}

    /** cuDNN 9's CUDNN_STATUS_INTERNAL_ERROR_HOST/DEVICE_ALLOCATION_FAILED, and cuDNN 8's ALLOC_FAILED. */
    static boolean isAllocationFailure(int status) {
        return status == 4003 || status == 4004 || status == 2;
    }

    private final Map<ConvKey, List<Integer>> ranked = new HashMap<>();   // per convolution, any batch
    private final Map<ConvKey, Algorithm> chosen = new HashMap<>();       // per actual shape
    private final long workspaceLimit;
    private final Runnable freeCachedMemory;
    private final IntFunction<String> statusName;
    private int finds;

    /**
     * @param freeCachedMemory gives the caching allocator's free blocks back to the driver
     * @param statusName       cuDNN's cudnnGetErrorString
     */
    ConvAlgorithms(long workspaceLimit, Runnable freeCachedMemory, IntFunction<String> statusName) {
        this.workspaceLimit = workspaceLimit;
        this.freeCachedMemory = freeCachedMemory;
        this.statusName = statusName;
    }

    /** Runs {@code pass} for {@code key} with the remembered algorithm, or chooses one as above. */
    void run(ConvKey key, Pass pass) {
        Algorithm remembered = chosen.get(key);
        StringBuilder tried = new StringBuilder();
        int failed = -1;
        if (remembered != null) {
            String why = attempt(pass, remembered);
            if (why == null) {
                return;
            }
            chosen.remove(key);
            failed = remembered.algo();
            tried.append(" algo ").append(failed).append(": ").append(why).append(';');
        }
        for (int algo : ranked.computeIfAbsent(key.forAnyBatch(), k -> find(key, pass))) {
            if (algo == failed) {
                continue;
            }
            long[] bytes = {0};
            int status = pass.workspaceSize(algo, bytes);
            String why = status != 0 ? "workspace query: " + describe(status)
                    : bytes[0] > workspaceLimit ? "needs " + bytes[0] + " bytes of workspace, over the limit of " + workspaceLimit
                    : attempt(pass, new Algorithm(algo, bytes[0]));
            if (why == null) {
                chosen.put(key, new Algorithm(algo, bytes[0]));
                return;
            }
            tried.append(" algo ").append(algo).append(": ").append(why).append(';');
        }
        throw new CudaException("cuDNN: no " + key.pass() + " algorithm runs " + key.geometry() + ";" + tried);
    }

    /** Runs {@code a}; null if it ran, else why not. */
    private String attempt(Pass pass, Algorithm a) {
        try {
            int status = pass.run(a.algo(), a.workspaceBytes());
            return status == 0 ? null : describe(status);
        } catch (DeviceMemory.OutOfMemory e) {
            return "its workspace of " + a.workspaceBytes() + " bytes: " + e.getMessage();
        }
    }

    /** Find's ranking (usable candidates, fastest first), retried once after freeing the cache if Find could not allocate. */
    private List<Integer> find(ConvKey key, Pass pass) {
        List<Candidate> found = new ArrayList<>();
        int status = pass.find(found);
        if (isAllocationFailure(status)) {
            freeCachedMemory.run();
            found.clear();
            status = pass.find(found);
        }
        if (status != 0) {
            throw new CudaException("cuDNN cudnnFind " + key.pass() + " " + key.geometry() + ": " + describe(status));
        }
        finds++;
        List<Integer> algos = new ArrayList<>();
        for (Candidate c : found) {
            if (c.status() == 0) algos.add(c.algo());
        }
        return algos;
    }

    private String describe(int status) {
        return statusName.apply(status) + " (status " + status + ")";
    }

    /** How many times Find ran (once per convolution, whatever the batch sizes). */
    int finds() {
        return finds;
    }

    /** Algorithms chosen so far, one per (pass, shape including the batch). */
    int size() {
        return chosen.size();
    }
}
