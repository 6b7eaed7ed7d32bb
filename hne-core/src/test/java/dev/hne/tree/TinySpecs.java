package dev.hne.tree;

import static dev.hne.tree.LayerSpec.convBnRelu;
import static dev.hne.tree.LayerSpec.convBnRelu6;
import static dev.hne.tree.LayerSpec.linear;
import static dev.hne.tree.LayerSpec.mbnet;
import static dev.hne.tree.LayerSpec.mbnetBranching;
import static dev.hne.tree.LayerSpec.poolLinear;
import static dev.hne.tree.LayerSpec.poolLinearRelu6;
import static dev.hne.tree.LayerSpec.resnet;
import static dev.hne.tree.LayerSpec.resnetBranching;

import dev.hne.engine.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/** Small trees with every layer type, sized so that a forward and backward take milliseconds. */
public final class TinySpecs {

    private TinySpecs() {}

    /** ResNet layers, 4 levels (N = 8), 3x8x8 input, 5 classes. */
    public static TreeSpec resnet4() {
        return new TreeSpec("tiny-resnet", 3, 8, List.of(
                List.of(convBnRelu(3, 1, 4), convBnRelu(1, 1, 8)),
                List.of(resnetBranching(1, 8), resnet(1, 1, 8)),
                List.of(resnetBranching(2, 16), resnet(1, 1, 16)),
                List.of(resnetBranching(1, 8))),
                List.of(poolLinear(5)));
    }

    /** MobileNet layers with a pool + linear + ReLU6 inside the last level, 3 levels (N = 4). */
    public static TreeSpec mobile3() {
        return new TreeSpec("tiny-mobile", 3, 8, List.of(
                List.of(convBnRelu6(3, 2, 4), convBnRelu6(1, 1, 4), mbnet(1, 2, 4)),
                List.of(mbnetBranching(2, 8), mbnet(1, 1, 8)),
                List.of(mbnetBranching(1, 8), convBnRelu6(1, 1, 12), poolLinearRelu6(10))),
                List.of(linear(5)));
    }

    /** 5 levels (N = 16) of one tiny conv each: for counting nodes. */
    public static TreeSpec chain5() {
        return new TreeSpec("tiny-chain", 2, 4, List.of(
                List.of(convBnRelu(3, 1, 2)), List.of(convBnRelu(1, 1, 2)), List.of(convBnRelu(1, 1, 2)),
                List.of(convBnRelu(1, 1, 2)), List.of(convBnRelu(1, 1, 2))),
                List.of(poolLinear(3)));
    }

    /**
     * Random values for every parameter and buffer (positive variances), so that a mix-up between
     * branches cannot hide behind batch norm's default 1 and 0.
     */
    public static void randomize(dev.hne.engine.nn.Module tree, long seed) {
        randomize(tree, seed, name -> true);
    }

    /** {@link #randomize} for the state entries whose name {@code which} accepts; the rest are kept. */
    public static void randomize(dev.hne.engine.nn.Module tree, long seed, Predicate<String> which) {
        Random rng = new Random(seed);
        Map<String, Tensor> state = new LinkedHashMap<>();
        tree.stateDict().forEach((k, v) -> {
            if (!which.test(k)) {
                state.put(k, v);
                return;
            }
            float[] d = new float[(int) v.size()];
            for (int i = 0; i < d.length; i++) {
                double g = rng.nextGaussian();
                d[i] = (float) (k.endsWith("running_var") ? 0.5 + Math.abs(g)
                        : k.endsWith("bn.weight") ? 1 + 0.3 * g : 0.3 * g);
            }
            state.put(k, Tensor.of(d, v.shape()));
        });
        tree.loadStateDict(state);
    }

    public static Tensor images(TreeSpec spec, int batch, long seed) {
        return Tensor.randn(new Random(seed), 1f, batch, spec.inChannels(), spec.resolution(), spec.resolution());
    }

    /** max |a - b| / (1 + max |b|): a relative-to-scale difference. */
    public static double diff(Tensor a, Tensor b) {
        float[] x = a.toArray(), y = b.toArray();
        if (x.length != y.length) {
            throw new AssertionError("sizes differ: " + a.shapeString() + " vs " + b.shapeString());
        }
        double max = 0, scale = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
            scale = Math.max(scale, Math.abs(y[i]));
        }
        return max / (1 + scale);
    }
}
