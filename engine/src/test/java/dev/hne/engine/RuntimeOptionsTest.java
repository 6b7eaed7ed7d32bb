package dev.hne.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** RuntimeOptions: each -Dhne.* property lands in its field, defaults hold, bad values name the knob. */
class RuntimeOptionsTest {

    @Test
    void readsEveryKnobFromProperties() {
        Properties p = new Properties();
        p.setProperty("hne.threads", "3");
        p.setProperty("hne.cpu.naive", "true");
        p.setProperty("hne.pool.floats", "12345");
        p.setProperty("hne.infer.fused", "false");
        p.setProperty("hne.recompute", "true");
        p.setProperty("hne.plainProgress", "true");
        p.setProperty("hne.cuda.tf32", "true");
        p.setProperty("hne.cuda.workspaceMiB", "64");
        p.setProperty("hne.cuda.softLimitMiB", "2048");
        RuntimeOptions o = RuntimeOptions.from(p);
        assertEquals(new RuntimeOptions(3, true, 12345, false, Recompute.ON, true, true, 64, 2048), o);
        assertEquals("hne.threads=3 hne.cpu.naive=true hne.pool.floats=12345 hne.infer.fused=false hne.recompute=true "
                + "hne.plainProgress=true hne.cuda.tf32=true hne.cuda.workspaceMiB=64 hne.cuda.softLimitMiB=2048",
                o.describe());
    }

    @Test
    void defaultsWithoutProperties() {
        RuntimeOptions o = RuntimeOptions.from(new Properties());
        assertEquals(Runtime.getRuntime().availableProcessors(), o.threads());
        assertTrue(o.inferFused());
        assertFalse(o.naiveKernels() || o.plainProgress() || o.cudaTf32());
        assertEquals(Recompute.AUTO, o.recompute());
        assertEquals(1024, o.cudaWorkspaceMiB());
        assertEquals(0, o.cudaSoftLimitMiB());
        assertEquals(Runtime.getRuntime().maxMemory() / Float.BYTES / 4 * 3, o.poolFloats());
    }

    @Test
    void everyFieldIsRecorded() {
        // a knob added to the record but not to asMap would be missing from doctor and the reports
        RuntimeOptions o = RuntimeOptions.from(new Properties());
        List<RecordComponent> fields = List.of(RuntimeOptions.class.getRecordComponents());
        assertEquals(fields.size(), o.asMap().size());
    }

    @Test
    void malformedValuesNameTheKnob() {
        Properties p = new Properties();
        p.setProperty("hne.threads", "two");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuntimeOptions.from(p));
        assertEquals("-Dhne.threads=two is not a whole number", e.getMessage());
        p.setProperty("hne.threads", "0");
        e = assertThrows(IllegalArgumentException.class, () -> RuntimeOptions.from(p));
        assertEquals("hne.threads must be at least 1, got 0", e.getMessage());
        p.setProperty("hne.threads", "2");
        p.setProperty("hne.recompute", "sometimes");
        e = assertThrows(IllegalArgumentException.class, () -> RuntimeOptions.from(p));
        assertEquals("hne.recompute must be true, false or auto, got 'sometimes'", e.getMessage());
        p.setProperty("hne.recompute", "FALSE");
        assertEquals(Recompute.OFF, RuntimeOptions.from(p).recompute());
    }
}
