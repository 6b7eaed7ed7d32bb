package dev.hne.engine.backend;

import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise functions of one input. Each constant carries its scalar definition, which the CPU
 * backend uses directly and the tests use as ground truth; {@code cudaRoot} names the kernel.
 */
public enum UnaryOp {
    RELU("relu", x -> Math.max(x, 0)),
    RELU6("relu6", x -> Math.min(Math.max(x, 0), 6)),
    NEG("neg", x -> -x),
    EXP("exp", Math::exp),
    LOG("log", Math::log);

    public final String cudaRoot;
    public final DoubleUnaryOperator scalar;

    UnaryOp(String cudaRoot, DoubleUnaryOperator scalar) {
        this.cudaRoot = cudaRoot;
        this.scalar = scalar;
    }
}
