package dev.hne.engine.ops;

import dev.hne.engine.GradCheck;
import dev.hne.engine.Tensor;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.reference.ReferenceConv;
import dev.hne.engine.reference.ReferenceOps;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused, recomputing conv + batch norm (+ residual) (+ ReLU) op: forward against the reference
 * conv followed by the reference batch norm, add and ReLU; the gradients of x, w, gamma, beta and
 * the residual against central finite differences of that reference chain.
 */
class ConvBatchNormTest {

    @ParameterizedTest(name = "cin={0} cout={1} k={2} stride={3} groups={4} relu={5} residual={6}")
    @CsvSource({
            "6, 8, 1, 1, 2, true, false",
            "6, 8, 1, 1, 2, true, true",
            "6, 8, 1, 2, 1, false, false",
            "4, 6, 1, 1, 2, false, true",
            "5, 5, 3, 2, 5, true, false",    // depthwise, stride 2
            "3, 7, 3, 1, 1, true, true",     // a stem-like 3-channel input
    })
    void matchesTheReferenceChain(int cin, int cout, int k, int stride, int groups, boolean relu, boolean residual) {
        int n = 3, h = 7, w = 5, pad = k / 2;
        ConvGeometry g = new ConvGeometry(n, cin, h, w, cout, k, k, stride, pad, groups);
        int[] out = g.outputShape();
        int hw = out[2] * out[3];
        GradCheck check = new GradCheck("conv_batch_norm", 41).input(g.inputShape()).input(g.weightShape())
                .input(cout).input(cout);
        if (residual) check.input(out);
        check.check(in -> ConvBatchNorm.train(in.get(0), in.get(1), stride, pad, groups, in.get(2), in.get(3),
                        Tensor.zeros(cout), Tensor.full(1f, cout), 0.1f, 1e-5f, relu, residual ? in.get(4) : null),
                v -> {
                    double[] y = ReferenceOps.batchNormTrain(ReferenceConv.forward(g, v.get(0), v.get(1)),
                            v.get(2), v.get(3), n, cout, hw, 1e-5);
                    if (residual) y = ReferenceOps.add(y, v.get(4));
                    return relu ? ReferenceOps.relu(y) : y;
                });
    }
}
