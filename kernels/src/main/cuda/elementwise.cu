// Elementwise kernels: one thread per element (grid-stride). Names are <UnaryOp/BinaryOp cudaRoot>_f32
// (engine/.../backend/UnaryOp.java, BinaryOp.java), so an enum constant finds its kernel by name.
// CPU twin: CpuBackend.unary / binary / scale / axpy / fill. out may alias an input.
// Check: BackendOpsCudaParityTest (GPU), CudaStubJniTest (host), KernelPtxTest (every enum constant has an entry; PTX valid).
#include "common.cuh"

#define UNARY(name, expr) \
    extern "C" __global__ void name##_f32(const float* x, float* out, int n) { \
        FOR_EACH_INDEX(i, n) { float v = x[i]; out[i] = (expr); } \
    }

UNARY(relu, fmaxf(v, 0.0f))
UNARY(relu6, fminf(fmaxf(v, 0.0f), 6.0f))
UNARY(neg, -v)
UNARY(exp, expf(v))
UNARY(log, logf(v))

// a is the first operand; for the *_backward ops a is the incoming gradient and b the activation's input.
#define BINARY(name, expr) \
    extern "C" __global__ void name##_f32(const float* a, const float* b, float* out, int n) { \
        FOR_EACH_INDEX(i, n) { float p = a[i], q = b[i]; out[i] = (expr); } \
    }

BINARY(add, p + q)
BINARY(sub, p - q)
BINARY(mul, p * q)
BINARY(relu_backward, q > 0.0f ? p : 0.0f)
BINARY(relu6_backward, (q > 0.0f && q < 6.0f) ? p : 0.0f)
// Fused residual epilogue of a ResNet layer: relu(a + b) in one pass over memory instead of two.
BINARY(add_relu, fmaxf(p + q, 0.0f))

// out = alpha * x
extern "C" __global__ void scale_f32(const float* x, float alpha, float* out, int n) {
    FOR_EACH_INDEX(i, n) out[i] = alpha * x[i];
}

// y += alpha * x
extern "C" __global__ void axpy_f32(float alpha, const float* x, float* y, int n) {
    FOR_EACH_INDEX(i, n) y[i] += alpha * x[i];
}

extern "C" __global__ void fill_f32(float* out, float value, int n) {
    FOR_EACH_INDEX(i, n) out[i] = value;
}
