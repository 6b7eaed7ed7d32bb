/*
 * A stub libcudnn.so.9 for CudaStubJniTest: records the descriptor values and algorithm choices the
 * backend passes, answers cudnnFind* with one algorithm (number 1, 256 bytes of workspace), and
 * fails cudnnSetConvolutionGroupCount(7) with CUDNN_STATUS_BAD_PARAM (cuDNN 9's code 2000) so the
 * error path through cudnnGetErrorString is exercised. Convolutions and batch norm are computed on
 * the host ("device" memory is host memory, see stub_cuda.c) with straight loops in double, as the
 * cuDNN documentation defines them, so a whole training step can run through the backend.
 *   gcc -shared -fPIC -Wl,-soname,libcudnn.so.9 -Wl,--version-script=libcudnn.map -o libcudnn.so.9 stub_cudnn.c -lm
 */
#include <math.h>
#include <stddef.h>
#include "stub_log.h"

typedef struct { int algo; int status; float time; size_t memory; int determinism; int mathType; int reserved[3]; } Perf;

size_t cudnnGetVersion(void) { return 90100; }
const char *cudnnGetErrorString(int status) { return status == 2000 ? "CUDNN_STATUS_BAD_PARAM (stub)" : "stub status"; }
int cudnnCreate(void **h) { *h = (void *)0xD0; stub_log("cudnnCreate"); return 0; }
int cudnnSetStream(void *h, void *stream) { stub_log("cudnnSetStream %p", stream); return 0; }
/* Every descriptor: a 4-d shape (tensor N,C,H,W or filter K,C,H,W) or a convolution's geometry. */
typedef struct { int n, c, h, w, padH, padW, strideH, strideW, groups; } Desc;
static int new_descriptor(void **d) { *d = calloc(1, sizeof(Desc)); ((Desc *)*d)->groups = 1; return 0; }
int cudnnCreateTensorDescriptor(void **d) { return new_descriptor(d); }
int cudnnCreateFilterDescriptor(void **d) { return new_descriptor(d); }
int cudnnCreateConvolutionDescriptor(void **d) { return new_descriptor(d); }
int cudnnSetTensor4dDescriptor(void *d, int format, int type, int n, int c, int h, int w) {
    stub_log("cudnnSetTensor4dDescriptor format=%d type=%d %d,%d,%d,%d", format, type, n, c, h, w);
    Desc *t = d; t->n = n; t->c = c; t->h = h; t->w = w;
    return 0;
}
int cudnnSetFilter4dDescriptor(void *d, int type, int format, int k, int c, int h, int w) {
    stub_log("cudnnSetFilter4dDescriptor type=%d format=%d %d,%d,%d,%d", type, format, k, c, h, w);
    Desc *t = d; t->n = k; t->c = c; t->h = h; t->w = w;
    return 0;
}
int cudnnSetConvolution2dDescriptor(void *d, int ph, int pw, int sh, int sw, int dh, int dw, int mode, int type) {
    stub_log("cudnnSetConvolution2dDescriptor pad=%d,%d stride=%d,%d dilation=%d,%d mode=%d type=%d", ph, pw, sh, sw, dh, dw, mode, type);
    Desc *t = d; t->padH = ph; t->padW = pw; t->strideH = sh; t->strideW = sw;
    return 0;
}
int cudnnSetConvolutionGroupCount(void *d, int groups) {
    stub_log("cudnnSetConvolutionGroupCount %d", groups);
    ((Desc *)d)->groups = groups;
    return groups == 7 ? 2000 : 0;
}
int cudnnSetConvolutionMathType(void *d, int math) { stub_log("cudnnSetConvolutionMathType %d", math); return 0; }

static int max_count(int *n) { *n = 3; return 0; }
int cudnnGetConvolutionForwardAlgorithmMaxCount(void *h, int *n) { return max_count(n); }
int cudnnGetConvolutionBackwardDataAlgorithmMaxCount(void *h, int *n) { return max_count(n); }
int cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(void *h, int *n) { return max_count(n); }

/* Find ranks algorithm 1 (256 bytes of workspace) before algorithm 0 (none). */
static int find(const char *pass, int requested, int *returned, Perf *perf) {
    stub_log("cudnnFind%s requested=%d", pass, requested);
    perf[0] = (Perf){.algo = 1, .status = 0, .time = 0.5f, .memory = 256, .determinism = 1, .mathType = 0};
    perf[1] = (Perf){.algo = 0, .status = 0, .time = 0.9f, .memory = 0, .determinism = 1, .mathType = 0};
    *returned = 2;
    return 0;
}
int cudnnFindConvolutionForwardAlgorithm(void *h, void *x, void *w, void *c, void *y, int req, int *ret, Perf *p) { return find("Forward", req, ret, p); }
int cudnnFindConvolutionBackwardDataAlgorithm(void *h, void *w, void *dy, void *c, void *dx, int req, int *ret, Perf *p) { return find("BackwardData", req, ret, p); }
int cudnnFindConvolutionBackwardFilterAlgorithm(void *h, void *x, void *dy, void *c, void *dw, int req, int *ret, Perf *p) { return find("BackwardFilter", req, ret, p); }

