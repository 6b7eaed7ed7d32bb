package dev.hne.engine.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hne.engine.Tensor;
import dev.hne.engine.backend.Backend;
import dev.hne.engine.backend.Storage;
import dev.hne.engine.backend.UnaryOp;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op refuses, before computing anything, an input of the wrong rank or shape and a mix of
 * tensors on different backends, with an IllegalArgumentException that names the op. Without these
 * checks a wrong shape reads past a row or mixes device and host memory in a kernel. The second
 * backend is a stand-in that only has a name: the check must fire before any kernel would touch its
 * storage. (Issue 19: the removed-check mutants of ops survived, since no test fed a bad input.)
 */
class OpChecksTest {

    /** A backend nothing can run on: every method but name() fails, so a missed check shows as another error. */
    private static final Backend FOREIGN = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                if (method.getName().equals("name")) return "foreign";
                if (method.getName().equals("toString")) return "foreign";
                throw new AssertionError("the op reached the backend (" + method.getName() + ") before checking its inputs");
            });

    private record ForeignStorage(long size) implements Storage {
        @Override
        public Backend backend() {
            return FOREIGN;
        }
    }

    private static Tensor cpu(int... shape) {
        return Tensor.zeros(shape);
    }

    private static Tensor foreign(int... shape) {
        return new Tensor(new ForeignStorage(Tensor.zeros(shape).size()), shape);
    }

    private record Case(String name, String op, Executable call) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        Tensor x4 = cpu(2, 3, 4, 4), w = cpu(5, 3, 3, 3), c5 = cpu(5), c3 = cpu(3);
        return List.of(
                new Case("cross entropy of a rank-3 tensor", "cross_entropy", () -> CrossEntropy.hard(cpu(2, 3, 1), new int[] {0, 1})),
                new Case("soft cross entropy of a rank-1 tensor", "cross_entropy", () -> CrossEntropy.soft(cpu(3), cpu(3), 2f)),
                new Case("soft cross entropy against another shape", "cross_entropy", () -> CrossEntropy.soft(cpu(2, 3), cpu(2, 4), 2f)),
                new Case("soft cross entropy against another backend", "cross_entropy", () -> CrossEntropy.soft(cpu(2, 3), foreign(2, 3), 2f)),
                new Case("soft cross entropy at T = 0", "cross_entropy", () -> CrossEntropy.soft(cpu(2, 3), cpu(2, 3), 0f)),
                new Case("batch norm of a rank-3 tensor", "batch_norm", () -> BatchNorm.train(cpu(2, 3, 4), c3, c3, c3, c3, 0.1f, 1e-5f)),
                new Case("batch norm with a statistic on another backend", "batch_norm", () -> BatchNorm.train(x4, c3, c3, foreign(3), c3, 0.1f, 1e-5f)),
                new Case("batch norm + relu with a residual of another shape", "batch_norm_add_relu",
                        () -> BatchNorm.trainRelu(x4, c3, c3, c3, c3, 0.1f, 1e-5f, cpu(2, 3, 4, 5))),
                new Case("linear of a rank-4 tensor", "linear", () -> Linear.apply(x4, cpu(4, 48), null)),
                new Case("linear with a weight on another backend", "linear", () -> Linear.apply(cpu(2, 6), foreign(4, 6), null)),
                new Case("linear with a weight of the wrong width", "linear", () -> Linear.apply(cpu(2, 6), cpu(4, 5), null)),
                new Case("concat of a rank-3 tensor", "concat_channels", () -> Channels.concat(List.of(cpu(2, 3, 4), cpu(2, 3, 4)))),
                new Case("concat across backends", "concat_channels", () -> Channels.concat(List.of(x4, foreign(2, 3, 4, 4)))),
                new Case("slice of a rank-3 tensor", "slice_channels", () -> Channels.slice(cpu(2, 3, 4), 0, 1)),
                new Case("slice from a negative channel", "slice_channels", () -> Channels.slice(x4, -1, 1)),
                new Case("slice of no channels", "slice_channels", () -> Channels.slice(x4, 0, 0)),
                new Case("slice past the last channel", "slice_channels", () -> Channels.slice(x4, 1, 3)),
                new Case("conv of a rank-3 tensor", "conv2d", () -> Conv2d.apply(cpu(3, 4, 4), w, 1, 1, 1)),
                new Case("conv with a weight on another backend", "conv2d", () -> Conv2d.apply(x4, foreign(5, 3, 3, 3), 1, 1, 1)),
                new Case("conv with groups that do not divide the outputs", "conv2d", () -> Conv2d.apply(cpu(2, 6, 4, 4), cpu(5, 2, 3, 3), 1, 1, 3)),
                new Case("conv with zero groups", "conv2d", () -> Conv2d.apply(x4, w, 1, 1, 0)),
                new Case("conv with the wrong input channels per group", "conv2d", () -> Conv2d.apply(cpu(2, 4, 4, 4), w, 1, 1, 1)),
                new Case("fused inference with a parameter on another backend", "conv_batch_norm_infer",
                        () -> ConvBatchNormInfer.apply(x4, w, 1, 1, 1, c5, foreign(5), c5, c5, 1e-5f, null, UnaryOp.RELU)),
                new Case("fused inference with a residual of another shape", "conv_batch_norm_infer",
                        () -> ConvBatchNormInfer.apply(x4, w, 1, 1, 1, c5, c5, c5, c5, 1e-5f, cpu(2, 5, 4, 5), null)),
                new Case("fused inference with a residual on another backend", "conv_batch_norm_infer",
                        () -> ConvBatchNormInfer.apply(x4, w, 1, 1, 1, c5, c5, c5, c5, 1e-5f, foreign(2, 5, 4, 4), null)),
                new Case("gather groups of a rank-3 tensor", "gather_groups", () -> GatherGroups.apply(cpu(2, 4, 4), 2, 0, 0)),
                new Case("gather from zero groups", "gather_groups", () -> GatherGroups.apply(cpu(2, 4, 3, 3), 0, 0)),
                new Case("gather no group", "gather_groups", () -> GatherGroups.apply(cpu(2, 4, 3, 3), 2)),
                new Case("gather a negative group", "gather_groups", () -> GatherGroups.apply(cpu(2, 4, 3, 3), 2, 1, -1)),
                new Case("softmax of a rank-4 tensor", "softmax", () -> Softmax.apply(x4, false)),
                new Case("log softmax of a rank-1 tensor", "log_softmax", () -> Softmax.apply(cpu(3), true)),
                new Case("global average pool of a rank-2 tensor", "global_avg_pool", () -> GlobalAvgPool.apply(cpu(2, 3))),
                new Case("add across backends", "add", () -> cpu(2, 3).add(foreign(2, 3))),
                new Case("multiply across backends", "multiply", () -> cpu(2, 3).mul(foreign(2, 3))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void refusesWithAMessageNamingTheOp(Case c) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c.call(), c.name());
        assertTrue(e.getMessage().startsWith(c.op()), c.name() + ": '" + e.getMessage() + "' should start with " + c.op());
    }
}
