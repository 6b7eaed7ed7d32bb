/*
 * A stub libcuda.so.1 (the NVIDIA driver API) for the JNI plumbing test (CudaStubJniTest): every
 * function the CUDA backend calls returns success. "Device memory" is host memory, so copies really
 * copy, and kernel launches run the real kernels on the host (cuda_emu.cpp, loaded from
 * $HNE_KERNEL_EMU), so results can be checked by value after the arguments crossed
 * Java -> JCuda's JNI -> here. Build:
 *   gcc -shared -fPIC -Wl,-soname,libcuda.so.1 -o libcuda.so.1 stub_cuda.c -ldl
 */
#include <stdint.h>
#include <string.h>
#include <dlfcn.h>
#include "stub_log.h"

typedef int CUresult;
typedef unsigned long long CUdeviceptr;

CUresult cuInit(unsigned flags) { stub_log("cuInit %u", flags); return 0; }
CUresult cuDriverGetVersion(int *v) { *v = 12040; return 0; }
CUresult cuDeviceGetCount(int *n) { *n = 1; return 0; }
CUresult cuDeviceGet(int *d, int ordinal) { *d = ordinal; stub_log("cuDeviceGet %d", ordinal); return 0; }
CUresult cuDeviceGetName(char *name, int len, int d) { strncpy(name, "Stub GPU", len); return 0; }
CUresult cuDeviceTotalMem_v2(size_t *bytes, int d) { *bytes = (size_t)8 << 30; return 0; }
CUresult cuDeviceGetAttribute(int *v, int attribute, int d) { *v = attribute == 75 ? 7 : 5; return 0; }
CUresult cuDevicePrimaryCtxRetain(void **ctx, int d) { *ctx = (void *)0xC0; stub_log("cuDevicePrimaryCtxRetain %d", d); return 0; }
CUresult cuCtxSetCurrent(void *ctx) { stub_log("cuCtxSetCurrent %p", ctx); return 0; }
CUresult cuStreamCreate(void **s, unsigned flags) { *s = (void *)0x57; stub_log("cuStreamCreate flags=%u", flags); return 0; }
/* Calls that make the host wait for the device are logged with a "SYNC " prefix, so the test can
   count them per training step (CudaStubJniTest). */
CUresult cuStreamSynchronize(void *s) { stub_log("SYNC cuStreamSynchronize"); return 0; }
CUresult cuCtxSynchronize(void) { stub_log("SYNC cuCtxSynchronize"); return 0; }
CUresult cuEventCreate(void **e, unsigned flags) { *e = calloc(1, 1); return 0; }
CUresult cuEventRecord(void *e, void *s) { return 0; }
CUresult cuEventQuery(void *e) { return 0; }   /* work on the stub "device" is done when queued */
CUresult cuEventSynchronize(void *e) { stub_log("SYNC cuEventSynchronize"); return 0; }
CUresult cuMemAllocHost_v2(void **p, size_t bytes) { *p = malloc(bytes); stub_log("cuMemAllocHost %zu", bytes); return 0; }
CUresult cuMemFreeHost(void *p) { free(p); stub_log("SYNC cuMemFreeHost"); return 0; }
CUresult cuGetErrorName(CUresult r, const char **s) { *s = "STUB_ERROR"; return 0; }
CUresult cuGetErrorString(CUresult r, const char **s) { *s = "stub error"; return 0; }

CUresult cuMemAlloc_v2(CUdeviceptr *p, size_t bytes) {
    *p = (CUdeviceptr)(uintptr_t)calloc(1, bytes);
    stub_log("cuMemAlloc %zu", bytes);
    return 0;
}
CUresult cuMemFree_v2(CUdeviceptr p) { free((void *)(uintptr_t)p); stub_log("SYNC cuMemFree"); return 0; }
CUresult cuMemsetD32Async(CUdeviceptr p, unsigned value, size_t n, void *s) {
    unsigned *d = (unsigned *)(uintptr_t)p;
    for (size_t i = 0; i < n; i++) d[i] = value;
    return 0;
}
CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, size_t bytes) {
    memcpy((void *)(uintptr_t)dst, src, bytes);
    stub_log("SYNC cuMemcpyHtoD %zu", bytes);
    return 0;
}
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t bytes, void *s) {
    memcpy((void *)(uintptr_t)dst, src, bytes);
    stub_log("cuMemcpyHtoDAsync %zu", bytes);
    return 0;
}
CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t bytes) {
    memcpy(dst, (void *)(uintptr_t)src, bytes);
    stub_log("SYNC cuMemcpyDtoH %zu", bytes);
    return 0;
}

CUresult cuModuleLoadData(void **module, const void *image) {
    *module = (void *)0x30;
    stub_log("cuModuleLoadData %zu bytes, starts %.12s", strlen((const char *)image), strstr((const char *)image, ".version"));
    return 0;
}
CUresult cuModuleGetFunction(void **f, void *module, const char *name) {
    *f = strdup(name);   /* the handle is the kernel's name, so a launch can say which kernel it is */
    return 0;
}

/* Kernels run on the host: libhne_kernel_emu.so (cuda_emu.cpp: the real .cu sources compiled by g++). */
typedef int (*EmuLaunch)(const char *, unsigned, unsigned, unsigned, unsigned, void **);

CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shared, void *stream, void **params, void **extra) {
    static EmuLaunch emu = NULL;
    const char *name = (const char *)f;
    stub_log("cuLaunchKernel %s grid=%u,%u,%u block=%u,%u,%u shared=%u", name, gx, gy, gz, bx, by, bz, shared);
    if (emu == NULL) {
        void *lib = dlopen(getenv("HNE_KERNEL_EMU"), RTLD_NOW);
        if (lib == NULL) { stub_log("no kernel emulation: %s", dlerror()); return 1; }
        emu = (EmuLaunch)dlsym(lib, "emu_launch");
    }
    return emu(name, gx, gy, bx, by, params) == 0 ? 0 : 500;   /* 500: CUDA_ERROR_NOT_FOUND */
}
