// Channel-group gather with repetition: the branch split of an HNE (paper Fig. 2).
//
// x(N, G*Cg, HW) holds G groups of Cg channels; out(N, K*Cg, HW) holds K groups, group i a copy of
// x's group index[i] (a parent copied once per child; groups no index names are left out). The
// backward adds, for each input group, the gradients of the output groups it was copied to.
// CPU twin: CpuBackend.gatherGroups / gatherGroupsBackward; the order of the additions is
// dev.hne.engine.backend.GroupSums's. Versions: 1 was replicate.cu (every group to 2g and 2g+1, no
// index); 2 (this one) takes the index, so a split is one launch whatever nodes it computes.
// Both are one thread per output element: pure copies, at memory bandwidth once coalesced.
// Check: BackendOpsCudaParityTest (on a GPU), CudaStubJniTest (the source run on the host), KernelPtxTest (PTX).
#include "common.cuh"

// One thread per element of out. block = Cg*HW floats, one group of one image.
extern "C" __global__ void gather_groups_f32(const float* x, const int* index, float* out, int n, int groups,
                                             int k, int block) {
    long long total = (long long)n * k * block;                // elements of out
    FOR_EACH_INDEX(i, total) {
        long long offset = i % block;                          // position inside the group
        long long outGroup = (i / block) % k;                  // 0 .. K-1 within this image
        long long image = i / ((long long)block * k);
        out[i] = x[(image * groups + index[outGroup]) * block + offset];
    }
}

// One thread per element of dx: dx[g] = the sum of dy[i] over i with index[i] == g, zero if none.
// The sum runs on a binary-counter stack: after the c-th term, pairs are merged while c is even, and
// what is left is added from the top down. For 2^m terms that is the balanced tree of m doublings,
// (d0 + d1) + (d2 + d3); GroupSums describes the same order recursively for the CPU.
extern "C" __global__ void gather_groups_backward_f32(const float* dy, const int* index, float* dx, int n,
                                                      int groups, int k, int block) {
    long long total = (long long)n * groups * block;           // elements of dx
    FOR_EACH_INDEX(i, total) {
        long long offset = i % block;
        int group = (int)((i / block) % groups);
        long long image = i / ((long long)block * groups);
        const float* dyImage = dy + image * k * block + offset;
        float stack[32];                                       // depth <= log2(K) + 1
        int depth = 0;
        unsigned count = 0;
        for (int j = 0; j < k; j++) {
            if (index[j] != group) continue;
            stack[depth++] = dyImage[(long long)j * block];
            for (unsigned c = ++count; (c & 1u) == 0; c >>= 1) {   // merge equal-sized neighbours
                depth--;
                stack[depth - 1] = stack[depth - 1] + stack[depth];
            }
        }
        float sum = depth == 0 ? 0.0f : stack[depth - 1];
        for (int d = depth - 2; d >= 0; d--) sum = stack[d] + sum;
        dx[i] = sum;
    }
}