/* The workspace on the real descriptor: algorithm 1 does not support a batch of 3 (CUDNN_STATUS_NOT_SUPPORTED,
   3000), so the backend must fall through to algorithm 0 there; elsewhere it needs 256 bytes. */
static int workspace(const char *pass, const Desc *x, int algo, size_t *bytes) {
    stub_log("cudnnGet%sWorkspaceSize n=%d algo=%d", pass, x->n, algo);
    if (algo == 1 && x->n == 3) return 3000;
    *bytes = algo == 1 ? 256 : 0;
    return 0;
}
int cudnnGetConvolutionForwardWorkspaceSize(void *h, void *x, void *w, void *c, void *y, int algo, size_t *b) { return workspace("Forward", x, algo, b); }
int cudnnGetConvolutionBackwardDataWorkspaceSize(void *h, void *w, void *dy, void *c, void *dx, int algo, size_t *b) { return workspace("BackwardData", dx, algo, b); }
int cudnnGetConvolutionBackwardFilterWorkspaceSize(void *h, void *x, void *dy, void *c, void *dw, int algo, size_t *b) { return workspace("BackwardFilter", x, algo, b); }

/*
 * One loop nest serves the three passes: for every (image, output channel, output pixel, input
 * channel of its group, kernel tap) with the input pixel inside the image, visit() gets the flat
 * indices of x, w and y. Forward sums x*w into y, backward-data dy*w into dx, backward-filter dy*x into dw.
 */
enum Pass { FORWARD, BACKWARD_DATA, BACKWARD_FILTER };
static void convolve(enum Pass pass, const Desc *x, const Desc *f, const Desc *y, const Desc *c,
                     float *xs, float *ws, float *ys) {
    long xn = (long)x->n * x->c * x->h * x->w, wn = (long)f->n * f->c * f->h * f->w, yn = (long)y->n * y->c * y->h * y->w;
    double *acc = calloc(pass == FORWARD ? yn : pass == BACKWARD_DATA ? xn : wn, sizeof(double));
    int inPerGroup = x->c / c->groups, outPerGroup = y->c / c->groups;
    for (int n = 0; n < y->n; n++)
        for (int co = 0; co < y->c; co++)
            for (int oh = 0; oh < y->h; oh++)
                for (int ow = 0; ow < y->w; ow++)
                    for (int ci = 0; ci < inPerGroup; ci++)
                        for (int kh = 0; kh < f->h; kh++)
                            for (int kw = 0; kw < f->w; kw++) {
                                int ih = oh * c->strideH - c->padH + kh, iw = ow * c->strideW - c->padW + kw;
                                if (ih < 0 || ih >= x->h || iw < 0 || iw >= x->w) continue;
                                int channel = co / outPerGroup * inPerGroup + ci;
                                long xi = (((long)n * x->c + channel) * x->h + ih) * x->w + iw;
                                long wi = (((long)co * f->c + ci) * f->h + kh) * f->w + kw;
                                long yi = (((long)n * y->c + co) * y->h + oh) * y->w + ow;
                                if (pass == FORWARD) acc[yi] += (double)xs[xi] * ws[wi];
                                else if (pass == BACKWARD_DATA) acc[xi] += (double)ys[yi] * ws[wi];
                                else acc[wi] += (double)ys[yi] * xs[xi];
                            }
    float *out = pass == FORWARD ? ys : pass == BACKWARD_DATA ? xs : ws;
    long count = pass == FORWARD ? yn : pass == BACKWARD_DATA ? xn : wn;
    for (long i = 0; i < count; i++) out[i] = (float)acc[i];   /* alpha 1, beta 0: the backend's only use */
    free(acc);
}

