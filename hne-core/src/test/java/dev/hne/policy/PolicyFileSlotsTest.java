package dev.hne.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several policies of one kind and order side by side in the sidecar file (each in its own slot,
 * each found again), and the checkpoint hash against a published SHA-256 test vector.
 * Written from mutation survivors: `slot` always 0 (both of its returns), the lookup loop's `i++` turned to `i--`,
 * `classes()` returning 0, and the hashing loop never reading.
 */
class PolicyFileSlotsTest {

    @TempDir
    Path dir;

    @Test
    void twoBudgetsAndTwoTradeoffsOfOneOrderKeepTheirOwnSlots() throws IOException {
        Path checkpoint = dir.resolve("last.safetensors");
        Files.write(checkpoint, new byte[] {4, 5, 6});
        int[] labels = new int[ThresholdPolicyTest.EXAMPLES];
        StageTable t = ThresholdPolicyTest.table(FakeStagedModel.random(ThresholdPolicyTest.EXAMPLES,
                ThresholdPolicyTest.STAGES, ThresholdPolicyTest.CLASSES, labels, 7), labels);
        ThresholdPolicy cheap = ThresholdPolicy.calibrate(t, 4.0), rich = ThresholdPolicy.calibrate(t, 8.0);
        LearnedPolicy low = LearnedPolicy.fit(t, 0.01), high = LearnedPolicy.fit(t, 0.5);

        PolicyFile f = PolicyFile.empty(checkpoint, 100);
        f.put("natural", cheap);
        f.put("natural", rich);
        f.put("natural", low);
        f.put("natural", high);
        f.save();

        PolicyFile back = PolicyFile.loadOrEmpty(checkpoint, 100);
        assertEquals(4.0, back.threshold("natural", 4.0).budget());
        assertArrayEquals(cheap.thresholds(), back.threshold("natural", 4.0).thresholds(), 0.0);
        assertEquals(8.0, back.threshold("natural", 8.0).budget());   // the second slot, found past the first
        assertArrayEquals(rich.thresholds(), back.threshold("natural", 8.0).thresholds(), 0.0);
        for (LearnedPolicy p : new LearnedPolicy[] {low, high}) {
            LearnedPolicy read = back.learned("natural", p.tradeoff());
            assertEquals(p.tradeoff(), read.tradeoff());
            assertEquals(ThresholdPolicyTest.CLASSES, read.classes());
            for (int s = 1; s <= p.decisions(); s++) assertArrayEquals(p.weights(s), read.weights(s), 0.0);
        }

        // recalibrating the budget in the SECOND slot replaces that slot, not the first
        double[] changed = rich.thresholds().clone();
        changed[0] += 0.125;
        back.put("natural", new ThresholdPolicy(8.0, changed));
        back.save();
        PolicyFile again = PolicyFile.loadOrEmpty(checkpoint, 100);
        assertArrayEquals(cheap.thresholds(), again.threshold("natural", 4.0).thresholds(), 0.0);
        assertArrayEquals(changed, again.threshold("natural", 8.0).thresholds(), 0.0);
    }

    @Test
    void sha256OfAFileIsThePublishedDigest() throws IOException {
        Path abc = dir.resolve("abc");
        Files.write(abc, "abc".getBytes(StandardCharsets.US_ASCII));
        // FIPS 180-2, appendix B.1: SHA-256("abc")
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PolicyFile.sha256(abc));
        // B.3: one million 'a', more than one 64 KiB read: every read must be hashed, not just the first
        Path million = dir.resolve("million-a");
        Files.write(million, "a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII));
        assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", PolicyFile.sha256(million));
    }
}
