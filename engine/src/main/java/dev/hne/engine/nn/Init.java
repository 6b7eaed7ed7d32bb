package dev.hne.engine.nn;

import dev.hne.engine.Tensor;
import java.util.Random;

/**
 * Weight initialisation as PyTorch and torchvision's ResNet do it. Fan-in and fan-out follow
 * torch.nn.init: for a weight (out, in/groups, kh, kw), fan_in = in/groups * kh * kw and
 * fan_out = out * kh * kw.
 */
public final class Init {

    private Init() {}

    /** torchvision ResNet's conv init: kaiming_normal_(mode="fan_out", nonlinearity="relu"), std = sqrt(2 / fan_out). */
    public static Tensor kaimingNormalFanOut(Random rng, int... shape) {
        return Tensor.randn(rng, (float) Math.sqrt(2.0 / fanOut(shape)), shape);
    }

    /** nn.Linear's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for the weight and the bias alike. */
    public static Tensor uniformFanIn(Random rng, int fanIn, int... shape) {
        double bound = 1.0 / Math.sqrt(fanIn);
        float[] data = new float[Math.toIntExact(Tensor.sizeOf(shape))];
        for (int i = 0; i < data.length; i++) data[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        return Tensor.of(data, shape);
    }

    static long fanOut(int[] shape) {
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) receptive *= shape[i];
        return shape[0] * receptive;
    }
}
