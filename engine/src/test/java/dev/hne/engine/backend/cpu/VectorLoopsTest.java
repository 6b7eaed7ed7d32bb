package dev.hne.engine.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** {@link VectorLoops#splitEvenOdd} against the plain loop, and the room its whole-vector stores may take. */
class VectorLoopsTest {

    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void splitEvenOddMatchesThePlainLoopAndWritesOnlyItsRunAndTheSpill() {
        for (int count = 1; count <= 3 * L; count++) {
            for (int s : new int[] {0, 3}) {
                // src ends right after the run (the last vectors cannot be loaded: scalar tail) or
                // has room after it (every step a vector, the last one spilling); one float after it
                // is one too few for a last vector pair
                for (int after : new int[] {0, 1, 2 * L}) {
                    float[] src = new float[s + 2 * count + after];
                    for (int i = 0; i < src.length; i++) src[i] = i + 0.5f;
                    int e = 5, o = 2;
                    float[] even = filled(e + count + 2 * L), odd = filled(o + count + 2 * L);
                    VectorLoops.splitEvenOdd(src, s, even, e, odd, o, count);
                    String what = "count " + count + ", s " + s + ", " + after + " floats after the run";
                    for (int i = 0; i < count; i++) {
                        assertEquals(src[s + 2 * i], even[e + i], what + ": even " + i);
                        assertEquals(src[s + 2 * i + 1], odd[o + i], what + ": odd " + i);
                    }
                    // before the run nothing is written; after it at most L - 1 floats of spill
                    for (int i = 0; i < e; i++) assertTrue(Float.isNaN(even[i]), what + ": even[" + i + "] written");
                    for (int i = 0; i < o; i++) assertTrue(Float.isNaN(odd[i]), what + ": odd[" + i + "] written");
                    for (int i = e + count + L - 1; i < even.length; i++) {
                        assertTrue(Float.isNaN(even[i]), what + ": even[" + i + "] written past the spill");
                    }
                    for (int i = o + count + L - 1; i < odd.length; i++) {
                        assertTrue(Float.isNaN(odd[i]), what + ": odd[" + i + "] written past the spill");
                    }
                }
            }
        }
    }

    private static float[] filled(int length) {
        float[] a = new float[length];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }
}
