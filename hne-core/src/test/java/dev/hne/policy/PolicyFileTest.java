package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidecar file: policies read back exactly, per order, and a changed checkpoint makes it stale. */
class PolicyFileTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsEveryNumberExactly() throws IOException {
        Path checkpoint = dir.resolve("last.safetensors");
        Files.write(checkpoint, new byte[] {1, 2, 3});
        assertEquals(dir.resolve("last.policy.properties"), PolicyFile.sidecar(checkpoint));

        int[] labels = new int[ThresholdPolicyTest.EXAMPLES];
        StageTable t = ThresholdPolicyTest.table(FakeStagedModel.random(ThresholdPolicyTest.EXAMPLES,
                ThresholdPolicyTest.STAGES, ThresholdPolicyTest.CLASSES, labels, 12), labels);
        ThresholdPolicy threshold = ThresholdPolicy.calibrate(t, 6.1);
        LearnedPolicy learned = LearnedPolicy.fit(t, 0.03);
        LearnedPolicy other = LearnedPolicy.fit(t, 0.3);

        PolicyFile f = PolicyFile.empty(checkpoint, 500);
        f.put("natural", threshold);
        f.put("natural", learned);
        f.put("diverse", other);
        f.save();

        PolicyFile back = PolicyFile.loadOrEmpty(checkpoint, 500);
        assertArrayEquals(threshold.thresholds(), back.threshold("natural", 6.1).thresholds(), 0.0);
        LearnedPolicy l = back.learned("natural", 0.03);
        for (int s = 1; s <= learned.decisions(); s++) assertArrayEquals(learned.weights(s), l.weights(s), 0.0);
        assertEquals(learned.classes(), l.classes());
        assertEquals(t.simulate(learned).accuracy(), t.simulate(l).accuracy());
        assertNull(back.learned("natural", 0.3), "0.3 was saved for the diverse order only");
        assertArrayEquals(other.weights(1), back.learned("diverse", 0.3).weights(1), 0.0);
        assertNull(back.threshold("natural", 6.2));

        // refitting one entry replaces it in place
        back.put("natural", LearnedPolicy.fit(t, 0.03));
        back.save();
        assertTrue(Files.readString(PolicyFile.sidecar(checkpoint)).contains("natural.learned.0.tradeoff"));
        assertTrue(!Files.readString(PolicyFile.sidecar(checkpoint)).contains("natural.learned.1."));
    }

    @Test
    void aChangedCheckpointOrSplitMakesTheFileStale() throws IOException {
        Path checkpoint = dir.resolve("last.safetensors");
        Files.write(checkpoint, new byte[] {1, 2, 3});
        PolicyFile f = PolicyFile.empty(checkpoint, 500);
        f.put("natural", new ThresholdPolicy(3.0, new double[] {0.9, 0.8}));
        f.save();
        assertTrue(!PolicyFile.loadOrEmpty(checkpoint, 500).isEmpty());
        assertTrue(PolicyFile.loadOrEmpty(checkpoint, 400).isEmpty(), "another held-out split");
        Files.write(checkpoint, new byte[] {1, 2, 4});
        assertTrue(PolicyFile.loadOrEmpty(checkpoint, 500).isEmpty(), "retrained checkpoint");
    }

    @Test
    void aBrokenFileIsAnErrorNamingIt() throws IOException {
        Path checkpoint = dir.resolve("last.safetensors");
        Files.write(checkpoint, new byte[] {1});
        Files.writeString(PolicyFile.sidecar(checkpoint), "format = something-else\n");
        var e = assertThrows(IOException.class, () -> PolicyFile.loadOrEmpty(checkpoint, 10));
        assertTrue(e.getMessage().contains("last.policy.properties"), e.getMessage());
    }
}
