package dev.hne.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.autograd.Autograd;
import dev.hne.engine.ops.GlobalAvgPool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModuleTest {

    private static Sequential smallNet(long seed) {
        Random rng = new Random(seed);
        return new Sequential(
                new Conv2d(rng, 3, 8, 3, 1, 1, 1), new BatchNorm2d(8), Sequential.of(Tensor::relu),
                Sequential.of(GlobalAvgPool::apply), new Linear(rng, 8, 4));
    }

    @Test
    void stateDictUsesPyTorchNamesAndOrder() {
        // What torch.nn.Sequential(Conv2d(3,8,3,bias=False), BatchNorm2d(8), ReLU(), AvgPool, Linear(8,4))
        // .state_dict().keys() lists, minus BN's num_batches_tracked counter.
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var", "4.weight", "4.bias"),
                List.copyOf(smallNet(1).stateDict().keySet()));
    }

    @Test
    void parameterKindsSeparateWeightsFromNormAndBias() {
        Map<String, Parameter> params = smallNet(1).namedParameters();
        assertEquals(Parameter.Kind.WEIGHT, params.get("0.weight").kind());
        assertEquals(Parameter.Kind.NORM, params.get("1.weight").kind());
        assertEquals(Parameter.Kind.BIAS, params.get("4.bias").kind());
        assertEquals(8 * 3 * 9 + 8 + 8 + 8 * 4 + 4, smallNet(1).parameterCount());
    }

    @Test
    void loadingAStateDictReproducesTheOutputs() {
        Sequential a = smallNet(1), b = smallNet(2);
        a.eval();
        b.eval();
        Tensor x = Tensor.randn(new Random(3), 1f, 2, 3, 5, 5);
        try (var scope = Autograd.noGrad()) {
            float[] before = b.forward(x).toArray();
            b.loadStateDict(a.stateDict());
            assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray());
            assertTrue(before[0] != b.forward(x).toArray()[0]);
        }
    }

    @Test
    void loadingAMismatchedStateDictSaysWhat() {
        Map<String, Tensor> state = new LinkedHashMap<>(smallNet(1).stateDict());
        state.remove("1.bias");
        state.put("extra", Tensor.zeros(1));
        var e = assertThrows(IllegalArgumentException.class, () -> smallNet(2).loadStateDict(state));
        assertTrue(e.getMessage().contains("missing [1.bias]") && e.getMessage().contains("unexpected [extra]"),
                e.getMessage());

        Map<String, Tensor> wrongShape = new LinkedHashMap<>(smallNet(1).stateDict());
        wrongShape.put("4.weight", Tensor.zeros(4, 9));
        e = assertThrows(IllegalArgumentException.class, () -> smallNet(2).loadStateDict(wrongShape));
        assertTrue(e.getMessage().contains("'4.weight' has shape (4,9)") && e.getMessage().contains("(4,8)"),
                e.getMessage());
    }

    @Test
    void kaimingNormalFanOutHasTorchvisionsStd() {
        // std = sqrt(2 / fan_out), fan_out = out * kh * kw = 128 * 9 (groups do not enter fan_out)
        float[] w = new Conv2d(new Random(4), 64, 128, 3, 1, 1, 2).weight().value().toArray();
        double mean = 0, sq = 0;
        for (float v : w) mean += v;
        mean /= w.length;
        for (float v : w) sq += (v - mean) * (v - mean);
        double std = Math.sqrt(sq / w.length);
        assertEquals(Math.sqrt(2.0 / (128 * 9)), std, 0.02 * std);
        assertEquals(0, mean, 0.02 * std);
    }

    @Test
    void linearInitIsUniformWithinOneOverSqrtFanIn() {
        float[] w = new Linear(new Random(5), 100, 50).weight().value().toArray();
        float max = 0;
        for (float v : w) max = Math.max(max, Math.abs(v));
        assertTrue(max <= 0.1f && max > 0.09f, "bound 1/sqrt(100) = 0.1, max seen " + max);
    }

    @Test
    void batchNormUpdatesRunningStatisticsInTrainingAndUsesThemInEval() {
        BatchNorm2d bn = new BatchNorm2d(1);
        float[] x = {1f, 2f, 3f, 6f};   // mean 3, biased var 3.5, unbiased var 14/3
        bn.forward(Tensor.of(x, 2, 1, 1, 2));
        assertEquals(0.9 * 0 + 0.1 * 3, bn.runningMean().item(), 1e-6);
        assertEquals(0.9 * 1 + 0.1 * 14.0 / 3, bn.runningVar().item(), 1e-6);

        bn.eval();
        try (var scope = Autograd.noGrad()) {
            float y = bn.forward(Tensor.of(new float[] {2f}, 1, 1, 1, 1)).item();
            assertEquals((2 - 0.3) / Math.sqrt(0.9 + 1.4 / 3 + 1e-5), y, 1e-5);
        }
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Sequential net = smallNet(1);
        net.eval();
        assertTrue(net.children().values().stream().noneMatch(Module::isTraining));
        net.train(true);
        assertTrue(net.children().values().stream().allMatch(Module::isTraining));
    }
}
