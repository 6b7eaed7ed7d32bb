package dev.hne.policy;

/**
 * Weighted logistic regression, the binary classifier of each stage's exit decision: minimises
 *
 * <pre>
 *   J(theta) = sum_i w_i [ log(1 + e^{z_i}) - y_i z_i ] / sum_i w_i  +  (ridge / 2) |theta|^2,   z_i = theta . f_i
 * </pre>
 * (the weighted log-loss, a smooth convex surrogate of the weighted 0/1 loss the paper's reduction
 * asks for) by Newton's method with step halving. The ridge term keeps theta finite when the
 * classes are separable or all examples share one label. Plain Java in double precision: the
 * problems have a few thousand rows and {@link StageFeatures#SIZE} columns. Public because the
 * cascade's network-selection policy ({@code dev.hne.cascade.LearnedSelection}) is the same reduction.
 */
public final class WeightedLogistic {

    public static final double RIDGE = 1e-3;

    private WeightedLogistic() {}

    /** The loss J at theta. f: rows of features, y: 0/1 labels, w: weights >= 0 (not all zero). */
    static double loss(double[] theta, double[][] f, double[] y, double[] w, double ridge) {
        double total = 0, wsum = 0;
        for (int i = 0; i < f.length; i++) {
            double z = dot(theta, f[i]);
            total += w[i] * (softplus(z) - y[i] * z);
            wsum += w[i];
        }
        return total / wsum + ridge / 2 * dot(theta, theta);
    }

    /** dJ/dtheta = sum_i w_i (sigmoid(z_i) - y_i) f_i / sum_i w_i + ridge theta. */
    static double[] gradient(double[] theta, double[][] f, double[] y, double[] w, double ridge) {
        int d = theta.length;
        double[] g = new double[d];
        double wsum = 0;
        for (int i = 0; i < f.length; i++) {
            double r = w[i] * (sigmoid(dot(theta, f[i])) - y[i]);
            for (int j = 0; j < d; j++) g[j] += r * f[i][j];
            wsum += w[i];
        }
        for (int j = 0; j < d; j++) g[j] = g[j] / wsum + ridge * theta[j];
        return g;
    }

    /** The minimiser of J; zeros when there is nothing to learn from (no rows, or all weights 0). */
    public static double[] fit(double[][] f, double[] y, double[] w, int dims, double ridge) {
        double[] theta = new double[dims];
        double wsum = 0;
        for (double v : w) wsum += v;
        if (f.length == 0 || !(wsum > 0)) {
            return theta;
        }
        double current = loss(theta, f, y, w, ridge);
        for (int it = 0; it < 100; it++) {
            double[] g = gradient(theta, f, y, w, ridge);
            double[][] h = new double[dims][dims];
            for (int i = 0; i < f.length; i++) {
                double p = sigmoid(dot(theta, f[i]));
                double c = w[i] * p * (1 - p) / wsum;
                for (int a = 0; a < dims; a++) for (int b = 0; b < dims; b++) h[a][b] += c * f[i][a] * f[i][b];
            }
            for (int a = 0; a < dims; a++) h[a][a] += ridge;
            double[] step = solve(h, g);
            double scale = 1;
            double[] next = theta;
            double value = current;
            for (int halvings = 0; halvings < 30; halvings++, scale /= 2) {
                double[] candidate = new double[dims];
                for (int j = 0; j < dims; j++) candidate[j] = theta[j] - scale * step[j];
                double v = loss(candidate, f, y, w, ridge);
                if (v <= current) {
                    next = candidate;
                    value = v;
                    break;
                }
            }
            double moved = 0;
            for (int j = 0; j < dims; j++) moved = Math.max(moved, Math.abs(next[j] - theta[j]));
            theta = next;
            current = value;
            if (moved < 1e-10) {
                break;
            }
        }
        return theta;
    }

    /** Solves A x = b by Gaussian elimination with partial pivoting (A symmetric positive definite here). */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double factor = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) m[r][c] -= factor * m[col][c];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int c = r + 1; c < n; c++) s -= m[r][c] * x[c];
            x[r] = s / m[r][r];
        }
        return x;
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    /** log(1 + e^z), without overflow. */
    static double softplus(double z) {
        return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    }
}
