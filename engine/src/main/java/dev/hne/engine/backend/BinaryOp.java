package dev.hne.engine.backend;

import java.util.function.DoubleBinaryOperator;

/**
 * Elementwise functions of two same-shaped inputs (a, b). The *_BACKWARD constants are the
 * activation derivatives: a is the incoming gradient, b the activation's input.
 */
public enum BinaryOp {
    ADD("add", (a, b) -> a + b),
    SUB("sub", (a, b) -> a - b),
    MUL("mul", (a, b) -> a * b),
    RELU_BACKWARD("relu_backward", (g, x) -> x > 0 ? g : 0),
    RELU6_BACKWARD("relu6_backward", (g, x) -> x > 0 && x < 6 ? g : 0);

    public final String cudaRoot;
    public final DoubleBinaryOperator scalar;

    BinaryOp(String cudaRoot, DoubleBinaryOperator scalar) {
        this.cudaRoot = cudaRoot;
        this.scalar = scalar;
    }
}
