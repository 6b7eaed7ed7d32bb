package dev.hne.engine.reference;

/**
 * The algorithmic reference for every non-convolution op: straight loops in double precision, no
 * tricks, written from the definitions. The engine's kernels are tested against these, and their
 * gradients against central finite differences of these (see GradCheck). Convolution lives in
 * ReferenceConv. Shapes are passed explicitly; the legend is N batch, C channels, HW spatial size,
 * K classes.
 */
public final class ReferenceOps {

    private ReferenceOps() {}

    public static double[] relu(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.max(x[i], 0);
        return y;
    }

    public static double[] relu6(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = Math.min(Math.max(x[i], 0), 6);
        return y;
    }

    public static double[] add(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = a[i] + b[i];
        return y;
    }

    public static double[] mul(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) y[i] = a[i] * b[i];
        return y;
    }

    public static double[] scale(double[] x, double alpha) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = alpha * x[i];
        return y;
    }

    public static double sum(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s;
    }

    /** x (N, C, HW) normalised with its batch mean and biased variance per channel. */
    public static double[] batchNormTrain(double[] x, double[] gamma, double[] beta, int n, int c, int hw, double eps) {
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            double mean = 0, var = 0;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) mean += x[(b * c + ch) * hw + i];
            mean /= (double) n * hw;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                double d = x[(b * c + ch) * hw + i] - mean;
                var += d * d;
            }
            var /= (double) n * hw;
            for (int b = 0; b < n; b++) for (int i = 0; i < hw; i++) {
                int at = (b * c + ch) * hw + i;
                y[at] = gamma[ch] * (x[at] - mean) / Math.sqrt(var + eps) + beta[ch];
            }
        }
        return y;
    }

    /** x (N, C, HW) normalised with given statistics. */
    public static double[] batchNormEval(double[] x, double[] gamma, double[] beta, double[] mean, double[] var,
                                         int n, int c, int hw, double eps) {
        double[] y = new double[x.length];
        for (int b = 0; b < n; b++) for (int ch = 0; ch < c; ch++) for (int i = 0; i < hw; i++) {
            int at = (b * c + ch) * hw + i;
            y[at] = gamma[ch] * (x[at] - mean[ch]) / Math.sqrt(var[ch] + eps) + beta[ch];
        }
        return y;
    }

    /** x (NC, HW) -> (NC). */
    public static double[] globalAvgPool(double[] x, int nc, int hw) {
        double[] y = new double[nc];
        for (int r = 0; r < nc; r++) {
            for (int i = 0; i < hw; i++) y[r] += x[r * hw + i];
            y[r] /= hw;
        }
        return y;
    }

    /** x (N, in), w (out, in), b (out) or null -> (N, out). */
    public static double[] linear(double[] x, double[] w, double[] b, int n, int in, int out) {
        double[] y = new double[n * out];
        for (int r = 0; r < n; r++) for (int o = 0; o < out; o++) {
            double s = b == null ? 0 : b[o];
            for (int i = 0; i < in; i++) s += x[r * in + i] * w[o * in + i];
            y[r * out + o] = s;
        }
        return y;
    }

    /** Row-wise softmax (or log-softmax) of x (R, K), straight from the definition. */
    public static double[] softmax(double[] x, int rows, int cols, boolean log) {
        double[] y = new double[x.length];
        for (int r = 0; r < rows; r++) {
            double z = 0;
            for (int k = 0; k < cols; k++) z += Math.exp(x[r * cols + k]);
            for (int k = 0; k < cols; k++) {
                double p = Math.exp(x[r * cols + k]) / z;
                y[r * cols + k] = log ? Math.log(p) : p;
            }
        }
        return y;
    }

    /** -(1/N) sum target * log softmax(logits / T), logits and target (N, K). */
    public static double crossEntropy(double[] logits, double[] target, int n, int k, double temperature) {
        double[] logProbs = softmax(scale(logits, 1 / temperature), n, k, true);
        return -sum(mul(target, logProbs)) / n;
    }

    /** Copies channels [start, start+count) of x (N, C, HW). */
    public static double[] sliceChannels(double[] x, int n, int c, int hw, int start, int count) {
        double[] y = new double[n * count * hw];
        for (int b = 0; b < n; b++) for (int ch = 0; ch < count; ch++) for (int i = 0; i < hw; i++)
            y[(b * count + ch) * hw + i] = x[(b * c + start + ch) * hw + i];
        return y;
    }

    /** Concatenates a (N, Ca, HW) and b (N, Cb, HW) along channels. */
    public static double[] concatChannels(double[] a, int ca, double[] b, int cb, int n, int hw) {
        int c = ca + cb;
        double[] y = new double[n * c * hw];
        for (int s = 0; s < n; s++) for (int ch = 0; ch < c; ch++) for (int i = 0; i < hw; i++)
            y[(s * c + ch) * hw + i] = ch < ca ? a[(s * ca + ch) * hw + i] : b[(s * cb + ch - ca) * hw + i];
        return y;
    }

    /** x (N, G*Cg, HW) -> (N, K*Cg, HW): output group j is input group index[j]. */
    public static double[] gatherGroups(double[] x, int n, int groups, int groupChannels, int hw, int[] index) {
        int c = groups * groupChannels, k = index.length;
        double[] y = new double[n * k * groupChannels * hw];
        for (int s = 0; s < n; s++) for (int j = 0; j < k; j++)
            for (int ch = 0; ch < groupChannels; ch++) for (int i = 0; i < hw; i++)
                y[((s * k + j) * groupChannels + ch) * hw + i] = x[(s * c + index[j] * groupChannels + ch) * hw + i];
        return y;
    }
}
