// Channel-group replication: the branch split of an HNE (paper Fig. 2).
//
// x(N, G*Cg, HW) holds G groups of Cg channels; out(N, 2G*Cg, HW) holds 2G groups, where parent
// group g is copied to child groups 2g and 2g+1. The backward sums the two children's gradients.
// CPU twin: CpuBackend.replicateGroups / replicateGroupsBackward. Versions: 1 (this one) is one
// thread per output element; it is a pure copy, so it runs at memory bandwidth once coalesced.
// Check: BackendOpsCudaParityTest (on a GPU), CudaStubJniTest (the source run on the host), KernelPtxTest (PTX).
#include "common.cuh"

// One thread per element of out. block = Cg*HW floats, one group of one image.
extern "C" __global__ void replicate_groups_f32(const float* x, float* out, int n, int groups, int block) {
    long long total = (long long)n * 2 * groups * block;      // elements of out
    FOR_EACH_INDEX(i, total) {
        long long offset = i % block;                          // position inside the group
        long long childGroup = (i / block) % (2 * groups);     // 0 .. 2G-1 within this image
        long long image = i / ((long long)block * 2 * groups);
        long long parentGroup = childGroup / 2;                // children 2g and 2g+1 share parent g
        out[i] = x[(image * groups + parentGroup) * block + offset];
    }
}

// One thread per element of dx: dx[g] = dy[2g] + dy[2g+1].
extern "C" __global__ void replicate_groups_backward_f32(const float* dy, float* dx, int n, int groups, int block) {
    long long total = (long long)n * groups * block;           // elements of dx
    FOR_EACH_INDEX(i, total) {
        long long offset = i % block;
        long long parentGroup = (i / block) % groups;
        long long image = i / ((long long)block * groups);
        long long left = (image * 2 * groups + 2 * parentGroup) * block + offset;
        dx[i] = dy[left] + dy[left + block];
    }
}
