// The fused SGD step, as PyTorch's torch.optim.SGD (dampening 0), one thread per parameter:
//   g = grad + weightDecay * param;  v = momentum * v + g;
//   step = nesterov ? g + momentum * v : v;  param -= lr * step
// One pass over memory instead of five separate elementwise kernels. CPU twin: CpuBackend.sgdUpdate.
#include "common.cuh"

extern "C" __global__ void sgd_update_f32(float* param, const float* grad, float* velocity, float lr, float momentum,
                                          float weightDecay, int nesterov, int n) {
    FOR_EACH_INDEX(i, n) {
        float g = grad[i] + weightDecay * param[i];
        float v = momentum * velocity[i] + g;
        velocity[i] = v;
        param[i] -= lr * (nesterov ? g + momentum * v : v);
    }
}
