package dev.hne.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.anytime.Anytime;
import dev.hne.anytime.LeafOrder;
import dev.hne.anytime.ProgressiveEvaluator;
import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eval-mode inference of whole trees through the fused conv + batch norm + activation (+ residual)
 * op equals the plain path (conv2d, batch_norm, add, activation as separate ops) within float
 * tolerance: the paper's three architectures at CIFAR size, batch 1 and 3, several n, through
 * {@link Anytime} (both leaf orders) and {@link ProgressiveEvaluator}. The batch-norm parameters and
 * statistics are random, so a fold that ignored any of them would show.
 */
class FusedInferenceTest {

    private static final Architectures.Input CIFAR = Architectures.Input.CIFAR10;

    static Stream<Arguments> cases() {
        return Stream.of("resnet-hne", "resnet-hne-small", "mobilenet-hne")
                .flatMap(arch -> Stream.of(Arguments.of(arch, 1), Arguments.of(arch, 3)));
    }

    @ParameterizedTest(name = "{0} batch {1}")
    @MethodSource("cases")
    void fusedInferenceEqualsTheUnfusedOps(String arch, int batch) {
        HneTree tree = TreeBuilder.hne(Architectures.byName(arch, CIFAR), 1);
        TinySpecs.randomize(tree, 5, name -> name.contains("bn."));   // batch-norm scales, shifts and statistics
        tree.eval();
        Tensor x = TinySpecs.images(tree.spec(), batch, 3);
        int leaves = tree.leaves();
        for (int n : new int[] {1, 3, leaves}) {
            compare(tree, arch + " n=" + n, () -> Anytime.evaluate(tree, x, n, LeafOrder.NATURAL).ensemble());
        }
        // the other order picks non-contiguous branches (weights and statistics cut in several runs)
        compare(tree, arch + " n=3 diverse-first", () -> Anytime.evaluate(tree, x, 3, LeafOrder.DIVERSE_FIRST).ensemble());
        compare(tree, arch + " progressive", () -> {
            ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL);
            p.advanceTo(2);
            p.next();
            return p.advanceTo(leaves).ensemble();
        });
    }

    @Test
    void theActiveBranchesReadTheirOwnStoredGroups() {
        // branch a of 4 owns conv groups 2a, 2a + 1 when each branch's conv has 2 groups
        assertTrue(java.util.Arrays.equals(new int[] {2, 3, 6, 7}, new Branches(4, new int[] {1, 3}).storedGroups(2)));
        assertTrue(java.util.Arrays.equals(new int[] {0, 2}, new Branches(3, new int[] {0, 2}).storedGroups(1)));
        assertEquals(null, Branches.all(4).storedGroups(3), "all branches: the stored order, no map");
    }

    @Test
    void changedWeightsAndStatisticsAreUsedAtOnce() {
        // Folding happens on every call, so nothing can go stale: change a conv weight and a running
        // variance in place and the fused result must move with the unfused one.
        HneTree tree = TreeBuilder.hne(TinySpecs.resnet4(), 1);
        TinySpecs.randomize(tree, 6, name -> name.contains("bn."));
        tree.eval();
        Tensor x = TinySpecs.images(tree.spec(), 2, 4);
        Supplier<Tensor> run = () -> Anytime.evaluate(tree, x, 3, LeafOrder.NATURAL).ensemble();
        Tensor before = noGrad(run);
        Map<String, Tensor> state = tree.stateDict();
        for (String key : List.of("blocks.0.0.conv.weight", "blocks.1.0.depthwise.bn.running_var")) {
            Tensor t = state.get(key);
            float[] d = t.toArray();
            for (int i = 0; i < d.length; i++) d[i] *= 1.5f;
            t.backend().copyChannels(t.backend().upload(d), d.length, 0, t.storage(), d.length, 0, d.length, 1, 1,
                    false);
        }
        Tensor after = compare(tree, "after an in-place change", run);
        assertTrue(TinySpecs.diff(after, before) > 1e-3, "the change must matter: " + TinySpecs.diff(after, before));
    }

    /**
     * Levels that begin with an identity-shortcut layer, ResNet and MobileNet. A level's input is a
     * parent's output: the split hands it over uncopied when each parent has one child computed, and
     * the progressive evaluator caches it for the other children, so it must never be written over
     * (the layers after the first write over their input). Through the progressive evaluator, one
     * leaf and then all: every parent is read again after its first child ran. 32 images of 64 x 64,
     * so that one node's activation is 2^20 floats, from which the CPU backend writes over residuals.
     */
    @Test
    void aLevelsInputIsNeverWrittenOver() {
        TreeSpec spec = new TreeSpec("tiny-identity-first", 3, 64, List.of(List.of(LayerSpec.convBnRelu(3, 1, 8)),
                List.of(LayerSpec.resnet(1, 2, 8)), List.of(LayerSpec.mbnet(1, 2, 8))),
                List.of(LayerSpec.poolLinear(5)));
        HneTree tree = TreeBuilder.hne(spec, 1);
        TinySpecs.randomize(tree, 8, name -> name.contains("bn."));
        tree.eval();
        Tensor x = TinySpecs.images(spec, 32, 9);
        compare(tree, "identity first, progressive", () -> {
            ProgressiveEvaluator p = new ProgressiveEvaluator(tree, x, LeafOrder.NATURAL);
            p.advanceTo(1);
            return p.advanceTo(tree.leaves()).ensemble();
        });
        compare(tree, "identity first, all leaves", () -> Anytime.evaluate(tree, x, tree.leaves(), LeafOrder.NATURAL)
                .ensemble());
    }

    /**
     * A residual layer handed its input (BranchLayer#inferConsuming) returns that tensor, now
     * holding its output, with the values of the plain call; called plainly, it leaves its input as
     * it was. Identity shortcuts of both kinds, on the CPU backend, with outputs of 2^20 floats (from
     * which it writes over residuals).
     */
    @Test
    void aHandedOverInputHoldsTheLayersOutput() {
        java.util.Random rng = new java.util.Random(3);
        List<BranchLayer> layers = List.of(new Bottleneck(rng, 2, 8, 8, 1, false),
                new InvertedResidual(rng, 2, 8, 8, 1, 6));
        for (BranchLayer layer : layers) {
            TinySpecs.randomize((dev.hne.engine.nn.Module) layer, 4, name -> name.contains("bn."));
            ((dev.hne.engine.nn.Module) layer).eval();
            noGrad(() -> {
                Tensor x = Tensor.randn(new java.util.Random(1), 1f, 16, 16, 64, 64);
                float[] input = x.toArray();
                Tensor plain = layer.forward(x, Branches.all(2), ExecutionMode.INFERENCE);
                assertTrue(java.util.Arrays.equals(input, x.toArray()), layer + ": a plain call changed its input");
                Tensor over = layer.inferConsuming(x, Branches.all(2));
                assertTrue(over == x, layer + ": the output did not take the input's memory");
                org.junit.jupiter.api.Assertions.assertArrayEquals(plain.toArray(), over.toArray(), layer.toString());
                return null;
            });
        }
    }

    /** Runs the same inference fused and unfused; returns the fused result. */
    private static Tensor compare(HneTree tree, String what, Supplier<Tensor> inference) {
        tree.useFusedInference(true);
        assertEquals(ExecutionMode.INFERENCE, noGrad(() -> tree.executionMode(1)), what);   // the fused path runs
        Tensor fused = noGrad(inference);
        // again: the first run's released activations now serve the second, which must not change it
        assertEquals(0.0, TinySpecs.diff(noGrad(inference), fused), what + ": a second fused run differs");
        tree.useFusedInference(false);
        assertEquals(ExecutionMode.TRAIN, noGrad(() -> tree.executionMode(1)), what);   // the plain ops run
        Tensor plain = noGrad(inference);
        tree.useFusedInference(true);
        assertEquals(plain.shapeString(), fused.shapeString(), what);
        double diff = TinySpecs.diff(fused, plain);
        assertTrue(diff < 2e-5, what + ": fused and unfused differ by " + diff);
        return fused;
    }

    private static <T> T noGrad(Supplier<T> f) {
        try (var s = Autograd.noGrad()) {
            return f.get();
        }
    }
}
