/*
 * Host emulation of the few CUDA C features our kernels use, for CudaStubJniTest: the kernels'
 * .cu sources are compiled by g++ with this header, and the stub libcuda's cuLaunchKernel runs them
 * on the CPU (one std::thread per CUDA thread, blocks one after another, __syncthreads a barrier).
 * This checks the kernels' index arithmetic and the backend's launch arguments against CpuBackend
 * without a GPU. It does not check nvcc's code generation (KernelPtxTest and a GPU do).
 */
#pragma once
#include <cmath>
#include <math.h>
#include <barrier>

struct dim3 { unsigned x = 1, y = 1, z = 1; };
extern thread_local dim3 threadIdx, blockIdx;
extern dim3 blockDim, gridDim;
extern thread_local std::barrier<>* emu_block_barrier;
extern float emu_shared[];

#define __global__
#define __device__
#define __shared__ static                              /* blocks run one at a time */
#define __syncthreads() emu_block_barrier->arrive_and_wait()
/* The kernels' dynamic shared array, "extern __shared__ float scratch[];", cannot be spelled in C++
   (extern static): the test rewrites that line to "float* scratch = emu_shared;" before compiling. */
