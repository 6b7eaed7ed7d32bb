package dev.hne.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain progress lines: how many, and the ETA from a fake clock (2 s per step). */
class ProgressTest {

    @Test
    void aLinePerTenthOfTheEpochWithTheTimeLeft() {
        StringWriter text = new StringWriter();
        long[] now = {0};
        try (Progress p = new Progress(new PrintWriter(text), "epoch 1/3", 20, false, () -> now[0])) {
            for (int s = 0; s < 20; s++) {
                now[0] += 2_000_000_000L;
                p.step(0.5, 0.25, 64);
            }
        }
        List<String> lines = text.toString().lines().toList();
        assertEquals(10, lines.size(), text.toString());   // every 2nd of 20 steps
        // after 4 steps, 8 s: 16 steps to go at 2 s each = 32 s
        assertEquals("  epoch 1/3  step 4/20  loss 0.5000  acc 25.0%  64 img/s  eta 32s", lines.get(1));
        assertEquals("  epoch 1/3  step 20/20  loss 0.5000  acc 25.0%  64 img/s  eta 0s", lines.get(9));
    }

    @Test
    void aShortEpochStillEndsWithItsLastStep() {
        StringWriter text = new StringWriter();
        try (Progress p = new Progress(new PrintWriter(text), "e", 3, false, () -> 0L)) {
            for (int s = 0; s < 3; s++) p.step(1, 1, 1);
        }
        assertEquals(3, text.toString().lines().count(), text.toString());
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("59s", Progress.duration(59.4));
        assertEquals("1m00s", Progress.duration(59.6));
        assertEquals("3m05s", Progress.duration(185));
        assertEquals("59m59s", Progress.duration(3599));
        assertEquals("1h00m", Progress.duration(3600));
        assertEquals("2h07m", Progress.duration(2 * 3600 + 7 * 60 + 10));
    }
}