int cudnnConvolutionForward(void *h, const float *alpha, void *xd, void *x, void *wd, void *w, void *cd, int algo,
                            void *ws, size_t wsBytes, const float *beta, void *yd, void *y) {
    stub_log("cudnnConvolutionForward algo=%d workspace=%zu alpha=%g beta=%g", algo, wsBytes, *alpha, *beta);
    convolve(FORWARD, xd, wd, yd, cd, x, w, y);
    return 0;
}
int cudnnConvolutionBackwardData(void *h, const float *alpha, void *wd, void *w, void *dyd, void *dy, void *cd, int algo,
                                 void *ws, size_t wsBytes, const float *beta, void *dxd, void *dx) {
    stub_log("cudnnConvolutionBackwardData algo=%d workspace=%zu", algo, wsBytes);
    convolve(BACKWARD_DATA, dxd, wd, dyd, cd, dx, w, dy);
    return 0;
}
int cudnnConvolutionBackwardFilter(void *h, const float *alpha, void *xd, void *x, void *dyd, void *dy, void *cd, int algo,
                                   void *ws, size_t wsBytes, const float *beta, void *dwd, void *dw) {
    stub_log("cudnnConvolutionBackwardFilter algo=%d workspace=%zu", algo, wsBytes);
    convolve(BACKWARD_FILTER, xd, dwd, dyd, cd, x, dw, dy);
    return 0;
}
int cudnnBatchNormalizationForwardTraining(void *h, int mode, const float *alpha, const float *beta, void *xd, void *x,
                                           void *yd, void *y, void *bnd, void *scale, void *bias, double factor,
                                           void *runMean, void *runVar, double eps, void *saveMean, void *saveInvVar) {
    stub_log("cudnnBatchNormalizationForwardTraining mode=%d factor=%g eps=%g", mode, factor, eps);
    const Desc *d = xd;
    long hw = (long)d->h * d->w, count = d->n * hw;
    float *in = x, *out = y, *g = scale, *b = bias, *rm = runMean, *rv = runVar, *sm = saveMean, *si = saveInvVar;
    for (int ch = 0; ch < d->c; ch++) {
        double sum = 0, sq = 0;
        for (int n = 0; n < d->n; n++) for (long i = 0; i < hw; i++) sum += in[(n * d->c + ch) * hw + i];
        double mean = sum / count;
        for (int n = 0; n < d->n; n++) for (long i = 0; i < hw; i++) {
            double v = in[(n * d->c + ch) * hw + i] - mean;
            sq += v * v;
        }
        double var = sq / count, invStd = 1 / sqrt(var + eps);
        for (int n = 0; n < d->n; n++) for (long i = 0; i < hw; i++) {
            long at = (n * d->c + ch) * hw + i;
            out[at] = (float)(g[ch] * (in[at] - mean) * invStd + b[ch]);
        }
        rm[ch] = (float)((1 - factor) * rm[ch] + factor * mean);
        rv[ch] = (float)((1 - factor) * rv[ch] + factor * (count > 1 ? sq / (count - 1) : var));   /* unbiased */
        sm[ch] = (float)mean;
        si[ch] = (float)invStd;   /* cuDNN's "saved inverse variance" is 1/sqrt(var + eps) */
    }
    return 0;
}
int cudnnBatchNormalizationForwardInference(void *h, int mode, const float *alpha, const float *beta, void *xd, void *x,
                                            void *yd, void *y, void *bnd, void *scale, void *bias, void *mean,
                                            void *var, double eps) {
    stub_log("cudnnBatchNormalizationForwardInference mode=%d eps=%g", mode, eps);
    const Desc *d = xd;
    long hw = (long)d->h * d->w;
    float *in = x, *out = y, *g = scale, *b = bias, *m = mean, *v = var;
    for (int n = 0; n < d->n; n++)
        for (int ch = 0; ch < d->c; ch++)
            for (long i = 0; i < hw; i++) {
                long at = (n * d->c + ch) * hw + i;
                out[at] = (float)(g[ch] * (in[at] - m[ch]) / sqrt(v[ch] + eps) + b[ch]);
            }
    return 0;
}
int cudnnBatchNormalizationBackward(void *h, int mode, const float *ad, const float *bd, const float *ap, const float *bp,
                                    void *xd, void *x, void *dyd, void *dy, void *dxd, void *dx, void *bnd, void *scale,
                                    void *dscale, void *dbias, double eps, void *mean, void *invVar) {
    stub_log("cudnnBatchNormalizationBackward mode=%d", mode);
    const Desc *d = xd;
    long hw = (long)d->h * d->w, count = d->n * hw;
    float *in = x, *g = dy, *out = dx, *gamma = scale, *dg = dscale, *db = dbias, *m = mean, *is = invVar;
    for (int ch = 0; ch < d->c; ch++) {
        double sumDy = 0, sumDyXhat = 0;
        for (int n = 0; n < d->n; n++) for (long i = 0; i < hw; i++) {
            long at = (n * d->c + ch) * hw + i;
            sumDy += g[at];
            sumDyXhat += g[at] * (in[at] - m[ch]) * is[ch];
        }
        dg[ch] = (float)sumDyXhat;
        db[ch] = (float)sumDy;
        for (int n = 0; n < d->n; n++) for (long i = 0; i < hw; i++) {
            long at = (n * d->c + ch) * hw + i;
            double xhat = (in[at] - m[ch]) * is[ch];
            out[at] = (float)(gamma[ch] * is[ch] * (g[at] - sumDy / count - xhat * sumDyXhat / count));
        }
    }
    return 0;
}
