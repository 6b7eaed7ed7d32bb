package dev.hne.ann;

import java.util.Map;

/**
 * The non-adaptive baseline of the ANN paper ("CONST"): every exit's loss weighs the same,
 * B_i = 1, so the objective is the plain sum of the exit losses. No state.
 */
public final class ConstantWeights implements ExitWeighting {

    private final double[] weights;

    public ConstantWeights(double[] weights) {
        this.weights = weights.clone();
    }

    public static ConstantWeights ones(int exits) {
        double[] w = new double[exits];
        java.util.Arrays.fill(w, 1.0);
        return new ConstantWeights(w);
    }

    @Override
    public double[] next(double[] exitLosses) {
        if (exitLosses.length != weights.length) {
            throw new IllegalArgumentException("constant weights for " + weights.length + " exits, got "
                    + exitLosses.length + " losses");
        }
        return weights.clone();
    }

    @Override
    public String cliName() {
        return "constant";
    }

    @Override
    public String label() {
        return "constant weights";
    }

    @Override
    public Map<String, String> state() {
        return Map.of();
    }

    @Override
    public void loadState(Map<String, String> metadata) {}
}
