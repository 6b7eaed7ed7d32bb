// Channel copies: channels [srcStart, srcStart+count) of src(N, srcChannels, HW) go to channels
// [dstStart, dstStart+count) of dst(N, dstChannels, HW), overwriting or adding. Concatenation and
// slicing are built from this. CPU twin: CpuBackend.copyChannels. One thread per copied element.
#include "common.cuh"

extern "C" __global__ void copy_channels_f32(const float* src, int srcChannels, int srcStart, float* dst,
                                             int dstChannels, int dstStart, int count, int n, int hw,
                                             int accumulate) {
    long long block = (long long)count * hw;         // copied elements per image
    long long total = (long long)n * block;
    FOR_EACH_INDEX(i, total) {
        long long image = i / block, offset = i % block;
        long long from = (image * srcChannels + srcStart) * hw + offset;
        long long to = (image * dstChannels + dstStart) * hw + offset;
        if (accumulate) dst[to] += src[from]; else dst[to] = src[from];
    }
}

// Row gather along the batch axis: out(count, rowSize) row r = x row rows[r] (rows on the device,
// any order, repeats allowed). Adaptive evaluation shrinks its batch with this in ONE launch, where
// copy_channels needs one launch per run of consecutive rows. CPU twin: Rows.gather's copies.
extern "C" __global__ void gather_rows_f32(const float* x, const int* rows, float* out, int count, int rowSize) {
    long long total = (long long)count * rowSize;
    FOR_EACH_INDEX(i, total) {
        long long r = i / rowSize, offset = i % rowSize;
        out[i] = x[(long long)rows[r] * rowSize + offset];
    }
}
