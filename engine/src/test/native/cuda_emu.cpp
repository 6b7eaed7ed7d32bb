/*
 * libhne_kernel_emu.so: every kernel of kernels/src/main/cuda compiled for the host (see cuda_emu.h),
 * and emu_launch(name, grid, block, params), called by the stub cuLaunchKernel. Built by the test:
 *   g++ -std=c++20 -shared -fPIC -pthread -I<kernels>/src/main/cuda -o libhne_kernel_emu.so cuda_emu.cpp
 */
#include "cuda_emu.h"
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

thread_local dim3 threadIdx, blockIdx;
dim3 blockDim, gridDim;
thread_local std::barrier<>* emu_block_barrier;
float emu_shared[48 * 1024 / sizeof(float)];

#include "groups.cu"
#include "elementwise.cu"
#include "reduce.cu"
#include "pool.cu"
#include "softmax.cu"
#include "channels.cu"
#include "optim.cu"
#include "gemm.cu"

// Calls f with its arguments read from CUDA's kernelParams array (params[i] points at argument i).
template <typename... A, std::size_t... I>
static void call(void (*f)(A...), void** params, std::index_sequence<I...>) {
    f(*static_cast<A*>(params[I])...);
}
template <typename... A>
static void call(void (*f)(A...), void** params) {
    call(f, params, std::index_sequence_for<A...>{});
}

using Launcher = void (*)(void**);
#define K(name) {#name, [](void** p) { call(name, p); }}
static const std::map<std::string, Launcher> KERNELS = {
    K(gather_groups_f32), K(gather_groups_backward_f32),
    K(relu_f32), K(relu6_f32), K(neg_f32), K(exp_f32), K(log_f32),
    K(add_f32), K(sub_f32), K(mul_f32), K(relu_backward_f32), K(relu6_backward_f32), K(add_relu_f32),
    K(scale_f32), K(axpy_f32), K(fill_f32),
    K(add_bias_f32), K(sum_middle_f32), K(global_avg_pool_f32), K(global_avg_pool_backward_f32),
    K(softmax_f32), K(softmax_backward_f32), K(copy_channels_f32), K(gather_rows_f32), K(sgd_update_f32), K(gemm_f32),
};

// Kernels that call __syncthreads need their block's threads to run concurrently; the others are
// run one thread after another, which is much faster.
static const std::set<std::string> SYNCHRONIZING = {
    "sum_middle_f32", "global_avg_pool_f32", "softmax_f32", "softmax_backward_f32", "gemm_f32"};

extern "C" int emu_launch(const char* name, unsigned gx, unsigned gy, unsigned bx, unsigned by, void** params) {
    auto it = KERNELS.find(name);
    if (it == KERNELS.end()) return 1;
    gridDim = {gx, gy, 1};
    blockDim = {bx, by, 1};
    if (!SYNCHRONIZING.count(name)) {
        for (unsigned y = 0; y < gy; y++)
            for (unsigned x = 0; x < gx; x++)
                for (unsigned ty = 0; ty < by; ty++)
                    for (unsigned tx = 0; tx < bx; tx++) {
                        blockIdx = {x, y, 1};
                        threadIdx = {tx, ty, 1};
                        it->second(params);
                    }
        return 0;
    }
    // One OS thread per CUDA thread of a block; together they walk the blocks in order, meeting at
    // a barrier after each block so that its shared memory is free for the next.
    std::barrier<> barrier(bx * by);
    std::vector<std::thread> threads;
    for (unsigned ty = 0; ty < by; ty++) {
        for (unsigned tx = 0; tx < bx; tx++) {
            threads.emplace_back([&, tx, ty] {
                emu_block_barrier = &barrier;
                threadIdx = {tx, ty, 1};
                for (unsigned y = 0; y < gy; y++) {
                    for (unsigned x = 0; x < gx; x++) {
                        blockIdx = {x, y, 1};
                        it->second(params);
                        barrier.arrive_and_wait();
                    }
                }
            });
        }
    }
    for (auto& t : threads) t.join();
    return 0;
}
