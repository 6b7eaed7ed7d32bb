/*
 * DataLoader: turns a Dataset plus a Transform into batches, epoch by epoch, optionally built ahead
 * by background threads.
 *
 *   try (DataLoader loader = new DataLoader(train, trainTransform, LoaderOptions.of(128).withWorkers(2))) {
 *       for (int e = 0; e < epochs; e++) {
 *           try (DataLoader.Epoch epoch = loader.epoch(e)) {
 *               for (Batch b : epoch) { ... b.images() is (B, C, H, W) ... }
 *           }
 *       }
 *   }
 *
 * Reproducibility: everything random is a pure function of (seed, epoch, sample index):
 *   - the epoch's order is a Fisher-Yates shuffle seeded by (seed, epoch);
 *   - each sample's transforms get a Random seeded by (seed, epoch, index).
 * So the same seed gives the same batches, bit for bit, with 0 or 8 workers.
 *
 * Last batch: LoaderOptions.LastBatch.KEEP (default) yields a smaller final batch, so every sample
 * appears exactly once per epoch; DROP yields only full batches.
 *
 * Distributed: LoaderOptions.withShard(new Shard(rank, ranks)) makes each rank visit its own strided
 * part of the same seeded order (see Shard). It is not a sampler framework: no weighted sampling,
 * no batch-level transforms.
 */
package dev.hne.datasets;

import dev.hne.datasets.transform.Transform;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

public final class DataLoader implements AutoCloseable {

    private final Dataset dataset;
    private final Transform transform;
    private final LoaderOptions options;
    private final SampleShape outputShape;
    private ExecutorService pool; // created on first use when workers > 0

    public DataLoader(Dataset dataset, Transform transform, LoaderOptions options) {
        this.dataset = dataset;
        this.transform = transform;
        this.options = options;
        this.outputShape = transform.outputShape(dataset.sampleShape());
        if (!outputShape.isFixed()) {
            throw new IllegalArgumentException(dataset.name() + " has images of varying size " + dataset.sampleShape()
                    + "; the transform (" + transform + ") must crop or resize them to a fixed size");
        }
        if (dataset.size() == 0) {
            throw new IllegalArgumentException(dataset.name() + " is empty");
        }
    }

    /** (C, H, W) of every sample in every batch. */
    public SampleShape outputShape() {
        return outputShape;
    }

    public Dataset dataset() {
        return dataset;
    }

    public LoaderOptions options() {
        return options;
    }

    /** Batches in one epoch under the last-batch policy. */
    public int batchesPerEpoch() {
        int n = options.shard().size(dataset.size());
        int b = options.batchSize();
        return options.lastBatch() == LoaderOptions.LastBatch.KEEP ? (n + b - 1) / b : n / b;
    }

    /**
     * The order samples are visited in during {@code epoch}: a permutation of 0..size-1, or this
     * loader's shard of it.
     */
    public int[] order(int epoch) {
        return options.shard().of(fullOrder(epoch));
    }

    /** The permutation every rank shares: a function of (seed, epoch) only. */
    private int[] fullOrder(int epoch) {
        int n = dataset.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (options.shuffle()) {
            Random r = new Random(mix(options.seed(), epoch, -1));
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** Starts an epoch; iterate it once, then close it (closing early cancels prefetching). */
    public Epoch epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * The rest of an epoch from batch {@code firstBatch} on: exactly the batches {@code epoch(epoch)}
     * yields from that index, without building the ones before it (a training run resumed mid-epoch).
     * Nothing else is needed because a batch is a pure function of (seed, epoch, batch index).
     */
    public Epoch epoch(int epoch, int firstBatch) {
        if (firstBatch < 0 || firstBatch > batchesPerEpoch()) {
            throw new IllegalArgumentException("batch " + firstBatch + " is outside epoch " + epoch + " of "
                    + batchesPerEpoch() + " batches");
        }
        return new Epoch(epoch, order(epoch), firstBatch);
    }

    /** Builds batch {@code batchIndex} of an epoch whose order is {@code order}, on this thread. */
    private Batch build(int epoch, int[] order, int batchIndex) {
        int b = options.batchSize();
        int from = batchIndex * b;
        int count = Math.min(b, order.length - from);
        int numel = outputShape.numel();
        float[] images = new float[count * numel]; // (B, C, H, W)
        int[] labels = new int[count];
        int[] indices = new int[count];
        for (int k = 0; k < count; k++) {
            int index = order[from + k];
            Image img = transform.apply(dataset.image(index), new Random(mix(options.seed(), epoch, index)));
            if (img.data().length != numel) {
                throw new IllegalStateException("transform " + transform + " returned " + img.shape() + " for sample "
                        + index + " of " + dataset.name() + ", expected " + outputShape);
            }
            System.arraycopy(img.data(), 0, images, k * numel, numel);
            labels[k] = dataset.label(index);
            indices[k] = index;
        }
        return new Batch(images, labels, indices, outputShape);
    }

    private synchronized ExecutorService pool() {
        if (pool == null) {
            AtomicInteger n = new AtomicInteger();
            pool = Executors.newFixedThreadPool(options.workers(), r -> {
                Thread t = new Thread(r, "hne-loader-" + n.incrementAndGet());
                t.setDaemon(true); // never keep the JVM alive for prefetching
                return t;
            });
        }
        return pool;
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }

    /**
     * SplitMix64-style mixing of (seed, epoch, index) into one well-spread 64-bit seed, so nearby
     * seeds, epochs and indices give unrelated random streams.
     */
    static long mix(long seed, long epoch, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** One pass over the data: an Iterable you iterate once, and close. */
    public final class Epoch implements Iterable<Batch>, Iterator<Batch>, AutoCloseable {

        private final int epoch;
        private final int[] order;
        private final int total;
        private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
        private int nextToSubmit;
        private int delivered;
        private boolean iterated;

        private Epoch(int epoch, int[] order, int firstBatch) {
            this.epoch = epoch;
            this.order = order;
            this.total = batchesPerEpoch();
            this.nextToSubmit = firstBatch;
            this.delivered = firstBatch;
            if (options.workers() > 0) {
                ExecutorService p = pool();
                while (nextToSubmit < total && inFlight.size() < options.inFlight()) {
                    submit(p);
                }
            }
        }

        private void submit(ExecutorService p) {
            int batchIndex = nextToSubmit++;
            inFlight.add(p.submit(() -> build(epoch, order, batchIndex)));
        }

        /** Batches in the whole epoch (a resumed one yields those from its first batch on). */
        public int size() {
            return total;
        }

        @Override
        public Iterator<Batch> iterator() {
            if (iterated) {
                throw new IllegalStateException("an Epoch can be iterated once; call loader.epoch(e) again");
            }
            iterated = true;
            return this;
        }

        @Override
        public boolean hasNext() {
            return delivered < total;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " has " + total + " batches");
            }
            if (options.workers() == 0) {
                return build(epoch, order, delivered++);
            }
            Future<Batch> head = inFlight.poll();
            if (nextToSubmit < total) {
                submit(pool());
            }
            delivered++;
            return await(head);
        }

        private Batch await(Future<Batch> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for a batch");
            } catch (ExecutionException e) {
                // Rethrow the worker's own exception (e.g. DatasetException naming the file).
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("loading a batch failed", cause);
            }
        }

        /** Cancels batches still being prefetched. */
        @Override
        public void close() {
            for (Future<Batch> f : inFlight) {
                f.cancel(true);
            }
            inFlight.clear();
            delivered = total;
        }
    }
}
