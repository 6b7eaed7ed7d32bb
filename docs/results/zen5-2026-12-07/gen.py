# generates EpV.java: copies of MicroKernel.multiplyStoreShift with different epilogues
loop = """        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bOff + p * ldb;
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + LANES);
            int ao = aOff + p * MR;
            FloatVector a;
""" + "".join(f"""            a = FloatVector.broadcast(S, ap[ao + {r}]);
            c{r}0 = a.fma(b0, c{r}0);
            c{r}1 = a.fma(b1, c{r}1);
""" for r in range(8)) + "        }\n"
def ep(kind):
    out = []
    if kind in (1,2,3,4,5):
        out.append("        FloatVector loV = FloatVector.broadcast(S, lo), hiV = FloatVector.broadcast(S, hi);\n")
    if kind in (4,5):
        out.append("        boolean clampLo = lo != Float.NEGATIVE_INFINITY, clampHi = hi != Float.POSITIVE_INFINITY;\n")
    if kind == 2:
        out.append("        boolean clampHi = hi != Float.POSITIVE_INFINITY;\n")
    out.append("        FloatVector s, v;\n")
    for r in range(8):
        out.append(f"        s = FloatVector.broadcast(S, shift[shiftOff + {r}]);\n")
        for j in range(2):
            off = f"cOff + {r} * ldc" + (" + LANES" if j else "")
            if kind == 0:
                out.append(f"        c{r}{j}.add(s).max(lo).min(hi).intoArray(c, {off});\n")
            elif kind == 1:
                out.append(f"        c{r}{j}.add(s).max(loV).min(hiV).intoArray(c, {off});\n")
            elif kind == 2:
                out.append(f"        v = c{r}{j}.add(s).max(loV);\n        if (clampHi) v = v.min(hiV);\n        v.intoArray(c, {off});\n")
            elif kind == 5:
                out.append(f"        v = c{r}{j}.add(s);\n        if (clampLo) v = v.max(loV);\n        if (clampHi) v = v.min(hiV);\n        v.intoArray(c, {off});\n")
            elif kind == 4:
                out.append(f"        clamp(c{r}{j}.add(s), loV, hiV, clampLo, clampHi).intoArray(c, {off});\n")
            elif kind == 3:
                out.append(f"        c{r}{j}.add(s).max(loV).intoArray(c, {off});\n")
    return "".join(out)
src = ["package dev.hne.engine.backend.cpu;\nimport jdk.incubator.vector.FloatVector;\nimport jdk.incubator.vector.VectorSpecies;\n",
       "final class EpV {\n static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED; static final int LANES=S.length(), MR=8, NR=2*LANES;\n"]
for k in range(6):
    src.append(f"    static void v{k}(int kc, float[] ap, int aOff, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, float[] shift, int shiftOff, float lo, float hi) {{\n")
    src.append(loop.replace('p * ldb', 'p * NR') if k==5 else loop); src.append(ep(5 if k==5 else k)); src.append("    }\n")
src.append("    static FloatVector clamp(FloatVector v, FloatVector lo, FloatVector hi, boolean clampLo, boolean clampHi) {\n        if (clampLo) v = v.max(lo);\n        if (clampHi) v = v.min(hi);\n        return v;\n    }\n}\n")
open("EpV.java","w").write("".join(src))
