package dev.hne.engine.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hne.engine.Tensor;
import dev.hne.engine.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** SGD against a plain transcription of torch.optim.SGD's documented update, over several steps. */
class SgdTest {

    /** The reference: torch.optim.SGD with dampening 0, for one parameter, in double. */
    private static double[] referenceSteps(double[] p, double[][] grads, double lr, double momentum, double wd,
                                           boolean nesterov) {
        double[] param = p.clone(), buf = null;
        for (double[] grad : grads) {
            double[] g = new double[param.length];
            for (int i = 0; i < g.length; i++) g[i] = grad[i] + wd * param[i];
            if (momentum != 0) {
                if (buf == null) {
                    buf = g.clone();           // first step: buf = g
                } else {
                    for (int i = 0; i < g.length; i++) buf[i] = momentum * buf[i] + g[i];
                }
                for (int i = 0; i < g.length; i++) g[i] = nesterov ? g[i] + momentum * buf[i] : buf[i];
            }
            for (int i = 0; i < g.length; i++) param[i] -= lr * g[i];
        }
        return param;
    }

    @ParameterizedTest
    @CsvSource({"0.0, 0.0, false", "0.9, 0.0, false", "0.9, 5e-4, false", "0.9, 5e-4, true", "0.5, 0.1, true"})
    void matchesTorchSgdOverSeveralSteps(float momentum, float wd, boolean nesterov) {
        double[] start = {0.5, -1.5, 2.0};
        double[][] grads = {{0.1, 0.2, -0.3}, {-0.4, 0.0, 0.5}, {1.0, -1.0, 0.25}};
        Parameter p = new Parameter(Tensor.of(new float[] {0.5f, -1.5f, 2.0f}, 3), Parameter.Kind.WEIGHT);
        Sgd sgd = new Sgd(Map.of("w", p), new Sgd.Options(momentum, wd, nesterov, true));
        for (double[] g : grads) {
            p.value().setGrad(Tensor.of(new float[] {(float) g[0], (float) g[1], (float) g[2]}, 3));
            sgd.step(0.1f);
        }
        double[] expected = referenceSteps(start, grads, 0.1, momentum, wd, nesterov);
        assertArrayEquals(toFloat(expected), p.value().toArray(), 1e-6f);
    }

    @Test
    void weightDecayCanSkipNormAndBiasParameters() {
        Parameter w = new Parameter(Tensor.of(new float[] {1f}, 1), Parameter.Kind.WEIGHT);
        Parameter bn = new Parameter(Tensor.of(new float[] {1f}, 1), Parameter.Kind.NORM);
        Parameter b = new Parameter(Tensor.of(new float[] {1f}, 1), Parameter.Kind.BIAS);
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("w", w);
        params.put("bn", bn);
        params.put("b", b);
        Sgd sgd = new Sgd(params, new Sgd.Options(0f, 0.5f, false, false));
        for (Parameter p : params.values()) p.value().setGrad(Tensor.zeros(1));
        sgd.step(0.1f);
        assertArrayEquals(new float[] {1f - 0.1f * 0.5f}, w.value().toArray(), 1e-7f);   // decayed
        assertArrayEquals(new float[] {1f}, bn.value().toArray());                        // not decayed
        assertArrayEquals(new float[] {1f}, b.value().toArray());
    }

    @Test
    void parametersWithoutGradientAreLeftAloneAndZeroGradClears() {
        Parameter p = new Parameter(Tensor.of(new float[] {3f}, 1), Parameter.Kind.WEIGHT);
        Sgd sgd = new Sgd(Map.of("p", p), new Sgd.Options(0.9f, 0.1f, false, true));
        sgd.step(1f);
        assertArrayEquals(new float[] {3f}, p.value().toArray());
        p.value().setGrad(Tensor.of(new float[] {1f}, 1));
        sgd.zeroGrad();
        assertNull(p.grad());
    }

    @Test
    void nesterovNeedsMomentum() {
        assertThrows(IllegalArgumentException.class, () -> new Sgd.Options(0f, 0f, true, true));
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }
}
