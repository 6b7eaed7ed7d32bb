package dev.hne.engine.backend.cpu;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import jdk.incubator.vector.VectorOperators;
class V {
 static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED; static final int LANES=S.length(), NR=2*LANES;
    static void wideB64(int kc, float[] a, int aOff, int lda, float[] b, int bOff,
                                  float[] c, int cOff, int ldc, float[] scale, float[] shift, int rowOff,
                                  float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * 2 * NR, bo2 = bo + NR, ao = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector b2 = FloatVector.fromArray(S, b, bo2);
            FloatVector b3 = FloatVector.fromArray(S, b, bo2 + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        FloatVector sc, sh;
        sc = FloatVector.broadcast(S, scale[rowOff + 0]);
        sh = FloatVector.broadcast(S, shift[rowOff + 0]);
        c00.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 0 * ldc);
        c01.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 0 * ldc + 1 * LANES);
        c02.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 0 * ldc + 2 * LANES);
        c03.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 0 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 1]);
        sh = FloatVector.broadcast(S, shift[rowOff + 1]);
        c10.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 1 * ldc);
        c11.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 1 * ldc + 1 * LANES);
        c12.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 1 * ldc + 2 * LANES);
        c13.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 1 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 2]);
        sh = FloatVector.broadcast(S, shift[rowOff + 2]);
        c20.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 2 * ldc);
        c21.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 2 * ldc + 1 * LANES);
        c22.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 2 * ldc + 2 * LANES);
        c23.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 2 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 3]);
        sh = FloatVector.broadcast(S, shift[rowOff + 3]);
        c30.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 3 * ldc);
        c31.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 3 * ldc + 1 * LANES);
        c32.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 3 * ldc + 2 * LANES);
        c33.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 3 * ldc + 3 * LANES);
    }

    static void wideAP(int kc, float[] a, int aOff, int lda, float[] b, int bOff,
                                  float[] c, int cOff, int ldc, float[] scale, float[] shift, int rowOff,
                                  float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * 2 * NR, bo2 = bo + NR, ao = aOff + 4 * p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector b2 = FloatVector.fromArray(S, b, bo2);
            FloatVector b3 = FloatVector.fromArray(S, b, bo2 + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, a[ao + 1]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, a[ao + 2]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, a[ao + 3]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        FloatVector sc, sh;
        sc = FloatVector.broadcast(S, scale[rowOff + 0]);
        sh = FloatVector.broadcast(S, shift[rowOff + 0]);
        c00.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 0 * ldc);
        c01.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 0 * ldc + 1 * LANES);
        c02.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 0 * ldc + 2 * LANES);
        c03.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 0 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 1]);
        sh = FloatVector.broadcast(S, shift[rowOff + 1]);
        c10.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 1 * ldc);
        c11.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 1 * ldc + 1 * LANES);
        c12.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 1 * ldc + 2 * LANES);
        c13.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 1 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 2]);
        sh = FloatVector.broadcast(S, shift[rowOff + 2]);
        c20.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 2 * ldc);
        c21.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 2 * ldc + 1 * LANES);
        c22.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 2 * ldc + 2 * LANES);
        c23.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 2 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 3]);
        sh = FloatVector.broadcast(S, shift[rowOff + 3]);
        c30.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 3 * ldc);
        c31.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 3 * ldc + 1 * LANES);
        c32.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 3 * ldc + 2 * LANES);
        c33.fma(sc, sh).max(lo).min(hi).intoArray(c, cOff + 3 * ldc + 3 * LANES);
    }

    static void wideClamp(int kc, float[] a, int aOff, int lda, float[] b, int bOff,
                                  float[] c, int cOff, int ldc, float[] scale, float[] shift, int rowOff,
                                  float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * NR, bo2 = bo + kc * NR, ao = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector b2 = FloatVector.fromArray(S, b, bo2);
            FloatVector b3 = FloatVector.fromArray(S, b, bo2 + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        FloatVector sc, sh, lov = FloatVector.broadcast(S, lo), hiv = FloatVector.broadcast(S, hi);
        sc = FloatVector.broadcast(S, scale[rowOff + 0]);
        sh = FloatVector.broadcast(S, shift[rowOff + 0]);
        clamp(c00.fma(sc, sh), lov, hiv).intoArray(c, cOff + 0 * ldc);
        clamp(c01.fma(sc, sh), lov, hiv).intoArray(c, cOff + 0 * ldc + 1 * LANES);
        clamp(c02.fma(sc, sh), lov, hiv).intoArray(c, cOff + 0 * ldc + 2 * LANES);
        clamp(c03.fma(sc, sh), lov, hiv).intoArray(c, cOff + 0 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 1]);
        sh = FloatVector.broadcast(S, shift[rowOff + 1]);
        clamp(c10.fma(sc, sh), lov, hiv).intoArray(c, cOff + 1 * ldc);
        clamp(c11.fma(sc, sh), lov, hiv).intoArray(c, cOff + 1 * ldc + 1 * LANES);
        clamp(c12.fma(sc, sh), lov, hiv).intoArray(c, cOff + 1 * ldc + 2 * LANES);
        clamp(c13.fma(sc, sh), lov, hiv).intoArray(c, cOff + 1 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 2]);
        sh = FloatVector.broadcast(S, shift[rowOff + 2]);
        clamp(c20.fma(sc, sh), lov, hiv).intoArray(c, cOff + 2 * ldc);
        clamp(c21.fma(sc, sh), lov, hiv).intoArray(c, cOff + 2 * ldc + 1 * LANES);
        clamp(c22.fma(sc, sh), lov, hiv).intoArray(c, cOff + 2 * ldc + 2 * LANES);
        clamp(c23.fma(sc, sh), lov, hiv).intoArray(c, cOff + 2 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 3]);
        sh = FloatVector.broadcast(S, shift[rowOff + 3]);
        clamp(c30.fma(sc, sh), lov, hiv).intoArray(c, cOff + 3 * ldc);
        clamp(c31.fma(sc, sh), lov, hiv).intoArray(c, cOff + 3 * ldc + 1 * LANES);
        clamp(c32.fma(sc, sh), lov, hiv).intoArray(c, cOff + 3 * ldc + 2 * LANES);
        clamp(c33.fma(sc, sh), lov, hiv).intoArray(c, cOff + 3 * ldc + 3 * LANES);
    }


    static FloatVector clamp(FloatVector v, FloatVector lo, FloatVector hi) {
        FloatVector up = v.blend(lo, v.compare(jdk.incubator.vector.VectorOperators.LE, lo));
        return up.blend(hi, up.compare(jdk.incubator.vector.VectorOperators.GT, hi));
    }
    static void wideInline(int kc, float[] a, int aOff, int lda, float[] b, int bOff,
                                  float[] c, int cOff, int ldc, float[] scale, float[] shift, int rowOff,
                                  float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * NR, bo2 = bo + kc * NR, ao = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector b2 = FloatVector.fromArray(S, b, bo2);
            FloatVector b3 = FloatVector.fromArray(S, b, bo2 + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        FloatVector y, sc, sh, lov = FloatVector.broadcast(S, lo), hiv = FloatVector.broadcast(S, hi);
        sc = FloatVector.broadcast(S, scale[rowOff + 0]);
        sh = FloatVector.broadcast(S, shift[rowOff + 0]);
        y = c00.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 0 * ldc);
        y = c01.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 0 * ldc + 1 * LANES);
        y = c02.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 0 * ldc + 2 * LANES);
        y = c03.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 0 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 1]);
        sh = FloatVector.broadcast(S, shift[rowOff + 1]);
        y = c10.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 1 * ldc);
        y = c11.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 1 * ldc + 1 * LANES);
        y = c12.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 1 * ldc + 2 * LANES);
        y = c13.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 1 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 2]);
        sh = FloatVector.broadcast(S, shift[rowOff + 2]);
        y = c20.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 2 * ldc);
        y = c21.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 2 * ldc + 1 * LANES);
        y = c22.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 2 * ldc + 2 * LANES);
        y = c23.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 2 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 3]);
        sh = FloatVector.broadcast(S, shift[rowOff + 3]);
        y = c30.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 3 * ldc);
        y = c31.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 3 * ldc + 1 * LANES);
        y = c32.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 3 * ldc + 2 * LANES);
        y = c33.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 3 * ldc + 3 * LANES);
    }


    static void wideUnroll(int kc, float[] a, int aOff, int lda, float[] b, int bOff,
                                  float[] c, int cOff, int ldc, float[] scale, float[] shift, int rowOff,
                                  float lo, float hi) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        int p = 0;
        for (; p + 1 < kc; p += 2) {
            int bo = bOff + (p + 0) * NR, bo2 = bo + kc * NR, ao = aOff + p + 0;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector b2 = FloatVector.fromArray(S, b, bo2);
            FloatVector b3 = FloatVector.fromArray(S, b, bo2 + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
            bo = bOff + (p + 1) * NR;
            bo2 = bo + kc * NR;
            ao = aOff + p + 1;
            b0 = FloatVector.fromArray(S, b, bo);
            b1 = FloatVector.fromArray(S, b, bo + LANES);
            b2 = FloatVector.fromArray(S, b, bo2);
            b3 = FloatVector.fromArray(S, b, bo2 + LANES);
                        v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        for (; p < kc; p++) {
            int bo = bOff + p * NR, bo2 = bo + kc * NR, ao = aOff + p;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            FloatVector b2 = FloatVector.fromArray(S, b, bo2);
            FloatVector b3 = FloatVector.fromArray(S, b, bo2 + LANES);
            FloatVector v;
            v = FloatVector.broadcast(S, a[ao + 0 * lda]);
            c00 = v.fma(b0, c00);
            c01 = v.fma(b1, c01);
            c02 = v.fma(b2, c02);
            c03 = v.fma(b3, c03);
            v = FloatVector.broadcast(S, a[ao + 1 * lda]);
            c10 = v.fma(b0, c10);
            c11 = v.fma(b1, c11);
            c12 = v.fma(b2, c12);
            c13 = v.fma(b3, c13);
            v = FloatVector.broadcast(S, a[ao + 2 * lda]);
            c20 = v.fma(b0, c20);
            c21 = v.fma(b1, c21);
            c22 = v.fma(b2, c22);
            c23 = v.fma(b3, c23);
            v = FloatVector.broadcast(S, a[ao + 3 * lda]);
            c30 = v.fma(b0, c30);
            c31 = v.fma(b1, c31);
            c32 = v.fma(b2, c32);
            c33 = v.fma(b3, c33);
        }
        FloatVector y, sc, sh, lov = FloatVector.broadcast(S, lo), hiv = FloatVector.broadcast(S, hi);
        sc = FloatVector.broadcast(S, scale[rowOff + 0]);
        sh = FloatVector.broadcast(S, shift[rowOff + 0]);
        y = c00.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 0 * ldc);
        y = c01.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 0 * ldc + 1 * LANES);
        y = c02.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 0 * ldc + 2 * LANES);
        y = c03.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 0 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 1]);
        sh = FloatVector.broadcast(S, shift[rowOff + 1]);
        y = c10.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 1 * ldc);
        y = c11.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 1 * ldc + 1 * LANES);
        y = c12.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 1 * ldc + 2 * LANES);
        y = c13.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 1 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 2]);
        sh = FloatVector.broadcast(S, shift[rowOff + 2]);
        y = c20.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 2 * ldc);
        y = c21.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 2 * ldc + 1 * LANES);
        y = c22.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 2 * ldc + 2 * LANES);
        y = c23.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 2 * ldc + 3 * LANES);
        sc = FloatVector.broadcast(S, scale[rowOff + 3]);
        sh = FloatVector.broadcast(S, shift[rowOff + 3]);
        y = c30.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 3 * ldc);
        y = c31.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 3 * ldc + 1 * LANES);
        y = c32.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 3 * ldc + 2 * LANES);
        y = c33.fma(sc, sh); y = y.blend(lov, y.compare(VectorOperators.LE, lov)); y.blend(hiv, y.compare(VectorOperators.GT, hiv)).intoArray(c, cOff + 3 * ldc + 3 * LANES);
    }


}
