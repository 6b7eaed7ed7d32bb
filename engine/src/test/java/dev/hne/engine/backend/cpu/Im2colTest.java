package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hne.engine.backend.ConvGeometry;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The im2col matrix against its definition, written out plainly: col[r][j - j0] = x[n, gi*Cin/G + ci,
 * oy*s - pad + ky, ox*s - pad + kx] (0 in the padding), r = (ci*KH + ky)*KW + kx, j = oy*OW + ox, for
 * whole images and for column ranges that start and end inside output rows (as the threads' chunks do),
 * on the general route and the strided 1x1 one.
 */
class Im2colTest {

    @Test
    void gatherMatchesTheDefinition() {
        Random rnd = new Random(17);
        List<ConvGeometry> shapes = List.of(
                new ConvGeometry(2, 6, 32, 32, 8, 1, 1, 2, 0, 2),     // stride-2 1x1 shortcut, 16-wide rows
                new ConvGeometry(1, 4, 16, 16, 4, 1, 1, 2, 0, 1),     // 8-wide rows (everyOther's scalar tail)
                new ConvGeometry(1, 3, 9, 11, 3, 1, 1, 2, 0, 1),      // odd sizes
                new ConvGeometry(1, 2, 10, 10, 2, 1, 1, 3, 0, 1),     // stride 3
                new ConvGeometry(2, 3, 9, 8, 4, 3, 3, 2, 1, 1),       // general: 3x3 stride 2 pad 1
                new ConvGeometry(1, 4, 7, 7, 4, 1, 1, 2, 1, 2));      // general: a padded 1x1
        for (ConvGeometry g : shapes) {
            float[] x = new float[g.batch() * g.inChannels() * g.height() * g.width()];
            for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
            int ohw = g.outHeight() * g.outWidth(), k = g.inPerGroup() * g.kernelH() * g.kernelW();
            for (int n = 0; n < g.batch(); n++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    int[][] ranges = {{0, ohw}, {3, ohw - 2}, {g.outWidth() + 1, Math.min(ohw, 3 * g.outWidth() - 1)}};
                    for (int[] range : ranges) {
                        int j0 = range[0], j1 = range[1];
                        float[] col = new float[k * (j1 - j0)];
                        Im2col.gather(g, x, n, gi, j0, j1, col);
                        assertArrayEquals(definition(g, x, n, gi, j0, j1), col, g + " image " + n + " group " + gi
                                + " columns [" + j0 + ", " + j1 + ")");
                    }
                }
            }
        }
    }

    private static float[] definition(ConvGeometry g, float[] x, int n, int gi, int j0, int j1) {
        int cin = g.inPerGroup(), kh = g.kernelH(), kw = g.kernelW(), ow = g.outWidth(), s = g.stride();
        float[] col = new float[cin * kh * kw * (j1 - j0)];
        for (int ci = 0; ci < cin; ci++) {
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int r = (ci * kh + ky) * kw + kx;
                    for (int j = j0; j < j1; j++) {
                        int iy = (j / ow) * s - g.padding() + ky, ix = (j % ow) * s - g.padding() + kx;
                        boolean inside = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.width();
                        int c = n * g.inChannels() + gi * cin + ci;
                        col[r * (j1 - j0) + j - j0] = inside ? x[((c * g.height()) + iy) * g.width() + ix] : 0f;
                    }
                }
            }
        }
        return col;
    }
}
