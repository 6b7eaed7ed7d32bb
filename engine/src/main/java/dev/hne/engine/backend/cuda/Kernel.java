package dev.hne.engine.backend.cuda;

import dev.hne.engine.backend.BinaryOp;
import dev.hne.engine.backend.UnaryOp;

/**
 * Every custom kernel the backend launches: the PTX family (file) it lives in and its symbol. The
 * unary and binary elementwise kernels are named after their enum constant instead
 * ({@link #unarySymbol}, {@link #binarySymbol}); this is the one place names are built from enums.
 */
enum Kernel {
    GATHER_GROUPS("groups", "gather_groups_f32"),
    GATHER_GROUPS_BACKWARD("groups", "gather_groups_backward_f32"),
    SCALE("elementwise", "scale_f32"),
    AXPY("elementwise", "axpy_f32"),
    FILL("elementwise", "fill_f32"),
    ADD_RELU("elementwise", "add_relu_f32"),
    ADD_BIAS("reduce", "add_bias_f32"),
    SUM_MIDDLE("reduce", "sum_middle_f32"),
    GLOBAL_AVG_POOL("pool", "global_avg_pool_f32"),
    GLOBAL_AVG_POOL_BACKWARD("pool", "global_avg_pool_backward_f32"),
    SOFTMAX("softmax", "softmax_f32"),
    SOFTMAX_BACKWARD("softmax", "softmax_backward_f32"),
    COPY_CHANNELS("channels", "copy_channels_f32"),
    GATHER_ROWS("channels", "gather_rows_f32"),
    SGD_UPDATE("optim", "sgd_update_f32"),
    GEMM("gemm", "gemm_f32");

    static final String ELEMENTWISE = "elementwise";

    final String family;
    final String symbol;

    Kernel(String family, String symbol) {
        this.family = family;
        this.symbol = symbol;
    }

    static String unarySymbol(UnaryOp op) {
        return op.cudaRoot + "_f32";
    }

    static String binarySymbol(BinaryOp op) {
        return op.cudaRoot + "_f32";
    }
}
