package dev.hne.engine.ops;

import dev.hne.engine.GradCheck;
import dev.hne.engine.backend.ConvGeometry;
import dev.hne.engine.reference.ReferenceConv;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The conv2d op end to end through autograd: forward against ReferenceConv, the gradients of x and w
 * against central finite differences of ReferenceConv. (The kernels alone are tested on many more
 * shapes in CpuConvTest.)
 */
class ConvOpTest {

    @ParameterizedTest(name = "x({0},{1},{2},{3}) -> {4} channels, k{5}, stride {6}, pad {7}, groups {8}")
    @CsvSource({
            "2, 3, 7, 6, 5, 3, 1, 1, 1",     // dense 3x3, odd sizes
            "1, 4, 9, 9, 6, 3, 2, 1, 2",     // two groups, stride 2
            "2, 6, 8, 7, 6, 3, 2, 1, 6",     // depthwise, stride 2
            "3, 8, 5, 5, 16, 1, 1, 0, 4",    // grouped 1x1
            "1, 2, 6, 5, 3, 5, 1, 2, 1"})    // 5x5, padding 2
    void gradientsMatchFiniteDifferencesOfTheReference(int n, int cin, int h, int w, int cout, int k, int stride,
                                                       int pad, int groups) {
        ConvGeometry g = new ConvGeometry(n, cin, h, w, cout, k, k, stride, pad, groups);
        new GradCheck("conv2d " + g, 31).input(g.inputShape()).input(g.weightShape()).check(
                in -> Conv2d.apply(in.get(0), in.get(1), stride, pad, groups),
                x -> ReferenceConv.forward(g, x.get(0), x.get(1)));
    }
}
