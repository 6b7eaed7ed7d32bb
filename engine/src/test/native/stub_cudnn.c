/*
 * A stub libcudnn.so.9 for CudaStubJniTest: records the descriptor values and algorithm choices the
 * backend passes, answers cudnnFind* with one algorithm (number 1, 256 bytes of workspace), and
 * fails cudnnSetConvolutionGroupCount(7) with CUDNN_STATUS_BAD_PARAM (cuDNN 9's code 2000) so the
 * error path through cudnnGetErrorString is exercised.
 *   gcc -shared -fPIC -Wl,-soname,libcudnn.so.9 -Wl,--version-script=libcudnn.map -o libcudnn.so.9 stub_cudnn.c
 */
#include <stddef.h>
#include "stub_log.h"

typedef struct { int algo; int status; float time; size_t memory; int determinism; int mathType; int reserved[3]; } Perf;

size_t cudnnGetVersion(void) { return 90100; }
const char *cudnnGetErrorString(int status) { return status == 2000 ? "CUDNN_STATUS_BAD_PARAM (stub)" : "stub status"; }
int cudnnCreate(void **h) { *h = (void *)0xD0; stub_log("cudnnCreate"); return 0; }
int cudnnSetStream(void *h, void *stream) { stub_log("cudnnSetStream %p", stream); return 0; }
static int new_descriptor(void **d) { *d = malloc(8); return 0; }
int cudnnCreateTensorDescriptor(void **d) { return new_descriptor(d); }
int cudnnCreateFilterDescriptor(void **d) { return new_descriptor(d); }
int cudnnCreateConvolutionDescriptor(void **d) { return new_descriptor(d); }
int cudnnSetTensor4dDescriptor(void *d, int format, int type, int n, int c, int h, int w) {
    stub_log("cudnnSetTensor4dDescriptor format=%d type=%d %d,%d,%d,%d", format, type, n, c, h, w);
    return 0;
}
int cudnnSetFilter4dDescriptor(void *d, int type, int format, int k, int c, int h, int w) {
    stub_log("cudnnSetFilter4dDescriptor type=%d format=%d %d,%d,%d,%d", type, format, k, c, h, w);
    return 0;
}
int cudnnSetConvolution2dDescriptor(void *d, int ph, int pw, int sh, int sw, int dh, int dw, int mode, int type) {
    stub_log("cudnnSetConvolution2dDescriptor pad=%d,%d stride=%d,%d dilation=%d,%d mode=%d type=%d", ph, pw, sh, sw, dh, dw, mode, type);
    return 0;
}
int cudnnSetConvolutionGroupCount(void *d, int groups) {
    stub_log("cudnnSetConvolutionGroupCount %d", groups);
    return groups == 7 ? 2000 : 0;
}
int cudnnSetConvolutionMathType(void *d, int math) { stub_log("cudnnSetConvolutionMathType %d", math); return 0; }

static int max_count(int *n) { *n = 3; return 0; }
int cudnnGetConvolutionForwardAlgorithmMaxCount(void *h, int *n) { return max_count(n); }
int cudnnGetConvolutionBackwardDataAlgorithmMaxCount(void *h, int *n) { return max_count(n); }
int cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(void *h, int *n) { return max_count(n); }

static int find(const char *pass, int requested, int *returned, Perf *perf) {
    stub_log("cudnnFind%s requested=%d", pass, requested);
    perf[0] = (Perf){.algo = 1, .status = 0, .time = 0.5f, .memory = 256, .determinism = 1, .mathType = 0};
    *returned = 1;
    return 0;
}
int cudnnFindConvolutionForwardAlgorithm(void *h, void *x, void *w, void *c, void *y, int req, int *ret, Perf *p) { return find("Forward", req, ret, p); }
int cudnnFindConvolutionBackwardDataAlgorithm(void *h, void *w, void *dy, void *c, void *dx, int req, int *ret, Perf *p) { return find("BackwardData", req, ret, p); }
int cudnnFindConvolutionBackwardFilterAlgorithm(void *h, void *x, void *dy, void *c, void *dw, int req, int *ret, Perf *p) { return find("BackwardFilter", req, ret, p); }

int cudnnConvolutionForward(void *h, const float *alpha, void *xd, void *x, void *wd, void *w, void *cd, int algo,
                            void *ws, size_t wsBytes, const float *beta, void *yd, void *y) {
    stub_log("cudnnConvolutionForward algo=%d workspace=%zu alpha=%g beta=%g", algo, wsBytes, *alpha, *beta);
    return 0;
}
int cudnnConvolutionBackwardData(void *h, const float *alpha, void *wd, void *w, void *dyd, void *dy, void *cd, int algo,
                                 void *ws, size_t wsBytes, const float *beta, void *dxd, void *dx) {
    stub_log("cudnnConvolutionBackwardData algo=%d workspace=%zu", algo, wsBytes);
    return 0;
}
int cudnnConvolutionBackwardFilter(void *h, const float *alpha, void *xd, void *x, void *dyd, void *dy, void *cd, int algo,
                                   void *ws, size_t wsBytes, const float *beta, void *dwd, void *dw) {
    stub_log("cudnnConvolutionBackwardFilter algo=%d workspace=%zu", algo, wsBytes);
    return 0;
}
int cudnnBatchNormalizationForwardTraining(void *h, int mode, const float *alpha, const float *beta, void *xd, void *x,
                                           void *yd, void *y, void *bnd, void *scale, void *bias, double factor,
                                           void *runMean, void *runVar, double eps, void *saveMean, void *saveInvVar) {
    stub_log("cudnnBatchNormalizationForwardTraining mode=%d factor=%g eps=%g", mode, factor, eps);
    return 0;
}
int cudnnBatchNormalizationForwardInference(void *h, int mode, const float *alpha, const float *beta, void *xd, void *x,
                                            void *yd, void *y, void *bnd, void *scale, void *bias, void *mean,
                                            void *var, double eps) {
    stub_log("cudnnBatchNormalizationForwardInference mode=%d eps=%g", mode, eps);
    return 0;
}
int cudnnBatchNormalizationBackward(void *h, int mode, const float *ad, const float *bd, const float *ap, const float *bp,
                                    void *xd, void *x, void *dyd, void *dy, void *dxd, void *dx, void *bnd, void *scale,
                                    void *dscale, void *dbias, double eps, void *mean, void *invVar) {
    stub_log("cudnnBatchNormalizationBackward mode=%d", mode);
    return 0;
}
