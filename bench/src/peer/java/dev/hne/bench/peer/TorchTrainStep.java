package dev.hne.bench.peer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The peer's training step, the same as {@code dev.hne.bench.TrainStepWorkload}: forward of all N
 * leaves in training mode, L_I + L_HD, backward, SGD (momentum 0.9, weight decay 5e-4 on every
 * parameter, lr 0.1). The loss follows {@code dev.hne.loss.HneLoss} (docs/hne.md):
 * <pre>
 *   L_I  = sum over leaves j of CE(z_j, y)                          (mean over the batch)
 *   L_HD = sum over b = 0..B-1 of T^2 CE(mean of the first 2^b leaves' logits, softmax(y^E / T)),
 *          y^E the mean of all N leaves' logits, DETACHED; CE of soft labels at temperature T = 2
 * </pre>
 */
public final class TorchTrainStep {

    private static final float T = 2f, LR = 0.1f, MOMENTUM = 0.9f, WEIGHT_DECAY = 5e-4f;

    private final TorchHneTree tree;
    private final NDManager manager;
    private final NDArray x, oneHot;
    private final List<NDArray> params = new ArrayList<>(), velocity = new ArrayList<>();
    private final int classes;

    /** A random batch (Gaussian images, uniform labels) from the seed. */
    public TorchTrainStep(NDManager manager, TorchHneTree tree, int batch, int channels, int resolution, int classes,
                          long seed) {
        this(manager, tree, randomImages(new Random(seed + 1), batch * channels * resolution * resolution),
                new Random(seed + 2).ints(batch, 0, classes).toArray(), channels, resolution, classes);
    }

    /** @param images (N, C, H, W) flattened; labels, N of them, in [0, classes) */
    public TorchTrainStep(NDManager manager, TorchHneTree tree, float[] images, int[] labels, int channels,
                          int resolution, int classes) {
        this.tree = tree;
        this.manager = manager;
        this.classes = classes;
        int batch = labels.length;
        x = manager.create(images, new Shape(batch, channels, resolution, resolution));
        float[] hot = new float[batch * classes];
        for (int i = 0; i < batch; i++) hot[i * classes + labels[i]] = 1f;
        oneHot = manager.create(hot, new Shape(batch, 1, classes));   // (N, 1, K): broadcasts over leaves
        for (NDArray p : tree.parameters().values()) {
            p.setRequiresGradient(true);
            params.add(p);
            velocity.add(manager.zeros(p.getShape()));
        }
    }

    private static float[] randomImages(Random rng, int size) {
        float[] img = new float[size];
        for (int i = 0; i < size; i++) img[i] = (float) rng.nextGaussian();
        return img;
    }

    /** One step; returns the loss before the update. */
    public float step() {
        try (NDManager scope = manager.newSubManager()) {
            x.tempAttach(scope);
            NDArray loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                loss = loss(tree.forwardFirst(x, tree.leaves(), true));
                gc.backward(loss);
            }
            float value = loss.getFloat();
            sgd(scope);
            return value;
        }
    }

    /** L_I + L_HD of all leaves' logits (N, leaves*K). */
    NDArray loss(NDArray logits) {
        return loss(logits, oneHot, tree.leaves(), classes);
    }

    /**
     * @param logits (N, leaves*K), leaf j in columns [j*K, (j+1)*K)
     * @param oneHot (N, 1, K) the labels
     */
    static NDArray loss(NDArray logits, NDArray oneHot, int leaves, int classes) {
        long n = logits.getShape().get(0);
        NDArray z = logits.reshape(n, leaves, classes);                           // (N, leaves, K)
        NDArray li = z.logSoftmax(2).mul(oneHot).sum().neg().div(n);              // sum over leaves of mean CE
        NDArray teacher = z.mean(new int[] {1}).stopGradient();                   // y^E, detached
        NDArray soft = teacher.div(T).softmax(1);
        NDArray total = li;
        for (int size = 1; size < leaves; size *= 2) {
            NDArray nested = z.get(new NDIndex(":, 0:{}, :", size)).mean(new int[] {1});
            NDArray ce = nested.div(T).logSoftmax(1).mul(soft).sum().neg().div(n);
            total = total.add(ce.mul(T * T));
        }
        return total;
    }

    /**
     * v = m v + (g + wd w); w -= lr v, in place, then the gradients zeroed (PyTorch's SGD). Results of
     * ops on the parameters belong to the parameters' manager, so temporaries are moved to the
     * step's scope to be freed with it.
     */
    private void sgd(NDManager scope) {
        for (int i = 0; i < params.size(); i++) {
            NDArray w = params.get(i), v = velocity.get(i);
            NDArray g = w.getGradient();
            NDArray decay = w.mul(WEIGHT_DECAY);
            g.attach(scope);
            decay.attach(scope);
            v.muli(MOMENTUM).addi(g).addi(decay);
            NDArray update = v.mul(LR);
            update.attach(scope);
            w.subi(update);
            g.muli(0);
        }
    }
}
